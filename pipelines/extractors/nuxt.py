"""Read a Nuxt 2 page's ``window.__NUXT__`` state without running JavaScript.

Nuxt 2 serialises its state as an immediately called function whose
parameters hoist repeated values::

    window.__NUXT__=(function(a,b,c){return {layout:"default",data:[{news:{
      id:4100,title:"…",reporter:a}}],serverRendered:c}}(null,false,true));

or as a plain object literal (``window.__NUXT__={…}``). :func:`parse_js_value`
is a small recursive-descent reader of that subset of JavaScript: object and
array literals (unquoted or quoted keys), strings in either quote with
JavaScript escapes, numbers, ``true``/``false``/``null``, ``void 0`` and
``undefined`` (``None``), ``new Date("…")`` (its text), ``Object.create(null)``
(``{}``), ``Array(n)`` (``n`` ``None``s), and bare identifiers bound by the
wrapping function. Anything else (statements before ``return``, calls, operators)
raises :class:`JsSyntaxError`: the state is then unreadable, never evaluated.

Why not a library: chompjs reads object literals well but turns a bare
identifier into its name as a string, so a hoisted ``a`` could not be told
from the string ``"a"``; the wrapper's bindings need a reader that knows them.
"""

from __future__ import annotations

import re
from typing import Any

_STATE = re.compile(r"window\.__NUXT__\s*=\s*")
_SPACE = re.compile(r"(?:\s+|/\*.*?\*/|//[^\n]*)+", re.DOTALL)
_IDENT = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_NUMBER = re.compile(r"-?(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")
_ESCAPES = {
    "n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0",
}  # fmt: skip
_STRING_STOP = {q: re.compile(f"[{q}\\\\\n]") for q in "\"'"}
_KEYWORDS: dict[str, Any] = {
    "true": True,
    "false": False,
    "null": None,
    "undefined": None,
}
_MAX_DEPTH = 200


class JsSyntaxError(ValueError):
    """The text is not in the subset of JavaScript this reader accepts."""


class _Reader:
    def __init__(self, text: str, pos: int = 0) -> None:
        self.text = text
        self.pos = pos
        self.depth = 0

    # -- tokens ----------------------------------------------------------------
    def fail(self, what: str) -> JsSyntaxError:
        return JsSyntaxError(f"{what} at offset {self.pos}")

    def skip_space(self) -> None:
        match = _SPACE.match(self.text, self.pos)
        if match:
            self.pos = match.end()

    def peek(self) -> str:
        self.skip_space()
        return self.text[self.pos : self.pos + 1]

    def expect(self, token: str) -> None:
        self.skip_space()
        if not self.text.startswith(token, self.pos):
            raise self.fail(f"expected {token!r}")
        self.pos += len(token)

    def accept(self, token: str) -> bool:
        self.skip_space()
        if self.text.startswith(token, self.pos):
            self.pos += len(token)
            return True
        return False

    def identifier(self) -> str:
        self.skip_space()
        match = _IDENT.match(self.text, self.pos)
        if match is None:
            raise self.fail("expected a name")
        self.pos = match.end()
        return match.group()

    # -- values ----------------------------------------------------------------
    def value(self, scope: dict[str, Any]) -> Any:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise self.fail("nested too deeply")
        try:
            return self._value(scope)
        finally:
            self.depth -= 1

    def _value(self, scope: dict[str, Any]) -> Any:
        char = self.peek()
        if char == "{":
            return self.object(scope)
        if char == "[":
            return self.array(scope)
        if char in "\"'":
            return self.string()
        if char == "(":
            return self.call_expression(scope)
        number = _NUMBER.match(self.text, self.pos)
        if number:
            self.pos = number.end()
            raw = number.group()
            if raw.lstrip("-").lower().startswith("0x"):
                return int(raw, 16)
            return float(raw) if any(c in raw for c in ".eE") else int(raw)
        name = self.identifier()
        return self.named(name, scope)

    def named(self, name: str, scope: dict[str, Any]) -> Any:
        if name == "void":
            self.value(scope)
            return None
        if name == "new":
            if self.identifier() != "Date":
                raise self.fail("only new Date(…) is read")
            self.expect("(")
            when = self.value(scope)
            self.expect(")")
            return when
        if name == "Object" and self.accept(".create"):
            self.expect("(")
            self.value(scope)
            self.expect(")")
            return {}
        if name == "Array" and self.peek() == "(":
            self.expect("(")
            size = self.value(scope)
            self.expect(")")
            if not isinstance(size, int) or not 0 <= size <= 100_000:
                raise self.fail("bad Array size")
            return [None] * size
        if name in scope:
            return scope[name]
        if name in _KEYWORDS:
            return _KEYWORDS[name]
        raise self.fail(f"unbound name {name!r}")

    def object(self, scope: dict[str, Any]) -> dict[str, Any]:
        self.expect("{")
        result: dict[str, Any] = {}
        while not self.accept("}"):
            char = self.peek()
            if char in "\"'":
                key = self.string()
            elif (number := _NUMBER.match(self.text, self.pos)) is not None:
                self.pos = number.end()
                key = number.group()
            else:
                key = self.identifier()
            self.expect(":")
            result[key] = self.value(scope)
            if not self.accept(","):
                self.expect("}")
                break
        return result

    def array(self, scope: dict[str, Any]) -> list[Any]:
        self.expect("[")
        result: list[Any] = []
        while not self.accept("]"):
            result.append(self.value(scope))
            if not self.accept(","):
                self.expect("]")
                break
        return result

    def string(self) -> str:
        quote = self.text[self.pos]
        self.pos += 1
        parts: list[str] = []
        text = self.text
        stop = _STRING_STOP[quote]
        while True:
            found = stop.search(text, self.pos)
            end = found.start() if found else len(text)
            parts.append(text[self.pos : end])
            if end >= len(text) or text[end] == "\n":
                self.pos = end
                raise self.fail("unterminated string")
            self.pos = end + 1
            if text[end] == quote:
                return "".join(parts)
            parts.append(self.escape())

    def escape(self) -> str:
        char = self.text[self.pos : self.pos + 1]
        self.pos += 1
        if char == "u":
            if self.text.startswith("{", self.pos):
                end = self.text.find("}", self.pos)
                digits, self.pos = self.text[self.pos + 1 : end], end + 1
            else:
                digits = self.text[self.pos : self.pos + 4]
                self.pos += 4
            return self.code_point(digits)
        if char == "x":
            digits = self.text[self.pos : self.pos + 2]
            self.pos += 2
            return self.code_point(digits)
        if char == "\n":  # a line continuation
            return ""
        if not char:
            raise self.fail("unterminated string")
        return _ESCAPES.get(char, char)

    def code_point(self, digits: str) -> str:
        try:
            return chr(int(digits, 16))
        except ValueError:
            raise self.fail("bad escape") from None

    def call_expression(self, scope: dict[str, Any]) -> Any:
        """``(function(a,b){return EXPR}(1,2))`` or ``(…)(…)``, or a parenthesised value."""
        self.expect("(")
        if self.text.startswith("function", self.pos):
            self.pos += len("function")
            params = self.parameters()
            self.expect("{")
            self.expect("return")
            body_start = self.pos
            self.skip_value()  # arguments come after the body: read it once bound
            self.accept(";")
            self.expect("}")
            closed_first = self.accept(")")
            arguments = self.arguments(scope)
            if not closed_first:
                self.expect(")")
            end = self.pos
            bound = _AnyName() if isinstance(scope, _AnyName) else dict(scope)
            bound.update(zip(params, arguments + [None] * len(params), strict=False))
            self.pos = body_start
            result = self.value(bound)
            self.pos = end
            return result
        result = self.value(scope)
        self.expect(")")
        return result

    def parameters(self) -> list[str]:
        self.expect("(")
        names: list[str] = []
        while not self.accept(")"):
            names.append(self.identifier())
            if not self.accept(","):
                self.expect(")")
                break
        return names

    def arguments(self, scope: dict[str, Any]) -> list[Any]:
        self.expect("(")
        values: list[Any] = []
        while not self.accept(")"):
            values.append(self.value(scope))
            if not self.accept(","):
                self.expect(")")
                break
        return values

    def skip_value(self) -> None:
        """Move past one value without binding its names (a permissive scope)."""
        self.value(_AnyName())


class _AnyName(dict[str, Any]):
    """A scope where every name is bound (to ``None``): for skipping a body."""

    def __contains__(self, key: object) -> bool:
        return True

    def __getitem__(self, key: str) -> Any:
        return None


def parse_js_value(text: str) -> Any:
    """The value of one JavaScript literal expression (see the module doc)."""
    reader = _Reader(text)
    result = reader.value({})
    reader.accept(";")
    reader.skip_space()
    if reader.pos != len(text):
        raise reader.fail("unexpected text after the value")
    return result


def find_nuxt_state(html: str) -> dict[str, Any] | None:
    """The ``window.__NUXT__`` object of a page; ``None`` if absent or unreadable."""
    for match in _STATE.finditer(html):
        reader = _Reader(html, match.end())
        try:
            state = reader.value({})
        except (JsSyntaxError, RecursionError, IndexError):
            continue
        if isinstance(state, dict):
            return state
    return None

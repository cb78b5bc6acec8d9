"""One lxml parse per page, and text helpers that know the site's markup quirks.

lxml is the parser (BeautifulSoup's "lxml" builder builds the same tree, ~20×
slower): on the 2015 pages only lxml splits the nested ``<p>`` correctly. We use
plain ``lxml.etree`` elements from libxml2's HTML parser (the tree
``lxml.html`` builds, without its per-element Python class lookup, which
costs more than the parse). Helpers never mutate the tree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

from lxml import etree

from pipelines.extractors.errors import NotAnArticle
from pipelines.extractors.text import normalize_space

Element: TypeAlias = etree._Element

SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "meta", "link"}
)


def parse(html: str) -> Element:
    """Parse a page; raise :class:`NotAnArticle` when there is no document at all."""
    if not html or html.isspace():
        raise NotAnArticle("empty document")
    try:
        # comments never carry content (their tails stay text); dropping them
        # while parsing makes the tree smaller and the parse faster
        root = etree.fromstring(html, etree.HTMLParser(remove_comments=True))
    except ValueError:
        # a str with an XML encoding declaration: parse its UTF-8 bytes instead
        parser = etree.HTMLParser(encoding="utf-8", remove_comments=True)
        root = etree.fromstring(html.encode("utf-8"), parser)
    except etree.LxmlError as error:
        raise NotAnArticle(f"unparseable document: {error}") from error
    if root is None:
        raise NotAnArticle("empty document")
    return root


def xpath(expression: str) -> etree.XPath:
    """Compile an XPath once (module constants); class tests via ``has-class``."""
    return etree.XPath(expression, smart_strings=False)


def cls(name: str) -> str:
    """XPath predicate body: the element's class attribute contains the token.

    The plain ``contains`` runs first: it is cheap and rejects most elements.
    """
    return (
        f"contains(@class, '{name}') and "
        f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"
    )


def has_class(element: Element, name: str) -> bool:
    """True when ``element`` carries the CSS class ``name``."""
    return name in (element.get("class") or "").split()


def is_icon(element: Element) -> bool:
    """True for an icon-font element (``<i class="material-icons">photo</i>``)."""
    classes = element.get("class")
    return bool(classes) and (
        "material-icons" in classes or "material-symbols" in classes
    )


def is_hidden(element: Element) -> bool:
    """True for an inline ``display: none`` element."""
    style = element.get("style")
    return bool(style) and "none" in style and "display" in style.replace(" ", "")


Skip = Callable[[Element], bool]


def _skip_icons(element: Element) -> bool:
    return is_icon(element)


def text_of(element: Element | None, skip: Skip = _skip_icons) -> str:
    """Visible text of ``element``, whitespace-normalised; icon words left out.

    ``<br>`` counts as a space; comments, scripts and elements for which
    ``skip`` is true are dropped (their tails kept).
    """
    if element is None:
        return ""
    if len(element) == 0:  # text only: the common case for links and spans
        return normalize_space(element.text or "")
    parts: list[str] = []
    _gather(element, parts, skip)
    return normalize_space("".join(parts))


def _gather(element: Element, parts: list[str], skip: Skip) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):
            pass  # comment or processing instruction: its tail is still text
        elif tag == "br":
            parts.append(" ")
        elif tag not in SKIP_TAGS and not skip(child):
            _gather(child, parts, skip)
        if child.tail:
            parts.append(child.tail)


def attr(element: Element | None, name: str) -> str | None:
    """An attribute's value, whitespace-normalised; ``None`` when absent or empty."""
    if element is None:
        return None
    value = element.get(name)
    if value is None:
        return None
    return normalize_space(value) or None


def first(elements: list[Element]) -> Element | None:
    """The first element of an XPath result, or ``None``."""
    return elements[0] if elements else None


def first_match(context: Element, *queries: etree.XPath) -> Element | None:
    """The first result of the first query that finds one (fast path, then fallback).

    (Never ``a or b`` on elements: an element without children is falsy.)
    """
    for query in queries:
        found = query(context)
        if found:
            return found[0]
    return None

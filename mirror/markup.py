"""Article-body markup with the real CMS quirks of each era (reference §3.4-§3.5).

Every quirk changes the HTML but not the whitespace-normalised text, so the
expected paragraph texts are known exactly: markers and ``&nbsp;`` only ever
replace a space, ``<b>``/``<i>`` only wrap whole words.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from html import escape

from mirror.fmt import normalize_space

_STYLE = 'style="line-height: 0; display: none;"'
_CLASS = 'class="sceditor-selection sceditor-ignore"'
_ATTR_ORDER = {
    2015: ('{c} {s} id="{i}"'),
    2022: ('id="{i}" {c} {s}'),
    2025: ('id="{i}" {s} {c}'),
}
ERAS = (2015, 2022, 2025)
_ITALIC = re.compile(r"\*([^*]+)\*")
P_OPEN = '<p class="text-justify">'


def markers(era: int) -> str:
    """The hidden sceditor end/start marker pair, attributes in the era's order."""
    spans = []
    for marker_id in ("sceditor-end-marker", "sceditor-start-marker"):
        attrs = _ATTR_ORDER[era].format(c=_CLASS, s=_STYLE, i=marker_id)
        spans.append(f"<span {attrs}> </span>")
    return "".join(spans)


def plain(text: str) -> str:
    """Expected text of a template string: italics marks dropped, whitespace collapsed."""
    return normalize_space(text.replace("*", ""))


def inline_html(text: str, seps: dict[int, str] | None = None) -> str:
    """Escape ``text``, joining word gap ``i`` with ``seps[i]`` (default a space)."""
    html = escape(text, quote=False)  # escaping never adds or removes spaces
    if seps:
        words = html.split(" ")
        out = [words[0]]
        for gap, word in enumerate(words[1:]):
            out.append(seps.get(gap, " "))
            out.append(word)
        html = "".join(out)
    return _ITALIC.sub(r"<i>\1</i>", html) if "*" in html else html


@dataclass(frozen=True)
class Para:
    """One body paragraph: template text (``*italic*`` marks) and whether it is bold."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class Body:
    """Rendered body blocks (``None`` = where the read-also link goes) and expectations."""

    blocks: tuple[str | None, ...]
    paragraphs: tuple[str, ...]
    pull_quote: str | None
    description: str


def _nbsp_seps(rng: random.Random, gaps: int, share: float) -> dict[int, str]:
    seps: dict[int, str] = {}
    if gaps > 2 and rng.random() < share:
        for _ in range(rng.randint(1, 2)):
            seps[rng.randrange(1, gaps)] = rng.choice(("&nbsp;", "&nbsp;", " &nbsp;"))
    return seps


def _pull_quote(era: int, quote: str, rng: random.Random) -> tuple[str, str]:
    """Blockquote inner HTML and the text it shows, in the era's shape."""
    mark = markers(era)
    if era == 2015:  # wraps a <p>, markers at the end
        return f"<p>{inline_html(quote)}{mark}</p>", quote
    if era == 2022:  # markers mid-sentence, ends with <br>
        words = quote.split(" ")
        cut = rng.randrange(1, len(words)) if len(words) > 1 else 1
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        return f"{inline_html(head)} {mark}{inline_html(tail)}<br>", quote
    shown = f'"{quote},"'  # 2025: straight quotes around the clause, markers first
    return f"{mark}{escape(shown, quote=False)}", shown


def build_body(
    paras: list[Para],
    *,
    era: int,
    rng: random.Random,
    pull_quote: str | None,
    read_also_after: int | None,
) -> Body:
    """Lay out paragraphs, pull-quote and read-also slot as the era's CMS did."""
    mark = markers(era)
    nbsp_share = 0.4 if era == 2022 else 0.1
    mid_marker_at = (
        rng.randrange(len(paras)) if era == 2015 or rng.random() < 0.3 else -1
    )
    htmls: list[str] = []
    for index, para in enumerate(paras):
        gaps = len(para.text.split(" ")) - 1
        seps = _nbsp_seps(rng, gaps, nbsp_share)
        if index == mid_marker_at and gaps > 3:
            seps[rng.randrange(1, gaps)] = mark + " "
        inner = inline_html(para.text, seps)
        if index == 0 and era == 2022:
            inner = mark + inner
        elif index == 0 and era == 2025:
            inner += mark
        if para.bold:
            inner = f"<b>{inner}</b>"
        if index == 0 and era == 2015:
            htmls.append(f"{P_OPEN}<p>{inner}</p>")  # the nested <p> of 2015
        else:
            htmls.append(f"{P_OPEN}{inner}</p>")
    quote_text = None
    quote_block = ""
    if pull_quote is not None:
        inner, quote_text = _pull_quote(era, pull_quote, rng)
        quote_block = f"<blockquote>{inner}</blockquote>"
    pad = " " * 20
    blocks: list[str | None] = [
        htmls[0] + f"<!--blockquote-->\n{pad}{quote_block}\n{pad}<!--./blockquote-->"
    ]
    for index, html in enumerate(htmls[1:], start=1):
        if read_also_after == index:
            blocks.append(None)
        blocks.append(html)
    blocks.append(" " * 10 + "\n")
    texts = tuple(plain(p.text) for p in paras)
    glue = "" if era == 2015 else "  "
    description = glue.join(texts)
    if len(description) > 200:
        description = description[:200].rsplit(" ", 1)[0]
    return Body(
        blocks=tuple(blocks),
        paragraphs=texts,
        pull_quote=normalize_space(quote_text) if quote_text else None,
        description=description,
    )

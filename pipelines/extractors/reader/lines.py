"""The page's visible text as lines, the way a text browser breaks them.

A line ends at every block element and ``<br>``; scripts, styles, forms'
controls and hidden elements are skipped. Each :class:`Line` keeps the block
element it came from (for links under a heading) and whether it sits in page
chrome: a ``<nav>`` or ``<aside>``, or a ``<header>``/``<footer>`` of the page
(one inside an ``<article>``, ``<main>`` or ``<section>`` is that part's own
header, where the headline, byline and date line live: as HTML's banner and
contentinfo landmarks are drawn). Labels, dates, view counts and related
headings are then read from lines, not from class names.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.extractors.dom import SKIP_TAGS, Element, is_hidden, is_icon
from pipelines.extractors.text import normalize_space

BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "dd", "div",
        "dl", "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
        "table", "tbody", "td", "th", "thead", "tr", "ul", "br", "center",
    }
)  # fmt: skip
_DROP = SKIP_TAGS | {"svg", "iframe", "button", "select", "input", "textarea", "option"}
_CHROME = frozenset({"nav", "aside"})
_PAGE_PARTS = frozenset({"header", "footer"})  # chrome unless inside a section
_SECTIONS = frozenset({"article", "main", "section"})


@dataclass(frozen=True, slots=True)
class Line:
    """One line of visible text and the block element that holds it."""

    text: str
    element: Element
    chrome: bool  # inside <nav>, <aside> or the page's <header>/<footer>
    heading: bool  # the block is <h1>…<h6>


class _Walker:
    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.parts: list[str] = []
        self.block: list[Element] = []
        self.chrome = 0
        self.sections = 0

    def flush(self) -> None:
        if self.parts:
            text = normalize_space("".join(self.parts))
            self.parts.clear()
            if text and self.block:
                element = self.block[-1]
                heading = element.tag in ("h1", "h2", "h3", "h4", "h5", "h6")
                self.lines.append(Line(text, element, self.chrome > 0, heading))

    def walk(self, element: Element) -> None:
        tag = element.tag
        if not isinstance(tag, str):
            return
        block = tag in BLOCKS
        chrome = tag in _CHROME or (tag in _PAGE_PARTS and not self.sections)
        section = tag in _SECTIONS
        if block:
            self.flush()
            self.block.append(element)
        self.chrome += chrome
        self.sections += section
        if element.text:
            self.parts.append(element.text)
        for child in element:
            child_tag = child.tag
            if isinstance(child_tag, str) and not (
                child_tag in _DROP or is_hidden(child) or is_icon(child)
            ):
                self.walk(child)
            if child.tail:
                self.parts.append(child.tail)
        self.chrome -= chrome
        self.sections -= section
        if block:
            self.flush()
            self.block.pop()


def page_lines(doc: Element) -> list[Line]:
    """Visible lines of the page's ``<body>`` (the whole document if there is none)."""
    body = doc.find("body")
    walker = _Walker()
    walker.walk(body if body is not None else doc)
    walker.flush()
    return walker.lines


def in_chrome(element: Element) -> bool:
    """Whether ``element`` sits in page chrome (the rule of :class:`Line`)."""
    ancestors = [a.tag for a in element.iterancestors()]
    for index, tag in enumerate(ancestors):
        if tag in _CHROME:
            return True
        if tag in _PAGE_PARTS and not _SECTIONS.intersection(ancestors[index + 1 :]):
            return True
    return False

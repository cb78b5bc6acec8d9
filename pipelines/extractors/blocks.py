"""Render a page as text blocks in reading order, as a text browser shows it.

Used where the markup is unconfirmed (desktop www pages): extraction then
anchors on labels and order, not on classes. Each block is one line of visible
text (a block-level element, or a run split by ``<br>``), or one image.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.extractors.dom import SKIP_TAGS, Element, is_hidden, is_icon
from pipelines.extractors.text import normalize_space

BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center",
        "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption",
        "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hgroup", "hr", "html", "li", "main", "menu", "nav", "ol", "p", "pre",
        "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
        "tr", "ul",
    }
)  # fmt: skip
# never content: scripts, the head's elements, form controls, site menus (<nav>);
# not <form>: some CMSs wrap the whole page in one
_DROP_TAGS = SKIP_TAGS | {
    "svg", "iframe", "button", "select", "input", "textarea", "nav",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Block:
    """One line of visible text, or one image (``tag == "img"``, text = alt)."""

    text: str
    tag: str
    href: str | None = None  # the first link in the line (or around the image)
    src: str | None = None  # images only
    quote: bool = False  # inside a <blockquote>
    link_only: bool = False  # all the line's text is link text

    @property
    def is_image(self) -> bool:
        """True for an image block."""
        return self.tag == "img"


class _Renderer:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.outside: list[str] = []  # text outside links, to tell link-only lines
        self.href: str | None = None
        self.tag = "body"
        self.quote = 0
        self.link: str | None = None  # href of the <a> we are inside

    def flush(self) -> None:
        if not self.parts:
            self.href = None
            return
        text = normalize_space("".join(self.parts))
        if text:
            link_only = self.href is not None and not "".join(self.outside).strip()
            self.blocks.append(
                Block(text, self.tag, self.href, None, self.quote > 0, link_only)
            )
        self.parts.clear()
        self.outside.clear()
        self.href = None

    def add(self, text: str) -> None:
        self.parts.append(text)
        if self.link is None:
            self.outside.append(text)

    def leaf(self, element: Element) -> None:
        """A childless element: the common case, kept cheap."""
        tag = element.tag
        if tag in _DROP_TAGS or tag == "br" or tag == "img" or tag == "blockquote":
            self.walk(element)
            return
        if element.get("class") is not None and is_icon(element):
            return
        if element.get("style") is not None and is_hidden(element):
            return
        text = element.text
        if tag in BLOCK_TAGS:
            self.flush()
            if text:
                saved_tag = self.tag
                self.tag = tag
                self.add(text)
                self.flush()
                self.tag = saved_tag
            return
        if tag == "a" and (href := element.get("href")):
            if self.href is None:
                self.href = href
            if text:
                self.parts.append(text)
        elif text:
            self.add(text)

    def walk(self, element: Element) -> None:
        tag = element.tag
        if tag.__class__ is not str or tag in _DROP_TAGS:
            return
        if element.get("class") is not None and is_icon(element):
            return
        if element.get("style") is not None and is_hidden(element):
            return
        if tag == "br":
            self.flush()
            return
        if tag == "img":
            self.flush()
            alt = normalize_space(element.get("alt") or "")
            src = element.get("src") or element.get("data-src")
            self.blocks.append(Block(alt, "img", self.link, src, self.quote > 0))
            return
        block = tag in BLOCK_TAGS
        saved_tag, saved_link = self.tag, self.link
        if block:
            self.flush()
            self.tag = tag
        if tag == "blockquote":
            self.quote += 1
        if tag == "a" and element.get("href"):
            self.link = element.get("href")
            if self.href is None:
                self.href = self.link
        if element.text:
            self.add(element.text)
        for child in element:
            if len(child) == 0 and child.tag.__class__ is str:
                self.leaf(child)  # childless: no recursion needed
            else:
                self.walk(child)
            if child.tail:
                self.add(child.tail)
        self.link = saved_link
        if block:
            self.flush()
            self.tag = saved_tag
        if tag == "blockquote":
            self.quote -= 1


def render(root: Element) -> list[Block]:
    """The blocks of ``root`` in document order."""
    renderer = _Renderer()
    renderer.walk(root)
    renderer.flush()
    return renderer.blocks

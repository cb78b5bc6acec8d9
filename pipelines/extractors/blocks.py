"""Render a page as text blocks in reading order, as a text browser shows it.

Used where the markup is unconfirmed (desktop www pages): extraction then
anchors on labels and order, not on classes. Each block is one line of visible
text (a block-level element, or a run split by ``<br>``), or one image.

The tree is BeautifulSoup's (``"lxml"`` builder, :func:`.soup.parse_soup`): a
cold path, where its plain navigation over ``.contents`` (text nodes and tags
in one list) reads more simply than lxml's text/tail pairs. The soup is only
read, never changed: dropped elements (scripts, menus, icons, hidden markers)
are skipped while walking, not ``decompose()``-d.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from bs4 import Tag
from bs4.element import PageElement
from lxml import etree

from pipelines.extractors.dom import BLOCK_TAGS, SKIP_TAGS, Element
from pipelines.extractors.soup import is_hidden_tag, is_icon_tag, is_text, parse_soup
from pipelines.extractors.text import normalize_space

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
        """End the current line; the next one starts inside the current link, if any."""
        if not self.parts:
            self.href = self.link
            return
        text = normalize_space("".join(self.parts))
        if text:
            link_only = self.href is not None and not "".join(self.outside).strip()
            self.blocks.append(
                Block(text, self.tag, self.href, None, self.quote > 0, link_only)
            )
        self.parts.clear()
        self.outside.clear()
        self.href = self.link

    def add(self, text: str) -> None:
        self.parts.append(text)
        if self.link is None:
            self.outside.append(text)

    def image(self, tag: Tag) -> None:
        self.flush()
        alt = normalize_space(_attr(tag, "alt") or "")
        src = _attr(tag, "src") or _attr(tag, "data-src")
        self.blocks.append(Block(alt, "img", self.link, src, self.quote > 0))

    def walk(self, root: Tag) -> None:
        """Render ``root`` and everything under it.

        An explicit stack, not recursion: a page may nest elements thousands
        deep (BeautifulSoup keeps every level), deeper than Python recurses.
        """
        stack: list[_Frame] = []
        frame = self.enter(root)
        if frame is not None:
            stack.append(frame)
        while stack:
            child = next(stack[-1].children, None)
            if child is None:
                self.leave(stack.pop())
            elif isinstance(child, Tag):
                if (frame := self.enter(child)) is not None:
                    stack.append(frame)
            elif is_text(child):
                self.add(child)

    def enter(self, tag: Tag) -> _Frame | None:
        """Start an element; the frame to walk its children with, if any."""
        name = tag.name
        if name in _DROP_TAGS or is_icon_tag(tag) or is_hidden_tag(tag):
            return None
        if name == "br":
            self.flush()
            return None
        if name == "img":
            self.image(tag)
            return None
        frame = _Frame(name, iter(tag.contents), self.tag, self.link)
        if name in BLOCK_TAGS:
            self.flush()
            self.tag = name
        if name == "blockquote":
            self.quote += 1
        if name == "a" and (href := _attr(tag, "href")):
            self.link = href
            if self.href is None:
                self.href = href
        return frame

    def leave(self, frame: _Frame) -> None:
        """End an element entered by :meth:`enter`."""
        name = frame.name
        self.link = frame.saved_link
        if name == "a" and not self.parts:
            # the link's block content ended its line: the next line is not in it
            self.href = frame.saved_link
        if name in BLOCK_TAGS:
            self.flush()
            self.tag = frame.saved_tag
        if name == "blockquote":
            self.quote -= 1


@dataclass(slots=True)
class _Frame:
    """An element being walked: its remaining children and the state to restore."""

    name: str
    children: Iterator[PageElement]
    saved_tag: str
    saved_link: str | None


def _attr(tag: Tag, name: str) -> str | None:
    value = tag.attrs.get(name)
    return value if isinstance(value, str) or value is None else " ".join(value)


def render(root: Tag | Element) -> list[Block]:
    """The blocks of ``root`` (a soup, or a tag of one) in document order.

    An lxml element (from :func:`pipelines.extractors.dom.parse`) is accepted
    for callers that hold one: it is serialised and read again into a soup.
    """
    if isinstance(root, etree._Element):
        markup = etree.tostring(
            root, encoding="unicode", method="html", with_tail=False
        )
        root = parse_soup(markup)
    renderer = _Renderer()
    renderer.walk(root)
    renderer.flush()
    return renderer.blocks

"""BeautifulSoup (the ``"lxml"`` builder) for the cold path: the desktop reader.

The mobile hot path stays on plain lxml (:mod:`pipelines.extractors.dom`, where
the parser choice and its measurements are explained). These helpers mirror
:mod:`~pipelines.extractors.dom`'s text rules exactly (same visible text, same
icon and hidden-element tests), so a page reads the same whichever tree holds
it. Nothing here mutates a soup: one soup per page is shared by the block
renderer, the breadcrumb reader and the og/meta fallbacks, so nothing may
``decompose()`` it (a reader that must would work on a copy).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import TypeGuard

from bs4 import (
    BeautifulSoup,
    MarkupResemblesLocatorWarning,
    ParserRejectedMarkup,
    Tag,
    XMLParsedAsHTMLWarning,
)
from bs4.element import NavigableString, PreformattedString

from pipelines.extractors.dom import SKIP_TAGS
from pipelines.extractors.errors import NotAnArticle
from pipelines.extractors.text import normalize_space


def parse_soup(html: str) -> BeautifulSoup:
    """``BeautifulSoup(html, "lxml")``; :class:`NotAnArticle` if it is rejected.

    BeautifulSoup's hints about unusual input (text that looks like a URL or
    a file name, XML read as HTML) are silenced for this call only: a fetched
    page is what it is, and a page we cannot read says so by raising.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        try:
            return BeautifulSoup(html, "lxml")
        except ParserRejectedMarkup as error:
            raise NotAnArticle(f"unparseable document: {error}") from error


def is_text(node: object) -> TypeGuard[NavigableString]:
    """True for a text node (not a comment, CDATA, doctype or processing instruction)."""
    return isinstance(node, NavigableString) and not isinstance(
        node, PreformattedString
    )


def class_string(tag: Tag) -> str:
    """The ``class`` attribute as one string (BeautifulSoup splits it into a list)."""
    value = tag.attrs.get("class")
    if not value:
        return ""
    return value if isinstance(value, str) else " ".join(value)


def is_icon_tag(tag: Tag) -> bool:
    """True for an icon-font element (``<i class="material-icons">photo</i>``)."""
    classes = class_string(tag)
    return bool(classes) and (
        "material-icons" in classes or "material-symbols" in classes
    )


def is_hidden_tag(tag: Tag) -> bool:
    """True for an inline ``display: none`` element."""
    style = tag.attrs.get("style")
    return (
        isinstance(style, str)
        and "none" in style
        and "display" in style.replace(" ", "")
    )


def attr_of(tag: Tag | None, name: str) -> str | None:
    """An attribute's value, whitespace-normalised; ``None`` when absent or empty."""
    if tag is None:
        return None
    value = tag.attrs.get(name)
    if value is None:
        return None
    text = value if isinstance(value, str) else " ".join(value)
    return normalize_space(text) or None


SkipTag = Callable[[Tag], bool]


def tag_text(tag: Tag | None, skip: SkipTag = is_icon_tag) -> str:
    """Visible text of ``tag``, whitespace-normalised; icon words left out.

    The soup twin of :func:`pipelines.extractors.dom.text_of`: ``<br>`` counts
    as a space; comments, scripts and child elements for which ``skip`` is
    true are dropped.
    """
    if tag is None:
        return ""
    parts: list[str] = []
    _gather(tag, parts, skip)
    return normalize_space("".join(parts))


def _gather(tag: Tag, parts: list[str], skip: SkipTag) -> None:
    # an explicit stack, not recursion: BeautifulSoup keeps every level of a
    # page nested thousands deep
    stack = [iter(tag.contents)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif isinstance(child, Tag):
            name = child.name
            if name == "br":
                parts.append(" ")
            elif name not in SKIP_TAGS and not skip(child):
                stack.append(iter(child.contents))
        elif is_text(child):
            parts.append(child)


def string_value(tag: Tag) -> str:
    """All text under ``tag``, as XPath's ``string()`` sees it (scripts included)."""
    return "".join(node for node in tag.descendants if is_text(node))

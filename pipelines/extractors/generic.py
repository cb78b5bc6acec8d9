"""Generic fallbacks any page has: canonical link, ``og:*``/``<meta>``, ``<title>``.

The canonical link and ``<base href>`` are read from the lxml tree every page
gets (dispatch needs them before the template is known). The og/meta cascade
(:func:`extract_title`, :func:`extract_image_url`, :func:`extract_published_at`)
is written once and reads either tree: the mobile reader passes its lxml tree
(a hot path: no second parse), the desktop reader its BeautifulSoup (see
:mod:`pipelines.extractors.dom` for why each path uses which parser).

Selected without the ``<head>`` scope: a PHP notice before ``<!doctype html>``
makes lxml put every ``<link>`` and ``<meta>`` in ``<body>``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias
from urllib.parse import urljoin, urlsplit

from bs4 import Tag

from pipelines.extractors.dates import parse_date
from pipelines.extractors.dom import Element, attr, first, first_match, text_of, xpath
from pipelines.extractors.soup import attr_of, string_value, tag_text

Tree: TypeAlias = Element | Tag  # an lxml element or a BeautifulSoup (tag)

_CANONICAL_FAST = xpath("/html/*/link[@rel='canonical'][1]")
_CANONICAL = xpath("descendant::link[@rel='canonical'][1]")
_META = xpath("descendant::meta[@property=$key or @name=$key or @itemprop=$key][1]")
_TITLE = xpath("descendant::title[1]")
_H1 = xpath("descendant::h1[normalize-space()][1]")
_BASE = xpath("/html/*/base[@href][1]")
_XML_SPACE = " \t\r\n"  # what XPath's normalize-space() strips


def extract_canonical(doc: Element) -> str | None:
    """The raw ``href`` of ``<link rel="canonical">``, or ``None``."""
    return attr(first_match(doc, _CANONICAL_FAST, _CANONICAL), "href")


def extract_meta(tree: Tree, key: str) -> str | None:
    """The ``content`` of ``<meta property|name|itemprop=key>``, or ``None``."""
    if isinstance(tree, Tag):
        for meta in tree.find_all("meta"):  # by name: BeautifulSoup's fast path
            if isinstance(meta, Tag) and key in (
                meta.attrs.get("property"),
                meta.attrs.get("name"),
                meta.attrs.get("itemprop"),
            ):
                return attr_of(meta, "content")
        return None
    return attr(first(_META(tree, key=key)), "content")


def _title_text(tree: Tree) -> str:
    """Text of the first ``<title>`` (``""`` if none)."""
    if isinstance(tree, Tag):
        found = tree.find("title")
        return tag_text(found) if isinstance(found, Tag) else ""
    return text_of(first(_TITLE(tree)))


def _h1_text(tree: Tree) -> str:
    """Text of the first ``<h1>`` with any text (``""`` if none)."""
    if isinstance(tree, Tag):
        for h1 in tree.find_all("h1"):
            if isinstance(h1, Tag) and string_value(h1).strip(_XML_SPACE):
                return tag_text(h1)
        return ""
    return text_of(first(_H1(tree)))


def extract_title(tree: Tree) -> str | None:
    """``og:title``, else ``<title>``, else the first non-empty ``<h1>``."""
    title = extract_meta(tree, "og:title")
    if title:
        return title
    return _title_text(tree) or _h1_text(tree) or None


def extract_image_url(tree: Tree, base_url: str) -> str | None:
    """``og:image`` (or ``twitter:image:src``), made absolute."""
    image = extract_meta(tree, "og:image") or extract_meta(tree, "twitter:image:src")
    return absolute(image, base_url)


def extract_published_at(tree: Tree) -> str | None:
    """``article:published_time`` / ``datePublished`` meta, when a page has one."""
    for key in ("article:published_time", "datePublished", "pubdate"):
        value = parse_date(extract_meta(tree, key))
        if value:
            return value
    return None


def base_url_of(doc: Element, url: str) -> str:
    """The URL relative links resolve against (``<base href>`` if present)."""
    base = attr(first(_BASE(doc)), "href")
    return (_join(url, base) or url) if base else url


def _join(base_url: str, href: str) -> str | None:
    """``urljoin``; ``None`` for a malformed URL (``http://[x/``: "Invalid IPv6 URL")."""
    try:
        return urljoin(base_url, href)
    except ValueError:
        return None


def _well_formed(url: str) -> bool:
    try:
        urlsplit(url)
    except ValueError:
        return False
    return True


#: A profile's rule: URL -> the article's canonical URL, ``None`` for other pages.
CanonicalRule: TypeAlias = Callable[[str], str | None]


def canonical_or_none(url: str, canonical: CanonicalRule) -> str | None:
    """``canonical(url)``; ``None`` for other or malformed URLs."""
    try:
        return canonical(url)
    except ValueError:
        return None


def absolute(href: str | None, base_url: str) -> str | None:
    """``href`` made absolute against ``base_url``; ``None`` for empty or ``#`` links."""
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:")):
        return None
    if href.startswith(("https://", "http://")):
        return href if _well_formed(href) else None
    return _join(base_url, href)


def article_link(
    href: str | None, base_url: str, canonical: CanonicalRule
) -> str | None:
    """An absolute link; article links rewritten by the site's ``canonical`` rule
    (mirror links too: the profile's rule matches paths on any host)."""
    url = absolute(href, base_url)
    if url is None:
        return None
    try:
        return canonical(url) or url
    except ValueError:  # malformed ("Invalid IPv6 URL"): no usable link
        return None

"""The next listing pages of a page: rel=next, numbered pagination, page-N variants.

Found in page order, ``rel=next`` first: ``<a rel=next>`` and ``<link rel=next>``;
the links of a pagination block (an element whose class is ``pagination``,
``page-numbers``, ``nav-links``, ``pager`` or ``paging``); and any link that is
the same listing as the page at another page number (``/page/N/``,
``?page=N``, ``?paged=N``, ``?start=N``, ``?halaman=N``). Only same-site URLs,
never the page itself, never a URL :func:`~crawler.discovery.classify.classify_url`
calls an article or "neither".
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from crawler.discovery._xml import parse_html
from crawler.discovery.classify import UrlKind, classify_url
from sites.urls import normalize_url, same_site

PAGINATION_CLASSES = ("pagination", "page-numbers", "nav-links", "pager", "paging")
PAGE_QUERY_KEYS = frozenset({"page", "paged", "start", "offset", "halaman", "hal"})
_PAGE_PATH = re.compile(r"/page/\d+/?$", re.IGNORECASE)


def _has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


_REL_NEXT = (
    "//a[contains(concat(' ', normalize-space(@rel), ' '), ' next ')]/@href"
    " | //link[contains(concat(' ', normalize-space(@rel), ' '), ' next ')]/@href"
)
_BLOCK_LINKS = " | ".join(
    f"//*[{_has_class(name)}]/descendant-or-self::a/@href"
    for name in PAGINATION_CLASSES
)


def listing_base(url: str) -> str:
    """A listing URL without its page number (``/page/N/`` and page queries removed)."""
    parts = urlsplit(url)
    path = _PAGE_PATH.sub("/", parts.path) or "/"
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if k.lower() not in PAGE_QUERY_KEYS
        ]
    )
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def next_pages(html: str | bytes, page_url: str) -> list[str]:
    """Normalised URLs of the other pages of the listing ``page_url`` shows."""
    root = parse_html(html)
    current = normalize_url(page_url)
    if root is None or current is None:
        return []
    base = listing_base(current)
    hrefs = [
        *root.xpath(_REL_NEXT),
        *root.xpath(_BLOCK_LINKS),
        *(
            href
            for href in root.xpath("//a/@href")
            if _is_other_page(normalize_url(str(href), current), base)
        ),
    ]
    found: list[str] = []
    for href in hrefs:
        url = normalize_url(str(href), current)
        if (
            url is None
            or url == current
            or url in found
            or not same_site(url, current)
            or classify_url(url) is not UrlKind.LISTING
        ):
            continue
        found.append(url)
    return found


def _is_other_page(url: str | None, base: str) -> bool:
    return url is not None and listing_base(url) == base

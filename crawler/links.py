"""Pure link discovery: page HTML + page URL -> article URLs and next listing pages.

Parsed once per page with lxml (comments dropped, so links inside them are
never seen). The same navigation links appear on every page, so resolving an
``href`` against the page's origin is memoised. No Scrapy import;
table-tested in ``tests/test_crawler_links.py``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from urllib.parse import parse_qs, urljoin, urlsplit

from lxml import etree

from sites.beritajakarta import article_key as beritajakarta_key
from sites.months import MONTHS

#: A site's identity rule: URL -> the article's key, ``None`` for other pages.
KeyRule = Callable[[str], Hashable | None]


@dataclass(frozen=True)
class PageLinks:
    """What the spider may follow from one page."""

    articles: list[str]  # absolute article URLs, page order, first occurrence kept
    next_pages: list[str]  # absolute URLs of following listing pages
    listed: list[str] = field(default_factory=list)  # those in the listing's items
    #: dates of the listing's items (``ul.list-index > li``), page order
    item_dates: list[date | None] = field(default_factory=list)


class _Parsers(threading.local):
    """One HTML parser per thread (lxml parsers are not thread-safe); no
    comments, no ID table (nothing here looks up ids)."""

    def __init__(self) -> None:
        self.text = etree.HTMLParser(remove_comments=True, collect_ids=False)
        self.utf8 = etree.HTMLParser(
            encoding="utf-8", remove_comments=True, collect_ids=False
        )


_PARSERS = _Parsers()


def parse_page(html: str | bytes) -> etree._Element | None:
    """The page's lxml tree (``None`` for an empty or unparseable page), parsed
    as :func:`pipelines.extractors.dom.parse` does, so extraction takes it
    (``extract_article(..., tree=)``) instead of parsing again."""
    if not html or not html.strip():
        return None
    try:
        return etree.fromstring(html, _PARSERS.text)
    except ValueError:  # a str with an XML encoding declaration
        text = html.encode("utf-8") if isinstance(html, str) else html
        try:
            return etree.fromstring(text, _PARSERS.utf8)
        except etree.LxmlError:
            return None
    except etree.LxmlError:
        return None


#: How an href that does not depend on the page's path starts.
_ORIGIN_RELATIVE = ("http://", "https://", "//", "/")


def _origin(page_url: str) -> str:
    parts = urlsplit(page_url)
    return f"{parts.scheme}://{parts.netloc}"


def _absolute(href: str, page_url: str, origin: str) -> str | None:
    """The absolute http(s) URL of ``href`` on the page (``origin`` is the page's)."""
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:")):
        return None
    if href.startswith(_ORIGIN_RELATIVE):
        return _joined(origin, href)
    return _joined(page_url, href)


@lru_cache(maxsize=16384)
def _joined(base: str, href: str) -> str | None:
    try:
        url = urljoin(base, href)
        return url if urlsplit(url).scheme in ("http", "https") else None
    except ValueError:  # a malformed URL ("Invalid IPv6 URL")
        return None


def find_links(
    page: str | bytes | etree._Element | None,
    page_url: str,
    article_key: KeyRule = beritajakarta_key,
    *,
    listing: bool = True,
) -> PageLinks:
    """Article links (those ``article_key`` names) and pagination links of a
    page (its HTML, or its tree from :func:`parse_page`).

    ``article_key`` is the site profile's identity rule (Berita Jakarta's
    ``/read/<id>/`` by default). ``listing=False`` (an article page, whose
    pagination is never followed) leaves ``next_pages`` and ``item_dates`` empty.
    """
    root = parse_page(page) if isinstance(page, str | bytes) else page
    if root is None:
        return PageLinks([], [])
    origin = _origin(page_url)
    return PageLinks(
        _article_urls(_ALL_HREFS(root), page_url, origin, article_key),
        _next_pages(root, page_url, origin, article_key) if listing else [],
        _article_urls(_LISTED_HREFS(root), page_url, origin, article_key),
        _item_dates(root) if listing else [],
    )


_LIST_ITEMS = (
    "//ul[contains(concat(' ', normalize-space(@class), ' '), ' list-index ')]/li"
)
_ALL_HREFS = etree.XPath("//a/@href", smart_strings=False)
_LISTED_HREFS = etree.XPath(f"{_LIST_ITEMS}//a/@href", smart_strings=False)
_ITEMS = etree.XPath(_LIST_ITEMS)
_PAGINATION_HREFS = etree.XPath(
    "//ul[contains(concat(' ', normalize-space(@class), ' '), ' pagination ')]"
    "//a/@href | //a[@rel='next']/@href | //link[@rel='next']/@href",
    smart_strings=False,
)


def _article_urls(
    hrefs: object, page_url: str, origin: str, article_key: KeyRule
) -> list[str]:
    """Absolute article URLs, first occurrence of each article kept."""
    urls: list[str] = []
    seen: set[Hashable] = set()
    for href in hrefs:  # type: ignore[attr-defined]
        url = _absolute(str(href), page_url, origin)
        key = article_key(url) if url else None
        if url is None or key is None or key in seen:
            continue
        seen.add(key)
        urls.append(url)
    return urls


def _next_pages(
    root: etree._Element, page_url: str, origin: str, article_key: KeyRule
) -> list[str]:
    current = urlsplit(page_url)
    found: list[str] = []
    for href in _PAGINATION_HREFS(root):
        url = _absolute(str(href), page_url, origin)
        if url is None or article_key(url) is not None:
            continue
        parts = urlsplit(url)
        same_page = (parts.path, parts.query) == (current.path, current.query)
        if parts.netloc == current.netloc and not same_page and url not in found:
            found.append(url)
    return found


_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})\b")
_MONTH_DAY_YEAR = re.compile(r"\b([A-Za-z]+)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})-(\d{1,2})-(\d{4})\b")


def listing_date(text: str) -> date | None:
    """The date in a listing item's text (Indonesian, English or DD-MM-YYYY)."""
    for pattern, order in (
        (_DAY_MONTH_YEAR, "dmy"),
        (_MONTH_DAY_YEAR, "mdy"),
        (_NUMERIC, "num"),
    ):
        for match in pattern.finditer(text):
            a, b, year = match.groups()
            try:
                if order == "num":
                    return date(int(year), int(b), int(a))
                day, month = (a, b) if order == "dmy" else (b, a)
                number = MONTHS.get(month.lower())
                if number is not None:
                    return date(int(year), number, int(day))
            except ValueError:
                continue
    return None


def _item_dates(root: etree._Element) -> list[date | None]:
    items = _ITEMS(root)
    return [listing_date(" ".join(item.itertext())) for item in items]


_PATH_PAGE = re.compile(r"/page/(\d+)/?$")


def page_number(url: str) -> int | None:
    """The listing page a URL names (``?page=N`` or ``/page/N``), if it says."""
    parts = urlsplit(url)
    values = parse_qs(parts.query).get("page")
    if values and values[0].isdigit():
        return int(values[0])
    match = _PATH_PAGE.search(parts.path)
    return int(match[1]) if match else None


def next_page(page_url: str, candidates: list[str]) -> list[str]:
    """The pagination link to the page after ``page_url`` (all, if none is numbered)."""
    numbered = [(page_number(url), url) for url in candidates]
    if all(number is None for number, _ in numbered):
        return list(candidates)  # an unknown scheme: follow every link, as before
    following = (page_number(page_url) or 1) + 1
    return [url for number, url in numbered if number == following][:1]

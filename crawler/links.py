"""Pure link discovery: page HTML + page URL -> article URLs and next listing pages.

Parsed with lxml (as Scrapy's selectors do), so links inside HTML comments are
never seen. No Scrapy import; table-tested in ``tests/test_crawler_links.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import parse_qs, urljoin, urlsplit

import lxml.html

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


def _parse(html: str | bytes) -> lxml.html.HtmlElement | None:
    if not html or not html.strip():
        return None
    try:
        return lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None


def _absolute(href: str, page_url: str) -> str | None:
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:")):
        return None
    try:
        url = urljoin(page_url, href)
        return url if urlsplit(url).scheme in ("http", "https") else None
    except ValueError:  # a malformed URL ("Invalid IPv6 URL")
        return None


def find_links(
    html: str | bytes, page_url: str, article_key: KeyRule = beritajakarta_key
) -> PageLinks:
    """Article links (those ``article_key`` names) and pagination links.

    ``article_key`` is the site profile's identity rule (Berita Jakarta's
    ``/read/<id>/`` by default).
    """
    root = _parse(html)
    if root is None:
        return PageLinks([], [])
    return PageLinks(
        _article_urls(root.xpath("//a/@href"), page_url, article_key),
        _next_pages(root, page_url, article_key),
        _article_urls(root.xpath(f"{_LIST_ITEMS}//a/@href"), page_url, article_key),
    )


_LIST_ITEMS = (
    "//ul[contains(concat(' ', normalize-space(@class), ' '), ' list-index ')]/li"
)


def _article_urls(
    hrefs: list[object], page_url: str, article_key: KeyRule
) -> list[str]:
    """Absolute article URLs, first occurrence of each article kept."""
    urls: list[str] = []
    seen: set[Hashable] = set()
    for href in hrefs:
        url = _absolute(str(href), page_url)
        key = article_key(url) if url else None
        if url is None or key is None or key in seen:
            continue
        seen.add(key)
        urls.append(url)
    return urls


def _next_pages(
    root: lxml.html.HtmlElement, page_url: str, article_key: KeyRule
) -> list[str]:
    hrefs = root.xpath(
        "//ul[contains(concat(' ', normalize-space(@class), ' '), ' pagination ')]"
        "//a/@href | //a[@rel='next']/@href | //link[@rel='next']/@href"
    )
    current = urlsplit(page_url)
    found: list[str] = []
    for href in hrefs:
        url = _absolute(str(href), page_url)
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


def listing_item_dates(html: str | bytes) -> list[date | None]:
    """Dates of the items of a listing page (``ul.list-index > li``), page order."""
    root = _parse(html)
    if root is None:
        return []
    items = root.xpath(_LIST_ITEMS)
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

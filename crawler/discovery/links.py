"""A page's same-site links sorted by :func:`~crawler.discovery.classify.classify_url`,
and the canonical URL a page declares for itself.

Links are read from ``<a href>`` (lxml, so links inside comments are not seen),
made absolute against the page's ``<base href>`` or URL, normalised, kept in page
order, each once; off-site links and those classified "neither" are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crawler.discovery._xml import parse_html
from crawler.discovery.classify import UrlKind, classify_url
from sites.urls import normalize_url, same_site


@dataclass(frozen=True)
class SiteLinks:
    """The same-site links of a page worth following."""

    articles: list[str] = field(default_factory=list)  # to fetch and read
    listings: list[str] = field(default_factory=list)  # to visit for their links


def site_links(html: str | bytes, page_url: str) -> SiteLinks:
    """Same-site article and listing links of a page, page order, each once."""
    root = parse_html(html)
    if root is None:
        return SiteLinks()
    base = _base_url(root.xpath("//base/@href"), page_url)
    articles: list[str] = []
    listings: list[str] = []
    for href in root.xpath("//a/@href"):
        url = normalize_url(str(href), base)
        if url is None or not same_site(url, page_url):
            continue
        kind = classify_url(url)
        bucket = articles if kind is UrlKind.ARTICLE else listings
        if kind is not UrlKind.NEITHER and url not in bucket:
            bucket.append(url)
    return SiteLinks(articles, listings)


def _base_url(values: list[object], page_url: str) -> str:
    for value in values:
        url = normalize_url(str(value), page_url)
        if url is not None:
            return url
    return page_url


def canonical_link(html: str | bytes, page_url: str) -> str | None:
    """The page's ``<link rel=canonical>`` or else ``og:url``, normalised, when on
    the page's own site; None when absent or on another site."""
    root = parse_html(html)
    if root is None:
        return None
    candidates = [
        *root.xpath("//link[@rel and @href]"),
        *root.xpath("//meta[@content][@property='og:url' or @name='og:url']"),
    ]
    for element in candidates:
        if element.tag == "link":
            if "canonical" not in (element.get("rel") or "").lower().split():
                continue
            value = element.get("href")
        else:
            value = element.get("content")
        url = normalize_url(value or "", page_url)
        if url is not None and same_site(url, page_url):
            return url
    return None

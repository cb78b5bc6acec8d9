"""Sitemaps: a sitemap index gives child sitemaps, a url set gives page URLs.

Reads the sitemaps.org protocol as WordPress (Yoast ``/sitemap_index.xml``,
core ``/wp-sitemap.xml``) and news sites publish it: ``<lastmod>``, Google News
``<news:publication_date>``, gzipped bodies when given bytes. Parsing is lenient
and safe (see :mod:`crawler.discovery._xml`): a broken file yields what could
be recovered, an unreadable one an empty :class:`Sitemap` of kind ``"unknown"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal
from urllib.parse import urlsplit

import lxml.etree

from crawler.discovery._dates import parse_iso
from crawler.discovery._xml import child_text, local_name, parse_xml
from sites.urls import normalize_url

WELL_KNOWN_PATHS = ("/sitemap.xml", "/sitemap_index.xml", "/wp-sitemap.xml")
SitemapKind = Literal["sitemapindex", "urlset", "unknown"]


@dataclass(frozen=True)
class SitemapEntry:
    """One ``<loc>`` of a sitemap with its dates (aware datetimes, None if absent)."""

    url: str
    lastmod: datetime | None = None
    published: datetime | None = None  # news:publication_date

    @property
    def date(self) -> datetime | None:
        """The newest date known of the entry (for "since" and ordering)."""
        dates = [d for d in (self.lastmod, self.published) if d is not None]
        return max(dates) if dates else None


@dataclass(frozen=True)
class Sitemap:
    """A parsed sitemap: ``sitemaps`` for an index, ``pages`` for a url set."""

    kind: SitemapKind
    sitemaps: list[SitemapEntry] = field(default_factory=list)
    pages: list[SitemapEntry] = field(default_factory=list)


def well_known_sitemaps(base_url: str) -> list[str]:
    """The conventional sitemap URLs of a site (tried when robots.txt names none)."""
    found = [normalize_url(path, base_url) for path in WELL_KNOWN_PATHS]
    return [url for url in found if url is not None]


def parse_sitemap(body: str | bytes, sitemap_url: str) -> Sitemap:
    """Child sitemaps or pages of one sitemap document, in file order, each once."""
    root = parse_xml(body)
    kind = local_name(root) if root is not None else ""
    if root is None or kind not in ("sitemapindex", "urlset"):
        return Sitemap("unknown")
    wanted = "sitemap" if kind == "sitemapindex" else "url"
    entries: list[SitemapEntry] = []
    seen: set[str] = set()
    for element in root.iter():
        if local_name(element) != wanted:
            continue
        url = normalize_url(child_text(element, "loc") or "", sitemap_url)
        if url is None or url in seen:
            continue
        seen.add(url)
        entries.append(
            SitemapEntry(
                url,
                lastmod=parse_iso(child_text(element, "lastmod")),
                published=_publication_date(element),
            )
        )
    if kind == "sitemapindex":
        return Sitemap("sitemapindex", sitemaps=entries)
    return Sitemap("urlset", pages=entries)


def _publication_date(url_element: lxml.etree._Element) -> datetime | None:
    for element in url_element.iter():
        if local_name(element) == "publication_date":
            return parse_iso("".join(element.itertext()))
    return None


# WordPress sitemaps that list no posts: pages, terms, authors (Yoast and core).
_NON_POST_SITEMAP = re.compile(
    r"(?:^|/)(?:"
    r"(?:page|category|post_tag|tag|author|product_cat|product_tag|"
    r"attachment|format|series)-sitemap\d*\.xml"
    r"|wp-sitemap-(?:posts-page|posts-attachment|taxonomies-[a-z_-]+|users)-\d+\.xml"
    r")(?:\.gz)?$",
    re.IGNORECASE,
)


def lists_posts(sitemap_url: str) -> bool:
    """False for a sitemap whose name says it lists no articles (WordPress pages,
    categories, tags, authors); True otherwise, including any unknown name."""
    return _NON_POST_SITEMAP.search(urlsplit(sitemap_url).path) is None

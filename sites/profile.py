"""What a site profile declares: identity rules, discovery, the reader.

A profile is plain data plus two pure functions (URL -> identity, URL ->
canonical URL); nothing here fetches, parses pages or stores. The crawler
reads ``discovery``, the extraction pipeline resolves ``reader`` (a dotted
``module:function`` path, so this package imports no extractor), and both give
the archive the identity the profile computes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urlsplit


class ArticleRef(NamedTuple):
    """An article's identity within its site, known from its URL before any fetch.

    ``language`` is ``None`` when the URL does not tell it (a generic site: the
    page's language is read later); such a ref matches by ``site_article_id``.
    """

    site: str
    language: str | None
    site_article_id: str


@dataclass(frozen=True)
class Discovery:
    """Where a crawl of the site finds its articles (paths under the base URL)."""

    listings: tuple[str, ...] = ()  # pages that list articles, paginated
    sitemaps: tuple[str, ...] = ()  # sitemaps or sitemap indexes
    feeds: tuple[str, ...] = ()  # RSS/Atom feeds
    api: tuple[str, ...] = ()  # JSON listing endpoints (first page)
    robots_sitemaps: bool = False  # also read robots.txt ``Sitemap:`` lines


@dataclass(frozen=True)
class SiteProfile:
    """Everything warta knows about one portal."""

    name: str  # the spider's name, ``warta crawl NAME``, ``articles.site``
    title: str  # e.g. "Berita Jakarta"
    hosts: frozenset[str]  # every host the portal answers on
    default_base_url: str  # where a crawl starts without --base-url
    article_ref: Callable[[str], ArticleRef | None]  # URL -> identity
    canonical_url: Callable[[str], str | None]  # URL -> the article's canonical URL
    reader: str  # "module:function" reading (Document, url) -> Article
    discovery: Discovery = field(default_factory=Discovery)

    def owns(self, url: str) -> bool:
        """True when ``url`` is on one of the portal's hosts."""
        return (urlsplit(url).hostname or "").lower() in self.hosts

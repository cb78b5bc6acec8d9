"""Items: the contract between spiders, pipelines and the archive.

Plain dataclasses with no Scrapy import, so every layer can use them.
A spider yields :class:`FetchedPage`; the extraction pipeline attaches an
:class:`Article` (or the reason it could not); storage writes both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(kw_only=True)
class Link:
    """A link from an article to another article (related, popular or read-also).

    ``target_language``/``target_site_article_id`` identify the linked article
    on the same site, as the site's URL rules read ``url`` (both ``None`` when
    it is not a known article URL; the language alone ``None`` when the URL
    does not tell it). The archive joins on them; it never parses URLs.
    """

    url: str
    title: str | None = None
    published_at: str | None = None
    views: int | None = None
    reporter: str | None = None
    target_language: str | None = None
    target_site_article_id: str | None = None


@dataclass(kw_only=True)
class Article:
    """Every field warta extracts from one article page.

    ``published_at`` is ISO 8601 text: ``2025-02-06T14:50:00+07:00`` when the page
    shows a time, ``2023-11-07`` when it shows only a date. Missing scalars are
    ``None`` (never ``""``), missing lists are empty. ``authors`` is the byline's
    names in page order (``reporter`` is them joined with ``", "``); ``tags`` the
    page's tags or keywords.
    """

    url: str  # canonical https URL on the site's canonical host
    site: str  # the profile's name ("beritajakarta"), else the host without www.
    site_article_id: str  # the site's own id as text; generic sites: the canonical URL
    language: str  # "id" | "en" | ... (the page's language on generic sites)
    title: str | None = None
    published_at: str | None = None
    reporter: str | None = None
    editor: str | None = None
    translator: str | None = None
    views: int | None = None
    category: str | None = None
    image_url: str | None = None
    image_caption: str | None = None
    photo_credit: str | None = None
    body: str | None = None
    pull_quote: str | None = None
    related: list[Link] = field(default_factory=list)
    popular: list[Link] = field(default_factory=list)
    read_also: list[Link] = field(default_factory=list)
    extraction_warnings: list[str] = field(default_factory=list)
    extractor_version: str | None = None
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@dataclass(kw_only=True)
class FetchedPage:
    """One fetched page, as the spider saw it; extraction fills the last fields.

    ``kind`` is ``"article"`` for article pages and ``"listing"`` for index pages
    (kept for the view counts they show). ``fetched_at`` is UTC ISO 8601.
    """

    url: str  # the URL requested
    final_url: str  # the URL after redirects
    status: int
    headers: dict[str, str]
    body: bytes = field(repr=False)
    encoding: str
    fetched_at: str
    site: str
    kind: str = "article"
    run_id: int | None = None
    article: Article | None = None
    listing_links: list[Link] = field(default_factory=list)
    error: str | None = None  # why extraction failed, when it did
    #: The page as the spider parsed it (lxml) to follow its links, if it did:
    #: extraction reads this tree of :attr:`text` instead of parsing again.
    tree: Any = field(default=None, repr=False, compare=False)
    _text: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def text(self) -> str:
        """The body decoded with the encoding the downloader detected (once)."""
        if self._text is None:
            self._text = self.body.decode(self.encoding or "utf-8", errors="replace")
        return self._text


@dataclass(kw_only=True)
class FetchFailure:
    """A URL the crawl could not fetch, after its retries were exhausted."""

    url: str
    kind: str  # "article" | "listing"
    reason: str
    failed_at: str
    site: str
    run_id: int | None = None

"""PortalSpider: routes a crawl of any site profile; it fetches, it decides nothing.

Seeds come from the profile's discovery: robots.txt ``Sitemap:`` lines (then
the well-known sitemaps), sitemaps and sitemap indexes, feeds, listing pages;
listings are followed through their pagination. Every page fetched becomes a
:class:`FetchedPage` item (the pipelines read and store it); a URL whose
retries are exhausted a :class:`FetchFailure`. What to skip, where a listing
stops, what to retry or refresh and how many articles to fetch is the crawl
policy's (:mod:`crawler.policy`), read from the requests' ``meta``.

Spider argument (``-a base_url=URL`` under ``scrapy crawl``): where to crawl
(default: the profile's); links to the profile's hosts are sent there (a
mirror). The crawl's site and base URL are given to the other components as
the settings ``WARTA_SITE`` and ``WARTA_BASE_URL``.

Stats: ``warta/listings_read`` (listing pages, sitemaps or feeds that listed at
least one article) and ``warta/http_errors``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, ClassVar, Self
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.discovery.classify import UrlKind, classify_url
from crawler.discovery.feeds import announced_feeds, parse_feed
from crawler.discovery.links import site_links
from crawler.discovery.pagination import next_pages
from crawler.discovery.robots import sitemap_urls
from crawler.discovery.sitemaps import lists_posts, parse_sitemap
from crawler.items import FetchedPage, FetchFailure
from crawler.links import find_links, parse_page
from crawler.urls import rebase
from sites.profile import ArticleRef, SiteProfile

#: HTTP statuses of a dead link: a candidate page that answers so is no failure.
DEAD_LINK = frozenset({404, 410})


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _headers(response: Response) -> dict[str, str]:
    return {
        key.decode("latin-1").lower(): b", ".join(values).decode("latin-1")
        for key, values in response.headers.items()
    }


class PortalSpider(scrapy.Spider):
    """Crawl one site profile (subclasses set ``name`` and ``profile``)."""

    profile: ClassVar[SiteProfile | None] = None
    #: True: article links are told by URL shape (no identity rule to name them)
    by_shape: ClassVar[bool] = False
    #: True: there is no default base URL (``generic``)
    requires_base_url: ClassVar[bool] = False

    def __init__(self, base_url: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.site_profile = self.profile_for(base_url)
        self.base_url = (base_url or self.site_profile.default_base_url).rstrip("/")
        host = urlsplit(self.base_url).hostname or ""
        self.allowed_domains = [host, *sorted(self.site_profile.hosts)]
        #: Articles this spider has requested from a page's links: a link on an
        #: article page to one of them is not requested again (the policy
        #: would drop it; a listing's links are all passed on for its stop rule).
        self.linked: set[tuple[str | None, str]] = set()
        #: The profile's identity rule, memoised: a page's links are named
        #: by it once in link discovery and again when they are requested,
        #: and the same navigation links are on every page.
        rule = lru_cache(maxsize=16384)(self.site_profile.article_ref)
        self.article_ref: Callable[[str], ArticleRef | None] = rule

    @classmethod
    def profile_for(cls, base_url: str | None) -> SiteProfile:
        """The profile this spider crawls."""
        if cls.profile is None:
            raise ValueError(f"spider {cls.name!r} has no site profile")
        return cls.profile

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        """Create the spider; tell the other components its site and base URL."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.settings.set("WARTA_SITE", spider.site_profile.name, priority="spider")
        crawler.settings.set("WARTA_BASE_URL", spider.base_url, priority="spider")
        return spider

    # -- seeds -------------------------------------------------------------------
    async def start(self) -> AsyncIterator[scrapy.Request]:
        """The profile's discovery: robots.txt, sitemaps, feeds, listings."""
        for request in self.seeds():
            yield request

    def seeds(self) -> Iterator[scrapy.Request]:
        """Requests for every discovery entry point of the profile.

        For ``generic`` the sitemaps and feeds are guesses (well-known paths):
        one that is not there is no failure.
        """
        discovery = self.site_profile.discovery
        guessed = self.by_shape
        if discovery.robots_sitemaps:
            yield self._request(self.base_url + "/robots.txt", "robots", optional=True)
        for path in discovery.sitemaps:
            yield self._request(self.base_url + path, "sitemap", optional=guessed)
        for path in discovery.feeds:
            yield self._request(self.base_url + path, "feed", optional=guessed)
        for path in discovery.listings:
            yield self._request(self.base_url + path, "listing")

    # -- requests --------------------------------------------------------------------
    def request_for(self, url: str, *, forced: bool = False) -> scrapy.Request:
        """A request for a URL of this site (an article or else a listing)."""
        url = self._local(url)
        ref = self.article_ref(url)
        if self.by_shape and classify_url(url) is not UrlKind.ARTICLE:
            ref = None
        if ref is None:
            return self._request(url, "listing", forced=forced)
        key = (ref.language, ref.site_article_id)
        return self._request(url, "article", ref=key, forced=forced)

    def _article(
        self, url: str, kind: str = "article", **meta: Any
    ) -> scrapy.Request | None:
        ref = self.article_ref(url)
        if ref is None:
            return None
        meta["ref"] = (ref.language, ref.site_article_id)
        return self._request(self._local(url), kind, **meta)

    def _request(self, url: str, kind: str, **meta: Any) -> scrapy.Request:
        """A request whose ``meta`` says what it is (``warta_<name>``) for the policy."""
        callbacks = {
            "robots": self.parse_robots,
            "sitemap": self.parse_sitemap,
            "feed": self.parse_feed,
            "listing": self.parse_listing,
        }
        extra = {f"warta_{key}": value for key, value in meta.items() if value}
        return scrapy.Request(
            url,
            callback=callbacks.get(kind, self.parse_article),
            errback=self.on_error,
            meta={"warta_kind": kind, **extra},
        )

    def _local(self, url: str) -> str:
        """Send links to the site's hosts to the base URL (a mirror, or m.)."""
        host = urlsplit(url).hostname or ""
        return rebase(url, self.base_url) if host in self.site_profile.hosts else url

    # -- callbacks ---------------------------------------------------------------------
    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        """The sitemaps robots.txt names (Scrapy's dupe filter drops repeats)."""
        for url in sitemap_urls(response.body, response.url):
            if self._on_site(url):
                yield self._request(self._local(url), "sitemap")

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        """Child sitemaps that list posts, or the articles of a url set."""
        sitemap = parse_sitemap(response.body, response.url)
        for child in sitemap.sitemaps:
            if lists_posts(child.url) and self._on_site(child.url):
                yield self._request(child.url, "sitemap")
        dated = [(p.url, p.date) for p in sitemap.pages]
        yield from self._listed_articles(dated)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        """The articles a feed lists."""
        items = parse_feed(response.body, response.url)
        yield from self._listed_articles([(i.url, i.published) for i in items])

    def _listed_articles(
        self, entries: list[tuple[str, datetime | None]]
    ) -> Iterator[scrapy.Request]:
        found = False
        for url, when in entries:
            if not self._on_site(url) or classify_url(url) is UrlKind.NEITHER:
                continue
            day = when.date().isoformat() if when else None
            request = self._article(url, listed=True, date=day)
            if request is not None:
                found = True
                yield request
        if found:
            self._stat("warta/listings_read")

    def parse_listing(self, response: Response) -> Iterator[Any]:
        """Keep the listing page; follow its articles, then its next pages."""
        page = self._fetched(response, kind="listing")
        tree = page.tree  # extraction may take it from the item meanwhile
        yield page
        yield from self._follow(response, tree, listing=True)

    def parse_article(self, response: Response) -> Iterator[Any]:
        """Keep the page (an article, or a candidate the reader will judge)."""
        page = self._fetched(response, kind=response.meta.get("warta_kind", "article"))
        tree = page.tree  # extraction may take it from the item meanwhile
        yield page
        yield from self._follow(response, tree, listing=False)

    def _follow(self, response: Response, tree: Any, *, listing: bool) -> Iterator[Any]:
        if not hasattr(response, "text"):
            return
        if self.by_shape:
            yield from self._follow_by_shape(response, listing=listing)
            return
        links = find_links(tree, response.url, self._key, listing=listing)
        if listing and (links.listed or links.articles):
            self._stat("warta/listings_read")
        listed = set(links.listed)
        for url in links.articles:
            key = self._key(url)
            if key in self.linked and not listing:
                continue
            request = self._article(url, listed=url in listed)
            if request is not None and key is not None:
                self.linked.add(key)
                yield request
        if listing:
            dates = [d.isoformat() if d else None for d in links.item_dates]
            for url in links.next_pages:
                yield self._request(self._local(url), "listing", next=True, dates=dates)

    def _follow_by_shape(self, response: Response, *, listing: bool) -> Iterator[Any]:
        """A portal without a profile: same-site links sorted by URL shape."""
        links = site_links(response.text, response.url)
        for url in links.articles:
            request = self._article(url, kind="page", listed=listing)
            if request is not None:
                yield request
        if listing and links.articles:
            self._stat("warta/listings_read")
        pages = next_pages(response.text, response.url) if listing else []
        for url in links.listings:
            if url not in pages:
                yield self._request(url, "listing")
        for url in pages:
            yield self._request(url, "listing", next=True)
        for url in announced_feeds(response.text, response.url):
            if self._on_site(url):
                yield self._request(url, "feed", optional=True)

    def _key(self, url: str) -> tuple[str | None, str] | None:
        ref = self.article_ref(url)
        return None if ref is None else (ref.language, ref.site_article_id)

    def _on_site(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        return host in self.allowed_domains

    def _stat(self, key: str) -> None:
        crawler = getattr(self, "crawler", None)
        if crawler is not None and crawler.stats is not None:
            crawler.stats.inc_value(key)

    # -- failures ----------------------------------------------------------------------
    def on_error(self, failure: Failure) -> Iterator[FetchFailure]:
        """A URL whose retries are exhausted becomes a recorded fetch failure.

        This is the one log line (WARNING) of a failed URL. A guessed discovery
        URL (a well-known sitemap or feed) or a dead link to a candidate page
        is no failure.
        """
        request = getattr(failure, "request", None)
        if request is None:
            return
        kind = request.meta.get("warta_kind", "article")
        status = None
        if isinstance(failure.value, HttpError):
            self._stat("warta/http_errors")
            status = failure.value.response.status
            reason = f"HTTP status {status}"
        else:
            reason = f"{failure.type.__name__ if failure.type else 'error'}: "
            reason += str(failure.value).strip()[:300]
        if request.meta.get("warta_optional") or (
            kind == "page" and status in DEAD_LINK
        ):
            self.logger.info("no %s at %s: %s", kind, request.url, reason)
            return
        self.logger.warning("giving up on %s: %s", request.url, reason)
        yield FetchFailure(
            url=request.url,
            kind="article" if kind in ("article", "page") else "listing",
            reason=reason,
            failed_at=_utc_now(),
            site=self.site_profile.name,
        )

    def _fetched(self, response: Response, *, kind: str) -> FetchedPage:
        """The page item; its tree too when its links are followed by profile
        (parsed once, before extraction can run, for both)."""
        requested = response.meta.get("redirect_urls", [response.url])[0]
        page = FetchedPage(
            url=requested,
            final_url=response.url,
            status=response.status,
            headers=_headers(response),
            body=response.body,
            encoding=getattr(response, "encoding", "utf-8"),
            fetched_at=_utc_now(),
            site=self.site_profile.name,
            kind=kind,
        )
        if hasattr(response, "text") and not self.by_shape:
            page.tree = parse_page(page.text)
        return page

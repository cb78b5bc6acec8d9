"""Spider for Berita Jakarta (beritajakarta.id): fetches listing and article pages.

It routes, it does not extract: every response becomes a :class:`FetchedPage`
item; the pipelines read it. Article identity is ``(language, numeric id)``, so
the same article under another host or slug is fetched once.

Arguments (``-a name=value`` under ``scrapy crawl``, keyword arguments in code):

* ``base_url``: where to crawl (default ``https://m.beritajakarta.id``); a
  loopback URL is a local mirror, crawled without delay.
* ``max_articles``: the whole run requests at most this many article pages,
  and reads listings one page at a time, one listing after another, until
  that many are queued (no listing page beyond those needed).
* ``delay``: download delay in seconds (overrides the default).
* ``known_articles``: ``{(language, id): published_at}`` already archived;
  unless ``full``, those are not fetched again (incremental crawl).
* ``full_listing``: page through every listing to its end; otherwise a listing
  goes on page by page and stops at a page whose articles are all known (set
  after a complete run).
* ``refresh_urls``: archived articles to fetch again (recent ones: views, edits).
* ``retry_urls``: fetch only these URLs (the failures of earlier runs).
* ``since``: ISO date (``2026-04-01``) or date-time with an offset
  (``2026-04-01T05:00:00+00:00``); a listing stops at a page whose items are all
  older, links found on article pages are not followed, and the archive
  pipeline skips articles published before it (see :mod:`crawler.since`).

Stats it keeps for ``warta crawl``'s verdict: ``warta/listings_read`` (listing
pages that listed at least one article) and ``warta/http_errors``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterator, Iterator, Mapping
from datetime import UTC, date, datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.items import FetchedPage, FetchFailure
from crawler.links import find_links, listing_item_dates, next_page
from crawler.since import Since, listing_day_bound, parse_since
from crawler.urls import is_loopback, rebase
from sites.beritajakarta import SITE, SITE_HOSTS, article_key

CATEGORY_SLUGS = (
    "ekonomi", "pembangunan", "pemerintahan", "kesra", "pendidikan", "fokus",
    "lintas-kota", "wisata", "kesehatan", "pemberdayaan-perempuan",
    "jakarta-hari-ini", "olahraga", "transportasi", "bumd", "legislatif",
)  # fmt: skip
REGION_SLUGS = (
    "jakarta-pusat", "jakarta-utara", "jakarta-barat", "jakarta-selatan",
    "jakarta-timur", "kepulauan-seribu",
)  # fmt: skip
LISTING_PATHS = (
    "/berita/terkini",
    "/latest-news",
    *(f"/kategori/{slug}" for slug in CATEGORY_SLUGS),
    *(f"/wilayah/{slug}" for slug in REGION_SLUGS),
)

ArticleKey = tuple[str, str]


def run_scope(
    *,
    retry: bool,
    since: date | str | None,
    max_articles: int | None,
    full_listing: bool,
) -> str:
    """What a run sets out to fetch (stored as ``crawl_runs.scope``).

    Only a finished ``full`` or ``incremental`` run leaves every listed article
    in the archive, so only after one may the next run stop paging early.
    """
    if retry:
        return "retry"
    if since:
        return "since"
    if max_articles:
        return "capped"
    return "full" if full_listing else "incremental"


def _flag(value: bool | str) -> bool:
    return str(value).lower() in ("1", "true", "yes")


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _headers(response: Response) -> dict[str, str]:
    return {
        key.decode("latin-1").lower(): b", ".join(values).decode("latin-1")
        for key, values in response.headers.items()
    }


class BeritajakartaSpider(scrapy.Spider):
    """Crawl m.beritajakarta.id (or a mirror of it) listing by listing."""

    name = "beritajakarta"
    default_base_url = "https://m.beritajakarta.id"
    listing_paths: ClassVar[tuple[str, ...]] = LISTING_PATHS

    def __init__(
        self,
        base_url: str | None = None,
        max_articles: int | str | None = None,
        delay: float | str | None = None,
        known_articles: Mapping[ArticleKey, str | None] | None = None,
        full: bool | str = False,
        full_listing: bool | str = True,
        refresh_urls: list[str] | None = None,
        retry_urls: list[str] | None = None,
        since: str | Since | None = None,
        run_id: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.base_url = (base_url or self.default_base_url).rstrip("/")
        self.max_articles = int(max_articles) if max_articles else None
        self.delay = None if delay is None or delay == "" else float(delay)
        self.known_articles: Mapping[ArticleKey, str | None] = known_articles or {}
        self.full = _flag(full)
        self.full_listing = _flag(full_listing)
        self.refresh_urls = list(refresh_urls or [])
        self.retry_urls = retry_urls
        self.since = parse_since(since)
        self.run_id = run_id
        host = urlsplit(self.base_url).hostname or ""
        self.allowed_domains = [host, *SITE_HOSTS]
        self.scheduled: set[ArticleKey] = set()
        # listings not started yet, read one after another under max_articles
        self.listings_to_read: deque[str] = deque()

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, *args: Any, **kwargs: Any
    ) -> BeritajakartaSpider:
        """Create the spider and relax politeness for a loopback mirror."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        if spider.delay is not None:
            settings.set("DOWNLOAD_DELAY", spider.delay, priority="spider")
        if is_loopback(spider.base_url):
            if spider.delay is None:
                settings.set("DOWNLOAD_DELAY", 0, priority="spider")
            settings.set("AUTOTHROTTLE_ENABLED", False, priority="spider")
            settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", 8, priority="spider")
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Request the failures to retry, or the refresh set and every listing."""
        if self.retry_urls is not None:
            for recorded in self.retry_urls:
                # a failure recorded on another base URL (another mirror port)
                url = rebase(recorded, self.base_url)
                if article_key(url) is None:
                    yield self._listing_request(url)
                else:
                    for request in self._follow_articles([url], force=True):
                        yield request
            return
        for request in self._follow_articles(self.refresh_urls, force=True):
            yield request
        urls = [self.base_url + path for path in self.listing_paths]
        if self.max_articles is None:
            for url in urls:
                yield self._listing_request(url)
            return
        self.listings_to_read.extend(urls)
        for request in self._next_listing():
            yield request

    def parse_listing(self, response: Response) -> Iterator[Any]:
        """Keep the listing page, follow its articles and, unless all known, its next page."""
        yield self._fetched(response, kind="listing")
        links = find_links(response.text, response.url)
        if links.listed or links.articles:
            self._stat("warta/listings_read")
        yield from self._follow_articles(links.articles)
        if self._quota_reached():
            return
        following: list[str] = []
        if self._keep_paging(response.text, links.listed or links.articles):
            following = self._pages_to_follow(response.url, links.next_pages)
        for url in following:
            yield self._listing_request(self._local(url))
        if not following:
            yield from self._next_listing()

    def _next_listing(self) -> Iterator[scrapy.Request]:
        """Under ``max_articles``: start the next listing while articles are wanted."""
        if self.listings_to_read and not self._quota_reached():
            yield self._listing_request(self.listings_to_read.popleft())

    def _quota_reached(self) -> bool:
        return (
            self.max_articles is not None and len(self.scheduled) >= self.max_articles
        )

    def _stat(self, key: str) -> None:
        crawler = getattr(self, "crawler", None)
        if crawler is not None and crawler.stats is not None:
            crawler.stats.inc_value(key)

    def parse_article(self, response: Response) -> Iterator[Any]:
        """Keep the article page and follow the articles it links to."""
        yield self._fetched(response, kind="article")
        if self.since is None and self.retry_urls is None:
            links = find_links(response.text, response.url)
            yield from self._follow_articles(links.articles)

    def _keep_paging(self, html: str, article_urls: list[str]) -> bool:
        """Whether the listing's next page can hold anything this run wants."""
        if self.retry_urls is not None:
            return False
        if self.since is not None:
            bound = listing_day_bound(self.since)
            dates = listing_item_dates(html)
            if dates and all(d is not None and d < bound for d in dates):
                return False
        if self.full or self.full_listing:
            return True
        keys = [article_key(url) for url in article_urls]
        return not keys or not all(k in self.known_articles for k in keys)

    def _pages_to_follow(self, page_url: str, next_pages: list[str]) -> list[str]:
        """Every pagination link on a full pass; only the next page under a stop rule.

        Pagination shows several numbered pages ahead: following them all would
        read pages past the first all-known (or too old) one before the rule
        could stop the listing.
        """
        if (
            (self.full or self.full_listing)
            and self.since is None
            and self.max_articles is None
        ):
            return next_pages
        return next_page(page_url, next_pages)

    def _follow_articles(
        self, urls: list[str], *, force: bool = False
    ) -> Iterator[scrapy.Request]:
        """Schedule each article once per run; skip known ones unless forced."""
        for url in urls:
            key = article_key(url)
            if key is None or key in self.scheduled:
                continue
            if self._is_known(key) and not force:
                continue
            if self._quota_reached():
                return
            self.scheduled.add(key)
            yield scrapy.Request(
                self._local(url),
                callback=self.parse_article,
                errback=self.on_error,
                meta={"warta_kind": "article"},
            )

    def _listing_request(self, url: str) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_listing,
            errback=self.on_error,
            meta={"warta_kind": "listing"},
        )

    def on_error(self, failure: Failure) -> Iterator[FetchFailure | scrapy.Request]:
        """A URL whose retries are exhausted becomes a recorded fetch failure.

        This is the one log line (WARNING) of a failed URL.
        """
        request = getattr(failure, "request", None)
        if request is None:
            return
        if isinstance(failure.value, HttpError):
            self._stat("warta/http_errors")
            reason = f"HTTP status {failure.value.response.status}"
        else:
            reason = f"{failure.type.__name__ if failure.type else 'error'}: "
            reason += str(failure.value).strip()[:300]
        self.logger.warning("giving up on %s: %s", request.url, reason)
        kind = request.meta.get("warta_kind", "article")
        yield FetchFailure(
            url=request.url,
            kind=kind,
            reason=reason,
            failed_at=_utc_now(),
            site=SITE,
            run_id=self.run_id,
        )
        if kind == "listing":
            yield from self._next_listing()

    @property
    def scope(self) -> str:
        """This run's ``crawl_runs.scope``."""
        return run_scope(
            retry=self.retry_urls is not None,
            since=self.since,
            max_articles=self.max_articles,
            full_listing=self.full or self.full_listing,
        )

    def _is_known(self, key: ArticleKey | None) -> bool:
        return not self.full and key is not None and key in self.known_articles

    def _local(self, url: str) -> str:
        """Send links to the site's hosts to the base URL (a mirror, or m.)."""
        host = urlsplit(url).hostname or ""
        return rebase(url, self.base_url) if host in SITE_HOSTS else url

    def _fetched(self, response: Response, *, kind: str) -> FetchedPage:
        requested = response.meta.get("redirect_urls", [response.url])[0]
        return FetchedPage(
            url=requested,
            final_url=response.url,
            status=response.status,
            headers=_headers(response),
            body=response.body,
            encoding=getattr(response, "encoding", "utf-8"),
            fetched_at=_utc_now(),
            site=SITE,
            kind=kind,
            run_id=self.run_id,
        )

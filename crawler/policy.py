"""The crawl policy, once for every site: an extension and a spider middleware.

:class:`CrawlPolicy` (extension) reads the ``WARTA_*`` options
(:mod:`crawler.crawl_options`) and, through the bridge named by
``WARTA_CRAWL_STATE``, what the archive holds for the spider's site
(``WARTA_SITE``, set by the spider); it relaxes politeness for a loopback
``WARTA_BASE_URL`` (a local mirror) and puts the run's scope in the stat
``warta/scope``. :class:`PolicyMiddleware` applies it to what the spider asks
for (spiders route, they decide nothing):

* incremental: an article already archived is not requested (unless
  ``WARTA_FULL`` or refreshed); each article once per run, by identity;
* refresh: archived articles published in the last ``WARTA_REFRESH_DAYS``;
* retry: under ``WARTA_RETRY_FAILED`` only the unresolved failures are fetched;
* since: links found on article pages are not followed, and a listing stops at
  a page whose items are all older;
* the listing stop rule: unless the last run read every listing to its end
  (or ``WARTA_FULL``), a listing stops at its first page whose articles are
  all known, following only the next page;
* ``WARTA_MAX_ARTICLES``: at most that many article requests, listings read
  one after another (the next when the crawl goes idle) while more are wanted.

Requests carry what the policy reads in ``meta`` (set by
:class:`crawler.spiders.portal.PortalSpider`): ``warta_kind``, ``warta_ref``
(the article's identity), ``warta_listed``, ``warta_next`` (a following page
of the listing), ``warta_dates`` (its items' dates), ``warta_forced``.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import AsyncIterator
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, Self

from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.misc import load_object

from crawler.crawl_options import ArchiveView, ArticleKey, CrawlOptions, run_scope
from crawler.links import next_page
from crawler.since import listing_day_bound
from crawler.urls import is_loopback

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.settings import BaseSettings
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

ARTICLE_KINDS = frozenset({"article", "page"})


class Router(Protocol):
    """What the policy asks of a spider: a request for a URL (retry, refresh)."""

    def request_for(self, url: str, *, forced: bool = False) -> Request: ...


class ArchiveState(Protocol):
    """The bridge to the archive (``WARTA_CRAWL_STATE``)."""

    def view(self, site: str, options: CrawlOptions) -> ArchiveView: ...


def relax_for_loopback(settings: BaseSettings, base_url: str) -> None:
    """No delay, no AutoThrottle, more concurrency for a mirror on this machine.

    A ``DOWNLOAD_DELAY`` given on the command line (``--delay``) is kept.
    """
    if not is_loopback(base_url):
        return
    settings.set("DOWNLOAD_DELAY", 0, priority="spider")
    settings.set("AUTOTHROTTLE_ENABLED", False, priority="spider")
    settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", 8, priority="spider")


class CrawlPolicy:
    """The run's options and what the archive holds; one per crawl."""

    def __init__(
        self,
        options: CrawlOptions,
        site: str,
        state: ArchiveState | None,
        stats: StatsCollector | None = None,
    ) -> None:
        self.options = options
        self.site = site
        self.state = state
        self.stats = stats
        self.view = ArchiveView()
        self.scope = run_scope(options, full_listing=True)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Read the options, relax politeness for a mirror, wire the archive read."""
        settings = crawler.settings
        relax_for_loopback(settings, settings.get("WARTA_BASE_URL") or "")
        state: ArchiveState | None = None
        bridge = settings.get("WARTA_CRAWL_STATE")
        if bridge and settings.getbool("WARTA_ARCHIVE_ENABLED", True):
            state = load_object(bridge)(settings.get("WARTA_ARCHIVE_PATH"))
        site = settings.get("WARTA_SITE") or (crawler.spidercls.name or "")
        policy = cls(CrawlOptions.from_settings(settings), site, state, crawler.stats)
        # first of the spider_opened handlers: the run lifecycle reads the scope
        crawler.signals.connect(policy.spider_opened, signal=signals.spider_opened)
        return policy

    def spider_opened(self) -> None:
        """Read the archive (known articles, refresh set, failures, last run)."""
        if self.state is not None:
            self.view = self.state.view(self.site, self.options)
        self.scope = run_scope(
            self.options,
            full_listing=self.options.full or not self.view.listings_complete,
        )
        if self.stats is not None:
            self.stats.set_value("warta/scope", self.scope)

    @property
    def full_listing(self) -> bool:
        """Page through every listing (first run, resumed run, or --full)."""
        return self.options.full or not self.view.listings_complete

    def is_known(self, key: ArticleKey) -> bool:
        """Archived, and not to be fetched again (unless ``WARTA_FULL``)."""
        return not self.options.full and self.view.knows(key)


class PolicyMiddleware:
    """Filter what the spider requests by the run's :class:`CrawlPolicy`."""

    def __init__(self, crawler: Crawler, policy: CrawlPolicy) -> None:
        self.crawler = crawler
        self.policy = policy
        self.scheduled: set[ArticleKey] = set()
        self.held: deque[Request] = deque()  # listings waiting (max-articles)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Find the run's policy (the extension) and listen for idleness."""
        policy = crawler.get_extension(CrawlPolicy)
        if policy is None:
            raise RuntimeError("PolicyMiddleware needs the CrawlPolicy extension")
        middleware = cls(crawler, policy)
        crawler.signals.connect(middleware.spider_idle, signal=signals.spider_idle)
        return middleware

    @property
    def options(self) -> CrawlOptions:
        return self.policy.options

    def _router(self) -> Router | None:
        spider = self.crawler.spider
        return spider if hasattr(spider, "request_for") else None

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        """Retry only the failures; else the refresh set first, then the seeds."""
        router = self._router()
        if self.options.retry_failed and router is not None:
            for url in self.policy.view.retry_urls:
                request = router.request_for(url, forced=True)
                if self._wanted(request, None):
                    yield request
            return
        if router is not None:
            for url in self.policy.view.refresh_urls:
                request = router.request_for(url, forced=True)
                if self._wanted(request, None):
                    yield request
        first = True
        async for item in start:
            if not isinstance(item, Request):
                yield item
            elif item.meta.get("warta_kind") in ARTICLE_KINDS:
                if self._wanted(item, None):
                    yield item
            elif self.options.max_articles is None or first:
                first = False
                yield item
            else:
                self.held.append(item)  # read one listing after another

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        """Drop unwanted article requests and pages past the listing's stop rule."""
        following: list[Request] = []
        listed: list[ArticleKey] = []
        linked: list[ArticleKey] = []
        async for item in result:
            if not isinstance(item, Request):
                yield item
                continue
            if item.meta.get("warta_next"):
                following.append(item)
                continue
            if item.meta.get("warta_kind") in ARTICLE_KINDS:
                key = _key(item)
                if key is not None:
                    (listed if item.meta.get("warta_listed") else linked).append(key)
                if self._wanted(item, response):
                    yield item
                continue
            if not self._quota_reached():
                yield item
        if following and self._keep_paging(following, listed or linked):
            for request in self._pages_to_follow(response.url, following):
                yield request

    def _wanted(self, request: Request, response: Response | None) -> bool:
        """Whether to request this article now (and count it against the bound)."""
        found_on = response.meta.get("warta_kind") if response is not None else None
        if found_on in ARTICLE_KINDS and (
            self.options.since is not None or self.options.retry_failed
        ):
            return False  # only listed articles: no links of articles
        key = _key(request)
        if key is None or key in self.scheduled:
            return key is None and not self._quota_reached()
        forced = bool(request.meta.get("warta_forced"))
        if not forced and self.policy.is_known(key):
            return False
        if not forced and self._listed_before_since(request):
            return False
        if self._quota_reached():
            return False
        self.scheduled.add(key)
        return True

    def _listed_before_since(self, request: Request) -> bool:
        since = self.options.since
        listed = request.meta.get("warta_date")
        if since is None or not listed:
            return False
        return date.fromisoformat(str(listed)[:10]) < listing_day_bound(since)

    def _quota_reached(self) -> bool:
        bound = self.options.max_articles
        return bound is not None and len(self.scheduled) >= bound

    def _keep_paging(self, following: list[Request], keys: list[ArticleKey]) -> bool:
        """Whether the listing's next page can hold anything this run wants."""
        if self.options.retry_failed or self._quota_reached():
            return False
        since = self.options.since
        if since is not None:
            bound = listing_day_bound(since)
            dates = following[0].meta.get("warta_dates") or []
            if dates and all(
                d is not None and date.fromisoformat(d) < bound for d in dates
            ):
                return False
        if self.policy.full_listing:
            return True
        return not keys or not all(self.policy.view.knows(k) for k in keys)

    def _pages_to_follow(
        self, page_url: str, following: list[Request]
    ) -> list[Request]:
        """Every pagination link on a full pass; only the next page under a stop rule.

        Pagination shows several numbered pages ahead: following them all would
        read pages past the first all-known (or too old) one before the rule
        could stop the listing.
        """
        if (
            self.policy.full_listing
            and self.options.since is None
            and self.options.max_articles is None
        ):
            return following
        chosen = set(next_page(page_url, [r.url for r in following]))
        return [r for r in following if r.url in chosen]

    def spider_idle(self) -> None:
        """Under ``WARTA_MAX_ARTICLES``: start the next listing while articles are wanted."""
        if self.held and not self._quota_reached() and self.crawler.engine is not None:
            self.crawler.engine.crawl(self.held.popleft())
            raise DontCloseSpider


def _key(request: Request) -> ArticleKey | None:
    ref = request.meta.get("warta_ref")
    return None if ref is None else (ref[0], ref[1])

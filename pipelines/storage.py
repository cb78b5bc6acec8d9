"""ArchivePipeline: the only pipeline that writes the archive.

Settings (defaults in ``from_crawler``):

* ``WARTA_ARCHIVE_PATH`` (``warta.sqlite``): the SQLite archive file.
* ``WARTA_ARCHIVE_ENABLED`` (True): set False to crawl without storing.

* ``WARTA_STORAGE_BATCH_ITEMS`` (20) and ``WARTA_STORAGE_BATCH_SECONDS`` (0.2):
  items are stored in batches, one transaction each, of at most this many
  items, the first waiting at most this long for the others.

Per article page it stores the raw page, then the article (new, updated or
unchanged) or the reason it failed; listing, related and popular blocks add
view-count observations, and a listing page fetched resolves its earlier fetch
failures (an article's are resolved when it is saved). It counts into the row
of the run :class:`pipelines.runs.RunLifecycle` opened (stat ``warta/run_id``).

Everything a batch writes, the run's counters included, is one transaction,
and an item leaves the pipeline only once its batch is committed (the
frontier acknowledges its request then): a crawl killed at any moment leaves
a consistent archive whose run row counts exactly what was stored, and the
items of the unfinished batch (at most its last 0.2 s) are not archived, so
the next run fetches them again. An item the archive refuses (an invalid row)
fails alone: its batch is stored again one item at a time.

A write the archive cannot take (disk full, I/O error, read-only file, lock
held past the busy timeout) rolls back that batch, logs one ERROR line and
closes the spider with reason ``storage_failed`` (the cause in the stat
``warta/storage_error``); later items are dropped unwritten, so every
article the run row counts is in the archive. An article published before
``WARTA_SINCE`` is skipped (stat ``warta/skipped``), not stored.
Scrapy stats kept for ``warta crawl``'s verdict: ``warta/failed_articles``
(article pages that could not be fetched or extracted) and
``warta/article_fetch_failures``.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.defer import deferred_from_coro

from archive.store import Archive, open_archive
from crawler.crawl_options import CrawlOptions
from crawler.items import Article, FetchedPage, FetchFailure, Link
from crawler.since import Since, published_before
from pipelines.batches import Batch, Outcome
from pipelines.drops import (
    ExtractionFailed,
    FetchFailed,
    ListingPageStored,
    PublishedBeforeSince,
    StorageFailed,
)
from pipelines.extractors.api import article_identity
from pipelines.runs import error_line

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

#: The spider's close reason when the archive cannot be written.
STORAGE_FAILED = "storage_failed"

#: Items stored in one transaction at most, and how long the first waits (s).
#: Each transaction has a fixed cost (its lookups, the run row, the commit and
#: its full-text index segment): 20 items cost a fifth less per item than 10.
BATCH_ITEMS = 20
BATCH_SECONDS = 0.2

Stored = FetchedPage | FetchFailure

#: Errors of a write the archive could not take (disk full, I/O error, read-only
#: file, lock held past the busy timeout), as opposed to errors of the item.
STORAGE_ERRORS = (sa.exc.OperationalError, OSError)


def _observations(links: list[Link], source: str, site: str) -> list[dict[str, Any]]:
    """View observations with the observed article's identity (the link's target)."""
    return [
        {
            "url": link.url,
            "views": link.views,
            "source": source,
            "site": site,
            "language": link.target_language,
            "site_article_id": link.target_site_article_id,
        }
        for link in links
        if link.views is not None
    ]


_ARTICLE_FIELDS = tuple(field.name for field in dataclasses.fields(Article))
_LINK_FIELDS = tuple(field.name for field in dataclasses.fields(Link))
_LINK_LISTS = tuple(
    f.name for f in dataclasses.fields(Article) if f.type == "list[Link]"
)


def article_row(article: Article) -> dict[str, Any]:
    """The article as the archive takes it: ``dataclasses.asdict`` without its
    deep copy of every value (the archive copies what it keeps)."""
    row = {name: getattr(article, name) for name in _ARTICLE_FIELDS}
    for kind in _LINK_LISTS:
        row[kind] = [
            {name: getattr(link, name) for name in _LINK_FIELDS} for link in row[kind]
        ]
    return row


def _failure_key(url: str, site: str) -> dict[str, str | None]:
    """The identity of the article a failed URL is (the site's URL rules)."""
    language, site_article_id = article_identity(url, site) or (None, None)
    return {"language": language, "site_article_id": site_article_id}


def _article_key(item: Stored) -> tuple[str, str, str] | None:
    """The identity of the article an item saves, if it saves one."""
    if isinstance(item, FetchFailure) or item.article is None:
        return None
    article = item.article
    return (article.site, article.language, article.site_article_id)


def _urls(item: Stored) -> tuple[str, ...]:
    """The URLs whose pages or failures an item writes."""
    if isinstance(item, FetchFailure):
        return (item.url,)
    return (item.url, item.final_url)


@dataclasses.dataclass
class _BatchWrites:
    """What a batch writes after its items: articles (with their stored page's
    id) by the time they were seen, and view observations by that time and the
    site they were seen on (so the archive need not look the run's site up)."""

    articles: defaultdict[str, list[tuple[dict[str, Any], int]]] = dataclasses.field(
        default_factory=lambda: defaultdict(list)
    )
    views: defaultdict[tuple[str, str], list[dict[str, Any]]] = dataclasses.field(
        default_factory=lambda: defaultdict(list)
    )


class ArchivePipeline:
    """Store fetched pages, articles, failures and view counts in the archive."""

    def __init__(
        self,
        path: str = "warta.sqlite",
        crawler: Crawler | None = None,
        *,
        batch_items: int = BATCH_ITEMS,
        batch_seconds: float = BATCH_SECONDS,
    ):
        self.path = path
        self.crawler = crawler
        self.batch: Batch[Stored] = Batch(
            self._settle, size=batch_items, seconds=batch_seconds
        )
        self.archive: Archive | None = None
        self.run_id: int | None = None
        self.counts: Counter[str] = Counter()
        #: Stats of the batch being written, published when it is committed.
        self.uncommitted_stats: Counter[str] = Counter()
        #: Why the archive could not be written (the crawl is stopping), if so.
        self.storage_error: str | None = None
        self.closing: Any = None  # the Deferred closing the spider after one
        #: Articles published before this (``WARTA_SINCE``) are skipped.
        self.since: Since | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        """Read the archive and batch settings and ``WARTA_SINCE``."""
        settings = crawler.settings
        if not settings.getbool("WARTA_ARCHIVE_ENABLED", True):
            raise NotConfigured("WARTA_ARCHIVE_ENABLED is off")
        pipeline = cls(
            settings.get("WARTA_ARCHIVE_PATH", "warta.sqlite"),
            crawler,
            batch_items=settings.getint("WARTA_STORAGE_BATCH_ITEMS", BATCH_ITEMS),
            batch_seconds=settings.getfloat(
                "WARTA_STORAGE_BATCH_SECONDS", BATCH_SECONDS
            ),
        )
        pipeline.since = CrawlOptions.from_settings(settings).since
        return pipeline

    def _archive(self) -> Archive:
        if self.archive is None:
            raise RuntimeError("ArchivePipeline used before open_spider()")
        return self.archive

    def open_spider(self) -> None:
        """Open the archive (the run's row is :class:`~pipelines.runs.RunLifecycle`'s)."""
        self.archive = open_archive(self.path)

    def _run_id(self) -> int | None:
        """The run's id, published by the run lifecycle when the spider opened."""
        if self.run_id is None and self.crawler is not None and self.crawler.stats:
            self.run_id = self.crawler.stats.get_value("warta/run_id")
        return self.run_id

    async def process_item(self, item: Any) -> Any:
        """Store one item with its batch; drop (with a named reason) what is
        not an article. Returns (or raises) once the batch is committed."""
        if not isinstance(item, Stored):
            return item
        if self.storage_error is not None:
            raise self._not_stored()
        return await self.batch.add(item)

    def _settle(self, items: list[Stored]) -> list[Outcome]:
        """Store a batch; each item's outcome (its drop, or why it is not stored)."""
        if self.storage_error is not None:
            return [self._not_stored() for _ in items]
        before = Counter(self.counts)
        self.uncommitted_stats.clear()
        try:
            outcomes: list[Outcome] = list(self._store_batch(items))
        except STORAGE_ERRORS as exc:
            self.counts = before  # the run row holds what was committed
            self._stop(error_line(exc), exc)
            return [self._not_stored() for _ in items]
        except Exception as exc:  # noqa: BLE001  the item's error, its outcome
            self.counts = before
            if len(items) == 1:
                return [exc]
            # find the item at fault: one at a time
            return [outcome for item in items for outcome in self._settle([item])]
        self._publish_stats()
        return outcomes

    def _not_stored(self) -> StorageFailed:
        return StorageFailed(f"not stored: {self.storage_error}")

    def _store_batch(self, items: list[Stored]) -> list[DropItem | None]:
        """Write the items and the run's counters in one transaction; the drop
        that reports each item (None for a stored article)."""
        archive = self._archive()
        with archive.transaction():
            keys = [key for item in items if (key := _article_key(item))]
            archive.lock_writes(keys, {url for item in items for url in _urls(item)})
            batch = _BatchWrites()
            drops = [self._store(item, batch) for item in items]
            self._write(batch)
            self._flush()
        return drops

    def _write(self, batch: _BatchWrites) -> None:
        """Save the batch's articles, then the views its pages showed (so a
        listing's view of an article saved in the same batch counts)."""
        archive = self._archive()
        for at, entries in sorted(batch.articles.items()):
            results = archive.save_articles(
                [article for article, _ in entries],
                observed_at=at,
                run_id=self._run_id(),
                page_ids=[page_id for _, page_id in entries],
            )
            for result in results:
                self._count(result.status)
        for (at, site), observations in sorted(batch.views.items()):
            archive.record_views(
                observations, observed_at=at, run_id=self._run_id(), site=site
            )

    def _stop(self, message: str, exc: BaseException) -> None:
        """Close the spider at once: nothing more can be stored."""
        self.storage_error = message
        cause = getattr(exc, "orig", None) or exc
        logger.error(
            "cannot write the archive %s: %s; stopping the crawl",
            self.path,
            str(cause).strip() or message,  # the log keeps the database's detail
            extra={"warta_console": False},  # `warta crawl` prints the one line
        )
        if self.crawler is None:
            return
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("warta/storage_error", message)
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            self.closing = deferred_from_coro(
                engine.close_spider_async(reason=STORAGE_FAILED)
            )

    def _store(self, item: Stored, batch: _BatchWrites) -> DropItem | None:
        """Write one item (its article and the views it shows go to ``batch``);
        return the drop that reports it, if it is not an article."""
        archive = self._archive()
        if isinstance(item, FetchFailure):
            self._count("failed")
            if item.kind != "listing":
                self._stat("warta/article_fetch_failures")
                self._stat("warta/failed_articles")
            archive.record_failure(
                url=item.url,
                stage="fetch",
                reason=item.reason,
                run_id=self._run_id(),
                at=item.failed_at,
                site=item.site,
                **_failure_key(item.url, item.site),
            )
            return FetchFailed(f"{item.url}: {item.reason}")
        if item.kind == "listing":
            self._count("listing_pages")
            batch.views[item.fetched_at, item.site] += _observations(
                item.listing_links, "listing", item.site
            )
            # a listing page that failed before is fetched now: close its failure
            archive.resolve_failures({item.url, item.final_url}, at=item.fetched_at)
            return ListingPageStored(item.final_url)
        self._count("article_pages")
        if (
            self.since is not None
            and item.article is not None
            and published_before(item.article.published_at, self.since)
        ):
            self._stat("warta/skipped")
            return PublishedBeforeSince(
                f"{item.final_url}: published before {self.since}"
            )
        page_id = archive.save_page(
            url=item.url,
            final_url=item.final_url,
            fetched_at=item.fetched_at,
            status=item.status,
            headers=item.headers,
            body=item.body,
            run_id=self._run_id(),
        )
        if item.article is None:
            self._count("failed")
            self._stat("warta/failed_articles")
            reason = item.error or "no article extracted"
            archive.record_failure(
                url=item.final_url,
                stage="extract",
                reason=reason,
                run_id=self._run_id(),
                at=item.fetched_at,
                site=item.site,
                **_failure_key(item.final_url, item.site),
            )
            return ExtractionFailed(f"{item.final_url}: {reason}")
        article = item.article
        batch.articles[item.fetched_at].append((article_row(article), page_id))
        batch.views[item.fetched_at, item.site] += _observations(
            article.related, "related", item.site
        ) + _observations(article.popular, "popular", item.site)
        return None

    def _count(self, key: str) -> None:
        """Count in the run row and in Scrapy's stats (the progress display reads them)."""
        self.counts[key] += 1
        self._stat(f"warta/{key}")

    def _stat(self, key: str) -> None:
        """Count in Scrapy's stats once the batch is committed."""
        self.uncommitted_stats[key] += 1

    def _publish_stats(self) -> None:
        stats = self.uncommitted_stats
        self.uncommitted_stats = Counter()
        if self.crawler is not None and self.crawler.stats is not None:
            for key, value in stats.items():
                self.crawler.stats.inc_value(key, value)

    def _flush(self) -> None:
        if self.archive is not None and self._run_id() is not None:
            counters: dict[str, int] = dict(self.counts)
            # counters never include "log_path", the one non-counter keyword
            self.archive.update_run(self.run_id, **counters)  # type: ignore[arg-type]

    def close_spider(self) -> None:
        """Store what is pending, flush the counters and close the archive (the
        lifecycle judges the run)."""
        if self.archive is None:
            return
        self.batch.flush()
        try:
            if self.storage_error is None:
                self._flush()
        except STORAGE_ERRORS as exc:
            logger.error("cannot update run %s: %s", self.run_id, exc)
        finally:
            try:
                self.archive.close()
            except STORAGE_ERRORS as exc:
                logger.debug("closing the archive: %s", exc)
            self.archive = None

"""ArchivePipeline: the only pipeline that writes the archive.

Settings (defaults in ``from_crawler``):

* ``WARTA_ARCHIVE_PATH`` (``warta.sqlite``): the SQLite archive file.
* ``WARTA_ARCHIVE_ENABLED`` (True): set False to crawl without storing.

Per article page it stores the raw page, then the article (new, updated or
unchanged) or the reason it failed; listing, related and popular blocks add
view-count observations, and a listing page fetched resolves its earlier fetch
failures (an article's are resolved when it is saved). It counts into the row
of the run :class:`pipelines.runs.RunLifecycle` opened (stat ``warta/run_id``).

A write the archive cannot take (disk full, I/O error, read-only file, lock
held past the busy timeout) rolls back that item's transaction, logs one
ERROR line and closes the spider with reason ``storage_failed`` (the cause in
the stat ``warta/storage_error``); later items are dropped unwritten, so every
article the run row counts is in the archive. An article published before
``WARTA_SINCE`` is skipped (stat ``warta/skipped``), not stored.
Scrapy stats kept for ``warta crawl``'s verdict: ``warta/failed_articles``
(article pages that could not be fetched or extracted) and
``warta/article_fetch_failures``.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.defer import deferred_from_coro

from archive.store import Archive, open_archive
from crawler.crawl_options import CrawlOptions
from crawler.items import FetchedPage, FetchFailure, Link
from crawler.since import Since, published_before
from pipelines.drops import (
    ExtractionFailed,
    FetchFailed,
    ListingPageStored,
    PublishedBeforeSince,
    StorageFailed,
)
from pipelines.extractors.api import article_identity

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

#: The spider's close reason when the archive cannot be written.
STORAGE_FAILED = "storage_failed"

#: Errors of a write the archive could not take (disk full, I/O error, read-only
#: file, lock held past the busy timeout), as opposed to errors of the item.
STORAGE_ERRORS = (sa.exc.OperationalError, OSError)


def storage_error_message(exc: BaseException) -> str:
    """One line: ``database or disk is full``, ``attempt to write a readonly …``."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


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


def _failure_key(url: str, site: str) -> dict[str, str | None]:
    """The identity of the article a failed URL is (the site's URL rules)."""
    language, site_article_id = article_identity(url, site) or (None, None)
    return {"language": language, "site_article_id": site_article_id}


class ArchivePipeline:
    """Store fetched pages, articles, failures and view counts in the archive."""

    def __init__(self, path: str = "warta.sqlite", crawler: Crawler | None = None):
        self.path = path
        self.crawler = crawler
        self.archive: Archive | None = None
        self.run_id: int | None = None
        self.counts: Counter[str] = Counter()
        #: Why the archive could not be written (the crawl is stopping), if so.
        self.storage_error: str | None = None
        self.closing: Any = None  # the Deferred closing the spider after one
        #: Articles published before this (``WARTA_SINCE``) are skipped.
        self.since: Since | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        """Read the archive settings and ``WARTA_SINCE``."""
        if not crawler.settings.getbool("WARTA_ARCHIVE_ENABLED", True):
            raise NotConfigured("WARTA_ARCHIVE_ENABLED is off")
        pipeline = cls(
            crawler.settings.get("WARTA_ARCHIVE_PATH", "warta.sqlite"), crawler
        )
        pipeline.since = CrawlOptions.from_settings(crawler.settings).since
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

    def process_item(self, item: Any) -> Any:
        """Store one item; drop (with a named reason) what is not an article.

        Everything one item writes, the run's counters included, is one
        transaction: a crawl killed at any moment leaves a consistent archive
        whose run row counts exactly what was stored.
        """
        if not isinstance(item, FetchedPage | FetchFailure):
            return item
        if self.storage_error is not None:
            raise StorageFailed(f"not stored: {self.storage_error}")
        before = Counter(self.counts)
        try:
            with self._archive().transaction():
                drop = self._store(item)
                self._flush()
        except STORAGE_ERRORS as exc:
            self.counts = before  # the run row holds what was committed
            self._stop(storage_error_message(exc))
            raise StorageFailed(f"not stored: {self.storage_error}") from None
        if drop is not None:
            raise drop
        return item

    def _stop(self, message: str) -> None:
        """Close the spider at once: nothing more can be stored."""
        self.storage_error = message
        logger.error(
            "cannot write the archive %s: %s; stopping the crawl",
            self.path,
            message,
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

    def _store(self, item: FetchedPage | FetchFailure) -> DropItem | None:
        """Write one item; return the drop that reports it, if it is not an article."""
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
            archive.record_views(
                _observations(item.listing_links, "listing", item.site),
                observed_at=item.fetched_at,
                run_id=self._run_id(),
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
        result = archive.save_article(
            dataclasses.asdict(item.article),
            observed_at=item.fetched_at,
            run_id=self._run_id(),
            page_id=page_id,
        )
        self._count(result.status)
        archive.record_views(
            _observations(item.article.related, "related", item.site)
            + _observations(item.article.popular, "popular", item.site),
            observed_at=item.fetched_at,
            run_id=self._run_id(),
        )
        return None

    def _count(self, key: str) -> None:
        """Count in the run row and in Scrapy's stats (the progress display reads them)."""
        self.counts[key] += 1
        self._stat(f"warta/{key}")

    def _stat(self, key: str) -> None:
        if self.crawler is not None and self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)

    def _flush(self) -> None:
        if self.archive is not None and self._run_id() is not None:
            counters: dict[str, int] = dict(self.counts)
            # counters never include "log_path", the one non-counter keyword
            self.archive.update_run(self.run_id, **counters)  # type: ignore[arg-type]

    def close_spider(self) -> None:
        """Flush the counters and close the archive (the lifecycle judges the run)."""
        if self.archive is None:
            return
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

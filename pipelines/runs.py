"""A crawl run's lifecycle, once: its ``crawl_runs`` row from open to verdict.

:class:`RunLifecycle` (extension) opens the run's row when the spider opens
(or adopts the row ``warta crawl`` opened, ``WARTA_RUN_ID``) and, when it
closes, judges the run (:func:`crawler.verdict.judge`: finished, degraded,
failed or interrupted, with the reason) from the row the archive pipeline
counted into and Scrapy's stats, and records it; so ``scrapy crawl`` and
scrapyd runs end exactly as ``warta crawl`` runs do. The verdict is also left
in the stats (``warta/status``, ``warta/status_reason``; ``warta/unrecorded``
when the row could not be written) for the caller's exit code.

:func:`open_run` and :func:`close_run` are the same steps for callers outside
Scrapy (``warta crawl`` before the crawl starts, or when it cannot).
"""

from __future__ import annotations

import logging
import os
import socket
import sys
from typing import TYPE_CHECKING, Any, Self

import sqlalchemy as sa
from scrapy import signals
from scrapy.exceptions import NotConfigured

from archive.errors import ArchiveError
from archive.store import Archive, open_archive
from crawler.crawl_options import CrawlOptions
from crawler.verdict import Verdict, judge

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

#: Errors of an archive that cannot be written or read (disk full, I/O, lock).
UNRECORDABLE = (ArchiveError, sa.exc.OperationalError, OSError)


def open_run(
    arc: Archive, site: str, scope: str | None, *, crawl_id: str | None = None
) -> int:
    """Start the run's row (``running``); its id. ``crawl_id``: the frontier
    crawl this run is a worker of."""
    return arc.start_run(
        site,
        pid=os.getpid(),
        hostname=socket.gethostname(),
        command=" ".join(sys.argv),
        scope=scope,
        crawl_id=crawl_id,
    )


def run_row(arc: Archive, site: str, run_id: int) -> dict[str, Any]:
    """The run's row (the crawl lock keeps it among its site's newest)."""
    for run in arc.list_runs(limit=50, site=site):
        if run["id"] == run_id:
            return run
    raise ArchiveError(f"run {run_id} of {site} not found")


def close_run(arc: Archive, run_id: int, verdict: Verdict, **counters: int) -> None:
    """End the row with the verdict; tidy the search index unless it failed."""
    arc.finish_run(run_id, verdict.status, reason=verdict.reason, **counters)
    if verdict.status != "failed":
        arc.tidy_search_index()  # still under the crawl lock


def error_line(exc: BaseException) -> str:
    """The first line of an archive error (``database or disk is full``)."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class RunLifecycle:
    """Open the run's row when the spider opens; judge and close it at the end."""

    def __init__(self, path: str, options: CrawlOptions, site: str, crawler: Crawler):
        self.path = path
        self.options = options
        self.site = site
        self.crawler = crawler
        self.run_id: int | None = options.run_id
        self.crawl_id: str | None = None  # WARTA_FRONTIER_CRAWL_ID: one worker of it

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Read the archive path and options; connect to the spider's open and close."""
        settings = crawler.settings
        if not settings.getbool("WARTA_ARCHIVE_ENABLED", True):
            raise NotConfigured("WARTA_ARCHIVE_ENABLED is off")
        site = settings.get("WARTA_SITE") or (crawler.spidercls.name or "unknown")
        lifecycle = cls(
            settings.get("WARTA_ARCHIVE_PATH", "warta.sqlite"),
            CrawlOptions.from_settings(settings),
            site,
            crawler,
        )
        lifecycle.crawl_id = settings.get("WARTA_FRONTIER_CRAWL_ID") or None
        crawler.signals.connect(lifecycle.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(lifecycle.spider_closed, signal=signals.spider_closed)
        return lifecycle

    def _set(self, key: str, value: Any) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.set_value(key, value)

    def spider_opened(self) -> None:
        """Open the run's row (unless the caller did); publish its id."""
        if self.run_id is None:
            scope = None
            if self.crawler.stats is not None:
                scope = self.crawler.stats.get_value("warta/scope")
            with open_archive(self.path) as arc:
                self.run_id = open_run(arc, self.site, scope, crawl_id=self.crawl_id)
        self._set("warta/run_id", self.run_id)

    def spider_closed(self, reason: str) -> None:
        """Judge the run and record the verdict in its row."""
        if self.run_id is None:
            return
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        retries = int(stats.get("retry/count", 0))
        verdict = Verdict("failed", f"closed with {reason}")
        try:
            with open_archive(self.path) as arc:
                run = run_row(arc, self.site, self.run_id)
                verdict = judge(
                    reason,
                    run,
                    stats,
                    max_failure_rate=self.options.max_failure_rate,
                    # a frontier worker may get no listing: another one read them
                    reads_listings=not self.options.retry_failed
                    and self.crawl_id is None,
                )
                self._set("warta/status", verdict.status)
                self._set("warta/status_reason", verdict.reason)
                close_run(arc, self.run_id, verdict, retries=retries)
        except UNRECORDABLE as exc:
            message = error_line(exc)
            if reason == "storage_failed":
                verdict = judge(reason, {}, stats)
            self._set("warta/status", verdict.status)
            self._set("warta/status_reason", verdict.reason)
            self._set("warta/unrecorded", message)
            logger.error(
                "cannot close run %s: %s", self.run_id, message,
                extra={"warta_console": False},
            )  # fmt: skip

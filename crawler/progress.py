"""CrawlProgress extension: a live display on a terminal, periodic log lines otherwise.

Settings:

* ``WARTA_PROGRESS`` (``auto``): ``live`` (rich display), ``log`` (a line every
  ``WARTA_PROGRESS_INTERVAL`` seconds), ``off``, or ``auto`` (live when stderr
  is a terminal, else log).
* ``WARTA_PROGRESS_INTERVAL`` (10 s): seconds between log lines.

It reads Scrapy's stats: pages downloaded and the ``warta/*`` counters the
archive pipeline keeps (new, updated, unchanged, failed).
"""

from __future__ import annotations

import logging
import sys
import time
from typing import TYPE_CHECKING, Any, Self

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

if TYPE_CHECKING:
    from rich.live import Live
    from rich.table import Table
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

COUNTERS = ("new", "updated", "unchanged", "failed")


def progress_line(stats: dict[str, Any], elapsed: float) -> str:
    """One plain-text progress line from a stats snapshot."""
    pages = int(stats.get("response_received_count", 0))
    rate = pages / elapsed * 60 if elapsed > 0 else 0.0
    counts = ", ".join(f"{int(stats.get(f'warta/{k}', 0))} {k}" for k in COUNTERS)
    retries = int(stats.get("retry/count", 0))
    return (
        f"{pages} pages ({rate:.0f}/min), {counts}, {retries} retries, "
        f"{elapsed:.0f}s elapsed"
    )


class CrawlProgress:
    """Show crawl progress while the spider runs."""

    def __init__(self, stats: StatsCollector, mode: str, interval: float) -> None:
        self.stats = stats
        self.mode = mode
        self.interval = interval
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None
        self.live: Live | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Pick the display mode and connect to the spider's open and close."""
        mode = crawler.settings.get("WARTA_PROGRESS", "auto")
        if mode == "auto":
            mode = "live" if sys.stderr.isatty() else "log"
        if mode not in ("live", "log") or crawler.stats is None:
            raise NotConfigured("WARTA_PROGRESS is off")
        interval = crawler.settings.getfloat("WARTA_PROGRESS_INTERVAL", 10.0)
        extension = cls(crawler.stats, mode, interval)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self) -> None:
        """Start the display."""
        self.started = time.monotonic()
        if self.mode == "live":
            from rich.live import Live

            self.live = Live(self._table(), refresh_per_second=4, transient=False)
            self.live.start()
            self.loop = task.LoopingCall(self._refresh)
            self.loop.start(0.5, now=False)
        else:
            self.loop = task.LoopingCall(self._log)
            self.loop.start(self.interval, now=False)

    def _elapsed(self) -> float:
        return time.monotonic() - self.started

    def _table(self) -> Table:
        from rich.table import Table

        stats = self.stats.get_stats()
        elapsed = self._elapsed()
        pages = int(stats.get("response_received_count", 0))
        table = Table(title="warta crawl", show_header=False, min_width=40)
        table.add_row("pages", f"{pages}  ({pages / max(elapsed, 1e-9) * 60:.0f}/min)")
        for key in COUNTERS:
            table.add_row(key, str(int(stats.get(f"warta/{key}", 0))))
        table.add_row("retries", str(int(stats.get("retry/count", 0))))
        table.add_row("elapsed", f"{elapsed:.0f}s")
        return table

    def _refresh(self) -> None:
        if self.live is not None:
            self.live.update(self._table())

    def _log(self) -> None:
        logger.info(
            "progress: %s", progress_line(self.stats.get_stats(), self._elapsed())
        )

    def spider_closed(self) -> None:
        """Stop the display, leaving the final figures on screen."""
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.live is not None:
            self.live.update(self._table())
            self.live.stop()

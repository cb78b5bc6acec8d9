"""Run one spider in this process with warta's settings (no archive knowledge)."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawler import settings as warta_settings
from crawler.spiders import SITES
from crawler.spiders.beritajakarta import BeritajakartaSpider

SPIDERS = {BeritajakartaSpider.name: BeritajakartaSpider}
if set(SPIDERS) != set(SITES):
    raise RuntimeError("crawler.spiders.SITES must list every spider's name")


class _ConsoleFilter(logging.Filter):
    """Warnings and errors, plus the progress lines, go to the console."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "warta_console", True):
            return False  # the caller prints this one itself
        return record.levelno >= logging.WARNING or record.name == "crawler.progress"


def _echo_to_console() -> None:
    """With the log going to a file, still show what matters on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.INFO)
    handler.addFilter(_ConsoleFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logging.getLogger().addHandler(handler)


@dataclass
class CrawlOutcome:
    """How a crawl ended, read from Scrapy's stats."""

    finish_reason: str
    stats: dict[str, Any]


def run_spider(
    site: str, *, settings: dict[str, Any], spider_args: dict[str, Any]
) -> CrawlOutcome:
    """Crawl ``site`` to the end (blocking); return its close reason and stats."""
    if site not in SPIDERS:
        raise KeyError(f"unknown site {site!r}; known: {', '.join(sorted(SPIDERS))}")
    project = Settings()
    project.setmodule(warta_settings, priority="project")
    project.setdict(settings, priority="cmdline")
    process = CrawlerProcess(project)
    if project.get("LOG_FILE"):
        _echo_to_console()
        # a log file on a full disk must not print a traceback per record
        logging.raiseExceptions = False
    crawler = process.create_crawler(SPIDERS[site])
    process.crawl(crawler, **spider_args)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    return CrawlOutcome(str(stats.get("finish_reason", "unknown")), dict(stats))

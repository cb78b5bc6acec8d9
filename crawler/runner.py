"""Run one spider in this process with warta's settings (no archive knowledge).

Spiders are found by Scrapy's SpiderLoader in ``SPIDER_MODULES`` (one per site
profile, plus ``generic``): :func:`spider_names` lists them.
"""

from __future__ import annotations

import gc
import logging
import sys
from dataclasses import dataclass
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader

from crawler import settings as warta_settings

#: Allocations between two collections of young objects while a crawl runs.
#: With CPython's 700 a 1,000-article crawl collects about 370 times (~0.1 s
#: of CPU); with this, about 5 times, for ~1 MB more peak memory.
ENGINE_GC_THRESHOLD = 10_000


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


def project_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """warta's Scrapy settings, with ``overrides`` at command-line priority."""
    project = Settings()
    project.setmodule(warta_settings, priority="project")
    project.setdict(overrides or {}, priority="cmdline")
    return project


def spider_loader() -> SpiderLoader:
    """Scrapy's loader over warta's ``SPIDER_MODULES``."""
    return SpiderLoader.from_settings(project_settings())


def spider_names() -> list[str]:
    """Every spider's name (``beritajakarta``, ``generic``, ``jabar`` …), sorted."""
    return sorted(spider_loader().list())


@dataclass
class CrawlOutcome:
    """How a crawl ended, read from Scrapy's stats."""

    finish_reason: str
    stats: dict[str, Any]


def run_spider(
    site: str, *, settings: dict[str, Any], spider_args: dict[str, Any]
) -> CrawlOutcome:
    """Crawl with spider ``site`` to the end (blocking); its close reason and stats."""
    project = project_settings(settings)
    process = CrawlerProcess(project)
    if project.get("LOG_FILE"):
        _echo_to_console()
        # a log file on a full disk must not print a traceback per record
        logging.raiseExceptions = False
    crawler = process.create_crawler(site)  # KeyError for an unknown spider
    process.crawl(crawler, **spider_args)
    # What start-up built (modules, settings, components) lives as long as the
    # crawl: out of the collector's sight, a full collection no longer walks
    # it again and again (a tenth of a crawl's CPU time otherwise). Young
    # objects are collected less often too (see ENGINE_GC_THRESHOLD).
    gc.freeze()
    thresholds = gc.get_threshold()
    gc.set_threshold(ENGINE_GC_THRESHOLD, *thresholds[1:])
    try:
        process.start()
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    return CrawlOutcome(str(stats.get("finish_reason", "unknown")), dict(stats))

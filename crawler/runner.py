"""Run one spider in this process with warta's settings (no archive knowledge)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from crawler.spiders.beritajakarta import BeritajakartaSpider

SPIDERS = {BeritajakartaSpider.name: BeritajakartaSpider}


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
    project = get_project_settings()
    project.setdict(settings, priority="cmdline")
    process = CrawlerProcess(project, install_root_handler=True)
    crawler = process.create_crawler(SPIDERS[site])
    process.crawl(crawler, **spider_args)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    return CrawlOutcome(str(stats.get("finish_reason", "unknown")), dict(stats))

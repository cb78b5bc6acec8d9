"""The baseline of ``benchmarks.crawl``: a bare Scrapy spider fetching a list of URLs.

    python -m benchmarks.bare_spider URLS_FILE LOG_FILE

No warta code: Scrapy's default scheduler, middlewares and settings, except the
ones warta's loopback defaults change (no delay, no AutoThrottle, 8 concurrent
requests per domain). The callback reads nothing. Scrapy's stats (with
``elapsed_time_seconds``) are dumped to ``LOG_FILE`` at the end.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response

# What BeritajakartaSpider.from_crawler and crawler/settings.py amount to for a
# loopback base URL, minus warta's own components.
LOOPBACK_SETTINGS: dict[str, Any] = {
    "CONCURRENT_REQUESTS": 8,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "ROBOTSTXT_OBEY": True,
    "DOWNLOAD_TIMEOUT": 30,
    "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
    "TELNETCONSOLE_ENABLED": False,
    "LOG_LEVEL": "INFO",
}


class BareSpider(scrapy.Spider):
    """Requests every URL of a list once; its callback does nothing."""

    name = "bare"

    def __init__(self, urls: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls = urls

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Every URL of the list, in its order."""
        for url in self.urls:
            yield scrapy.Request(url, callback=self.parse)

    def parse(self, response: Response, **kwargs: Any) -> None:
        """Nothing: the baseline only fetches."""


def main(argv: list[str] | None = None) -> int:
    """Crawl the URLs of ``argv[0]`` (one a line), logging to ``argv[1]``."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(
            "usage: python -m benchmarks.bare_spider URLS_FILE LOG_FILE",
            file=sys.stderr,
        )
        return 2
    urls = Path(args[0]).read_text(encoding="utf-8").split()
    process = CrawlerProcess({**LOOPBACK_SETTINGS, "LOG_FILE": args[1]})
    process.crawl(BareSpider, urls=urls)
    process.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Scrapy settings for warta: polite defaults for remote sites.

Only what the project changes from Scrapy's defaults. Settings of warta's own
components are prefixed ``WARTA_``; the only environment variable read is
``WARTA_ARCHIVE`` (the default archive path).
"""

from __future__ import annotations

import os

from scrapy.settings import default_settings as scrapy_defaults

BOT_NAME = "warta"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = (
    "warta/0.1 (+https://github.com/warta-archive/warta; research archive of "
    "municipal news; contact: see README)"
)

# Politeness for remote sites. A loopback base URL (a local mirror) lifts the
# delay and the per-domain limit: see crawler.policy.relax_for_loopback.
ROBOTSTXT_OBEY = True
DOWNLOAD_DELAY = 1.0
CONCURRENT_REQUESTS = 8
# What one callback yields (a page item and its links) is handled this many at
# a time: Scrapy's default (100) starts 100 asyncio tasks per response.
CONCURRENT_ITEMS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30

# Faults: retry 5xx, 429, timeouts, resets and truncated bodies with backoff.
RETRY_ENABLED = True
RETRY_TIMES = 4
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DOWNLOAD_FAIL_ON_DATALOSS = True
RETRY_GIVE_UP_LOG_LEVEL = "DEBUG"  # the spider's errback logs the one WARNING
WARTA_RETRY_BACKOFF_BASE = 0.5
WARTA_RETRY_BACKOFF_MAX = 60.0
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
}
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

HTTPCACHE_ENABLED = False
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
LOG_FORMATTER = "crawler.logformatter.WartaLogFormatter"
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

ITEM_PIPELINES = {
    "pipelines.extraction.ExtractionPipeline": 300,
    "pipelines.storage.ArchivePipeline": 800,
}

# The crawl policy (incremental, refresh, retry, since, max-articles; options
# and their defaults in crawler/crawl_options.py) is built before AutoThrottle
# (0), whose switch it turns off for a loopback mirror; the run's lifecycle
# after it (it reads the run's scope).
# Scrapy's remote control (an HTTP server that executes code) is not used: off,
# like the telnet console. It is left out of the base list rather than set to
# None in EXTENSIONS, whose keys Scrapy imports (and with it aiohttp, ~0.3 s).
EXTENSIONS_BASE = {
    path: order
    for path, order in scrapy_defaults.EXTENSIONS_BASE.items()
    if path != "scrapy.extensions.remote_control.RemoteControl"
}
EXTENSIONS = {
    "crawler.policy.CrawlPolicy": -10,
    "pipelines.runs.RunLifecycle": 10,
    "crawler.progress.CrawlProgress": 500,
}
SPIDER_MIDDLEWARES = {"crawler.policy.PolicyMiddleware": 800}
# The bridge through which the policy reads what the archive holds.
WARTA_CRAWL_STATE = "pipelines.crawlstate.ArchiveCrawlState"

# A shared frontier (``warta crawl --frontier``): inert until
# WARTA_FRONTIER_URL is set; see crawler/frontier/runtime.py for its settings.
ADDONS = {"crawler.frontier.addon.FrontierAddon": 0}
WARTA_HOST_RATE = 0.0  # requests/s per host across workers (0: 1/DOWNLOAD_DELAY)
WARTA_PROGRESS = "auto"
WARTA_PROGRESS_INTERVAL = 10.0

WARTA_ARCHIVE_PATH = os.environ.get("WARTA_ARCHIVE", "warta.sqlite")

# Pages larger than this (bytes) are recorded as failures, never parsed.
WARTA_MAX_PAGE_BYTES = 10 * 1024 * 1024

"""The Scrapy add-on that puts a crawl on the shared frontier.

Listed in ``ADDONS`` (crawler/settings.py) and inert until
``WARTA_FRONTIER_URL`` is set; then it swaps in the frontier's scheduler and
adds its spider middleware, worker extension and per-host rate limit.
"""

from __future__ import annotations

from scrapy.settings import BaseSettings


class FrontierAddon:
    """Wires the frontier components when ``WARTA_FRONTIER_URL`` is set."""

    def update_settings(self, settings: BaseSettings) -> None:
        """Scheduler, spider middleware (nearest the engine), extension, limit."""
        if not settings.get("WARTA_FRONTIER_URL"):
            return
        from crawler.frontier.middleware import FrontierSpiderMiddleware
        from crawler.frontier.politeness import HostRateLimit
        from crawler.frontier.scheduler import FrontierScheduler
        from crawler.frontier.worker import FrontierWorker

        settings.set("SCHEDULER", FrontierScheduler, priority="addon")
        settings.set(
            "DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", "addon"
        )
        settings.set_in_component_priority_dict(
            "SPIDER_MIDDLEWARES", FrontierSpiderMiddleware, 1
        )
        settings.set_in_component_priority_dict("EXTENSIONS", FrontierWorker, 100)
        settings.set_in_component_priority_dict(
            "DOWNLOADER_MIDDLEWARES", HostRateLimit, 990
        )

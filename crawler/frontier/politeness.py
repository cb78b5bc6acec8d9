"""Politeness across workers: one request rate per host, shared in Redis.

Scrapy's ``DOWNLOAD_DELAY`` holds per process, so N workers would send N times
the rate. This downloader middleware reserves, before each request, the next
free slot of the request's host in the crawl (one Lua script on Redis's own
clock: slots are ``1 / rate`` apart whichever worker asks) and waits for it
without blocking the reactor. The rate is ``WARTA_HOST_RATE`` requests per
second per host, or ``1 / DOWNLOAD_DELAY``; with neither it is off.
"""

from __future__ import annotations

import asyncio
from typing import Self
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler

from crawler.frontier.runtime import Frontier, frontier_of

_RESERVE = """
local now = redis.call('TIME')
local t = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local at = math.max(t, free)
local interval = tonumber(ARGV[1])
redis.call('SET', KEYS[1], string.format('%d', at + interval), 'PX', interval + 60000)
return at - t
"""


def host_interval_ms(rate: float, delay: float) -> int | None:
    """Milliseconds between two requests to one host (None: no limit)."""
    if rate > 0:
        return max(1, round(1000 / rate))
    if delay > 0:
        return max(1, round(delay * 1000))
    return None


class HostRateLimit:
    """Waits for the host's shared slot before each request."""

    def __init__(self, frontier: Frontier, interval_ms: int | None) -> None:
        self.frontier = frontier
        self.interval_ms = interval_ms
        self._reserve = frontier.client.register_script(_RESERVE)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Read the rate (none: requests pass at once, e.g. to a local mirror)."""
        settings = crawler.settings
        interval = host_interval_ms(
            settings.getfloat("WARTA_HOST_RATE"), settings.getfloat("DOWNLOAD_DELAY")
        )
        return cls(frontier_of(crawler), interval)

    async def process_request(self, request: Request) -> None:
        """Wait until this request's host may be asked again."""
        if self.interval_ms is None:
            return
        host = urlsplit(request.url).hostname or ""
        key = self.frontier.keys.host_slot(host)
        wait_ms = int(self._reserve(keys=[key], args=[self.interval_ms]))
        if wait_ms > 0:
            await asyncio.sleep(wait_ms / 1000)

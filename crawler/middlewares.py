"""Downloader middleware: retries with exponential backoff that honour Retry-After.

Settings (defaults here and in ``crawler/settings.py``):

* ``RETRY_TIMES``, ``RETRY_HTTP_CODES``, ``RETRY_EXCEPTIONS``: Scrapy's own.
* ``WARTA_RETRY_BACKOFF_BASE`` (0.5 s): the first retry waits this long, each
  further retry twice as long.
* ``WARTA_RETRY_BACKOFF_MAX`` (60 s): no wait is longer, Retry-After included.

Scrapy's own RetryMiddleware retries at once; a site that answers 429 or 503
needs the client to wait, and says how long in ``Retry-After``.
"""

from __future__ import annotations

import asyncio
import time
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Self

from scrapy.downloadermiddlewares.retry import RetryMiddleware

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response


def retry_after_seconds(value: str | None, *, now: float) -> float | None:
    """Seconds asked for by a ``Retry-After`` header (delta seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)


def backoff_seconds(attempt: int, *, base: float, cap: float) -> float:
    """Wait before retry number ``attempt`` (1-based): base, 2*base, 4*base, … <= cap."""
    return float(min(cap, base * 2.0 ** max(0, attempt - 1)))


class BackoffRetryMiddleware(RetryMiddleware):
    """RetryMiddleware that waits (exponentially, or as told) before each retry."""

    backoff_base = 0.5
    backoff_max = 60.0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Read the backoff settings as well as Scrapy's retry settings."""
        middleware = super().from_crawler(crawler)
        settings = crawler.settings
        middleware.backoff_base = settings.getfloat("WARTA_RETRY_BACKOFF_BASE", 0.5)
        middleware.backoff_max = settings.getfloat("WARTA_RETRY_BACKOFF_MAX", 60.0)
        return middleware

    def _wait_for(self, request: Request, response: Response | None) -> float:
        attempt = request.meta.get("retry_times", 0) + 1
        wait = backoff_seconds(attempt, base=self.backoff_base, cap=self.backoff_max)
        if response is not None:
            header = response.headers.get("Retry-After")
            asked = retry_after_seconds(
                header.decode("latin-1") if header else None, now=time.time()
            )
            if asked is not None:
                wait = min(self.backoff_max, max(wait, asked))
        return wait

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        """Retry a retryable status after the backoff (or Retry-After) wait."""
        retry = super().process_response(request, response)
        if retry is not response:
            await asyncio.sleep(self._wait_for(request, response))
        return retry

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception
    ) -> Request | Response | None:
        """Retry a timeout, reset or truncated body after the backoff wait."""
        retry = super().process_exception(request, exception)
        if retry is not None:
            await asyncio.sleep(self._wait_for(request, None))
        return retry

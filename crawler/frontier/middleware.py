"""The frontier's spider middleware: the seeding claim and output tracking.

Only the worker that wins the crawl's seeding claim (``SET NX``) lets the
spider's start requests through; the others start on the shared queue. Every
item and request a callback yields is counted against the request it came
from until it is stored (``item_scraped``/``dropped``/``error``) or queued, so
the request is acknowledged only when all it produced is durable. Place it
nearest the engine (the lowest order), so it sees the final output.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.frontier.queue import FRONTIER_ID
from crawler.frontier.runtime import Frontier, frontier_of

logger = logging.getLogger(__name__)

SEED_DONE = "done"


class FrontierSpiderMiddleware:
    """Seeds the crawl once; tracks callback output for acknowledgements."""

    def __init__(self, frontier: Frontier) -> None:
        self.frontier = frontier

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Connect the signals that say an item or request is settled."""
        middleware = cls(frontier_of(crawler))
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(middleware.item_settled, signal=signal)
        return middleware

    def item_settled(self, item: Any) -> None:
        """An item left the pipelines."""
        self.frontier.acks.resolve(item)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        """The spider's start requests, for the one worker that seeds."""
        frontier = self.frontier
        client, key = frontier.client, frontier.keys.seed
        if not client.set(key, frontier.worker, nx=True):
            logger.info("frontier: joining crawl %s", frontier.keys.crawl_id)
            return
        logger.info("frontier: seeding crawl %s", frontier.keys.crawl_id)
        async for request in start:
            yield request
        frontier.flush()  # queued before seeding is marked done
        client.set(key, SEED_DONE)

    def process_spider_output(
        self, response: Response, result: Iterable[Any]
    ) -> Iterator[Any]:
        """Track a synchronous callback's output."""
        in_flight = _in_flight(response)
        if in_flight is None:
            yield from result
            return
        acks = self.frontier.acks
        acks.start_output(in_flight)
        try:
            for obj in result:
                acks.track(obj, in_flight)
                yield obj
        finally:
            acks.end_output(in_flight)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        """Track an asynchronous callback's output."""
        in_flight = _in_flight(response)
        acks = self.frontier.acks
        if in_flight is not None:
            acks.start_output(in_flight)
        try:
            async for obj in result:
                if in_flight is not None:
                    acks.track(obj, in_flight)
                yield obj
        finally:
            if in_flight is not None:
                acks.end_output(in_flight)

    def process_spider_exception(
        self, response: Response, exception: Exception
    ) -> None:
        """The callback raised: what it yielded so far is all there is."""
        in_flight = _in_flight(response)
        if in_flight is not None:
            self.frontier.acks.end_output(in_flight)


def _in_flight(response: Response) -> str | None:
    request = response.request
    value = None if request is None else request.meta.get(FRONTIER_ID)
    return None if value is None else str(value)

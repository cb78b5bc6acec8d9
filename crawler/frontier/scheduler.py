"""scrapy-redis's scheduler over the reliable queue, with acknowledgements.

The shared duplicate filter is scrapy-redis's ``RFPDupeFilter`` (its
fingerprints and key) and requests are queued as JSON
(:mod:`crawler.frontier.serializer`). A request to queue is kept until the
reactor's next turn (or the next pop), when every request kept meanwhile is
checked and queued in one round trip: ``enqueue_request`` accepts it at once,
and one found a duplicate then is logged as filtered. A popped request gets
an in-flight id and an errback that reports when its failure is handled; a
request going back to the queue (a redirect, a retry) hands its id off. The
queue is kept when a worker closes (other workers may still use it); the
worker's own unhandled requests go back to it.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable
from functools import partial
from typing import Any, Self

import redis
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector
from scrapy.utils.reactor import CallLaterOnce
from scrapy.utils.spider import iterate_spider_output
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler
from twisted.python.failure import Failure

from crawler.frontier import serializer
from crawler.frontier.acks import AckTracker
from crawler.frontier.queue import FRONTIER_ID, ReliableQueue
from crawler.frontier.runtime import Frontier, frontier_of

logger = logging.getLogger(__name__)

#: Meta flag: a request this worker already took, handed to its own engine.
TAKEN = "warta_frontier_taken"

#: Requests one round trip takes from the shared queue (then handed out here):
#: fewer round trips, while a worker never holds many more than it downloads.
POP_BATCH = 4


class FrontierScheduler(Scheduler):  # type: ignore[misc]
    """The crawl's shared queue and duplicate filter, seen from one worker."""

    def __init__(self, frontier: Frontier, *, debug: bool = False) -> None:
        super().__init__(
            frontier.client,
            persist=True,
            queue_key=frontier.keys.requests,
            dupefilter_key=frontier.keys.dupefilter,
            serializer=serializer,
        )
        self.frontier = frontier
        self.debug = debug
        self._taken: deque[Request] = deque()
        self._flush_soon = CallLaterOnce(self._flush)
        self.crawl_stats: StatsCollector | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """The scheduler of this crawler's frontier."""
        scheduler = cls(
            frontier_of(crawler), debug=crawler.settings.getbool("DUPEFILTER_DEBUG")
        )
        scheduler.crawl_stats = crawler.stats  # scrapy-redis's own use is deprecated
        return scheduler

    @property
    def acks(self) -> AckTracker:
        """The frontier's acknowledgement tracker."""
        return self.frontier.acks

    def open(self, spider: Spider) -> None:
        """Attach the reliable queue and the shared duplicate filter."""
        self.spider = spider
        keys = self.frontier.keys
        self.queue = ReliableQueue(
            self.server,
            spider,
            keys.requests,
            serializer,
            processing_key=self.frontier.processing_key,
            sequence_key=keys.sequence,
            workers_key=keys.workers,
            worker=self.frontier.worker,
            dupefilter_key=keys.dupefilter,
            pop_batch=POP_BATCH,
            on_pushed=self._pushed,
        )
        self.frontier.queue = self.queue
        self.df = RFPDupeFilter(self.server, key=keys.dupefilter, debug=self.debug)

    def close(self, reason: str) -> None:
        """Give this worker's unhandled requests back to the crawl."""
        self._flush_soon.cancel()
        given = self.queue.requeue_own()
        if given:
            logger.info("frontier: %d unfinished requests back in the queue", given)

    def enqueue_request(self, request: Request) -> bool:
        """Queue a request for every worker (or keep one this worker took)."""
        if request.meta.pop(TAKEN, False):
            self._taken.append(request)
            return True
        in_flight = request.meta.get(FRONTIER_ID)
        if in_flight is not None and getattr(request.errback, "func", None) == (
            self._errback
        ):
            request.errback = self.acks.errback_of(in_flight)
        fingerprint = (
            None if request.dont_filter else self.df.request_fingerprint(request)
        )
        self.queue.add(request, fingerprint)
        self._flush_soon.schedule()
        return True

    def _flush(self) -> None:
        try:
            self.frontier.flush()
        except redis.RedisError:  # kept: the next flush sends them
            logger.exception("frontier: cannot queue requests yet")

    def _pushed(self, request: Request, queued: bool) -> None:
        """A kept request was queued or found seen: it and its origin settle."""
        if not queued:
            self.df.log(request, self.spider)
        elif self.crawl_stats is not None:
            self.crawl_stats.inc_value("frontier/enqueued")
        in_flight = request.meta.pop(FRONTIER_ID, None)
        if in_flight is not None:
            self.acks.hand_off(in_flight)
        self.acks.resolve(request)

    def next_request(self) -> Request | None:
        """The next request of the crawl, now held by this worker."""
        if self._taken:
            return self._taken.popleft()
        request: Request | None = super().next_request()
        if request is not None:
            if self.crawl_stats is not None:
                self.crawl_stats.inc_value("frontier/dequeued")
            in_flight = request.meta[FRONTIER_ID]
            self.acks.begin(in_flight, request.errback)
            request.errback = partial(self._errback, in_flight)
        return request

    def take(self) -> Request | None:
        """Pop a request for this worker's engine to crawl now (see worker)."""
        request = self.next_request()
        if request is not None:
            request.meta[TAKEN] = True
        return request

    def has_pending_requests(self) -> bool:
        """Requests wait in the crawl's queue (or were taken here)."""
        return bool(self._taken) or len(self.queue) > 0

    def _errback(self, in_flight: str, failure: Failure) -> Any:
        """Run the request's own errback, tracking its output, or re-raise."""
        acks = self.acks
        acks.start_output(in_flight)
        own: Callable[[Failure], Any] | None = acks.errback_of(in_flight)
        if own is None:
            acks.end_output(in_flight)
            failure.raiseException()
        try:
            output = iterate_spider_output(own(failure))
        except BaseException:
            acks.end_output(in_flight)
            raise
        if isinstance(output, AsyncIterator):
            return _track_async(acks, in_flight, output)
        produced = list(output if isinstance(output, Iterable) else [])
        for obj in produced:
            acks.track(obj, in_flight)
        acks.end_output(in_flight)
        return produced


async def _track_async(
    acks: AckTracker, in_flight: str, output: AsyncIterator[Any]
) -> AsyncIterator[Any]:
    try:
        async for obj in output:
            acks.track(obj, in_flight)
            yield obj
    finally:
        acks.end_output(in_flight)

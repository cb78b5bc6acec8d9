"""The worker extension: heartbeats, dead workers, and when the crawl is over.

Every ``WARTA_FRONTIER_HEARTBEAT`` seconds the worker renews its ``alive`` key
(it expires after three beats) from a thread of its own, so a reactor stalled
by a slow archive write or a busy CPU does not look dead (its requests would be
fetched twice); only a reactor stuck for ``WEDGED_AFTER`` seconds stops the
beat. In the reactor, at the same pace, it puts back the in-flight requests of workers
whose key expired, takes over seeding from a seeder that died mid-way, and,
when its engine is idle while the shared queue is not, takes a request so it
does not wait for Scrapy's next idle poll. At ``spider_idle`` it keeps the
spider open until the crawl has been quiet (queue empty, nothing in flight
anywhere, seeding done) for ``WARTA_FRONTIER_IDLE_TIMEOUT`` seconds; the worker
that sees that ends the crawl and the others follow.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from twisted.internet.task import LoopingCall

from crawler.frontier.keys import end_crawl
from crawler.frontier.middleware import SEED_DONE
from crawler.frontier.queue import reap
from crawler.frontier.runtime import Frontier, frontier_of
from crawler.frontier.scheduler import FrontierScheduler

logger = logging.getLogger(__name__)

#: Seconds without a reactor tick after which the beat stops (a wedged worker
#: is then taken for dead and its requests go to the others).
WEDGED_AFTER = 60.0

_TAKE_OVER = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2]) return 1
end
return 0
"""


def _text(value: Any) -> str | None:
    return value.decode() if isinstance(value, bytes) else value


def _members(client: Any, key: str) -> list[str]:
    """The members of a Redis set as text."""
    return [_text(member) or "" for member in client.smembers(key)]


class FrontierWorker:
    """One worker's life in a shared crawl."""

    def __init__(self, crawler: Crawler, frontier: Frontier) -> None:
        self.crawler = crawler
        self.frontier = frontier
        self.quiet_since: float | None = None
        self._loop = LoopingCall(self.beat)
        self._reseeding: asyncio.Task[None] | None = None
        self._ticked = time.monotonic()
        self._stop = threading.Event()
        self._beater = threading.Thread(
            target=self._beat_forever, name="frontier-heartbeat", daemon=True
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Wire the worker to the spider's open, idle and close signals."""
        worker = cls(crawler, frontier_of(crawler))
        crawler.signals.connect(worker.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(worker.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(worker.spider_closed, signal=signals.spider_closed)
        return worker

    def spider_opened(self) -> None:
        """Join the crawl's workers and start beating."""
        frontier = self.frontier
        frontier.client.sadd(frontier.keys.workers, frontier.worker)
        self._renew()
        self._beater.start()
        self._loop.start(frontier.heartbeat, now=False)
        logger.info(
            "frontier: worker %s in crawl %s", frontier.worker, frontier.keys.crawl_id
        )

    def spider_closed(self) -> None:
        """Stop beating and leave (the scheduler gave back what was unhandled)."""
        if self._loop.running:
            self._loop.stop()
        self._stop.set()
        if self._beater.is_alive():
            self._beater.join(timeout=5)
        frontier, keys = self.frontier, self.frontier.keys
        frontier.client.srem(keys.workers, frontier.worker)
        frontier.client.delete(keys.alive(frontier.worker))

    def _beat_forever(self) -> None:
        """The heartbeat thread: renew the alive key while the reactor ticks."""
        while not self._stop.wait(self.frontier.heartbeat):
            if time.monotonic() - self._ticked > WEDGED_AFTER:
                continue  # let the key expire: the others take the requests
            try:
                self._renew()
            except Exception:  # a Redis hiccup must not end the thread
                logger.exception("frontier: heartbeat failed")

    def beat(self) -> None:
        """In the reactor: recover dead workers, take work."""
        self._ticked = time.monotonic()
        try:
            self.frontier.flush()
            self.recover_dead()
            self._take_work()
        except Exception:  # a Redis hiccup must not stop the heartbeat loop
            logger.exception("frontier: heartbeat failed")

    def _renew(self) -> None:
        """Renew the alive key, and rejoin the workers set (a worker that
        stalled past three beats was taken for dead and dropped from it)."""
        frontier = self.frontier
        ttl_ms = int(frontier.heartbeat * 3000)
        with frontier.client.pipeline() as pipe:
            pipe.set(frontier.keys.alive(frontier.worker), "1", px=ttl_ms)
            pipe.sadd(frontier.keys.workers, frontier.worker)
            pipe.execute()

    def recover_dead(self) -> int:
        """Queue again the in-flight requests of workers whose heartbeat expired."""
        client, keys = self.frontier.client, self.frontier.keys
        recovered = 0
        for worker in _members(client, keys.workers):
            if worker == self.frontier.worker or client.exists(keys.alive(worker)):
                continue
            worker_keys = (keys.processing(worker), keys.workers, keys.alive(worker))
            count = reap(client, keys.requests, worker_keys, worker)
            if count is None:  # it beat just now
                continue
            recovered += count
            logger.warning(
                "frontier: worker %s is gone; %d of its requests queued again",
                worker,
                count,
            )
        self._take_over_seeding()
        return recovered

    def _take_over_seeding(self) -> None:
        client, keys = self.frontier.client, self.frontier.keys
        holder = _text(client.get(keys.seed))
        if holder is None or holder == SEED_DONE or client.exists(keys.alive(holder)):
            return
        if not client.eval(_TAKE_OVER, 1, keys.seed, holder, self.frontier.worker):
            return
        logger.warning("frontier: seeder %s died; seeding again", holder)
        self._reseeding = asyncio.ensure_future(self._reseed())

    async def _reseed(self) -> None:
        engine, spider = self.crawler.engine, self.crawler.spider
        if engine is None or spider is None:
            return
        async for request in spider.start():
            engine.crawl(request)
        self.frontier.flush()  # queued before seeding is marked done
        self.frontier.client.set(self.frontier.keys.seed, SEED_DONE)

    def _take_work(self) -> None:
        engine = self.crawler.engine
        scheduler = None if engine is None else engine.scheduler
        if engine is None or not isinstance(scheduler, FrontierScheduler):
            return
        if engine.spider_is_idle() and len(scheduler.queue) > 0:
            request = scheduler.take()
            if request is not None:
                engine.crawl(request)

    def crawl_quiet(self) -> bool:
        """Nothing queued, nothing in flight in any worker, seeding done."""
        client, keys = self.frontier.client, self.frontier.keys
        if _text(client.get(keys.seed)) != SEED_DONE or client.zcard(keys.requests):
            return False
        return not any(
            client.hlen(keys.processing(worker))
            for worker in _members(client, keys.workers)
        )

    def spider_idle(self) -> None:
        """Keep the spider open until the whole crawl has been quiet long enough."""
        frontier = self.frontier
        frontier.acks.settle()  # the engine is idle: all it took is handled
        frontier.flush()
        if frontier.client.exists(frontier.keys.finished):
            return
        self.recover_dead()
        if not self.crawl_quiet():
            self.quiet_since = None
            raise DontCloseSpider
        now = time.monotonic()
        if self.quiet_since is None:
            self.quiet_since = now
        if now - self.quiet_since < frontier.idle_timeout:
            raise DontCloseSpider
        logger.info("frontier: crawl %s is done", frontier.keys.crawl_id)
        end_crawl(frontier.client, frontier.keys, frontier.archive)

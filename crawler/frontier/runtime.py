"""This process's place in a crawl: one object per Scrapy crawler, shared by
the frontier's scheduler, spider middleware and worker extension.

Settings (given by ``warta crawl --frontier``; defaults here):

* ``WARTA_FRONTIER_URL``: ``redis://[:PASSWORD@]HOST:PORT/DB``; unset, no frontier.
* ``WARTA_FRONTIER_SITE``, ``WARTA_FRONTIER_CRAWL_ID``, ``WARTA_FRONTIER_ARCHIVE``:
  which crawl (see :mod:`crawler.frontier.keys`).
* ``WARTA_FRONTIER_IDLE_TIMEOUT``: seconds the crawl must stay empty and every
  worker idle before the workers exit.
* ``WARTA_FRONTIER_HEARTBEAT``: seconds between heartbeats; a worker silent for
  three of them is dead and its requests are queued again.
"""

from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

import redis
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.frontier.acks import AckTracker
from crawler.frontier.keys import CrawlKeys
from crawler.frontier.queue import ReliableQueue

DEFAULT_IDLE_TIMEOUT = 30.0
DEFAULT_HEARTBEAT = 2.0


def new_worker_id() -> str:
    """``host-pid-ab12``: unique per process, readable in Redis."""
    return f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(2)}"


@dataclass
class Frontier:
    """The crawl's Redis keys and this worker's state in it."""

    client: redis.Redis
    keys: CrawlKeys
    archive: str
    worker: str = field(default_factory=new_worker_id)
    idle_timeout: float = DEFAULT_IDLE_TIMEOUT
    heartbeat: float = DEFAULT_HEARTBEAT
    queue: ReliableQueue | None = None
    acks: AckTracker = field(init=False)

    def __post_init__(self) -> None:
        self.acks = AckTracker(self._ack)

    def _ack(self, in_flight: str) -> None:
        if self.queue is not None:
            self.queue.ack(in_flight)

    def flush(self) -> None:
        """Send the requests and acknowledgements kept for a round trip."""
        if self.queue is not None:
            self.queue.flush()

    @property
    def processing_key(self) -> str:
        """This worker's processing hash."""
        return self.keys.processing(self.worker)


_FRONTIERS: WeakKeyDictionary[Crawler, Frontier] = WeakKeyDictionary()


def frontier_of(crawler: Crawler) -> Frontier:
    """The crawler's frontier, made from its settings on first use."""
    if crawler in _FRONTIERS:
        return _FRONTIERS[crawler]
    settings = crawler.settings
    url = settings.get("WARTA_FRONTIER_URL")
    if not url:
        raise NotConfigured("no WARTA_FRONTIER_URL")
    keys = CrawlKeys(
        settings.get("WARTA_FRONTIER_SITE") or "unknown",
        settings.get("WARTA_FRONTIER_CRAWL_ID") or "default",
    )
    frontier = Frontier(
        client=redis.Redis.from_url(url),
        keys=keys,
        archive=settings.get("WARTA_FRONTIER_ARCHIVE") or "",
        idle_timeout=settings.getfloat(
            "WARTA_FRONTIER_IDLE_TIMEOUT", DEFAULT_IDLE_TIMEOUT
        ),
        heartbeat=settings.getfloat("WARTA_FRONTIER_HEARTBEAT", DEFAULT_HEARTBEAT),
    )
    _FRONTIERS[crawler] = frontier
    return frontier

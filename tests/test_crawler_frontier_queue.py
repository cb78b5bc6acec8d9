"""The reliable queue and the reaping of dead workers, on a real Redis db."""

from __future__ import annotations

import redis
from scrapy import Request, Spider

from crawler.frontier import serializer
from crawler.frontier.keys import CrawlKeys
from crawler.frontier.queue import ReliableQueue, reap
from tests.frontier_helpers import frontier_url

__all__ = ["frontier_url"]  # the fixture


def _queue(client: redis.Redis, keys: CrawlKeys, worker: str) -> ReliableQueue:
    return ReliableQueue(
        client,
        Spider(name="t"),
        keys.requests,
        serializer,
        processing_key=keys.processing(worker),
        sequence_key=keys.sequence,
        workers_key=keys.workers,
        worker=worker,
    )


def _reap(client: redis.Redis, keys: CrawlKeys, worker: str) -> int | None:
    worker_keys = (keys.processing(worker), keys.workers, keys.alive(worker))
    return reap(client, keys.requests, worker_keys, worker)


def test_a_worker_taken_for_dead_that_pops_again_is_recovered(
    frontier_url: str,
) -> None:
    client = redis.Redis.from_url(frontier_url)
    keys = CrawlKeys("site", "crawl")
    stalled = _queue(client, keys, "a")
    for n in range(3):
        stalled.push(Request(f"http://x/{n}"))
    assert stalled.pop() is not None
    assert _reap(client, keys, "a") == 1  # no alive key: its request goes back
    assert client.sismember(keys.workers, "a") == 0
    # the stalled worker was alive after all: its next pop makes it a worker
    # again, so a kill -9 now still leaves its requests to be recovered
    assert stalled.pop() is not None
    assert client.sismember(keys.workers, "a") == 1
    client.set(keys.alive("a"), "1")
    assert _reap(client, keys, "a") is None  # alive: nothing taken from it
    assert stalled.in_flight() == 1
    client.delete(keys.alive("a"))
    assert _reap(client, keys, "a") == 1
    assert len(stalled) == 3
    assert client.sismember(keys.workers, "a") == 0

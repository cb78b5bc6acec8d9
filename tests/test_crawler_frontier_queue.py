"""The reliable queue and the reaping of dead workers, on a real Redis db."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import redis
from scrapy import Request, Spider

from crawler.frontier import serializer
from crawler.frontier.keys import CrawlKeys
from crawler.frontier.queue import FRONTIER_ID, ReliableQueue, reap
from crawler.frontier.serializer import UnserialisableRequest
from tests.frontier_helpers import frontier_url

__all__ = ["frontier_url"]  # the fixture


def _queue(
    client: redis.Redis,
    keys: CrawlKeys,
    worker: str,
    pop_batch: int = 1,
    on_pushed: Callable[[Request, bool], None] | None = None,
    *,
    dupefilter: bool = True,
) -> ReliableQueue:
    return ReliableQueue(
        client,
        Spider(name="t"),
        keys.requests,
        serializer,
        processing_key=keys.processing(worker),
        sequence_key=keys.sequence,
        workers_key=keys.workers,
        worker=worker,
        dupefilter_key=keys.dupefilter if dupefilter else None,
        pop_batch=pop_batch,
        on_pushed=on_pushed,
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


def test_a_push_is_refused_once_its_fingerprint_is_seen(frontier_url: str) -> None:
    client = redis.Redis.from_url(frontier_url)
    keys = CrawlKeys("site", "crawl")
    queue = _queue(client, keys, "a", 1)
    assert queue.push(Request("http://x/1"), "fp1") is True
    assert queue.push(Request("http://x/1"), "fp1") is False
    again = Request("http://x/1", dont_filter=True)
    assert queue.push(again) is True  # not filtered: no fingerprint
    assert client.smembers(keys.dupefilter) == {b"fp1"}
    assert client.zcard(keys.requests) == 2
    with pytest.raises(ValueError, match="dupefilter_key"):
        _queue(client, keys, "b", dupefilter=False).push(Request("http://x/2"), "fp2")


def test_a_batch_pop_holds_each_request_until_its_ack_is_sent(
    frontier_url: str,
) -> None:
    client = redis.Redis.from_url(frontier_url)
    keys = CrawlKeys("site", "crawl")
    queue = _queue(client, keys, "a", 3)
    for n in range(5):
        queue.push(Request(f"http://x/{n}", priority=n))
    first = queue.pop()
    assert first is not None
    assert first.url == "http://x/4"  # the highest priority first
    assert client.hlen(keys.processing("a")) == 3  # the whole batch is held
    assert client.zcard(keys.requests) == 2
    assert len(queue) == 4  # two taken here and not handed out, two queued
    queue.ack(first.meta[FRONTIER_ID])
    second = queue.pop()  # from the batch: no round trip, the ack waits
    assert second is not None
    assert second.url == "http://x/3"
    assert client.hlen(keys.processing("a")) == 3
    queue.push(Request("http://x/9"))  # the push carries the ack
    assert client.hlen(keys.processing("a")) == 2
    queue.ack(second.meta[FRONTIER_ID])
    assert queue.flush() == []  # acks only: no request to report
    assert client.hlen(keys.processing("a")) == 1
    # killed now: what it held and had not handed out goes back with its priority
    assert _reap(client, keys, "a") == 1
    assert [r.url for r in iter(queue.pop, None)][:1] == ["http://x/2"]


def test_a_closing_worker_gives_back_its_batch(frontier_url: str) -> None:
    client = redis.Redis.from_url(frontier_url)
    keys = CrawlKeys("site", "crawl")
    queue = _queue(client, keys, "a", 4)
    for n in range(3):
        queue.push(Request(f"http://x/{n}"))
    taken = queue.pop()
    assert taken is not None
    queue.ack(taken.meta[FRONTIER_ID])
    assert queue.requeue_own() == 2  # the acked one is gone, the rest go back
    assert len(queue) == 2
    assert client.hlen(keys.processing("a")) == 0


def test_kept_requests_are_queued_together_at_the_flush(frontier_url: str) -> None:
    client = redis.Redis.from_url(frontier_url)
    keys = CrawlKeys("site", "crawl")
    told: list[tuple[str, bool]] = []
    queue = _queue(
        client, keys, "a", 2, lambda request, queued: told.append((request.url, queued))
    )
    queue.add(Request("http://x/1"), "fp1")
    queue.add(Request("http://x/2"), "fp2")
    queue.add(Request("http://x/1", priority=5), "fp1")  # a duplicate of the first
    assert client.zcard(keys.requests) == 0  # nothing sent yet
    assert len(queue) == 3  # but waiting here
    with pytest.raises(UnserialisableRequest):
        queue.add(Request("http://x/3", meta={"obj": object()}))
    assert queue.flush() == [True, True, False]
    assert told == [("http://x/1", True), ("http://x/2", True), ("http://x/1", False)]
    assert client.zcard(keys.requests) == 2
    assert queue.flush() == []
    queue.add(Request("http://x/4", priority=9), "fp4")
    popped = queue.pop()  # the pop sends what is kept first
    assert popped is not None
    assert popped.url == "http://x/4"
    assert told[-1] == ("http://x/4", True)

"""The scheduler keeps requests to queue until the reactor's next turn, and a
request is acknowledged only once what it yielded is queued (real Redis db)."""

from __future__ import annotations

import asyncio

import redis
from scrapy import Request, Spider

from crawler.frontier.keys import CrawlKeys
from crawler.frontier.queue import FRONTIER_ID
from crawler.frontier.runtime import Frontier
from crawler.frontier.scheduler import FrontierScheduler
from tests.frontier_helpers import frontier_url

__all__ = ["frontier_url"]  # the fixture


async def _yield_and_flush(url: str) -> None:
    client = redis.Redis.from_url(url)
    keys = CrawlKeys("site", "crawl")
    frontier = Frontier(client=client, keys=keys, archive="a", worker="w")
    scheduler = FrontierScheduler(frontier)
    scheduler.open(Spider(name="t"))
    assert scheduler.enqueue_request(Request("http://x/listing"))
    await asyncio.sleep(0.01)  # the next turn of the loop sends it
    assert client.zcard(keys.requests) == 1
    parent = scheduler.next_request()
    assert parent is not None
    in_flight = parent.meta[FRONTIER_ID]
    frontier.acks.start_output(in_flight)
    children = [Request(f"http://x/{n}") for n in range(3)]
    for child in [*children, Request("http://x/listing")]:  # the last one: seen
        frontier.acks.track(child, in_flight)
        assert scheduler.enqueue_request(child)  # accepted at once, kept here
    frontier.acks.end_output(in_flight)
    assert client.zcard(keys.requests) == 0
    assert scheduler.has_pending_requests()
    # a kill -9 now leaves the parent in the processing hash: fetched again
    assert client.hlen(frontier.processing_key) == 1
    await asyncio.sleep(0.01)
    assert client.zcard(keys.requests) == 3  # in one round trip, the duplicate out
    assert client.hlen(frontier.processing_key) == 1  # its ack waits for the next
    frontier.flush()
    assert client.hlen(frontier.processing_key) == 0


def test_a_request_is_acknowledged_after_what_it_yielded_is_queued(
    frontier_url: str,
) -> None:
    asyncio.run(_yield_and_flush(frontier_url))

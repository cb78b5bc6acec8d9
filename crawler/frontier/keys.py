"""Redis key names of one crawl, and how a worker joins (or starts) a crawl.

Every key of a crawl starts ``warta:<site>:<crawl_id>:``. Workers started with
the same site, frontier and archive join the crawl named by
``warta:<site>:current:<archive digest>``; the first one creates it (``SET NX``)
and the worker that sees it finished removes the pointer, so the next start is
a new crawl.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

import redis

#: Seconds the keys of a finished crawl are kept for inspection.
FINISHED_TTL = 24 * 3600


@dataclass(frozen=True)
class CrawlKeys:
    """The Redis keys of one crawl."""

    site: str
    crawl_id: str

    @property
    def prefix(self) -> str:
        """``warta:<site>:<crawl_id>``."""
        return f"warta:{self.site}:{self.crawl_id}"

    def key(self, name: str) -> str:
        """``warta:<site>:<crawl_id>:<name>``."""
        return f"{self.prefix}:{name}"

    @property
    def requests(self) -> str:
        """The queue: a sorted set of JSON requests scored by ``-priority``."""
        return self.key("requests")

    @property
    def dupefilter(self) -> str:
        """scrapy-redis's set of request fingerprints."""
        return self.key("dupefilter")

    @property
    def workers(self) -> str:
        """The set of worker ids that joined."""
        return self.key("workers")

    def alive(self, worker: str) -> str:
        """A worker's heartbeat key (it expires when the worker stops beating)."""
        return self.key(f"alive:{worker}")

    def processing(self, worker: str) -> str:
        """A worker's requests in flight: ``{id: JSON request}``."""
        return self.key(f"processing:{worker}")

    @property
    def sequence(self) -> str:
        """Counter giving each popped request its in-flight id."""
        return self.key("seq")

    @property
    def seed(self) -> str:
        """The seeding claim: the seeding worker's id, then ``done``."""
        return self.key("seed")

    @property
    def finished(self) -> str:
        """Set when the crawl is over: every worker then exits."""
        return self.key("finished")

    def host_slot(self, host: str) -> str:
        """The next free request time (ms) of one host, shared by all workers."""
        return self.key(f"host:{host}")


def pointer_key(site: str, archive: str) -> str:
    """``warta:<site>:current:<digest of the archive location>``."""
    digest = hashlib.sha256(archive.encode()).hexdigest()[:16]
    return f"warta:{site}:current:{digest}"


def new_crawl_id() -> str:
    """``20261207T031500-3fa9c2``: sortable, unique enough across machines."""
    return time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + "-" + secrets.token_hex(3)


def join_crawl(client: redis.Redis, site: str, archive: str) -> str:
    """The id of the running crawl of ``site`` into ``archive``, created if none."""
    pointer = pointer_key(site, archive)
    client.set(pointer, new_crawl_id(), nx=True)
    crawl_id = client.get(pointer)
    if crawl_id is None:  # finished between the two calls: start another
        return join_crawl(client, site, archive)
    return crawl_id.decode() if isinstance(crawl_id, bytes) else str(crawl_id)


_END_CRAWL = """
redis.call('SET', KEYS[2], '1', 'EX', ARGV[2])
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
redis.call('DEL', KEYS[3], KEYS[4])
return 1
"""


def end_crawl(client: redis.Redis, keys: CrawlKeys, archive: str) -> None:
    """Mark the crawl finished, forget its queue and fingerprints, free the pointer."""
    client.eval(
        _END_CRAWL,
        4,
        pointer_key(keys.site, archive),
        keys.finished,
        keys.requests,
        keys.dupefilter,
        keys.crawl_id,
        str(FINISHED_TTL),
    )

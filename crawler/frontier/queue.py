"""A reliable priority queue: a popped request is moved, not removed.

scrapy-redis's ``PriorityQueue`` deletes a request when a worker pops it, so a
worker killed with ``kill -9`` loses what it had taken. Here one Lua script
moves the request from the queue (a sorted set scored by ``-priority``) into
the worker's processing hash under a new in-flight id; ``ack`` deletes it once
handled, and ``requeue`` puts a dead worker's requests back (scored again from
the ``priority`` field of their JSON).
"""

from __future__ import annotations

from typing import Any

import redis
from scrapy import Request, Spider
from scrapy_redis.queue import Base

#: Meta key holding a popped request's in-flight id (never queued).
FRONTIER_ID = "warta_frontier_id"

# KEYS: queue, processing hash, sequence, workers set; ARGV: this worker.
# The popping worker (re)joins the workers set in the same step: a worker once
# taken for dead (a stall longer than three beats) never holds requests that
# no other worker would recover.
_POP = """
local found = redis.call('ZRANGE', KEYS[1], 0, 0)
if #found == 0 then return false end
redis.call('ZREM', KEYS[1], found[1])
local id = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[2], id, found[1])
redis.call('SADD', KEYS[4], ARGV[1])
return {tostring(id), found[1]}
"""

_REQUEUE_BODY = """
local entries = redis.call('HGETALL', KEYS[2])
for i = 1, #entries, 2 do
  local ok, request = pcall(cjson.decode, entries[i + 1])
  local score = 0
  if ok and type(request) == 'table' and tonumber(request['priority']) then
    score = -tonumber(request['priority'])
  end
  redis.call('ZADD', KEYS[1], score, entries[i + 1])
end
redis.call('DEL', KEYS[2])
"""
_REQUEUE = _REQUEUE_BODY + "return #entries / 2"

# KEYS: queue, processing hash, workers set, the worker's alive key; ARGV: it.
# One step, so a worker that beats or pops meanwhile is never half-reaped.
_REAP = (
    "if redis.call('EXISTS', KEYS[4]) == 1 then return -1 end"
    + _REQUEUE_BODY
    + "redis.call('SREM', KEYS[3], ARGV[1]) return #entries / 2"
)


def requeue(client: redis.Redis, queue_key: str, processing_key: str) -> int:
    """Put every request of a processing hash back in the queue; how many."""
    return int(client.eval(_REQUEUE, 2, queue_key, processing_key))  # type: ignore[arg-type]


def reap(
    client: redis.Redis, queue_key: str, worker_keys: tuple[str, str, str], worker: str
) -> int | None:
    """Queue again the requests of ``worker`` and drop it from the workers set,
    unless it is alive after all; how many (None: alive). ``worker_keys``:
    its processing hash, the workers set, its alive key."""
    processing, workers, alive = worker_keys
    count = int(client.eval(_REAP, 4, queue_key, processing, workers, alive, worker))  # type: ignore[arg-type]
    return None if count < 0 else count


class ReliableQueue(Base):  # type: ignore[misc]
    """scrapy-redis queue whose ``pop`` keeps the request until ``ack``."""

    def __init__(
        self,
        server: redis.Redis,
        spider: Spider,
        key: str,
        serializer: Any,
        *,
        processing_key: str,
        sequence_key: str,
        workers_key: str,
        worker: str,
    ) -> None:
        super().__init__(server, spider, key, serializer)
        self.processing_key = processing_key
        self.sequence_key = sequence_key
        self.workers_key = workers_key
        self.worker = worker
        self._pop = server.register_script(_POP)

    def __len__(self) -> int:
        return int(self.server.zcard(self.key))

    def push(self, request: Request) -> None:
        """Queue ``request`` (JSON) by priority."""
        self.server.zadd(self.key, {self._encode_request(request): -request.priority})

    def pop(self, timeout: int = 0) -> Request | None:
        """The next request, now in this worker's processing hash (meta id set)."""
        found = self._pop(
            keys=[self.key, self.processing_key, self.sequence_key, self.workers_key],
            args=[self.worker],
        )
        if not found:
            return None
        in_flight, data = found
        request: Request = self._decode_request(data)
        request.meta[FRONTIER_ID] = _text(in_flight)
        return request

    def ack(self, in_flight: str) -> None:
        """The request is handled: forget it."""
        self.server.hdel(self.processing_key, in_flight)

    def in_flight(self) -> int:
        """How many requests this worker holds."""
        return int(self.server.hlen(self.processing_key))

    def requeue_own(self) -> int:
        """Give back every request this worker holds (it is closing)."""
        return requeue(self.server, self.key, self.processing_key)


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value

"""A reliable priority queue: a popped request is moved, not removed.

scrapy-redis's ``PriorityQueue`` deletes a request when a worker pops it, so a
worker killed with ``kill -9`` loses what it had taken. Here one Lua script
moves up to ``pop_batch`` requests from the queue (a sorted set scored by
``-priority``) into the worker's processing hash, each under a new in-flight
id, and the worker hands them out one by one; ``ack`` deletes one once handled,
and ``requeue`` puts a dead worker's requests back (scored again from the
``priority`` field of their JSON).

Each round trip to Redis blocks the reactor, so they are few. ``add`` keeps a
request (already JSON) in the worker until ``flush`` sends every kept request
and acknowledgement in one script, which checks each against the duplicate
filter and queues it; ``on_pushed`` then learns which were queued. A pop
flushes first, and acknowledgements also ride on the pop. Nothing kept is lost
by a ``kill -9``: the request whose callback produced a kept request is not
acknowledged before the flush, so another worker fetches it again; a late
acknowledgement costs a fetch done twice, never a request lost.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

import redis
from scrapy import Request, Spider
from scrapy_redis.queue import Base

#: Meta key holding a popped request's in-flight id (never queued).
FRONTIER_ID = "warta_frontier_id"

# Deletes the acknowledged in-flight ids ARGV[from..] from the processing
# hash KEYS[2]; the scripts below start with it.
_ACK = """
local function ack(from)
  if #ARGV >= from then redis.call('HDEL', KEYS[2], unpack(ARGV, from)) end
end
"""

# KEYS: queue, processing hash, sequence, workers set; ARGV: this worker, how
# many to pop, then acks. The popping worker (re)joins the workers set in the
# same step: a worker once taken for dead (a stall longer than three beats)
# never holds requests that no other worker would recover.
_POP = (
    _ACK
    + """
ack(3)
local found = redis.call('ZPOPMIN', KEYS[1], ARGV[2])
if #found == 0 then return {} end
local popped = {}
for i = 1, #found, 2 do
  local id = tostring(redis.call('INCR', KEYS[3]))
  redis.call('HSET', KEYS[2], id, found[i])
  popped[#popped + 1] = id
  popped[#popped + 1] = found[i]
end
redis.call('SADD', KEYS[4], ARGV[1])
return popped
"""
)

# KEYS: queue, processing hash, duplicate filter (needed for fingerprints);
# ARGV: n, then n triples (score, request, fingerprint: '' for a request that
# is not filtered), then acks. Returns per request 1 (queued) or 0 (seen).
_PUSH = (
    _ACK
    + """
local n = tonumber(ARGV[1])
local queued = {}
for i = 0, n - 1 do
  local fingerprint = ARGV[4 + 3 * i]
  if fingerprint ~= '' and redis.call('SADD', KEYS[3], fingerprint) == 0 then
    queued[i + 1] = 0
  else
    redis.call('ZADD', KEYS[1], ARGV[2 + 3 * i], ARGV[3 + 3 * i])
    queued[i + 1] = 1
  end
end
ack(2 + 3 * n)
return queued
"""
)

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
        dupefilter_key: str | None = None,
        pop_batch: int = 1,
        on_pushed: Callable[[Request, bool], None] | None = None,
    ) -> None:
        super().__init__(server, spider, key, serializer)
        self.processing_key = processing_key
        self.sequence_key = sequence_key
        self.workers_key = workers_key
        self.worker = worker
        self.dupefilter_key = dupefilter_key
        self.pop_batch = pop_batch
        self.on_pushed = on_pushed
        self._kept: list[tuple[Request, list[str | float]]] = []
        self._popped: deque[tuple[str, bytes | str]] = deque()
        self._acks: list[str] = []
        self._pop = server.register_script(_POP)
        self._push = server.register_script(_PUSH)

    def __len__(self) -> int:
        """Requests waiting: kept or popped here, and in the queue."""
        return len(self._kept) + len(self._popped) + int(self.server.zcard(self.key))

    def add(self, request: Request, fingerprint: str | None = None) -> None:
        """Keep ``request`` (as JSON: UnserialisableRequest is raised now) for
        the next flush, which queues it unless ``fingerprint`` was seen."""
        if fingerprint is not None and self.dupefilter_key is None:
            raise ValueError("a fingerprint needs the queue's dupefilter_key")
        encoded = self._encode_request(request)
        self._kept.append((request, [-request.priority, encoded, fingerprint or ""]))

    def push(self, request: Request, fingerprint: str | None = None) -> bool:
        """Queue ``request`` now; whether it was (not: its fingerprint was seen)."""
        self.add(request, fingerprint)
        return self.flush()[-1]

    def flush(self) -> list[bool]:
        """Send what is kept (requests, acks) in one round trip; which requests
        were queued, also told to ``on_pushed``. Kept if Redis fails."""
        if not self._kept and not self._acks:
            return []
        keys = [self.key, self.processing_key]
        if self.dupefilter_key is not None:
            keys.append(self.dupefilter_key)
        kept = self._kept
        args = [len(kept), *(arg for _, request_args in kept for arg in request_args)]
        answer = self._push(keys=keys, args=[*args, *self._acks])
        self._kept, self._acks = [], []
        queued = [bool(flag) for flag in answer]
        if self.on_pushed is not None:
            for (request, _), was_queued in zip(kept, queued, strict=True):
                self.on_pushed(request, was_queued)
        return queued

    def pop(self, timeout: int = 0) -> Request | None:
        """The next request, now in this worker's processing hash (meta id set)."""
        if not self._popped:
            if self._kept:
                self.flush()  # so the pop sees them, by priority
            found = self._pop(
                keys=[
                    self.key,
                    self.processing_key,
                    self.sequence_key,
                    self.workers_key,
                ],
                args=[self.worker, self.pop_batch, *self._acks],
            )
            self._acks = []
            ids, requests = found[::2], found[1::2]
            self._popped.extend(zip(map(_text, ids), requests, strict=True))
        if not self._popped:
            return None
        in_flight, data = self._popped.popleft()
        request: Request = self._decode_request(data)
        request.meta[FRONTIER_ID] = in_flight
        return request

    def ack(self, in_flight: str) -> None:
        """The request is handled: forget it with the next round trip."""
        self._acks.append(in_flight)

    def in_flight(self) -> int:
        """How many requests this worker holds."""
        self.flush()
        return int(self.server.hlen(self.processing_key))

    def requeue_own(self) -> int:
        """Give back every request this worker holds (it is closing)."""
        self.flush()
        self._popped.clear()
        return requeue(self.server, self.key, self.processing_key)


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value

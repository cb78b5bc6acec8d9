"""Shared helpers of the frontier tests: a Redis db of the test's own, workers."""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.crawl_helpers import ROOT, crawl_args, warta_command

REDIS_HOST = os.environ.get("WARTA_TEST_REDIS", "127.0.0.1:6379")

#: Frontier settings that keep tests quick: heartbeats every 0.5 s (dead after 1.5 s).
FAST_FRONTIER = ("--set", "WARTA_FRONTIER_HEARTBEAT=0.5")

#: In db 0, the claim of db N by one test process (so two runs never share a db).
CLAIM_KEY = "warta-test:claims:{n}"
CLAIM_SECONDS = 3 * 3600  # a run killed before releasing its claim frees it then

_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


def claim_redis_db(client: redis.Redis) -> tuple[int, str | None]:
    """A db number (1-15) of this test process's own, and its claim key (None
    when ``$WARTA_TEST_REDIS_DB`` names the db); fails when all are claimed."""
    fixed = os.environ.get("WARTA_TEST_REDIS_DB", "").strip()
    if fixed:
        return int(fixed), None
    owner = f"{socket.gethostname()}:{os.getpid()}"
    for number in range(1, 16):
        key = CLAIM_KEY.format(n=number)
        if client.set(key, owner, nx=True, ex=CLAIM_SECONDS):
            return number, key
    raise RuntimeError(f"every Redis db 1-15 on {REDIS_HOST} is claimed by a test run")


def release_redis_db(client: redis.Redis, key: str | None) -> None:
    """Give the db back (only if the claim is still this process's)."""
    if key is not None:
        owner = f"{socket.gethostname()}:{os.getpid()}"
        client.eval(_RELEASE, 1, key, owner)


@pytest.fixture
def frontier_url(redis_db: int) -> Iterator[str]:
    """``redis://127.0.0.1:6379/N`` on the run's own emptied db, emptied again
    afterwards (``redis_db`` is the session's claimed number, in conftest)."""
    url = f"redis://{REDIS_HOST}/{redis_db}"
    client = redis.Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()


def start_worker(
    base_url: str,
    archive: Path | str,
    frontier: str,
    *extra: str,
    log: Path | None = None,
    cwd: Path = ROOT,
) -> subprocess.Popen[str]:
    """One ``warta crawl --frontier`` worker, as a subprocess of the real CLI
    (in ``cwd``: a PostgreSQL archive's run logs go to ``./DB.logs/``)."""
    args = crawl_args(base_url, archive, "--frontier", frontier, *FAST_FRONTIER, *extra)
    out = log.open("w") if log else subprocess.DEVNULL
    return subprocess.Popen(
        warta_command(*args), cwd=cwd, stdout=out, stderr=subprocess.STDOUT, text=True
    )


def wait_all(workers: list[subprocess.Popen[str]], timeout: float = 240) -> list[int]:
    """Exit codes of every worker (they end on their own once the crawl is done)."""
    return [worker.wait(timeout=timeout) for worker in workers]

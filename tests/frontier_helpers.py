"""Shared helpers of the frontier tests: a Redis db of the test's own, workers."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.crawl_helpers import ROOT, crawl_args, warta_command

REDIS_HOST = os.environ.get("WARTA_TEST_REDIS", "127.0.0.1:6379")

#: Frontier settings that keep tests quick: heartbeats every 0.5 s (dead after 1.5 s).
FAST_FRONTIER = ("--set", "WARTA_FRONTIER_HEARTBEAT=0.5")


def redis_db_number() -> int:
    """A db number (1-15) of this test process's own (CI may set WARTA_TEST_REDIS_DB)."""
    return int(os.environ.get("WARTA_TEST_REDIS_DB", 1 + os.getpid() % 15))


@pytest.fixture
def frontier_url() -> Iterator[str]:
    """``redis://127.0.0.1:6379/N`` on an emptied db, emptied again afterwards."""
    url = f"redis://{REDIS_HOST}/{redis_db_number()}"
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(
            f"needs Redis on {REDIS_HOST} (redis-server --daemonize yes): {exc}"
        )
    client.flushdb()
    yield url
    client.flushdb()


def start_worker(
    base_url: str, archive: Path, frontier: str, *extra: str, log: Path | None = None
) -> subprocess.Popen[str]:
    """One ``warta crawl --frontier`` worker, as a subprocess of the real CLI."""
    args = crawl_args(base_url, archive, "--frontier", frontier, *FAST_FRONTIER, *extra)
    out = log.open("w") if log else subprocess.DEVNULL
    return subprocess.Popen(
        warta_command(*args), cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, text=True
    )


def wait_all(workers: list[subprocess.Popen[str]], timeout: float = 240) -> list[int]:
    """Exit codes of every worker (they end on their own once the crawl is done)."""
    return [worker.wait(timeout=timeout) for worker in workers]

"""Frontier workers writing one PostgreSQL archive (real Redis, PostgreSQL, mirror).

The issue's "done when": three ``warta crawl --frontier … --archive
postgresql://…`` workers crawl a 500-article mirror, one is killed with
SIGKILL mid-run and restarted, and when all have exited every article is
archived exactly once with the fields the mirror published. Two workers are
the same code path with one process fewer (tests/test_crawler_frontier.py
runs 2 and 3 on SQLite), so they are not run again here.
"""

from __future__ import annotations

import signal
import time
from collections import Counter
from pathlib import Path

import pytest

from mirror import MirrorServer
from tests.crawl_helpers import (
    archived_keys,
    article_requests,
    count_articles,
    field_mismatches,
    runs,
    truth_keys,
)
from tests.frontier_helpers import frontier_url, start_worker, wait_all
from tests.pg_support import TestDatabase

pytestmark = [pytest.mark.e2e, pytest.mark.services]
__all__ = ["frontier_url"]  # the fixture

ARTICLES = 500
KILL_AFTER = 150  # articles archived when the first worker is killed
#: The host's rate, shared by the workers (a Redis token bucket): the crawl
#: lasts ~10 s, so every worker, the restarted one too, starts while work is
#: left (unthrottled, two workers could finish before a third had started).
IDLE = ("--idle-timeout", "3", "--set", "WARTA_HOST_RATE=60")


def test_kill_9_of_a_postgresql_worker_loses_nothing(
    tmp_path: Path, frontier_url: str, pg_database: TestDatabase
) -> None:
    archive = pg_database.new_archive_url()
    with MirrorServer(articles=ARTICLES) as server:
        procs = [
            start_worker(server.url, archive, frontier_url, *IDLE,
                         log=tmp_path / f"w{i}.log", cwd=tmp_path)
            for i in range(3)
        ]  # fmt: skip
        deadline = time.monotonic() + 180
        while count_articles(archive) < KILL_AFTER and time.monotonic() < deadline:
            time.sleep(0.2)
        assert procs[0].poll() is None, "the crawl ended before the kill"
        procs[0].send_signal(signal.SIGKILL)
        assert procs[0].wait(timeout=10) == -signal.SIGKILL
        killed_at = count_articles(archive)
        restarted = start_worker(
            server.url, archive, frontier_url, *IDLE, log=tmp_path / "w3.log",
            cwd=tmp_path,
        )  # fmt: skip
        codes = wait_all([*procs[1:], restarted])
        truth = server.ground_truth()
        fetched = article_requests(server.request_counts())
    logs = "".join(p.read_text() for p in sorted(tmp_path.glob("w*.log")))
    assert KILL_AFTER <= killed_at < len(truth) == ARTICLES, "killed too late"
    assert codes == [0, 0, 0], logs
    keys = archived_keys(archive)
    assert [k for k, n in Counter(keys).items() if n > 1] == []  # no duplicates
    assert set(keys) == truth_keys(truth)  # no gaps
    assert field_mismatches(archive, truth) == []
    assert len(fetched) == ARTICLES  # every article page was requested
    rows = runs(archive)
    assert len(rows) == 4  # one row per worker, the killed one's too
    assert len({r["crawl_id"] for r in rows}) == 1
    assert sorted(r["status"] for r in rows).count("finished") == 3
    assert sum(1 for r in rows if r["article_pages"]) >= 3  # the work was shared

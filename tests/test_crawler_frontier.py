"""Several ``warta crawl --frontier`` workers share one crawl (real Redis, mirror)."""

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

pytestmark = [pytest.mark.e2e, pytest.mark.services]
__all__ = ["frontier_url"]  # the fixture


#: 30 requests/s to the mirror across the workers: the crawl outlasts their start-up.
SHARED_RATE = ("--delay", "0.033")


@pytest.mark.parametrize("workers", [2, 3])
def test_workers_share_one_crawl(
    tmp_path: Path, frontier_url: str, workers: int
) -> None:
    archive = tmp_path / "a.sqlite"
    with MirrorServer(articles=150) as server:
        procs = [
            start_worker(
                server.url, archive, frontier_url, "--idle-timeout", "2",
                *SHARED_RATE, log=tmp_path / f"w{i}.log",
            )
            for i in range(workers)
        ]  # fmt: skip
        codes = wait_all(procs)
        truth = server.ground_truth()
        fetched = article_requests(server.request_counts())
    logs = "".join(p.read_text() for p in tmp_path.glob("w*.log"))
    assert codes == [0] * workers, logs
    keys = archived_keys(archive)
    duplicates = [k for k, n in Counter(keys).items() if n > 1]
    assert duplicates == []
    assert set(keys) == truth_keys(truth)  # no gaps
    assert field_mismatches(archive, truth) == []
    assert max(fetched.values()) == 1  # the shared duplicate filter: one fetch each
    rows = runs(archive)
    assert len(rows) == workers
    assert len({r["crawl_id"] for r in rows}) == 1
    assert rows[0]["crawl_id"]
    assert sum(r["article_pages"] for r in rows) == len(truth)
    assert sum(1 for r in rows if r["article_pages"]) >= 2  # the work was shared


def test_kill_9_of_a_worker_loses_nothing(tmp_path: Path, frontier_url: str) -> None:
    """Three workers on 500 articles, one killed with SIGKILL mid-run and restarted."""
    archive = tmp_path / "a.sqlite"
    idle = ("--idle-timeout", "3")
    with MirrorServer(articles=500) as server:
        procs = [
            start_worker(server.url, archive, frontier_url, *idle,
                         log=tmp_path / f"w{i}.log")
            for i in range(3)
        ]  # fmt: skip
        deadline = time.monotonic() + 120
        while count_articles(archive) < 150 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert procs[0].poll() is None, "the crawl ended before the kill"
        procs[0].send_signal(signal.SIGKILL)
        assert procs[0].wait(timeout=10) == -signal.SIGKILL
        killed_at = count_articles(archive)
        restarted = start_worker(
            server.url, archive, frontier_url, *idle, log=tmp_path / "w3.log"
        )
        codes = wait_all([*procs[1:], restarted])
        truth = server.ground_truth()
    logs = "".join(p.read_text() for p in sorted(tmp_path.glob("w*.log")))
    assert killed_at < len(truth), "killed too late to test anything"
    assert codes == [0, 0, 0], logs
    keys = archived_keys(archive)
    assert [k for k, n in Counter(keys).items() if n > 1] == []
    assert set(keys) == truth_keys(truth)
    assert field_mismatches(archive, truth) == []
    rows = runs(archive)
    assert len(rows) == 4
    assert len({r["crawl_id"] for r in rows}) == 1
    statuses = sorted(r["status"] for r in rows)
    assert statuses.count("finished") == 3

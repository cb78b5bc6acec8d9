"""One crawl per archive: a second is refused (or queued with ``--wait``), and
analysts reading the archive during a crawl never see "database is locked"."""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from pathlib import Path

import pytest

from crawler.lock import CrawlLock, lock_path_for
from mirror.server import MirrorServer
from tests.crawl_helpers import (
    ROOT,
    archived_keys,
    count_articles,
    crawl_args,
    runs,
    truth_keys,
    warta,
    warta_command,
)

pytestmark = pytest.mark.e2e

ARTICLES = 20


def _holds_open(pid: int, path: Path) -> bool:
    """Whether process ``pid`` has ``path`` open (it is waiting for the lock)."""
    fd_dir = Path(f"/proc/{pid}/fd")
    try:
        targets = [str(fd.readlink()) for fd in fd_dir.iterdir()]
    except OSError:  # the process ended, or a descriptor closed meanwhile
        return False
    return str(path.resolve()) in targets


def test_second_crawl_is_refused_at_once(tmp_path: Path) -> None:
    archive = tmp_path / "warta.sqlite"
    with MirrorServer(articles=ARTICLES) as mirror, CrawlLock(archive):
        started = time.monotonic()
        result = warta(*crawl_args(mirror.url, archive), check=False, timeout=60)
        elapsed = time.monotonic() - started
        requests = mirror.request_counts()
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "another crawl" in lines[0]
    assert "--wait" in lines[0]
    assert f"pid {os.getpid()}" in lines[0]  # says who holds it
    assert requests == {}  # it fetched nothing
    assert not archive.exists()  # and did not touch the archive
    assert elapsed < 30  # no waiting (the bound only absorbs a slow start)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux /proc")
def test_wait_queues_behind_the_running_crawl(tmp_path: Path) -> None:
    archive = tmp_path / "warta.sqlite"
    with MirrorServer(articles=ARTICLES) as mirror:
        lock = CrawlLock(archive)
        lock.acquire()
        try:
            waiting = subprocess.Popen(
                warta_command(*crawl_args(mirror.url, archive, "--wait")),
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            deadline = time.monotonic() + 60
            while not _holds_open(waiting.pid, lock_path_for(archive)):
                assert waiting.poll() is None, waiting.communicate()
                assert time.monotonic() < deadline, "the crawl never reached the lock"
                time.sleep(0.05)
            time.sleep(2.5)  # more than one poll of the lock (1 s)
            assert waiting.poll() is None  # still queued
            assert mirror.request_counts() == {}
        finally:
            lock.release()
        stdout, stderr = waiting.communicate(timeout=120)
        truth = mirror.ground_truth()
    assert waiting.returncode == 0, stdout + stderr
    keys = archived_keys(archive)
    assert (len(keys), set(keys)) == (ARTICLES, truth_keys(truth))
    assert [r["status"] for r in runs(archive)] == ["finished"]


READERS = 1  # each reader is a new process: more would slow the crawl down
READ_ARTICLES = 60
READ_DELAY = "0.15"  # seconds between requests: a crawl of ~12 s, little CPU
READ_COMMANDS = (
    ("search", "Jakarta", "--format", "json", "--limit", "5"),
    ("stats", "--format", "json"),
)


def test_readers_during_a_crawl_never_see_a_locked_database(tmp_path: Path) -> None:
    archive = tmp_path / "warta.sqlite"
    results: list[tuple[bool, subprocess.CompletedProcess[str]]] = []
    with MirrorServer(articles=READ_ARTICLES) as mirror:
        crawler = subprocess.Popen(
            warta_command(*crawl_args(mirror.url, archive, "--delay", READ_DELAY)),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 60
        while count_articles(archive) == 0 and crawler.poll() is None:
            assert time.monotonic() < deadline, "the crawl archived nothing"
            time.sleep(0.02)

        def read(offset: int) -> None:
            turn = offset
            while crawler.poll() is None:
                args = READ_COMMANDS[turn % len(READ_COMMANDS)]
                result = warta(*args, "--archive", str(archive), check=False)
                results.append((crawler.poll() is None, result))
                turn += 1

        threads = [threading.Thread(target=read, args=(i,)) for i in range(READERS)]
        for thread in threads:
            thread.start()
        stdout, stderr = crawler.communicate(timeout=240)
        for thread in threads:
            thread.join(timeout=60)
    assert crawler.returncode == 0, stdout + stderr
    during = [result for running, result in results if running]
    print(f"readers: {len(during)} of {len(results)} finished during the crawl")
    assert len(during) >= 2, "readers did not overlap the crawl"
    failures = [
        (r.args[3:4], r.returncode, r.stderr.strip()[-300:])
        for _, r in results
        if r.returncode != 0 or "locked" in r.stderr
    ]
    assert failures == []
    for _, result in results:
        json.loads(result.stdout)  # complete, well-formed output

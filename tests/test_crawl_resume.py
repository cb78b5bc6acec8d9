"""Resume: a crawl killed with SIGKILL part-way continues where it stopped."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest

from archive.store import open_archive
from mirror.server import MirrorServer
from tests.crawl_helpers import (
    ROOT,
    archived_keys,
    article_requests,
    count_articles,
    crawl_args,
    field_mismatches,
    path_of,
    rows,
    runs,
    truth_keys,
    warta,
    warta_command,
)

pytestmark = pytest.mark.e2e

ARTICLES = 150
KILL_AT = 30  # articles archived before the kill
# --refresh-days 0: the re-run must fetch exactly what the killed run left
COMMAND_EXTRA = ("--refresh-days", "0")


def _crawl_until(archive: Path, base_url: str, articles: int) -> int:
    """Start a crawl, SIGKILL it once ``articles`` are archived; return its status."""
    command = warta_command(*crawl_args(base_url, archive, *COMMAND_EXTRA))
    crawler = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while crawler.poll() is None and time.monotonic() < deadline:
            if count_articles(archive) >= articles:
                break
            time.sleep(0.02)
        crawler.send_signal(signal.SIGKILL)
    finally:
        if crawler.poll() is None:
            crawler.kill()
        crawler.wait(timeout=30)
    return crawler.returncode


def test_killed_crawl_resumes_to_the_same_archive(tmp_path: Path) -> None:
    archive = tmp_path / "warta.sqlite"
    with MirrorServer(articles=ARTICLES) as mirror:
        truth = mirror.ground_truth()
        status = _crawl_until(archive, mirror.url, KILL_AT)
        assert status == -signal.SIGKILL  # killed, not finished on its own
        before = set(archived_keys(archive))
        assert KILL_AT <= len(before) < ARTICLES
        assert [r["status"] for r in runs(archive)] == ["running"]
        # counters are written with the items they count: exact even after kill -9
        assert [r["new"] for r in runs(archive)] == [len(before)]

        mirror.reset_counts()
        result = warta(*crawl_args(mirror.url, archive, *COMMAND_EXTRA), check=False)
        assert result.returncode == 0, result.stdout + result.stderr

        # continued where it stopped: each missing article fetched once, no other
        missing = {
            path_of(a["url"]): 1
            for a in truth
            if (a["language"], a["site_article_id"]) not in before
        }
        assert article_requests(mirror.request_counts()) == missing

    keys = archived_keys(archive)
    assert (len(keys), set(keys)) == (ARTICLES, truth_keys(truth))
    assert field_mismatches(archive, truth)[:5] == []
    pages = rows(archive, "SELECT COUNT(*), COUNT(DISTINCT url) FROM pages")[0]
    assert tuple(pages) == (ARTICLES, ARTICLES)
    assert [r["status"] for r in runs(archive)] == ["interrupted", "finished"]
    assert rows(archive, "PRAGMA integrity_check")[0][0] == "ok"
    with open_archive(archive) as arc:
        assert arc.integrity_check() == []  # SQLite and the FTS index

"""Crawls that cannot go well end honestly: a full disk stops the crawl at once
(exit 1, one line, a consistent archive a re-run completes), a broken site is
``degraded`` (exit 3), and ``--max-articles`` bounds every request of the run."""

from __future__ import annotations

import math
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from mirror.render import PER_PAGE
from mirror.server import MirrorServer
from tests.crawl_helpers import (
    archived_keys,
    article_requests,
    crawl,
    crawl_args,
    field_mismatches,
    listing_requests,
    rows,
    runs,
    truth_keys,
    warta,
)
from tests.disk_helpers import tmpfs

pytestmark = pytest.mark.e2e


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True, check=False)


@pytest.fixture
def crawl_disk(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB tmpfs: a real full disk once a crawl has filled it."""
    with tmpfs(tmp_path / "disk", "3m") as disk:
        yield disk


def test_full_disk_stops_the_crawl_and_a_rerun_completes_it(crawl_disk: Path) -> None:
    archive = crawl_disk / "warta.sqlite"
    with MirrorServer(articles=120) as mirror:
        first = warta(*crawl_args(mirror.url, archive), check=False)
        archived = len(archived_keys(archive))
        # one line on stderr, no traceback; what the summary counts is there
        (line,) = first.stderr.strip().splitlines()
        assert (first.returncode, line.split(":")[0]) == (1, "Error")
        assert "database or disk is full" in line
        assert 0 < archived < 120
        assert f": {archived} new," in first.stdout
        assert rows(archive, "PRAGMA integrity_check")[0][0] == "ok"
        (run,) = runs(archive)
        if run["status"] == "failed":  # its row could still be written
            assert "disk is full" in run["status_reason"]
        else:
            assert "could not be updated" in line
        # the cause is fixed: the next run pages every listing and completes
        assert _mount("-o", "remount,size=64m", str(crawl_disk)).returncode == 0
        second = crawl(mirror.url, archive)
        truth = mirror.ground_truth()
    keys = archived_keys(archive)
    assert (len(keys), set(keys)) == (120, truth_keys(truth))
    assert field_mismatches(archive, truth)[:5] == []
    assert [(r["status"], r["scope"]) for r in runs(archive)][1:] == [
        ("finished", "full")
    ]
    assert second.stderr.strip() == ""


@pytest.mark.parametrize(
    ("broken", "reason"),
    [
        ("listings", "no listing page could be read"),
        ("articles", "20 of 20 article pages failed"),
    ],
)
def test_a_broken_site_ends_degraded(tmp_path: Path, broken: str, reason: str) -> None:
    archive = tmp_path / "warta.sqlite"
    with MirrorServer(articles=20, broken=broken) as mirror:
        result = warta(*crawl_args(mirror.url, archive), check=False)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    (run,) = runs(archive)
    assert run["status"] == "degraded"
    assert reason in run["status_reason"]
    shown = warta("runs", "--archive", str(archive), "--format", "json").stdout
    assert reason in shown
    assert '"degraded"' in shown
    assert archived_keys(archive) == []


def test_max_articles_bounds_every_request_of_the_run(tmp_path: Path) -> None:
    archive = tmp_path / "warta.sqlite"
    wanted = 2 * PER_PAGE + 3  # needs three pages of the first listing
    with MirrorServer(articles=3000) as mirror:
        crawl(mirror.url, archive, "--max-articles", str(wanted))
        requests = mirror.request_counts()
    assert sum(article_requests(requests).values()) == wanted
    assert sum(listing_requests(requests).values()) == math.ceil(wanted / PER_PAGE)
    assert len(archived_keys(archive)) == wanted

"""Faults: the mirror's ``faults`` mode (a fifth of URLs fail once) is crawled completely;
exhausted retries go to ``failures`` and ``--retry-failed`` fetches just those."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from mirror.faults import FAULT_KINDS
from mirror.server import MirrorServer
from tests.crawl_helpers import (
    FAST_FAULTS,
    archived_keys,
    article_requests,
    crawl,
    crawl_args,
    field_mismatches,
    path_of,
    rows,
    runs,
    truth_keys,
    warta,
)

pytestmark = pytest.mark.e2e

ARTICLES = 60
FAULT_DELAY = 4.0  # a "timeout" fault answers after this; DOWNLOAD_TIMEOUT is 2
# Failures a crawl without retries always records: a "reset" may be retried by
# Twisted's connection pool itself (a reused keep-alive connection), so not it.
ALWAYS_FAIL = frozenset(FAULT_KINDS) - {"reset"}


def open_failures(archive: Path) -> list[dict[str, object]]:
    """Unresolved rows of the failures table."""
    return [
        dict(r)
        for r in rows(archive, "SELECT * FROM failures WHERE resolved_at IS NULL")
    ]


def test_faulty_site_is_archived_completely(tmp_path: Path) -> None:
    archive = tmp_path / "warta.sqlite"
    with MirrorServer(
        articles=ARTICLES, faults=True, fault_delay=FAULT_DELAY
    ) as mirror:
        plan = mirror.fault_plan()
        assert set(plan.values()) == set(FAULT_KINDS)
        crawl(mirror.url, archive, *FAST_FAULTS)
        requests = mirror.request_counts()
        truth = mirror.ground_truth()
    # every planned fault fired (first request) and its URL was fetched again
    assert {path: requests.get(path, 0) >= 2 for path in plan} == dict.fromkeys(
        plan, True
    )
    keys = archived_keys(archive)
    assert (len(keys), set(keys)) == (ARTICLES, truth_keys(truth))
    assert field_mismatches(archive, truth)[:5] == []  # no truncated body kept
    (run,) = runs(archive)
    assert (run["status"], run["failed"], run["new"]) == ("finished", 0, ARTICLES)
    assert run["retries"] > 0
    assert open_failures(archive) == []


def test_retry_failed_fetches_only_the_recorded_failures(tmp_path: Path) -> None:
    archive = tmp_path / "warta.sqlite"
    with MirrorServer(
        articles=ARTICLES, faults=True, fault_delay=FAULT_DELAY
    ) as mirror:
        plan = mirror.fault_plan()
        # no retries: every fault on a first request becomes a recorded failure,
        # about a fifth of the article pages: more than the default 10 %
        first_crawl = warta(
            *crawl_args(mirror.url, archive, *FAST_FAULTS, "--set", "RETRY_TIMES=0"),
            check=False,
        )
        assert first_crawl.returncode == 3, first_crawl.stdout + first_crawl.stderr
        failed = open_failures(archive)
        failed_paths = {path_of(str(f["url"])) for f in failed}
        assert {f["stage"] for f in failed} == {"fetch"}
        assert failed_paths <= set(plan)  # nothing failed that should not have
        assert {p for p, kind in plan.items() if kind in ALWAYS_FAIL} <= failed_paths
        assert len(failed_paths) == len(failed)  # one row per URL
        known = set(archived_keys(archive))
        assert len(known) < ARTICLES
        (first,) = runs(archive)
        assert (first["status"], first["failed"]) == ("degraded", len(failed))
        assert "article pages failed" in first["status_reason"]
        # one log line (a WARNING) per failed URL
        log = Path(first["log_path"]).read_text(encoding="utf-8").splitlines()
        logged = Counter(
            path_of(str(f["url"]))
            for f in failed
            for line in log
            if f"{f['url']}: " in line and (" WARNING: " in line or " ERROR: " in line)
        )
        assert logged == dict.fromkeys(failed_paths, 1)

        mirror.reset_counts()
        crawl(mirror.url, archive, *FAST_FAULTS, "--retry-failed")
        requests = Counter(mirror.request_counts())
        truth = mirror.ground_truth()

    del requests["/robots.txt"]
    assert {path: requests[path] for path in failed_paths} == dict.fromkeys(
        failed_paths, 1
    )
    # anything else requested is an article the failed listings led to, never
    # one already archived
    extra = set(requests) - failed_paths
    truth_paths = {path_of(a["url"]): (a["language"], a["site_article_id"])
                   for a in truth}  # fmt: skip
    assert extra <= set(article_requests(requests))
    assert not {truth_paths[p] for p in extra} & known
    keys = archived_keys(archive)
    assert (len(keys), set(keys)) == (ARTICLES, truth_keys(truth))
    assert open_failures(archive) == []
    retry = runs(archive)[-1]
    assert (retry["status"], retry["failed"]) == ("finished", 0)


@pytest.mark.parametrize("base_url", ["http://127.0.0.1:9", "http://nosuch.invalid"])
def test_an_unreachable_site_fails_at_once(tmp_path: Path, base_url: str) -> None:
    archive = tmp_path / "warta.sqlite"
    result = warta(*crawl_args(base_url, archive), check=False)
    (line,) = result.stderr.strip().splitlines()
    assert (result.returncode, line.split(":")[0]) == (1, "Error")
    assert f"cannot reach {base_url}" in line
    (run,) = runs(archive)
    assert run["status"] == "failed"
    assert "cannot reach" in run["status_reason"]
    # no request was retried or recorded: the preflight probe stopped the run
    assert (run["retries"], rows(archive, "SELECT COUNT(*) FROM failures")[0][0]) == (
        0,
        0,
    )

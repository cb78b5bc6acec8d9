"""Incremental crawls: a re-run fetches only new (and recently published) articles.

Requests are counted at the mirror. One mirror and one archive go through four
runs: the first crawl, an unchanged re-run (default refresh window), a re-run
whose ``--refresh-days`` covers a known part of the mirror, and a re-run after
the mirror published more articles (``--refresh-days 0``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from crawler.links import next_page, page_number
from mirror.render import PER_PAGE, page_count
from mirror.server import MirrorServer
from pipelines.crawlstate import listings_complete
from tests.crawl_helpers import (
    Key,
    archived_keys,
    article_requests,
    crawl,
    field_mismatches,
    listing_requests,
    path_of,
    rows,
    runs,
    truth_keys,
)

pytestmark = pytest.mark.e2e

ARTICLES = 60
GROWTH = 5
DEFAULT_REFRESH_DAYS = 7  # warta crawl --refresh-days default


@dataclass
class Run:
    """One crawl: its id in the archive and what it asked the mirror for."""

    run_id: int
    requests: dict[str, int]
    stdout: str


@dataclass
class History:
    """The four runs against one mirror and one archive."""

    mirror: MirrorServer
    archive: Path
    today: date
    refresh_days: int
    truth_before: list[dict[str, Any]]
    known_before_growth: set[Key]
    runs: dict[str, Run] = field(default_factory=dict)


def _utc_today() -> date:
    return datetime.now(UTC).date()


def recent_paths(truth: list[dict[str, Any]], today: date, days: int) -> set[str]:
    """Paths of the articles the refresh window of ``days`` covers on ``today``."""
    cutoff = (today - timedelta(days=days)).isoformat()
    return {path_of(a["url"]) for a in truth if a["published_at"][:10] >= cutoff}


def _middle_refresh_days(truth: list[dict[str, Any]], today: date) -> int:
    """A ``--refresh-days`` whose window covers the newer part of the mirror only."""
    dates = sorted(date.fromisoformat(a["published_at"][:10]) for a in truth)
    days = (today - dates[len(dates) // 2]).days
    if days < 0:
        pytest.skip(f"the clock ({today}) is before the mirror's articles ({dates[0]})")
    return days


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[History]:
    archive = tmp_path_factory.mktemp("incremental") / "warta.sqlite"
    with MirrorServer(articles=ARTICLES) as mirror:
        truth = mirror.ground_truth()
        today = _utc_today()
        hist = History(
            mirror=mirror,
            archive=archive,
            today=today,
            refresh_days=_middle_refresh_days(truth, today),
            truth_before=truth,
            known_before_growth=set(),
        )

        def run(name: str, *extra: str) -> None:
            mirror.reset_counts()
            result = crawl(mirror.url, archive, *extra)
            run_id = max(r["id"] for r in runs(archive))
            hist.runs[name] = Run(run_id, mirror.request_counts(), result.stdout)

        run("first")
        run("unchanged")
        run("refresh", "--refresh-days", str(hist.refresh_days))
        hist.known_before_growth = set(archived_keys(archive))
        mirror.grow(GROWTH)
        run("grown", "--refresh-days", "0")
        if _utc_today() != today:
            pytest.skip("the UTC date changed during the crawls; windows moved")
        yield hist


def test_first_crawl_archives_every_article(history: History) -> None:
    first = history.runs["first"]
    assert len(article_requests(first.requests)) == ARTICLES
    assert history.known_before_growth == truth_keys(history.truth_before)


def test_unchanged_rerun_fetches_only_the_default_refresh_window(
    history: History,
) -> None:
    expected = recent_paths(history.truth_before, history.today, DEFAULT_REFRESH_DAYS)
    requested = article_requests(history.runs["unchanged"].requests)
    assert requested == dict.fromkeys(expected, 1)


def test_unchanged_rerun_reads_only_the_first_page_of_each_listing(
    history: History,
) -> None:
    requested = listing_requests(history.runs["unchanged"].requests)
    assert requested == dict.fromkeys(history.mirror.site.listing_bases(), 1)


def test_refresh_window_refetches_exactly_the_recent_articles(
    history: History,
) -> None:
    expected = recent_paths(history.truth_before, history.today, history.refresh_days)
    assert 0 < len(expected) < ARTICLES  # the window splits the mirror
    refresh = history.runs["refresh"]
    assert article_requests(refresh.requests) == dict.fromkeys(expected, 1)
    run = next(r for r in runs(history.archive) if r["id"] == refresh.run_id)
    counters = (run["new"], run["unchanged"], run["article_pages"], run["status"])
    assert counters == (0, len(expected), len(expected), "finished")
    article_views = rows(
        history.archive,
        "SELECT COUNT(*) FROM view_counts WHERE source = 'article' AND run_id = ?",
        refresh.run_id,
    )[0][0]
    assert article_views == len(expected)


def test_growth_fetches_only_the_new_article_pages(history: History) -> None:
    truth = history.mirror.ground_truth()
    new = [a for a in truth if (a["language"], a["site_article_id"])
           not in history.known_before_growth]  # fmt: skip
    assert len(new) == GROWTH
    grown = history.runs["grown"]
    assert article_requests(grown.requests) == {path_of(a["url"]): 1 for a in new}
    keys = archived_keys(history.archive)
    assert (len(keys), set(keys)) == (ARTICLES + GROWTH, truth_keys(truth))
    run = next(r for r in runs(history.archive) if r["id"] == grown.run_id)
    assert (run["new"], run["updated"], run["unchanged"]) == (GROWTH, 0, 0)
    assert field_mismatches(history.archive, new)[:5] == []


def test_growth_pages_each_listing_only_to_its_first_all_known_page(
    history: History,
) -> None:
    site = history.mirror.site
    expected: list[str] = []
    full_pass = 0
    for base in site.listing_bases():
        listed = site.listing(base) or []
        full_pass += page_count(len(listed))
        for page in range(1, page_count(len(listed)) + 1):
            expected.append(base if page == 1 else f"{base}?page={page}")
            chunk = listed[(page - 1) * PER_PAGE : page * PER_PAGE]
            if all((a.language, str(a.id)) in history.known_before_growth
                   for a in chunk):  # fmt: skip
                break
    requested = listing_requests(history.runs["grown"].requests)
    assert requested == dict.fromkeys(expected, 1)
    assert len(requested) < full_pass


def test_view_counts_come_from_every_source(history: History) -> None:
    sources = {
        r["source"]: r["n"]
        for r in rows(
            history.archive,
            "SELECT source, COUNT(*) AS n FROM view_counts GROUP BY source",
        )
    }
    assert set(sources) == {"article", "listing", "related", "popular"}
    dupes = rows(
        history.archive,
        "SELECT COUNT(*) FROM (SELECT 1 FROM view_counts "
        "GROUP BY article_id, run_id, source HAVING COUNT(*) > 1)",
    )[0][0]
    assert dupes == 0


@pytest.mark.parametrize(
    ("page_url", "links", "expected"),
    [
        ("http://m/berita/terkini", ["http://m/berita/terkini?page=2",
         "http://m/berita/terkini?page=3"], ["http://m/berita/terkini?page=2"]),
        ("http://m/x?page=2", ["http://m/x", "http://m/x?page=3",
         "http://m/x?page=4"], ["http://m/x?page=3"]),
        ("http://m/x?page=5", ["http://m/x?page=4"], []),
        ("http://m/x/page/2", ["http://m/x/page/3/"], ["http://m/x/page/3/"]),
        ("http://m/x", ["http://m/x/more", "http://m/x/older"],
         ["http://m/x/more", "http://m/x/older"]),
    ],
)  # fmt: skip
def test_next_page_is_the_following_numbered_page(
    page_url: str, links: list[str], expected: list[str]
) -> None:
    assert next_page(page_url, links) == expected
    assert page_number("http://m/x?page=7") == 7


def test_run_after_a_date_bounded_run_pages_every_listing(tmp_path: Path) -> None:
    archive = tmp_path / "warta.sqlite"
    with MirrorServer(articles=ARTICLES) as mirror:
        truth = mirror.ground_truth()
        newest = max(date.fromisoformat(a["published_at"][:10]) for a in truth)
        since = newest.isoformat()  # a listing's second page is older
        crawl(mirror.url, archive, "--since", since, "--refresh-days", "0")
        # nothing published before --since is archived, all after it is
        recent = [a for a in truth if a["published_at"][:10] >= since]
        assert 0 < len(recent) < ARTICLES
        assert sorted(archived_keys(archive)) == sorted(truth_keys(recent))
        mirror.reset_counts()
        crawl(mirror.url, archive, "--refresh-days", "0")
        keys = archived_keys(archive)
        assert (len(keys), set(keys)) == (ARTICLES, truth_keys(truth))
        every_page = {
            base if page == 1 else f"{base}?page={page}"
            for base in mirror.site.listing_bases()
            for page in range(1, page_count(len(mirror.site.listing(base) or [])) + 1)
        }
        assert listing_requests(mirror.request_counts()) == dict.fromkeys(every_page, 1)


def _run(run_id: int, status: str, scope: str | None) -> dict[str, Any]:
    return {"id": run_id, "status": status, "scope": scope}


@pytest.mark.parametrize(
    ("previous", "complete"),
    [
        ([], False),
        ([_run(1, "finished", "full")], True),
        ([_run(1, "finished", "incremental")], True),
        ([_run(2, "interrupted", "incremental"), _run(1, "finished", "full")], False),
        ([_run(2, "failed", "incremental"), _run(1, "finished", "full")], False),
        ([_run(2, "degraded", "incremental"), _run(1, "finished", "full")], False),
        ([_run(1, "finished", "capped")], False),
        ([_run(1, "finished", "since")], False),
        ([_run(1, "finished", None)], False),
        ([_run(2, "finished", "retry"), _run(1, "finished", "full")], True),
        ([_run(2, "finished", "retry"), _run(1, "running", "full")], False),
    ],
)
def test_only_an_unbounded_finished_pass_lets_listings_stop_early(
    previous: list[dict[str, Any]], complete: bool
) -> None:
    assert listings_complete(previous) is complete

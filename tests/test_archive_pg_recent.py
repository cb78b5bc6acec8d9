"""The GIN indexes of a large PostgreSQL archive's newest articles: made when
due, moved as the archive grows, taken by the planner for slices above their
boundary, and never changing what a search finds."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from archive import pg_recent
from archive.search import search
from archive.store import open_archive
from benchmarks.pg_plans import nodes, recorded
from benchmarks.synthetic import Corpus
from cli.main import main
from tests.pg_support import TestDatabase
from tests.test_archive_support import OBSERVED

pytestmark = pytest.mark.services

ARTICLES = 400
RECENT = 50  # recent rows in these tests (RECENT_ROWS in a real archive)
WORDS = [Corpus(7).words[rank] for rank in (20, 150, 300, 1000)]


def _rows(start: int, count: int) -> list[dict[str, Any]]:
    rows = Corpus(7).batch(start, count, ARTICLES + 200)
    for number, row in enumerate(rows, start):
        # Coarse dates (ties at any boundary), some missing.
        day = 1 + number % 28
        row["published_at"] = (
            None
            if number % 17 == 0
            else f"20{14 + number % 11}-0{1 + number % 9}-{day:02}"
        )
    return rows


def _archive(url: str, count: int = ARTICLES) -> str:
    with open_archive(url) as arc:
        arc.save_articles(_rows(0, count), observed_at=OBSERVED, run_id=None)
        with arc.transaction() as conn:
            conn.exec_driver_sql("ANALYZE")
    return url


def _refresh(url: str, recent_rows: int = RECENT) -> bool:
    with open_archive(url) as arc:
        return pg_recent.refresh(arc.conn.engine, recent_rows)


def _boundary(url: str) -> str | None:
    with open_archive(url, read_only=True) as arc, arc.read() as conn:
        return pg_recent.boundary(conn)


def _index_names(url: str) -> set[str]:
    with open_archive(url, read_only=True) as arc:
        rows = arc.query(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
            " AND indexname LIKE '%recent%'"
        )
        return {row["indexname"] for row in rows}


def _newest_dates(url: str) -> list[str]:
    with open_archive(url, read_only=True) as arc:
        rows = arc.query(
            "SELECT published_at FROM articles WHERE published_at IS NOT NULL"
            " ORDER BY published_at DESC, id DESC"
        )
        return [row["published_at"] for row in rows]


def _grown_past_its_indexes(database: TestDatabase) -> tuple[str, str | None]:
    """An archive with recent indexes, then twice as many newer articles as
    they were made for (due again); its URL and their boundary."""
    url = _archive(database.new_archive_url())
    assert _refresh(url)
    boundary = _boundary(url)
    newer = [
        dict(row, published_at="2030-01-01") for row in _rows(ARTICLES, 2 * RECENT)
    ]
    with open_archive(url) as arc:
        arc.save_articles(newer, observed_at=OBSERVED, run_id=None)
    return url, boundary


@pytest.fixture(scope="module")
def plain_url(pg_database: TestDatabase) -> str:
    return _archive(pg_database.new_archive_url())


@pytest.fixture(scope="module")
def recent_url(pg_database: TestDatabase) -> str:
    url = _archive(pg_database.new_archive_url())
    assert _refresh(url)
    return url


def test_a_small_archive_gets_none(pg_database: TestDatabase) -> None:
    url = _archive(pg_database.new_archive_url(), count=4 * RECENT - 1)
    assert _refresh(url) is False
    assert _index_names(url) == set()


def test_the_boundary_has_the_wanted_number_of_newer_articles(recent_url: str) -> None:
    assert _boundary(recent_url) == _newest_dates(recent_url)[RECENT]


def test_one_index_per_language_and_one_for_the_others(recent_url: str) -> None:
    assert _index_names(recent_url) == {
        "ix_articles_search_id_recent",
        "ix_articles_search_other_recent",
    }


def test_not_made_again_until_the_archive_grows(recent_url: str) -> None:
    before = _boundary(recent_url)
    assert _refresh(recent_url) is False
    assert _boundary(recent_url) == before


def test_made_again_when_twice_as_many_are_newer(pg_database: TestDatabase) -> None:
    url, first = _grown_past_its_indexes(pg_database)
    assert _refresh(url)
    moved = _boundary(url)
    assert moved is not None
    assert first is not None
    assert moved > first
    assert moved == _newest_dates(url)[RECENT]
    assert _index_names(url) == set(pg_recent.INDEX_NAMES)


def test_an_interrupted_rebuild_is_cleaned_up(pg_database: TestDatabase) -> None:
    url = _archive(pg_database.new_archive_url())
    leftover = pg_recent.INDEX_NAMES[0] + "_next"
    with open_archive(url) as arc, arc.transaction() as conn:
        conn.exec_driver_sql(
            f"CREATE INDEX {leftover} ON articles_tsv (id) WHERE id < 0"
        )
    assert _refresh(url)
    assert _index_names(url) == set(pg_recent.INDEX_NAMES)


def test_a_rebuild_waits_for_another_worker(recent_url: str) -> None:
    with open_archive(recent_url) as arc, arc.conn.engine.connect() as other:
        other.execute(
            sa.text("SELECT pg_advisory_lock(:k)"), {"k": pg_recent.REBUILD_LOCK_KEY}
        )
        try:
            assert pg_recent.refresh(arc.conn.engine, RECENT // 2) is False
        finally:
            other.execute(
                sa.text("SELECT pg_advisory_unlock(:k)"),
                {"k": pg_recent.REBUILD_LOCK_KEY},
            )


def test_upgrade_makes_them(
    pg_database: TestDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = _archive(pg_database.new_archive_url())
    monkeypatch.setattr(pg_recent, "RECENT_ROWS", RECENT)
    result = CliRunner().invoke(main, ["upgrade", "--archive", url])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == f"{url}: search index tidied"
    assert _boundary(url) == _newest_dates(url)[RECENT]


def test_a_rebuild_blocked_too_long_gives_up_and_leaves_the_old_ones(
    pg_database: TestDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, before = _grown_past_its_indexes(pg_database)
    monkeypatch.setattr(pg_recent, "LOCK_TIMEOUT", "200ms")
    with open_archive(url) as arc, arc.conn.engine.connect() as other:
        other.exec_driver_sql("LOCK TABLE articles_tsv IN SHARE UPDATE EXCLUSIVE MODE")
        assert pg_recent.refresh(arc.conn.engine, RECENT) is False
        other.rollback()
    assert _boundary(url) == before  # the old ones, still in use
    assert _index_names(url) == set(pg_recent.INDEX_NAMES)  # no leftover


def test_a_read_only_archive_is_left_alone(recent_url: str) -> None:
    with open_archive(recent_url, read_only=True) as arc:
        assert arc.tidy_search_index() is False


SEARCHES = [
    *((word, {}) for word in WORDS),
    *((word, {"sort": "date"}) for word in WORDS),
    (WORDS[2], {"sort": "views"}),
    (WORDS[3][:3] + ":*", {"raw": True}),
    (f"{WORDS[0]} <-> {WORDS[1]}", {"raw": True}),
    (WORDS[1], {"since": "2023-01-01"}),
]


@pytest.mark.parametrize(("query", "options"), SEARCHES)
@pytest.mark.parametrize("limit", [3, 20])
def test_searches_find_the_same_with_the_recent_indexes(
    plain_url: str, recent_url: str, query: str, options: dict[str, Any], limit: int
) -> None:
    def found(url: str) -> list[tuple[int, Any]]:
        with open_archive(url, read_only=True) as arc:
            hits = search(arc, query, limit=limit, **options)
            return [(hit.id, hit.snippet) for hit in hits]

    expected = found(plain_url)
    assert expected
    assert found(recent_url) == expected


def test_the_planner_takes_them_for_a_slice_above_the_boundary(
    recent_url: str,
) -> None:
    """A tiny archive's plans rightly prefer the date index: with it dropped
    (in a transaction rolled back), a slice from a date above the boundary
    finds its matches in the recent indexes, not the full ones."""
    with open_archive(recent_url, read_only=True) as arc:
        statements = recorded(arc, lambda: search(arc, WORDS[1], limit=3, sort="date"))
    sql, params = next(s for s in statements if ">= %(cutoff)s" in s[0])
    params = {**params, "cutoff": _newest_dates(recent_url)[RECENT // 2]}
    with open_archive(recent_url) as arc, arc.conn.engine.connect() as conn:
        conn.exec_driver_sql("DROP INDEX ix_articles_tsv_newest")
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
        plan = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + sql, params).scalar_one()
        conn.rollback()
    used = {node.get("Index Name") for _, node in nodes(plan[0]["Plan"])}
    assert used >= set(pg_recent.INDEX_NAMES)
    assert not used & {"ix_articles_search_id", "ix_articles_search_other"}

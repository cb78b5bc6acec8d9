"""The first matches of a PostgreSQL search in date or views order, found
in slices, are exactly the first matches (ties at a slice's cutoff, NULLs
and filters included), whatever the slices."""

from __future__ import annotations

from typing import Any

import pytest

from archive import pg_page
from archive.search import build_query
from archive.store import open_archive
from benchmarks.synthetic import Corpus
from tests.pg_support import TestDatabase
from tests.test_archive_support import OBSERVED, fts_ids

pytestmark = pytest.mark.services

ARTICLES = 400
WORDS = [Corpus(7).words[rank] for rank in (20, 150, 300, 1000)]


@pytest.fixture(scope="module")
def archive_url(pg_database: TestDatabase) -> str:
    url = pg_database.new_archive_url()
    rows = Corpus(7).batch(0, ARTICLES, ARTICLES)
    for number, row in enumerate(rows):
        # Coarse dates and view counts (many ties), some missing.
        row["published_at"] = (
            None if number % 17 == 0 else f"20{14 + number % 11}-0{1 + number % 3}-01"
        )
        row["views"] = None if number % 13 == 0 else row["views"] // 50 * 50
    with open_archive(url) as arc:
        arc.save_articles(rows, observed_at=OBSERVED, run_id=None)
        with arc.transaction() as conn:
            conn.exec_driver_sql("ANALYZE")
    return url


#: Each order's column and the filters that bound it (SQL on ``articles``).
ORDERS = {"date": "published_at", "views": "views"}
FILTERS = {
    "date": (
        {"since": "2016-01-01", "until": "2019-01-01"},
        "published_at >= :since AND published_at < :until",
    ),
    "views": ({"min_views": 100}, "views >= :min_views"),
}


def _first(
    url: str, word: str, k: int, sort: str, where: str, **bounds: Any
) -> list[int]:
    """The first ``k`` matches in ``sort`` order, the slow and plain way."""
    column = ORDERS[sort]
    with open_archive(url, read_only=True) as arc:
        rows = arc.query(
            f"SELECT id FROM articles WHERE id = ANY(:ids) AND {where}"
            f" ORDER BY {column} DESC NULLS LAST, id DESC LIMIT :k",
            ids=fts_ids(arc, word),
            k=k,
            **bounds,
        )
        return [row["id"] for row in rows]


def _record_argument(
    monkeypatch: pytest.MonkeyPatch, function: str, position: int
) -> list[Any]:
    """The argument at ``position`` of each call of ``pg_page.<function>``."""
    seen: list[Any] = []
    original = getattr(pg_page, function)

    def recorded(*args: Any) -> Any:
        seen.append(args[position])
        return original(*args)

    monkeypatch.setattr(pg_page, function, recorded)
    return seen


@pytest.mark.parametrize("word", WORDS)
@pytest.mark.parametrize("k", [3, 40, 150])
@pytest.mark.parametrize("first_slice", [1, 3])
@pytest.mark.parametrize("sort", ["date", "views"])
@pytest.mark.parametrize("filtered", [False, True], ids=["all", "filtered"])
def test_the_first_matches_are_exact_whatever_the_slices(
    archive_url: str,
    monkeypatch: pytest.MonkeyPatch,
    word: str,
    k: int,
    first_slice: int,
    sort: str,
    filtered: bool,
) -> None:
    monkeypatch.setattr(pg_page, "FIRST_SLICE", first_slice)
    monkeypatch.setattr(pg_page, "SORT_ALL_RATIO", 0)  # always slice
    filters, where = FILTERS[sort] if filtered else ({}, "true")
    q = build_query(word, sort=sort, limit=k, **filters)
    assert q is not None
    bounds = {name: q.filters[name] for name in filters}  # whole days
    expected = _first(archive_url, word, k, sort, where, **bounds)
    assert expected
    cutoffs = _record_argument(monkeypatch, "_window_page", 3)
    with open_archive(archive_url, read_only=True) as arc, arc.read() as conn:
        page = pg_page.window_page(conn, q, k, sort)
    assert [row["id"] for row in page] == expected
    if k == 3 and word in WORDS[:2]:  # common: found in a slice, not by sorting all
        assert cutoffs[-1] is not None


@pytest.mark.parametrize("sort", ["date", "views"])
def test_a_prefix_takes_a_larger_first_slice_and_finds_the_same(
    archive_url: str, monkeypatch: pytest.MonkeyPatch, sort: str
) -> None:
    q = build_query(WORDS[2][:3] + ":*", raw=True, sort=sort, limit=5)
    assert q is not None
    with open_archive(archive_url, read_only=True) as arc, arc.read() as conn:
        monkeypatch.setattr(pg_page, "_steps", lambda *_: [])  # no slices: sort all
        expected = pg_page.window_page(conn, q, 5, sort)
        monkeypatch.undo()
        monkeypatch.setattr(pg_page, "SORT_ALL_RATIO", 0)  # always slice
        asked = _record_argument(monkeypatch, "_cutoff", 3)
        page = pg_page.window_page(conn, q, 5, sort)
    assert expected
    assert [row["id"] for row in page] == [row["id"] for row in expected]
    assert asked[1] == pg_page.PREFIX_FIRST_SLICE * 5  # [0]: the filters' scope

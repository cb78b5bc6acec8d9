"""The newest matches of a PostgreSQL search, found in date slices, are
exactly the newest matches (ties at a slice's cutoff, undated articles and
date filters included), whatever the slices."""

from __future__ import annotations

from typing import Any

import pytest

from archive import pg_search
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
        # Coarse dates (many ties), some undated.
        row["published_at"] = (
            None if number % 17 == 0 else f"20{14 + number % 11}-0{1 + number % 3}-01"
        )
    with open_archive(url) as arc:
        arc.save_articles(rows, observed_at=OBSERVED, run_id=None)
        with arc.transaction() as conn:
            conn.exec_driver_sql("ANALYZE")
    return url


def _newest(url: str, word: str, k: int, **filters: Any) -> list[int]:
    """The newest ``k`` matches, the slow and plain way."""
    with open_archive(url, read_only=True) as arc:
        ids = fts_ids(arc, word)
        rows = arc.query(
            "SELECT id FROM articles WHERE id = ANY(:ids)"
            + "".join(
                f" AND published_at {op} :{n}" for n, op in _OPS.items() if n in filters
            )
            + " ORDER BY published_at DESC NULLS LAST, id DESC LIMIT :k",
            ids=ids,
            k=k,
            **filters,
        )
        return [row["id"] for row in rows]


_OPS = {"since": ">=", "until": "<"}


@pytest.mark.parametrize("word", WORDS)
@pytest.mark.parametrize("k", [3, 40, 150])
@pytest.mark.parametrize("first_slice", [1, 3])
@pytest.mark.parametrize(
    "filters",
    [{}, {"since": "2016-01-01", "until": "2019-01-01"}],
    ids=["all", "years"],
)
def test_the_newest_matches_are_exact_whatever_the_slices(
    archive_url: str,
    monkeypatch: pytest.MonkeyPatch,
    word: str,
    k: int,
    first_slice: int,
    filters: dict[str, str],
) -> None:
    monkeypatch.setattr(pg_search, "FIRST_SLICE", first_slice)
    monkeypatch.setattr(pg_search, "SORT_ALL_RATIO", 0)  # always slice
    q = build_query(word, sort="date", limit=k, **filters)
    assert q is not None
    bounds = {n: q.filters[n] for n in _OPS if n in q.filters}  # whole days
    expected = _newest(archive_url, word, k, **bounds)
    assert expected
    cutoffs: list[str | None] = []
    window_page = pg_search._window_page

    def recorded(*args: Any) -> Any:
        cutoffs.append(args[3])
        return window_page(*args)

    monkeypatch.setattr(pg_search, "_window_page", recorded)
    with open_archive(archive_url, read_only=True) as arc, arc.read() as conn:
        page = pg_search.newest_page(conn, q, k, "date")
    assert [row["id"] for row in page] == expected
    if k == 3 and word in WORDS[:2]:  # common: found in a slice, not by sorting all
        assert cutoffs[-1] is not None

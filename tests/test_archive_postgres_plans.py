"""The plans of PostgreSQL searches use the indexes made for them.

On a small archive the planner may rightly prefer a sequential scan, so the
plans are taken with ``enable_seqscan = off`` (and bitmap scans only for matches,
no sort for orders): what is checked is that an
index exists and can serve each search (the GIN index for matches, the name
indexes for filters, the date and views indexes for those orders without a
sort), and that a rare word newest first sorts its few matches instead of
walking the date index. Timings are the benchmark's business
(``python -m benchmarks.pg_plans``).
"""

from __future__ import annotations

from typing import Any

import pytest

from archive import pg_page
from archive.search import search
from archive.store import open_archive
from benchmarks.pg_plans import explain, nodes, recorded
from benchmarks.synthetic import REPORTERS, Corpus
from tests.pg_support import TestDatabase
from tests.test_archive_support import OBSERVED

pytestmark = pytest.mark.services

ARTICLES = 300
Plan = list[dict[str, Any]]


@pytest.fixture(scope="module")
def archive_url(pg_database: TestDatabase) -> str:
    url = pg_database.new_archive_url()
    with open_archive(url) as arc:
        rows = Corpus(7).batch(0, ARTICLES, ARTICLES)
        arc.save_articles(rows, observed_at=OBSERVED, run_id=None)
        with arc.transaction() as conn:
            conn.exec_driver_sql("ANALYZE")
    return url


GIN_INDEXES = {"ix_articles_search_id", "ix_articles_search_other"}
SLICE_INDEXES = {"ix_articles_tsv_newest", "ix_articles_tsv_most_viewed"}
DATE_INDEXES = {
    "ix_articles_newest",
    "ix_articles_published_at",
    "ix_articles_tsv_newest",
}
SEQ_SCAN_OFF = {"enable_seqscan": "off"}
#: Only bitmap scans left: can the GIN index answer the match?
BITMAP_ONLY = {**SEQ_SCAN_OFF, "enable_indexscan": "off", "enable_indexonlyscan": "off"}
#: Sorting discouraged: can an index give the order by itself?
ORDERED_SCAN = {**SEQ_SCAN_OFF, "enable_bitmapscan": "off", "enable_sort": "off"}


def plans(
    url: str, query: str | None, settings: dict[str, str], **options: Any
) -> dict[str, Plan]:
    """Each statement ``search`` runs (its SQL) → its plan's nodes."""
    with open_archive(url, read_only=True) as arc:
        statements = recorded(arc, lambda: search(arc, query, limit=20, **options))
        assert statements
        return {
            sql: [
                node for _, node in nodes(explain(arc, (sql, params), settings)["Plan"])
            ]
            for sql, params in statements
        }


def searching(found: dict[str, Plan]) -> dict[str, Plan]:
    """The statements that find articles (not the ones fetching a page's rows)."""
    return {
        sql: plan for sql, plan in found.items() if "ORDER BY" in sql or "count(" in sql
    }


def indexes(plan: Plan) -> set[str]:
    return {node["Index Name"] for node in plan if "Index Name" in node}


def sorts(plan: Plan) -> bool:
    return any(node["Node Type"] in ("Sort", "Incremental Sort") for node in plan)


@pytest.mark.parametrize(
    "options", [{}, {"raw": True}, {"sort": "views"}], ids=["plain", "raw", "views"]
)
def test_a_word_is_matched_through_the_gin_index(
    archive_url: str, options: dict[str, Any]
) -> None:
    word = Corpus(7).words[300]
    found = searching(plans(archive_url, word, BITMAP_ONLY, **options))
    assert found
    for sql, plan in found.items():
        if ">= %(cutoff)s" in sql:  # a slice: a few rows, whichever index
            assert indexes(plan) & (GIN_INDEXES | SLICE_INDEXES), sql
            continue
        assert indexes(plan) >= GIN_INDEXES, sql
        # The match is the index condition alone: no row's vector is read.
        assert not [n for n in plan if "@@" in str(n.get("Filter", ""))], sql


@pytest.mark.parametrize("name", ["reporter", "editor", "category"])
def test_a_name_filter_by_date_walks_its_index_without_a_sort(
    archive_url: str, name: str
) -> None:
    value = {"reporter": REPORTERS[10], "editor": "Redaktur 01", "category": "Ekonomi"}
    found = searching(
        plans(archive_url, None, ORDERED_SCAN, sort="date", **{name: value[name]})
    )
    for sql, plan in found.items():
        assert f"ix_articles_{name}" in indexes(plan), sql
        assert not sorts(plan), sql


@pytest.mark.parametrize(
    ("options", "index"),
    [
        ({"sort": "date"}, "ix_articles_newest"),
        ({"sort": "date", "language": "en"}, "ix_articles_language_newest"),
        ({"sort": "views"}, "ix_articles_most_viewed"),
        ({"sort": "views", "min_views": 500}, "ix_articles_most_viewed"),
    ],
)
def test_date_and_views_orders_walk_their_index_without_a_sort(
    archive_url: str, options: dict[str, Any], index: str
) -> None:
    for sql, plan in searching(
        plans(archive_url, None, ORDERED_SCAN, **options)
    ).items():
        assert index in indexes(plan), sql
        assert not sorts(plan), sql


def test_a_rare_word_newest_first_sorts_its_matches_off_the_date_index(
    archive_url: str,
) -> None:
    word = Corpus(7).words[5000]
    found = searching(plans(archive_url, word, BITMAP_ONLY, sort="date"))
    ordered = [sql for sql in found if "ORDER BY" in sql]
    assert ordered
    for sql in ordered:
        plan = found[sql]
        assert "(v.published_at || '')" in sql
        walks = {
            n.get("Index Name") for n in plan if n["Node Type"] != "Bitmap Index Scan"
        }
        assert not walks & DATE_INDEXES, sql
        assert sorts(plan), sql


def test_above_the_rank_window_only_the_newest_matches_are_ranked(
    archive_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pg_page, "RANK_WINDOW", 10)
    word = Corpus(7).words[300]
    with open_archive(archive_url, read_only=True) as arc:
        newest = search(arc, word, sort="date", limit=10)
        assert len(newest) == 10  # more than the window match
        ranked = search(arc, word, limit=5)
        every = search(arc, word, limit=5, min_views=0)  # same window
    window = {hit.id for hit in newest}
    assert {hit.id for hit in ranked} <= window
    scores = [hit.score for hit in ranked]
    assert scores == sorted(scores, reverse=True)
    assert [hit.id for hit in every] == [hit.id for hit in ranked]

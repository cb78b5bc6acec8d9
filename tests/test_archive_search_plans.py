"""Search plans for large archives give the same answers as plain SQL.

Filters narrowed inside the full-text index (facets), date/views orders that
walk an index, and the title tier used above ``EXACT_RANK_MAX`` matches are
each checked against a brute-force answer computed in Python over a small,
varied archive.
"""

from __future__ import annotations

import calendar
import random
import re
from datetime import datetime
from typing import Any

import pytest

from archive import search as search_module
from archive import sqlite_fts
from archive.search import SearchHit, search
from archive.search_query import build_query
from archive.store import Archive
from tests.test_archive_support import OBSERVED, article, new_archive

REPORTERS = [
    "Budi Santoso",
    "budi santoso",
    "Nur Alam, S.H.",
    "Ani",
    "Ani Wijaya",
    None,
]
EDITORS = ["Andry", "Toni Riyanto", "Dewi Ayu"]
CATEGORIES = ["Ekonomi", "Kesehatan", "Pemerintahan", None]
WORDS = ["banjir", "pasar", "warga", "pompa", "sekolah", "harga", "jalan"]
DAYS = [
    "2019-05-14T23:59:00+07:00",
    "2019-05-15",
    "2019-05-15T08:00:00+07:00",
    "2019-12-31T23:00:00+07:00",
    "2020-01-01",
    "2020-02-10T23:00:00+07:00",
    "2020-02-11",
    "2021-06-30T12:00:00+07:00",
    None,
]
COUNT = 240


def _article(n: int, rng: random.Random) -> dict[str, Any]:
    body = rng.choices([*WORDS, "dan", "yang", "di"], k=rng.randint(5, 40))
    return article(
        n,
        title=" ".join(rng.choices(WORDS, k=3)).capitalize(),
        body=" ".join(body) + ".",
        reporter=rng.choice(REPORTERS),
        editor=rng.choice(EDITORS),
        category=rng.choice(CATEGORIES),
        published_at=rng.choice(DAYS),
        views=rng.choice([None, 5, 50, 500, 5000]),
        language=rng.choice(["id", "id", "en"]),
    )


@pytest.fixture(scope="module")
def arc(tmp_path_factory: pytest.TempPathFactory) -> Any:
    archive = new_archive(tmp_path_factory.mktemp("plans"))
    rng = random.Random(11)
    rows = [_article(n, rng) for n in range(1, COUNT + 1)]
    archive.save_articles(rows, observed_at=OBSERVED, run_id=None)
    yield archive
    archive.close()


@pytest.fixture(params=[True, False], ids=["title-tiers", "exact-bm25"])
def tiers(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Run a test with every query above the exact-ranking limit, and below."""
    limit = 0 if request.param else 1_000_000
    monkeypatch.setattr(search_module, "EXACT_RANK_MAX", limit)
    return bool(request.param)


def _rows(arc: Archive) -> list[dict[str, Any]]:
    return list(arc.query("SELECT * FROM articles ORDER BY id"))


def _words(*texts: str | None) -> set[str]:
    return {w for text in texts for w in re.findall(r"\w+", (text or "").lower())}


def _days(bound: str) -> tuple[str, str]:
    """First and last day of a YYYY, YYYY-MM or YYYY-MM-DD bound."""
    year, month, day = ([*bound.split("-"), "", ""])[:3]
    if day:
        return bound, bound
    if month:
        last = calendar.monthrange(int(year), int(month))[1]
        return f"{bound}-01", f"{bound}-{last:02d}"
    return f"{year}-01-01", f"{year}-12-31"


def _on_side(published: str | None, bound: str, side: str) -> bool:
    """Whether ``published`` passes ``--since``/``--until`` ``bound`` (the
    documented rule, computed with Python's datetime, not SQL)."""
    if published is None:
        return False
    day = published[:10]
    if len(bound) <= 10:  # a period of days: compared by the article's day
        first, last = _days(bound)
        return day >= first if side == "since" else day <= last
    written = datetime.fromisoformat(bound)
    if len(published) == 10:  # a date-only article: its day, the bound's day
        written_day = written.date().isoformat()
        return day >= written_day if side == "since" else day <= written_day
    moment = datetime.fromisoformat(published)
    return moment >= written if side == "since" else moment <= written


def _expected(arc: Archive, word: str | None, **filters: Any) -> list[dict[str, Any]]:
    """Brute force: the articles a search must return (in id order)."""
    until = filters.get("until")
    out = []
    for row in _rows(arc):
        text = (row["title"], row["body"], row["reporter"], row["editor"])
        if word is not None and word not in _words(*text):
            continue
        day = row["published_at"]
        checks = [
            (name, (row[name] or "").lower() == str(filters[name]).lower())
            for name in ("reporter", "editor", "category", "language")
            if name in filters
        ]
        if "since" in filters:
            checks.append(("since", _on_side(day, filters["since"], "since")))
        if until:
            checks.append(("until", _on_side(day, until, "until")))
        if "min_views" in filters:
            checks.append(("views", (row["views"] or 0) >= filters["min_views"]))
        if all(ok for _, ok in checks):
            out.append(row)
    return out


def _all(arc: Archive, word: str | None, **options: Any) -> list[SearchHit]:
    return search(arc, word, limit=10_000, **options)


FILTER_CASES: list[dict[str, Any]] = [
    {"reporter": "Budi Santoso"},
    {"reporter": "BUDI SANTOSO"},
    {"reporter": "Nur Alam, S.H."},
    {"reporter": "Ani"},
    {"reporter": "Budi"},
    {"editor": "dewi ayu", "category": "Ekonomi"},
    {"category": "Kesehatan", "language": "id"},
    {"since": "2019-05-15", "until": "2020-02-10"},
    {"since": "2019-05-15T08:00:00+07:00"},
    {"until": "2019-12"},
    {"since": "2020", "until": "2020"},
    {"since": "2019-05", "reporter": "ani wijaya"},
    {"min_views": 500, "category": "Pemerintahan"},
    {"since": "2030"},
    {"since": "0001", "until": "9999"},
    {"until": "2019-05-15"},
    # instants: offsets applied (08:00+07:00 is 01:00Z), boundaries inclusive
    {"since": "2019-05-15T01:00:00Z"},
    {"since": "2019-05-15T01:00:01Z"},
    {"until": "2019-05-14T16:59:00Z"},
    {"until": "2019-05-14T16:58:59+00:00"},
    {"since": "2019-12-31T16:00:00Z", "until": "2020-02-10T16:00:00+00:00"},
    {"since": "2020-02-10T23:30:00+09:00", "until": "2020-02-11T01:00:00-05:00"},
    {"until": "2019-05-15T00:30:00+07:00", "reporter": "budi santoso"},
]


@pytest.mark.parametrize("filters", FILTER_CASES, ids=str)
def test_filtered_search_returns_exactly_the_matching_articles(
    arc: Archive, tiers: bool, filters: dict[str, Any]
) -> None:
    for word in ("banjir", "pompa"):
        expected = {row["id"] for row in _expected(arc, word, **filters)}
        assert {hit.id for hit in _all(arc, word, **filters)} == expected


@pytest.mark.parametrize("filters", FILTER_CASES[:8], ids=str)
@pytest.mark.parametrize("sort", ["date", "views"])
def test_date_and_views_orders_match_sql_order(
    arc: Archive, filters: dict[str, Any], sort: str
) -> None:
    column = "published_at" if sort == "date" else "views"
    for word in ("harga", None):
        rows = _expected(arc, word, **filters)
        # SQLite's DESC puts NULLs last; ties go to the newer id
        rows.sort(key=lambda r: (r[column] is not None, r[column] or 0, r["id"]))
        expected = [row["id"] for row in reversed(rows)]
        assert [hit.id for hit in _all(arc, word, sort=sort, **filters)] == expected


def test_title_tier_comes_first_and_each_tier_is_ranked(
    arc: Archive, tiers: bool
) -> None:
    hits = _all(arc, "sekolah")
    in_title = ["sekolah" in _words(h.title) for h in hits]
    assert any(in_title)
    assert not all(in_title)
    scores = [h.score for h in hits]
    if tiers:
        assert in_title == sorted(in_title, reverse=True)
        first = in_title.count(True)
        assert scores[:first] == sorted(scores[:first], reverse=True)
        assert scores[first:] == sorted(scores[first:], reverse=True)
    else:
        assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("filters", [{}, {"category": "Ekonomi"}], ids=str)
def test_pages_join_up_across_the_tier_boundary(
    arc: Archive, tiers: bool, filters: dict[str, Any]
) -> None:
    full = [h.id for h in _all(arc, "jalan", **filters)]
    paged: list[int] = []
    for offset in range(0, len(full) + 7, 7):
        paged += [h.id for h in search(arc, "jalan", limit=7, offset=offset, **filters)]
    assert paged == full


def test_names_in_facets_are_single_tokens_no_word_matches(arc: Archive) -> None:
    # categories are not indexed as text: their facet tokens must not leak
    assert _all(arc, "ekonomi") == []
    assert _all(arc, "kesehatan") == []
    assert _all(arc, "2019") == []


def test_raw_syntax_works_with_tiers_and_facets(arc: Archive, tiers: bool) -> None:
    hits = _all(arc, "pasar NOT banjir", raw=True, reporter="ani")
    expected = {
        r["id"]
        for r in _expected(arc, "pasar", reporter="ani")
        if "banjir" not in _words(r["title"], r["body"], r["reporter"], r["editor"])
    }
    assert {h.id for h in hits} == expected
    near = _all(arc, "NEAR(pompa warga, 2)", raw=True, since="2020")
    expected_near = {
        r["id"] for r in _expected(arc, "pompa", since="2020") if _near(r, 2)
    }
    assert expected_near
    assert {h.id for h in near} == expected_near


def _near(row: dict[str, Any], gap: int) -> bool:
    """FTS5 NEAR(pompa warga, gap): both in one column, at most ``gap`` tokens apart."""
    for column in ("title", "body", "reporter", "editor"):
        tokens = re.findall(r"\w+", (row[column] or "").lower())
        pompa = [i for i, t in enumerate(tokens) if t == "pompa"]
        warga = [i for i, t in enumerate(tokens) if t == "warga"]
        if any(abs(i - j) - 1 <= gap for i in pompa for j in warga):
            return True
    return False


def test_title_tier_holds_titles_with_any_of_the_words(
    arc: Archive, tiers: bool
) -> None:
    hits = _all(arc, "pompa warga")
    text = ("title", "body", "reporter", "editor")
    expected = {
        r["id"]
        for r in _expected(arc, "pompa")
        if "warga" in _words(*(r[k] for k in text))
    }
    assert {h.id for h in hits} == expected
    in_title = [bool({"pompa", "warga"} & _words(h.title)) for h in hits]
    assert any(in_title)
    assert not all(in_title)
    if tiers:
        assert in_title == sorted(in_title, reverse=True)


def test_open_date_ranges_read_the_archive_span_from_the_index(arc: Archive) -> None:
    sql, params = sqlite_fts.published_span_sql()
    plan = [row["detail"] for row in arc.query("EXPLAIN QUERY PLAN " + sql, **params)]
    assert all(not step.startswith("SCAN articles") for step in plan), plan
    span = next(iter(arc.query(sql, **params)))
    assert (span["first"], span["last"]) == (
        min(d for d in DAYS if d),
        max(d for d in DAYS if d),
    )


@pytest.mark.parametrize(
    "value", ['"', 'x" OR "y', "NEAR(", "*", "{title}", ":", "-", "AND", "zzy2019"]
)
def test_hostile_filter_values_match_nothing_without_error(
    arc: Archive, tiers: bool, value: str
) -> None:
    assert _all(arc, "banjir", reporter=value, category=value, editor=value) == []


def test_instant_bounds_keep_the_date_index(arc: Archive) -> None:
    q = build_query(
        None,
        sort="date",
        limit=20,
        since="2019-05-15T01:00:00Z",
        until="2020-02-10T16:00:00+00:00",
    )
    assert q is not None
    sql, params, _ = sqlite_fts.page_sql(q)
    plan = [row["detail"] for row in arc.query("EXPLAIN QUERY PLAN " + sql, **params)]
    assert plan[0] == (
        "SEARCH o USING COVERING INDEX ix_articles_published_at"
        " (published_at>? AND published_at<?)"
    ), plan

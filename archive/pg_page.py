"""One page of a PostgreSQL text search: the window of its first matches,
found in slices, then ranked or ordered, with snippets.

Measured on PostgreSQL 15 (issue 11): ranking every match of a common word
is slow, so relevance ranks the newest :data:`RANK_WINDOW` matches; and
the first matches in date or views order are found in slices
(:func:`window_page`), so a common word reads a few thousand narrow rows,
not all its matches. Windows are sorted, never found by walking the date or
views index (which would test the match on each article's vector).
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import sqlalchemy as sa

from archive import pg_search, sqlite_fts
from archive.pg_schema import DEFAULT_CONFIG, TEXT_SEARCH_CONFIGS, VECTOR_TABLE

#: Above this many matches, relevance ranks only the newest this many.
RANK_WINDOW = 2_000
#: The first slice of newest articles searched for the newest ``k`` matches
#: holds this many times ``k`` articles.
FIRST_SLICE = 3
#: … and for a prefix query (``word:*``), this many times. The planner takes
#: a prefix's GIN scan for a dear one (it assumes a partial match reads much of
#: the index), so under ~20,000 articles of date range it tests the prefix on
#: each row instead, reading every row's full vector: at 1,000,000 articles a
#: first slice of 3 × k took ~40 ms that way, the same prefix's GIN scan with
#: the date range ~10 ms (benchmarks.pg_tuning: prefix p95 52-54 ms with 3,
#: 36-37 with 10).
PREFIX_FIRST_SLICE = 10
_PREFIX = re.compile(r":[a-dA-D]*\*")
#: Matches estimated at most this many times those wanted are all sorted
#: (reading them costs less than slicing further). Each match's row is a
#: page read of its own (a word's matches lie all over the table), a slice's
#: date range ~50 ns an entry: at 1,000,000 articles 7,800 matches took 38 ms
#: to read, a slice holding 2,000 of them ~20 ms (benchmarks.pg_tuning: typical
#: p95 a mean 37.8 ms with 2, 38.5 with 4, within the noise).
SORT_ALL_RATIO = 2
#: How long the order columns' statistics are kept (see ``_steps``).
STATISTICS_TTL_S = 60.0
_steps_kept: dict[tuple[str, str], tuple[float, list[tuple[Any, float]]]] = {}
#: A snippet is taken from the body's first this many characters when they
#: match (from the whole body otherwise).
LEAD_CHARS = 1_000
_HEADLINE_OPTIONS = (
    f'StartSel="{sqlite_fts.MARK_START}", StopSel="{sqlite_fts.MARK_END}",'
    ' MaxWords=35, MinWords=15, MaxFragments=1, FragmentDelimiter=" … "'
)
#: The column each windowed order slices on; ``relevance`` ranks the newest.
_SLICED = {"relevance": "published_at", "date": "published_at", "views": "views"}
#: The filter that bounds each sliced column from below (and above).
_BOUNDS = {"published_at": ("since", "until"), "views": ("min_views", None)}


def _window_page(
    conn: sa.Connection,
    q: sqlite_fts.Query,
    k: int,
    cutoff: str | int | None,
    sort: str,
) -> tuple[int, list[dict[str, Any]]]:
    """The window of the first ``k`` matches of the text search ``q`` in the
    order of its sliced column (those at or above ``cutoff`` when given): its
    size, and the page ``q`` asks for (``id, score``) in ``sort`` order."""
    column = _SLICED[sort]
    params: dict[str, Any] = {"cutoff": cutoff, "page_offset": q.offset}
    filters = q.filters
    if cutoff is not None:  # at or above the lower bound: that bound is implied
        low = _BOUNDS[column][0]  # (and two would fool the planner's estimate)
        filters = {name: value for name, value in filters.items() if name != low}
    window = pg_search.statement(
        replace(q, limit=k, offset=0, filters=filters),
        ["v.id", "v.language", f"v.{column}", "v.rank_vector"],
        params,
        sort="views" if column == "views" else "date",
        guarded=True,
        extra=[] if cutoff is None else [f"v.{column} >= :cutoff"],
    )
    score = f"ts_rank(w.rank_vector, {pg_search.query_by_language(q.raw, 'w')})"
    sql = (
        f"WITH w AS MATERIALIZED ({window})"
        " SELECT p.id, p.score, c.found FROM (SELECT count(*) AS found FROM w) c"
        f" LEFT JOIN LATERAL (SELECT w.id, {score} AS score FROM w"
        f" ORDER BY {pg_search.unindexed_order(pg_search.ORDER[sort].format(t='w'), 'w')}"
        " LIMIT :page_limit OFFSET :page_offset) p ON true"
    )
    params["page_limit"] = q.limit
    rows = pg_search.fetch(conn, sql, params)
    found = int(rows[0]["found"])
    return found, [
        {"id": row["id"], "score": row["score"]}
        for row in rows
        if row["id"] is not None
    ]


def _steps(conn: sa.Connection, column: str) -> list[tuple[Any, float]]:
    """About how many search-table rows hold each of some values of
    ``column``, taken apart: ``(value, rows from it to the next value)``,
    lowest first, from ANALYZE's statistics (its histogram and most common
    values; [] before any ANALYZE). Kept :data:`STATISTICS_TTL_S` seconds per
    archive: they only guide where to cut, never what is found."""
    key = (conn.engine.url.render_as_string(hide_password=True), column)
    kept = _steps_kept.get(key)
    if kept is None or time.monotonic() - kept[0] > STATISTICS_TTL_S:
        kept = (time.monotonic(), _read_steps(conn, column))
        _steps_kept[key] = kept
    return kept[1]


def _read_steps(conn: sa.Connection, column: str) -> list[tuple[Any, float]]:
    row = conn.execute(
        sa.text(
            "SELECT CAST(CAST(s.histogram_bounds AS text) AS text[]) AS bounds,"
            " CAST(CAST(s.most_common_vals AS text) AS text[]) AS common,"
            " s.most_common_freqs AS freqs, s.null_frac, c.reltuples AS rows"
            " FROM pg_stats s JOIN pg_class c ON c.oid = CAST(:t AS regclass)"
            " WHERE s.schemaname = current_schema() AND s.tablename = :name"
            " AND s.attname = :column"
        ),
        {"t": VECTOR_TABLE, "name": VECTOR_TABLE, "column": column},
    ).first()
    if row is None or row.rows <= 0:
        return []
    value = int if column == "views" else str
    common = list(zip(row.common or [], row.freqs or [], strict=True))
    steps = [(value(v), freq * row.rows) for v, freq in common]
    bounds = row.bounds or []
    if len(bounds) > 1:
        spread = row.rows * (1 - row.null_frac - sum(f for _, f in common))
        per_bucket = max(spread, 0) / (len(bounds) - 1)
        steps += [(value(v), per_bucket) for v in bounds[:-1]]
    return sorted(steps)


def _cutoff(
    q: sqlite_fts.Query, column: str, steps: list[tuple[Any, float]], n: float
) -> tuple[Any, float]:
    """A value of ``column`` with at least about ``n`` articles at or above it
    among those ``q``'s filters allow, and about how many (None: not that
    many, or no statistics)."""
    low, high = (q.filters.get(name) if name else None for name in _BOUNDS[column])
    above = 0.0
    straddles = high is not None  # the first step below ``high`` runs past it
    for value, rows in reversed(steps):
        if high is not None and value >= high:
            continue
        if low is not None and value < low:
            break
        above += rows
        # A range within one step would look empty to the planner, which
        # would then test the match on each of its rows: never cut there.
        if above >= n and not straddles:
            return value, above
        straddles = False
    return None, above


def window_page(
    conn: sa.Connection, q: sqlite_fts.Query, k: int, sort: str
) -> list[dict[str, Any]]:
    """The page of the text search ``q`` among its first ``k`` matches (all
    of them when fewer match) newest first, or most viewed first for
    ``views`` (NULLs last, then newest id first), in ``sort`` order.

    Sorting every match reads every match's row. When there are many, only
    those at or above a cutoff are read: a date (or view count) with about n
    articles above it (from the table's statistics), n first
    :data:`FIRST_SLICE` × ``k``, then grown from the share of matches found,
    until ``k`` are above it (ties at the cutoff are all read, so the window
    is exactly the first ``k``). Once the matches look few
    (:data:`SORT_ALL_RATIO`), they are all sorted.

    Windows are found with bitmaps only (plain index scans off for their
    statements): walking the date index would test the match on each row,
    reading its vector out of the row, a cost the planner does not see.
    """
    before: str = conn.execute(
        sa.text(
            "SELECT current_setting('enable_indexscan') AS before,"
            " set_config('enable_indexscan', 'off', true)"
        )
    ).scalar_one()
    page = _window(conn, q, k, sort)
    conn.execute(
        sa.text("SELECT set_config('enable_indexscan', :before, true)"),
        {"before": before},
    )
    return page


def _window(
    conn: sa.Connection, q: sqlite_fts.Query, k: int, sort: str
) -> list[dict[str, Any]]:
    column = _SLICED[sort]
    steps = _steps(conn, column)
    in_scope = _cutoff(q, column, steps, math.inf)[1]  # the filters' articles
    prefix = q.raw and q.text is not None and _PREFIX.search(q.text) is not None
    n: float = (PREFIX_FIRST_SLICE if prefix else FIRST_SLICE) * k
    while True:
        cutoff, above = _cutoff(q, column, steps, n)
        if cutoff is None:
            break
        found, page = _window_page(conn, q, k, cutoff, sort)
        if found == k:
            return page
        share = found / above
        if share * in_scope <= SORT_ALL_RATIO * k:
            break
        # Lower the cutoff (at least one step) to hold about 1.5 k matches.
        wanted = 1.5 * k / share if found else 8 * above
        n = max(math.floor(above) + 1, math.ceil(wanted))
    return _window_page(conn, q, k, None, sort)[1]


def page(conn: sa.Connection, q: sqlite_fts.Query) -> list[dict[str, Any]]:
    """One page of hits: rows ``id, score, marked_snippet`` (snippets and
    scores are made for the page's rows only).

    Relevance ranks the newest :data:`RANK_WINDOW` matches (every match when
    there are no more); date and views orders take their first matches down
    to the page's end."""
    sort = sqlite_fts.sort_of(q)
    params: dict[str, Any] = {}
    if q.text is None:
        sql = pg_search.statement(q, ["a.id", "NULL AS score"], params, sort=sort)
        return [
            {**row, "marked_snippet": None}
            for row in pg_search.fetch(conn, sql, params)
        ]
    end = None if q.limit is None else q.offset + q.limit
    if sort == "relevance":
        rows = window_page(conn, q, max(RANK_WINDOW, end or 0), sort)
    elif sort in _SLICED and end:
        rows = window_page(conn, q, end, sort)
    else:
        select = ["v.id", f"{pg_search.score_sql(q.raw)} AS score"]
        rows = pg_search.fetch(
            conn, pg_search.statement(q, select, params, sort=sort), params
        )
    snippets = _headlines(conn, q, [row["id"] for row in rows])
    return [{**row, "marked_snippet": snippets.get(row["id"])} for row in rows]


def _config_by_language() -> str:
    cases = " ".join(
        f"WHEN '{code}' THEN '{cfg}'::regconfig"
        for code, cfg in TEXT_SEARCH_CONFIGS.items()
    )
    return f"(CASE a.language {cases} ELSE '{DEFAULT_CONFIG}'::regconfig END)"


def _headlines(
    conn: sa.Connection, q: sqlite_fts.Query, ids: Sequence[int]
) -> dict[int, str]:
    """Snippets of the articles ``ids``: the title when it matches, else the
    best fragment of the body's lead (:data:`LEAD_CHARS`, whole words) when
    it matches, else of the whole body; matches between MARK_START and
    MARK_END. ``ts_headline`` parses all the text it is given, so a body's
    lead costs a fraction of the body."""
    if not ids:
        return {}
    cfg, query = _config_by_language(), pg_search.query_by_language(q.raw, "a")
    sql = (
        f"SELECT a.id, CASE WHEN to_tsvector({cfg}, coalesce(a.title, ''))"
        f" @@ {query} THEN ts_headline({cfg}, a.title, {query}, :options)"
        f" WHEN to_tsvector({cfg}, l.body_lead) @@ {query}"
        f" THEN ts_headline({cfg}, l.body_lead, {query}, :options)"
        f" ELSE ts_headline({cfg}, coalesce(a.body, ''), {query}, :options) END"
        " AS marked FROM articles a CROSS JOIN LATERAL (SELECT CASE"
        " WHEN length(a.body) <= :lead_chars THEN coalesce(a.body, '')"
        # The first LEAD_CHARS + 1 characters less a word cut at the end.
        r" ELSE regexp_replace(left(a.body, :lead_chars + 1), '\S*$', '') END AS body_lead) l"
        " WHERE a.id = ANY(:ids)"
    )
    params = {
        "text": q.text,
        "options": _HEADLINE_OPTIONS,
        "ids": list(ids),
        "lead_chars": LEAD_CHARS,
    }
    return {row["id"]: row["marked"] for row in pg_search.fetch(conn, sql, params)}

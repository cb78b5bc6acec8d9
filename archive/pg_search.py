"""Full-text search on a PostgreSQL archive: the sibling of :mod:`archive.sqlite_fts`.

Articles are matched on ``articles_tsv.search_vector`` (see
:mod:`archive.pg_schema`) with the query parsed by each article's own
configuration: ``indonesian`` for Indonesian articles, ``english`` for the
others. Plain input goes through ``websearch_to_tsquery`` (any text is safe:
``"a phrase"``, ``or``, ``-word``; nothing is a syntax error); ``raw`` passes
PostgreSQL's ``to_tsquery`` syntax (``banjir & rob``, ``jak:*``), whose
errors become :class:`~archive.errors.SearchError`.

Differences from SQLite (documented in the README): words are stemmed
(``kebanjiran`` finds ``banjir``), stop words are ignored, a plain ``word*``
is the word (prefixes need ``--raw 'word:*'``), and scores are ``ts_rank``
of the ranking vector (title weight A, the body's lead B, names C; higher is
better), not bm25.

A text search reads only the search table's narrow rows (it holds every
filtered and ordered column). Measured on PostgreSQL 15 (issue 11): ranking
every match of a common word is slow, so relevance ranks the newest
:data:`RANK_WINDOW` matches; and the newest matches are found in slices of
the newest articles (:func:`newest_ids`), so a common word reads a few
thousand rows, not all its matches. Date orders sort the matches
(``published_at || ''`` keeps the planner off walking the date index, which
would test the match on each article's vector).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

import sqlalchemy as sa

from archive import sqlite_fts
from archive.errors import SearchError
from archive.pg_schema import (
    DEFAULT_CONFIG,
    OTHER_LANGUAGES,
    TEXT_SEARCH_CONFIGS,
    VECTOR_TABLE,
)

#: Above this many matches, relevance ranks only the newest this many.
RANK_WINDOW = 2_000
#: The first slice of newest articles searched for the newest ``k`` matches
#: holds this many times ``k`` articles.
FIRST_SLICE = 3
#: Matches estimated at most this many times those wanted are all sorted
#: (reading them costs less than slicing further).
SORT_ALL_RATIO = 4
#: How long the order columns' statistics are kept (see ``_steps``).
STATISTICS_TTL_S = 60.0
_steps_kept: dict[tuple[str, str], tuple[float, list[tuple[Any, float]]]] = {}
_HEADLINE_OPTIONS = (
    f'StartSel="{sqlite_fts.MARK_START}", StopSel="{sqlite_fts.MARK_END}",'
    ' MaxWords=35, MinWords=15, MaxFragments=1, FragmentDelimiter=" … "'
)
#: Filters of a listing without a query (on ``articles a``) …
_ARTICLE_FILTERS: dict[str, str] = {
    "site": "a.site = :site",
    "language": "a.language = :language",
    "reporter": "lower(a.reporter) = lower(:reporter)",
    "editor": "lower(a.editor) = lower(:editor)",
    "category": "lower(a.category) = lower(:category)",
    "since": "a.published_at >= :since",
    "until": "a.published_at < :until",
    "min_views": "a.views >= :min_views",
}
#: … and of a text search (on the search table ``v``, names stored lowered).
_SEARCH_FILTERS: dict[str, str] = {
    **{
        name: sql.replace("a.", "v.")
        for name, sql in _ARTICLE_FILTERS.items()
        if name not in ("reporter", "editor", "category")
    },
    **{
        name: f"v.lower_{name} = lower(:{name})"
        for name in ("reporter", "editor", "category")
    },
}
_EXACT_DATE_SQL = {
    "since": (
        "(CASE WHEN length({t}.published_at) = 10 THEN {t}.published_at >= :since_day"
        " ELSE {t}.published_at::timestamptz >= CAST(:since_instant AS timestamptz)"
        " END)"
    ),
    "until": (
        "(CASE WHEN length({t}.published_at) = 10 THEN {t}.published_at <= :until_day"
        " ELSE {t}.published_at::timestamptz <= CAST(:until_instant AS timestamptz)"
        " END)"
    ),
}
_ORDER = {
    # NULLs last, as SQLite's DESC puts them (it sorts NULL lowest).
    "date": "{t}.published_at DESC NULLS LAST, {t}.id DESC",
    "views": "{t}.views DESC NULLS LAST, {t}.id DESC",
    "id": "{t}.id",
    "relevance": "score DESC, {t}.id DESC",
}


def _tsquery(config: str, raw: bool) -> str:
    function = "to_tsquery" if raw else "websearch_to_tsquery"
    return f"{function}('{config}', :text)"


def _match(raw: bool) -> str:
    """The match on the search table ``v``: each language's query on its own
    GIN index (whose condition on ``language`` these repeat word for word)."""
    arms = [
        f"(v.language = '{code}' AND v.search_vector @@ {_tsquery(cfg, raw)})"
        for code, cfg in TEXT_SEARCH_CONFIGS.items()
    ]
    arms.append(
        f"(v.{OTHER_LANGUAGES} AND v.search_vector @@ {_tsquery(DEFAULT_CONFIG, raw)})"
    )
    return "(" + " OR ".join(arms) + ")"


def _query_by_language(raw: bool, table: str) -> str:
    """The article's own tsquery (for ``ts_rank`` and ``ts_headline``)."""
    cases = " ".join(
        f"WHEN '{code}' THEN {_tsquery(cfg, raw)}"
        for code, cfg in TEXT_SEARCH_CONFIGS.items()
    )
    return f"(CASE {table}.language {cases} ELSE {_tsquery(DEFAULT_CONFIG, raw)} END)"


def _score(raw: bool) -> str:
    return f"ts_rank(v.rank_vector, {_query_by_language(raw, 'v')})"


def _config_by_language() -> str:
    cases = " ".join(
        f"WHEN '{code}' THEN '{cfg}'::regconfig"
        for code, cfg in TEXT_SEARCH_CONFIGS.items()
    )
    return f"(CASE a.language {cases} ELSE '{DEFAULT_CONFIG}'::regconfig END)"


def _table(q: sqlite_fts.Query) -> str:
    """The alias searched: the search table ``v`` for text, else ``articles a``."""
    return "a" if q.text is None else "v"


def _source(q: sqlite_fts.Query, with_articles: bool = False) -> str:
    if q.text is None:
        return "articles a"
    join = " JOIN articles a ON a.id = v.id" if with_articles else ""
    return f"{VECTOR_TABLE} v{join}"


def _date_where(q: sqlite_fts.Query, params: dict[str, Any]) -> list[str]:
    t, filters = _table(q), _ARTICLE_FILTERS if q.text is None else _SEARCH_FILTERS
    where = []
    for name in ("since", "until"):
        if q.filters.get(name) is not None:
            where.append(filters[name])
            params[name] = q.filters[name]
    for name, (day, instant) in q.exact_dates.items():
        where.append(_EXACT_DATE_SQL[name].format(t=t))
        params.update({f"{name}_day": day, f"{name}_instant": instant})
    return where


def _where(q: sqlite_fts.Query, params: dict[str, Any]) -> list[str]:
    filters = _ARTICLE_FILTERS if q.text is None else _SEARCH_FILTERS
    where = _date_where(q, params)
    for name, value in q.filters.items():
        if value is not None and name not in ("since", "until"):
            where.append(filters[name])
            params[name] = value
    if q.text is not None:
        where.append(_match(q.raw))
        params["text"] = q.text
    return where


def _statement(
    q: sqlite_fts.Query,
    select: Sequence[str],
    params: dict[str, Any],
    *,
    sort: str,
    guarded: bool = False,
    extra: Sequence[str] = (),
    with_articles: bool = False,
) -> str:
    where = [*_where(q, params), *extra]
    sql = f"SELECT {', '.join(select)} FROM {_source(q, with_articles)}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    t = _table(q)
    order = _ORDER[sort].format(t=t)
    if guarded:
        order = _guarded(order, t)
    sql += f" ORDER BY {order}"
    if q.limit is not None:
        sql += " LIMIT :limit OFFSET :offset"
        params.update(limit=q.limit, offset=q.offset)
    return sql


def fetch(
    conn: sa.Connection, sql: str, params: dict[str, Any]
) -> list[dict[str, Any]]:
    """Run a SELECT (named ``:binds``); a bad ``--raw`` query is a SearchError."""
    try:
        return [dict(row) for row in conn.execute(sa.text(sql), params).mappings()]
    except sa.exc.DBAPIError as exc:
        raise _search_error(exc) from None


def _search_error(exc: sa.exc.DBAPIError) -> Exception:
    code = getattr(exc.orig, "sqlstate", None)
    if code and code.startswith(("42601", "22")):  # syntax error, data exception
        message = " ".join(str(exc.orig).split())
        return SearchError(f"invalid search query: {message}")
    return exc


def count(conn: sa.Connection, q: sqlite_fts.Query, cap: int | None) -> int:
    """How many articles match ``q`` (counting no further than ``cap``)."""
    params: dict[str, Any] = {}
    where = _where(q, params)
    rows = f"SELECT 1 FROM {_source(q)}"
    if where:
        rows += " WHERE " + " AND ".join(where)
    if cap is not None:
        rows += " LIMIT :cap"
        params["cap"] = cap
    return int(fetch(conn, f"SELECT count(*) AS n FROM ({rows}) m", params)[0]["n"])


#: The column each windowed order slices on; ``relevance`` ranks the newest.
_SLICED = {"relevance": "published_at", "date": "published_at", "views": "views"}
#: The same column as an expression no index serves: the window is sorted,
#: never found by walking an index (which would test the match on each row).
_UNINDEXED = {"published_at": "({t}.published_at || '')", "views": "({t}.views + 0)"}
#: The filter that bounds each sliced column from below (and above).
_BOUNDS = {"published_at": ("since", "until"), "views": ("min_views", None)}


def _guarded(order: str, t: str) -> str:
    for column, expression in _UNINDEXED.items():
        order = order.replace(f"{t}.{column}", expression.format(t=t))
    return order


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
    window = _statement(
        replace(q, limit=k, offset=0),
        ["v.id", "v.language", f"v.{column}", "v.rank_vector"],
        params,
        sort="views" if column == "views" else "date",
        guarded=True,
        extra=[] if cutoff is None else [f"v.{column} >= :cutoff"],
    )
    score = f"ts_rank(w.rank_vector, {_query_by_language(q.raw, 'w')})"
    sql = (
        f"WITH w AS MATERIALIZED ({window})"
        " SELECT p.id, p.score, c.found FROM (SELECT count(*) AS found FROM w) c"
        f" LEFT JOIN LATERAL (SELECT w.id, {score} AS score FROM w"
        f" ORDER BY {_guarded(_ORDER[sort].format(t='w'), 'w')}"
        " LIMIT :page_limit OFFSET :page_offset) p ON true"
    )
    params["page_limit"] = q.limit
    rows = fetch(conn, sql, params)
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
    for value, rows in reversed(steps):
        if high is not None and value >= high:
            continue
        if low is not None and value < low:
            break
        above += rows
        if above >= n:
            return value, above
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
    """
    column = _SLICED[sort]
    steps = _steps(conn, column)
    in_scope = _cutoff(q, column, steps, math.inf)[1]  # the filters' articles
    n: float = FIRST_SLICE * k
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
        sql = _statement(q, ["a.id", "NULL AS score"], params, sort=sort)
        return [{**row, "marked_snippet": None} for row in fetch(conn, sql, params)]
    end = None if q.limit is None else q.offset + q.limit
    if sort == "relevance":
        rows = window_page(conn, q, max(RANK_WINDOW, end or 0), sort)
    elif sort in _SLICED and end:
        rows = window_page(conn, q, end, sort)
    else:
        select = ["v.id", f"{_score(q.raw)} AS score"]
        rows = fetch(conn, _statement(q, select, params, sort=sort), params)
    snippets = _headlines(conn, q, [row["id"] for row in rows])
    return [{**row, "marked_snippet": snippets.get(row["id"])} for row in rows]


def _headlines(
    conn: sa.Connection, q: sqlite_fts.Query, ids: Sequence[int]
) -> dict[int, str]:
    """Snippets of the articles ``ids``: the title when it matches, else the
    best fragment of the body; matches between MARK_START and MARK_END."""
    if not ids:
        return {}
    cfg, query = _config_by_language(), _query_by_language(q.raw, "a")
    sql = (
        f"SELECT a.id, CASE WHEN to_tsvector({cfg}, coalesce(a.title, ''))"
        f" @@ {query} THEN ts_headline({cfg}, a.title, {query}, :options)"
        f" ELSE ts_headline({cfg}, coalesce(a.body, ''), {query}, :options) END"
        " AS marked FROM articles a WHERE a.id = ANY(:ids)"
    )
    params = {"text": q.text, "options": _HEADLINE_OPTIONS, "ids": list(ids)}
    return {row["id"]: row["marked"] for row in fetch(conn, sql, params)}


def rows_sql(q: sqlite_fts.Query, columns: Sequence[str]) -> tuple[str, dict[str, Any]]:
    """Every matching article (export): ``columns`` plus ``score``."""
    params: dict[str, Any] = {}
    select = [f"a.{c}" for c in columns]
    select.append("NULL AS score" if q.text is None else f"{_score(q.raw)} AS score")
    sql = _statement(q, select, params, sort=sqlite_fts.sort_of(q), with_articles=True)
    return sql, params


def stream(
    conn: sa.Connection, sql: str, params: dict[str, Any], step: int = 500
) -> Iterator[dict[str, Any]]:
    """Rows of a SELECT through a server-side cursor (constant memory)."""
    streaming = conn.execution_options(stream_results=True, max_row_buffer=step)
    try:
        result = streaming.execute(sa.text(sql), params).mappings()
    except sa.exc.DBAPIError as exc:
        raise _search_error(exc) from None
    try:
        for row in result:
            yield dict(row)
    finally:
        result.close()

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
(higher is better; title weight A, body B, names C), not bm25.

Measured on PostgreSQL 15 (issue 11): ranking every match of a common word
is slow, so above :data:`RANK_WINDOW` matches only the newest ones are
ranked; and a date order for a few matches sorts them instead of walking the
date index (``published_at || ''`` keeps the planner off it).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa

from archive import sqlite_fts
from archive.errors import SearchError
from archive.pg_schema import DEFAULT_CONFIG, TEXT_SEARCH_CONFIGS, VECTOR_TABLE

#: Above this many matches, relevance ranks only the newest this many.
RANK_WINDOW = 2_000
#: Below this many matches, a date order sorts them (no date-index walk).
SORT_MATCHES_MAX = 20_000
_HEADLINE_OPTIONS = (
    f'StartSel="{sqlite_fts.MARK_START}", StopSel="{sqlite_fts.MARK_END}",'
    ' MaxWords=35, MinWords=15, MaxFragments=1, FragmentDelimiter=" … "'
)
_FILTER_SQL: dict[str, str] = {
    "site": "a.site = :site",
    "language": "a.language = :language",
    "reporter": "lower(a.reporter) = lower(:reporter)",
    "editor": "lower(a.editor) = lower(:editor)",
    "category": "lower(a.category) = lower(:category)",
    "since": "a.published_at >= :since",
    "until": "a.published_at < :until",
    "min_views": "a.views >= :min_views",
}
_EXACT_DATE_SQL = {
    "since": (
        "(CASE WHEN length(a.published_at) = 10 THEN a.published_at >= :since_day"
        " ELSE a.published_at::timestamptz >= CAST(:since_instant AS timestamptz)"
        " END)"
    ),
    "until": (
        "(CASE WHEN length(a.published_at) = 10 THEN a.published_at <= :until_day"
        " ELSE a.published_at::timestamptz <= CAST(:until_instant AS timestamptz)"
        " END)"
    ),
}
_ORDER = {
    # NULLs last, as SQLite's DESC puts them (it sorts NULL lowest).
    "date": "a.published_at DESC NULLS LAST, a.id DESC",
    "views": "a.views DESC NULLS LAST, a.id DESC",
    "id": "a.id",
    "relevance": "score DESC, a.id DESC",
}


def _tsquery(config: str, raw: bool) -> str:
    function = "to_tsquery" if raw else "websearch_to_tsquery"
    return f"{function}('{config}', :text)"


def _score_and_match() -> tuple[str, str]:
    """(score expression, match condition) over ``v`` (the vectors) and ``a``."""
    return "ts_rank(v.search_vector, {query})", " OR ".join(
        [
            f"(v.language = '{code}' AND v.search_vector @@ {{q_{code}}})"
            for code in TEXT_SEARCH_CONFIGS
        ]
        + [
            "(v.language NOT IN ("
            + ", ".join(f"'{c}'" for c in TEXT_SEARCH_CONFIGS)
            + ") AND v.search_vector @@ {q_other})"
        ]
    )


def _queries(raw: bool) -> dict[str, str]:
    names = {
        f"q_{code}": _tsquery(cfg, raw) for code, cfg in TEXT_SEARCH_CONFIGS.items()
    }
    names["q_other"] = _tsquery(DEFAULT_CONFIG, raw)
    return names


def _query_by_language(raw: bool) -> str:
    """The article's own tsquery (for ``ts_rank`` and ``ts_headline``)."""
    cases = " ".join(
        f"WHEN '{code}' THEN {_tsquery(cfg, raw)}"
        for code, cfg in TEXT_SEARCH_CONFIGS.items()
    )
    return f"(CASE a.language {cases} ELSE {_tsquery(DEFAULT_CONFIG, raw)} END)"


def _config_by_language() -> str:
    cases = " ".join(
        f"WHEN '{code}' THEN '{cfg}'::regconfig"
        for code, cfg in TEXT_SEARCH_CONFIGS.items()
    )
    return f"(CASE a.language {cases} ELSE '{DEFAULT_CONFIG}'::regconfig END)"


def _where(q: sqlite_fts.Query, params: dict[str, Any]) -> list[str]:
    where = []
    for name, value in q.filters.items():
        if value is not None:
            where.append(_FILTER_SQL[name])
            params[name] = value
    for name, (day, instant) in q.exact_dates.items():
        where.append(_EXACT_DATE_SQL[name])
        params.update({f"{name}_day": day, f"{name}_instant": instant})
    if q.text is not None:
        _, match = _score_and_match()
        where.append("(" + match.format(**_queries(q.raw)) + ")")
        params["text"] = q.text
    return where


def _source(q: sqlite_fts.Query) -> str:
    if q.text is None:
        return "articles a"
    return f"{VECTOR_TABLE} v JOIN articles a ON a.id = v.id"


def _statement(
    q: sqlite_fts.Query,
    select: Sequence[str],
    params: dict[str, Any],
    *,
    sort: str,
    guard_date: bool = False,
) -> str:
    where = _where(q, params)
    sql = f"SELECT {', '.join(select)} FROM {_source(q)}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    order = _ORDER[sort]
    if guard_date:
        order = order.replace("a.published_at", "(a.published_at || '')")
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


def page(conn: sa.Connection, q: sqlite_fts.Query) -> list[dict[str, Any]]:
    """One page of hits: rows ``id, score, marked_snippet`` (snippets and
    scores are made for the page's rows only)."""
    sort = sqlite_fts.sort_of(q)
    params: dict[str, Any] = {}
    if q.text is None:
        sql = _statement(q, ["a.id", "NULL AS score"], params, sort=sort)
        return [{**row, "marked_snippet": None} for row in fetch(conn, sql, params)]
    score = "ts_rank(v.search_vector, " + _query_by_language(q.raw) + ")"
    limit = q.limit or 0
    if sort == "relevance":
        found = count(conn, _unpaged(q), RANK_WINDOW + 1)
        if found > RANK_WINDOW:
            # Rank only the newest matches (at least every row up to this page).
            window = _unpaged(q, limit=max(RANK_WINDOW, q.offset + limit))
            inner = _statement(window, ["a.id", "a.language"], params, sort="date")
            # The window is named ``a``: its id and language are all the
            # score needs (no second join with the articles).
            sql = (
                f"SELECT a.id, {score} AS score FROM ({inner}) a"
                f" JOIN {VECTOR_TABLE} v ON v.id = a.id"
                " ORDER BY score DESC, a.id DESC LIMIT :page_limit OFFSET :page_offset"
            )
            params.update(page_limit=q.limit, page_offset=q.offset)
        else:
            sql = _statement(q, ["a.id", f"{score} AS score"], params, sort=sort)
    else:
        guard = sort == "date" and count(conn, _unpaged(q), SORT_MATCHES_MAX) < (
            SORT_MATCHES_MAX
        )
        sql = _statement(
            q, ["a.id", f"{score} AS score"], params, sort=sort, guard_date=guard
        )
    rows = fetch(conn, sql, params)
    snippets = _headlines(conn, q, [row["id"] for row in rows])
    return [{**row, "marked_snippet": snippets.get(row["id"])} for row in rows]


def _unpaged(q: sqlite_fts.Query, limit: int | None = None) -> sqlite_fts.Query:
    from dataclasses import replace

    return replace(q, limit=limit, offset=0)


def _headlines(
    conn: sa.Connection, q: sqlite_fts.Query, ids: Sequence[int]
) -> dict[int, str]:
    """Snippets of the articles ``ids``: the title when it matches, else the
    best fragment of the body; matches between MARK_START and MARK_END."""
    if not ids:
        return {}
    cfg, query = _config_by_language(), _query_by_language(q.raw)
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
    if q.text is None:
        select.append("NULL AS score")
    else:
        select.append(f"ts_rank(v.search_vector, {_query_by_language(q.raw)}) AS score")
    return _statement(q, select, params, sort=sqlite_fts.sort_of(q)), params


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

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
filtered and ordered column); :mod:`archive.pg_page` makes a page of it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
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
ORDER = {
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


def query_by_language(raw: bool, table: str) -> str:
    """The article's own tsquery (for ``ts_rank`` and ``ts_headline``)."""
    cases = " ".join(
        f"WHEN '{code}' THEN {_tsquery(cfg, raw)}"
        for code, cfg in TEXT_SEARCH_CONFIGS.items()
    )
    return f"(CASE {table}.language {cases} ELSE {_tsquery(DEFAULT_CONFIG, raw)} END)"


def score_sql(raw: bool) -> str:
    return f"ts_rank(v.rank_vector, {query_by_language(raw, 'v')})"


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


def statement(
    q: sqlite_fts.Query,
    select: Sequence[str],
    params: dict[str, Any],
    *,
    sort: str,
    guarded: bool = False,
    extra: Sequence[str] = (),
    with_articles: bool = False,
) -> str:
    """A SELECT of ``select`` over the articles ``q`` finds (plus the
    conditions ``extra``) in ``sort`` order (``guarded``: an order no index
    serves), paged by ``q``; ``params`` receives the bound values."""
    where = [*_where(q, params), *extra]
    sql = f"SELECT {', '.join(select)} FROM {_source(q, with_articles)}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    t = _table(q)
    order = ORDER[sort].format(t=t)
    if guarded:
        order = unindexed_order(order, t)
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


#: The same column as an expression no index serves: the window is sorted,
#: never found by walking an index (which would test the match on each row).
_UNINDEXED = {"published_at": "({t}.published_at || '')", "views": "({t}.views + 0)"}


def unindexed_order(order: str, t: str) -> str:
    """``order`` over expressions of its columns that no index serves."""
    for column, expression in _UNINDEXED.items():
        order = order.replace(f"{t}.{column}", expression.format(t=t))
    return order


def rows_sql(q: sqlite_fts.Query, columns: Sequence[str]) -> tuple[str, dict[str, Any]]:
    """Every matching article (export): ``columns`` plus ``score``."""
    params: dict[str, Any] = {}
    select = [f"a.{c}" for c in columns]
    select.append("NULL AS score" if q.text is None else f"{score_sql(q.raw)} AS score")
    sql = statement(q, select, params, sort=sqlite_fts.sort_of(q), with_articles=True)
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

"""Search on a SQLite archive: the validated query and the SQL that answers it.

:class:`Query` is what :mod:`archive.search` validates a search into (both
backends read it). The planner turns it into SQL over the full-text index of
:mod:`archive.sqlite_schema`: a page of hits (walking a date or views index
when that order is asked for), counts, snippets and export rows. Every value
is a bound parameter; only fixed names are interpolated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from archive.sqlite_schema import BM25, FILTER_INDEX, FTS_COLUMNS

#: Start and end of a highlighted match inside snippets (never in article text).
MARK_START = "\x02"
MARK_END = "\x03"
SNIPPET_TOKENS = 20
#: The largest value an SQLite INTEGER holds (numbers from users are checked).
INTEGER_MAX = 2**63 - 1
#: Appended to a day to bound ``published_at`` text from above: sorts after
#: every character ISO 8601 text uses, so ``x < "2026-04-30~"`` admits all of
#: that day (date-only or with a time).
DAY_END = "~"
#: ``strftime`` format that normalises an ISO time with an offset to UTC text.
_UTC_TEXT = "%Y-%m-%dT%H:%M:%f"


def fts_error(exc: BaseException) -> str | None:
    """The user-facing message if ``exc`` (raised by a search statement) is an
    FTS5 query error ("fts5: syntax error near …", "unterminated string", "no
    such column: 2"), else ``None`` for problems of the database itself."""
    orig = getattr(exc, "orig", exc)
    message = str(orig).splitlines()[0] if str(orig) else type(orig).__name__
    lowered = message.lower()
    environmental = (
        "locked",
        "busy",
        "no such table",
        "disk",
        "i/o",
        "malformed",
        "corrupt",
        "readonly",
        "out of memory",
        "unable to open",
        "interrupted",
    )
    if any(word in lowered for word in environmental):
        return None
    return message  # the statement is fixed: anything else is the MATCH query


@dataclass(kw_only=True)
class Query:
    """A validated search: FTS expression (or ``None``), filters, order and page."""

    match: str | None = None
    in_title: str | None = None  # what the title must match for the title tier
    text: str | None = None  # the query as given (PostgreSQL parses it itself)
    raw: bool = False
    filters: dict[str, Any] = field(default_factory=dict)
    #: ``since``/``until`` given as instants: (written day, UTC ISO instant).
    exact_dates: dict[str, tuple[str, str]] = field(default_factory=dict)
    sort: str = "relevance"  # relevance | date | views | id
    limit: int | None = None
    offset: int = 0


#: Filter name → (column, comparison with its bound parameter).
_FILTER_SQL: dict[str, tuple[str, str]] = {
    "site": ("site", "= :site"),
    "language": ("language", "= :language"),
    "reporter": ("reporter", "= :reporter COLLATE NOCASE"),
    "editor": ("editor", "= :editor COLLATE NOCASE"),
    "category": ("category", "= :category COLLATE NOCASE"),
    "since": ("published_at", ">= :since"),
    "until": ("published_at", "< :until"),
    "min_views": ("views", ">= :min_views"),
}
#: The exact test of an instant bound, for the candidates of the text range:
#: a time-stamped value is compared as an instant (offsets applied), a
#: date-only value by its day against the bound's written day.
_EXACT_DATE_SQL = {
    "since": (
        "(CASE WHEN length({c}) = 10 THEN {c} >= :since_day"
        f" ELSE strftime('{_UTC_TEXT}', {{c}})"
        f" >= strftime('{_UTC_TEXT}', :since_instant) END)"
    ),
    "until": (
        "(CASE WHEN length({c}) = 10 THEN {c} <= :until_day"
        f" ELSE strftime('{_UTC_TEXT}', {{c}})"
        f" <= strftime('{_UTC_TEXT}', :until_instant) END)"
    ),
}
#: Indexes listing articles by date within one value of a column (the first
#: filter present, in this order, picks the index a date-ordered page walks).
_DATE_INDEXES = {
    "reporter": "ix_articles_reporter",
    "editor": "ix_articles_editor",
    "category": "ix_articles_category",
    "language": "ix_articles_language",
}
_ORDER_SQL = {
    # NULLs sort lowest in SQLite, so DESC puts undated/unviewed articles last.
    "date": "{t}.published_at DESC, {t}.id DESC",
    "views": "{t}.views DESC, {t}.id DESC",
    "id": "{t}.id",
}
MATCHING_ROWIDS = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH :fts_query"
_SNIPPET = (
    f"snippet(articles_fts, -1, char(2), char(3), '…', {SNIPPET_TOKENS})"
    " AS marked_snippet"
)


#: Matches joined to their filter columns (from the covering index, by id).
_MATCHES_WITH_FILTERS = (
    f"articles_fts JOIN articles a INDEXED BY {FILTER_INDEX}"
    " ON a.id = articles_fts.rowid"
)


def _filtered(q: Query) -> bool:
    return any(v is not None for v in q.filters.values())


def sort_of(q: Query) -> str:
    """The effective order of ``q``: without a query, relevance means newest first."""
    return q.sort if (q.match is not None or q.sort != "relevance") else "date"


def in_text_columns(expression: str) -> str:
    """An FTS5 expression restricted to the text columns (never the facets)."""
    return f"{{{' '.join(FTS_COLUMNS)}}} : ({expression})"


def _filter_terms(q: Query, params: dict[str, Any]) -> list[tuple[str, str]]:
    """``(column, test)`` for each filter of ``q`` (``{c}`` in ``test`` is the
    qualified column); binds their values."""
    terms = []
    for name, value in q.filters.items():
        if value is None:
            continue
        column, comparison = _FILTER_SQL[name]
        terms.append((column, "{c} " + comparison))
        params[name] = value
    for name, (day, instant) in q.exact_dates.items():
        terms.append(("published_at", _EXACT_DATE_SQL[name]))
        params.update({f"{name}_day": day, f"{name}_instant": instant})
    return terms


def _tests(terms: list[tuple[str, str]], table: str) -> list[str]:
    return [test.format(c=f"{table}.{column}") for column, test in terms]


def _where(q: Query, params: dict[str, Any]) -> list[str]:
    where = []
    if q.match is not None:
        where.append("articles_fts MATCH :fts_query")
        params["fts_query"] = q.match
    return where + _tests(_filter_terms(q, params), "a")


def _indexed_source(
    q: Query, params: dict[str, Any], *, by_views: bool = False
) -> tuple[str, list[str]]:
    """``FROM`` and ``WHERE`` terms that walk one search index as ``o``: by
    views, or by date within the value of the first equality filter that has
    such an index. Every search index holds all filter columns."""
    terms = _filter_terms(q, params)
    columns = {column for column, _ in terms}
    if by_views:
        index = "ix_articles_views"
    else:
        lead = next((c for c in _DATE_INDEXES if c in columns), None)
        index = _DATE_INDEXES[lead] if lead else "ix_articles_published_at"
    return f"articles o INDEXED BY {index}", _tests(terms, "o")


def _finish(
    select: list[str],
    source: str,
    where: list[str],
    order: str,
    q: Query,
    params: dict[str, Any],
) -> str:
    sql = f"SELECT {', '.join(select)} FROM {source}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {order}"
    if q.limit is not None:
        sql += " LIMIT :limit OFFSET :offset"
        params.update(limit=q.limit, offset=q.offset)
    return sql


def _relevance_order(q: Query) -> tuple[str, str]:
    """(score expression, ORDER BY) for relevance.

    Without filters FTS5 sorts by its ``rank`` itself (and makes snippets for
    the page only); with filters bm25 is computed by SQLite for the rows that
    pass them, which is cheaper when filters are selective.
    """
    if _filtered(q):
        return f"-{BM25}", "score DESC"
    return "-articles_fts.rank", "articles_fts.rank"


def page_sql(q: Query) -> tuple[str, dict[str, Any], bool]:
    """One page of hits as rows ``id, score`` (+ ``marked_snippet``).

    Returns ``(sql, params, complete)``; when ``complete`` is False the rows
    lack snippets (and, for date/views orders, scores): fetch them for the
    page with :func:`page_extras_sql`. Computing them here would make SQLite
    compute them for every match before it sorts.
    """
    params: dict[str, Any] = {}
    sort = sort_of(q)
    if sort in ("date", "views"):
        # SQLite collects the matching rowids once (cheap) and walks a date or
        # views index until the page is full, instead of sorting every match.
        source, where = _indexed_source(q, params, by_views=sort == "views")
        if q.match is not None:
            where.append(f"o.id IN ({MATCHING_ROWIDS})")
            params["fts_query"] = q.match
        select = ["o.id AS id", "NULL AS score"]
        order = _ORDER_SQL[sort].format(t="o")
        sql = _finish(select, source, where, order, q, params)
        return sql, params, q.match is None
    if q.match is None:  # by id
        where = _where(q, params)
        select, order = ["a.id", "NULL AS score"], _ORDER_SQL[sort].format(t="a")
        return _finish(select, "articles a", where, order, q, params), params, True
    where = _where(q, params)
    if not _filtered(q):
        # FTS5 sorts by its ``rank`` itself and makes snippets for the page only.
        select = ["rowid AS id", "-rank AS score", _SNIPPET]
        return _finish(select, "articles_fts", where, "rank", q, params), params, True
    # Each match's filter columns come from the covering index, by id.
    select = ["articles_fts.rowid AS id", f"-{BM25} AS score"]
    return (
        _finish(select, _MATCHES_WITH_FILTERS, where, "score DESC", q, params),
        params,
        False,
    )


def count_sql(q: Query, cap: int | None = None) -> tuple[str, dict[str, Any]]:
    """Rows ``n``: how many articles match ``q`` (its filters included),
    counting no further than ``cap`` when given."""
    params: dict[str, Any] = {}
    where = _where(q, params)
    source = _MATCHES_WITH_FILTERS if _filtered(q) else "articles_fts"
    rows = f"SELECT 1 FROM {source} WHERE {' AND '.join(where)}"
    if cap is not None:
        rows += " LIMIT :cap"
        params["cap"] = cap
    return f"SELECT count(*) AS n FROM ({rows})", params


def total_sql(q: Query, cap: int) -> tuple[str, dict[str, Any]]:
    """Rows ``n``: how many articles match ``q`` (with or without a full-text
    query), counting no further than ``cap``."""
    if q.match is not None:
        return count_sql(q, cap)
    params: dict[str, Any] = {"cap": cap}
    where = _tests(_filter_terms(q, params), "a")
    rows = "SELECT 1 FROM articles a"
    if where:
        rows += " WHERE " + " AND ".join(where)
    return f"SELECT count(*) AS n FROM ({rows} LIMIT :cap)", params


def published_span_sql() -> tuple[str, dict[str, Any]]:
    """Rows ``first, last``: the earliest and latest ``published_at`` (instant,
    from the date index)."""
    # Two subqueries: SQLite reads min() and max() from the index only when
    # each is alone in its SELECT (together they scan the table).
    sql = (
        "SELECT (SELECT min(published_at) FROM articles) AS first,"
        " (SELECT max(published_at) FROM articles) AS last"
    )
    return sql, {}


def title_tiers(match: str, words: str) -> tuple[str, str]:
    """FTS5 expressions splitting the matches of ``match`` in two: the
    articles whose title matches ``words``, and the others."""
    in_title = f"{{title}} : ({words})"
    return f"({match}) AND {in_title}", f"({match}) NOT {in_title}"


def page_extras_sql(match: str, ids: Sequence[int]) -> tuple[str, dict[str, Any]]:
    """Snippets (matches between MARK_START and MARK_END) and scores of
    ``match`` for the articles ``ids``: rows ``id, marked_snippet, score``."""
    binds, params = _id_binds(ids)
    # One MATCH scan over the page's rowid range; ``+rowid`` keeps the IN list
    # away from FTS5 (which would restart the query once per id, 3-4x slower)
    # and filters rows before their snippet and score are made.
    sql = (
        f"SELECT rowid AS id, {_SNIPPET}, -{BM25} AS score FROM articles_fts "
        "WHERE articles_fts MATCH :fts_query AND rowid BETWEEN :lo AND :hi "
        f"AND +rowid IN ({binds})"
    )
    return sql, {**params, "fts_query": match, "lo": min(ids), "hi": max(ids)}


def search_sql(q: Query, columns: Sequence[str]) -> tuple[str, dict[str, Any]]:
    """All matching rows of ``q`` (for export): ``columns`` of ``articles`` plus
    ``score`` (bm25 relevance, higher is better; ``None`` without a query).

    All values are bound parameters; only fixed column names are interpolated.
    """
    params: dict[str, Any] = {}
    where = _where(q, params)
    select = [f"a.{c}" for c in columns]
    sort = sort_of(q)
    if q.match is None:
        select.append("NULL AS score")
        source = "articles a"
        order = _ORDER_SQL[sort].format(t="a")
    else:
        source = "articles_fts JOIN articles a ON a.id = articles_fts.rowid"
        score, relevance = _relevance_order(q)
        select.append(f"{score} AS score")
        order = relevance if sort == "relevance" else _ORDER_SQL[sort].format(t="a")
    return _finish(select, source, where, order, q, params), params


def _id_binds(ids: Sequence[int]) -> tuple[str, dict[str, Any]]:
    names = [f"id{i}" for i in range(len(ids))]
    return ", ".join(f":{n}" for n in names), dict(zip(names, ids, strict=True))


def rows_by_id_sql(
    columns: Sequence[str], ids: Sequence[int], lead_chars: int
) -> tuple[str, dict[str, Any]]:
    """``columns`` of the articles ``ids`` plus ``lead``, the body's first
    ``lead_chars`` characters (``columns`` are fixed names, never user input)."""
    binds, params = _id_binds(ids)
    cols = ", ".join(columns)
    sql = (
        f"SELECT {cols}, substr(body, 1, {int(lead_chars)}) AS lead "
        f"FROM articles WHERE id IN ({binds})"
    )
    return sql, params


def fetch(
    conn: sa.Connection, sql: str, params: dict[str, Any]
) -> list[dict[str, Any]]:
    """Run a small SELECT straight through the driver (named ``:binds``) and
    return all rows as dicts."""
    result = conn.exec_driver_sql(sql, params)
    keys = list(result.keys())
    return [dict(zip(keys, row, strict=True)) for row in result.fetchall()]

"""Everything specific to SQLite: connection PRAGMAs, FTS5 table, triggers, search SQL.

The rest of the archive is portable SQLAlchemy Core; a PostgreSQL backend will
add a sibling module (tsvector column, GIN index, ``ts_rank``) with the same
functions. The FTS table is named the way Datasette and sqlite-utils detect it:
``articles_fts`` with ``content="articles"`` in double quotes, triggers
``articles_ai``/``_ad``/``_au``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa

#: Indexed columns, in FTS column order, and their bm25 weights (title first).
FTS_COLUMNS: tuple[str, ...] = ("title", "body", "reporter", "editor")
BM25_WEIGHTS: tuple[float, ...] = (10.0, 1.0, 3.0, 3.0)
BUSY_TIMEOUT_MS = 30_000
CACHE_KIB = 65_536  # page cache per connection (64 MiB; SQLite's default is 2 MiB)
#: Start and end of a highlighted match inside snippets (never in article text).
MARK_START = "\x02"
MARK_END = "\x03"
SNIPPET_TOKENS = 20

_cols = ", ".join(FTS_COLUMNS)
_new = ", ".join(f"new.{c}" for c in FTS_COLUMNS)
_old = ", ".join(f"old.{c}" for c in FTS_COLUMNS)
_weights = ", ".join(str(w) for w in BM25_WEIGHTS)

_SCHEMA_STATEMENTS: tuple[str, ...] = (
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
  {_cols},
  content="articles", content_rowid="id",
  tokenize="unicode61 remove_diacritics 2")""",
    f"""CREATE TRIGGER IF NOT EXISTS articles_ai AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts (rowid, {_cols}) VALUES (new.id, {_new});
END""",
    f"""CREATE TRIGGER IF NOT EXISTS articles_ad AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts (articles_fts, rowid, {_cols})
  VALUES ('delete', old.id, {_old});
END""",
    # Only an UPDATE that sets an indexed column touches the index: view counts
    # and last_seen_at change on every crawl and must not re-index the body.
    f"""CREATE TRIGGER IF NOT EXISTS articles_au AFTER UPDATE OF {_cols} ON articles
BEGIN
  INSERT INTO articles_fts (articles_fts, rowid, {_cols})
  VALUES ('delete', old.id, {_old});
  INSERT INTO articles_fts (rowid, {_cols}) VALUES (new.id, {_new});
END""",
    # ``rank`` (used by Datasette too) = bm25 with the title weighted highest.
    f"INSERT INTO articles_fts (articles_fts, rank) VALUES ('rank', 'bm25({_weights})')",
    # Filters compare names ignoring case and list newest first: these indexes
    # serve both the filter and the order.
    *(
        f"CREATE INDEX IF NOT EXISTS ix_articles_{col}"
        f" ON articles ({col} COLLATE NOCASE, published_at)"
        for col in ("reporter", "editor", "category")
    ),
)


def engine_url(path: Path, *, read_only: bool) -> str:
    """SQLAlchemy URL for ``path`` as a SQLite URI (read-only or read-write-create)."""
    url = sa.engine.URL.create(
        "sqlite",
        database="file:" + quote(str(path.resolve())),  # SQLite URI filename
        query={"mode": "ro" if read_only else "rwc", "uri": "true"},
    )
    return url.render_as_string(hide_password=False)


def engine_kwargs() -> dict[str, Any]:
    """Engine options: a busy handler and connections usable from any thread."""
    return {
        "connect_args": {
            "timeout": BUSY_TIMEOUT_MS / 1000,
            "check_same_thread": False,
        }
    }


MMAP_BYTES = 256 * 1024 * 1024


def connect_statements(*, read_only: bool) -> list[str]:
    """PRAGMAs run on every new connection."""
    statements = [
        f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
        f"PRAGMA cache_size = -{CACHE_KIB}",
        f"PRAGMA mmap_size = {MMAP_BYTES}",  # reads map the file: faster search
    ]
    if not read_only:
        statements += [
            "PRAGMA journal_mode = WAL",  # readers never block the writer
            "PRAGMA synchronous = NORMAL",  # safe with WAL; commits skip fsync
            "PRAGMA foreign_keys = ON",
        ]
    return statements


def schema_statements() -> tuple[str, ...]:
    """SQLite-only DDL run after the portable tables exist (idempotent)."""
    return _SCHEMA_STATEMENTS


def get_user_version(conn: sa.Connection) -> int:
    """Return ``PRAGMA user_version`` (the archive schema version; 0 = new)."""
    return int(conn.exec_driver_sql("PRAGMA user_version").scalar_one())


def set_user_version(conn: sa.Connection, version: int) -> None:
    """Set ``PRAGMA user_version`` inside the current transaction."""
    conn.exec_driver_sql(f"PRAGMA user_version = {int(version)}")


def has_tables(conn: sa.Connection) -> bool:
    """True if the database already holds any table."""
    row = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1"
    ).first()
    return row is not None


def begin_write(conn: sa.Connection) -> None:
    """Start a write transaction that takes the write lock at once.

    A deferred transaction that reads first and writes later cannot wait for a
    concurrent writer (SQLite returns "database is locked" at once); ``BEGIN
    IMMEDIATE`` waits for the busy timeout instead.
    """
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def integrity_check(conn: sa.Connection) -> list[str]:
    """Run ``PRAGMA integrity_check`` and the FTS5 integrity check; [] when all ok."""
    problems = [
        str(row[0])
        for row in conn.exec_driver_sql("PRAGMA integrity_check")
        if row[0] != "ok"
    ]
    try:
        conn.exec_driver_sql(
            "INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)"
        )
    except sa.exc.DatabaseError as exc:
        problems.append(f"articles_fts: {exc.orig}")
    return problems


def rebuild_fts(conn: sa.Connection) -> None:
    """Rebuild the full-text index from the articles table."""
    conn.exec_driver_sql("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")


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
    filters: dict[str, Any] = field(default_factory=dict)
    until_inclusive: bool = True
    sort: str = "relevance"  # relevance | date | views | id
    limit: int | None = None
    offset: int = 0


_FILTER_SQL = {
    "site": "a.site = :site",
    "language": "a.language = :language",
    "reporter": "a.reporter = :reporter COLLATE NOCASE",
    "editor": "a.editor = :editor COLLATE NOCASE",
    "category": "a.category = :category COLLATE NOCASE",
    "since": "a.published_at >= :since",
    "min_views": "a.views >= :min_views",
}

_ORDER_SQL = {
    # NULLs sort lowest in SQLite, so DESC puts undated/unviewed articles last.
    "date": "a.published_at DESC, a.id DESC",
    "views": "a.views DESC, a.id DESC",
    "id": "a.id",
}
_BM25 = f"bm25(articles_fts, {_weights})"
_SNIPPET = (
    f"snippet(articles_fts, -1, char(2), char(3), '…', {SNIPPET_TOKENS})"
    " AS marked_snippet"
)
#: Columns of the covering index that filters and date/views orders read, so
#: that testing a match does not load its (large) article row.
FILTER_INDEX = "ix_articles_filters"
FILTER_COLUMNS: tuple[str, ...] = (
    "id",
    "site",
    "language",
    "reporter",
    "editor",
    "category",
    "published_at",
    "views",
)


def _sort(q: Query) -> str:
    return q.sort if (q.match is not None or q.sort != "relevance") else "date"


def _where(q: Query, params: dict[str, Any]) -> list[str]:
    where = []
    if q.match is not None:
        where.append("articles_fts MATCH :fts_query")
        params["fts_query"] = q.match
    for name, value in q.filters.items():
        if value is None:
            continue
        if name == "until":
            op = "<=" if q.until_inclusive else "<"
            where.append(f"a.published_at {op} :until")
        else:
            where.append(_FILTER_SQL[name])
        params[name] = value
    return where


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
    if any(v is not None for v in q.filters.values()):
        return f"-{_BM25}", "score DESC"
    return "-articles_fts.rank", "articles_fts.rank"


def page_sql(q: Query) -> tuple[str, dict[str, Any], bool]:
    """One page of hits as rows ``id, score`` (+ ``marked_snippet``).

    Returns ``(sql, params, complete)``; when ``complete`` is False the rows
    lack snippets (and, for date/views orders, scores): fetch them for the
    page with :func:`page_extras_sql`. Computing them here would make SQLite
    compute them for every match before it sorts.
    """
    params: dict[str, Any] = {}
    where = _where(q, params)
    sort = _sort(q)
    if q.match is None:
        select, source, order = (
            ["a.id", "NULL AS score"],
            "articles a",
            _ORDER_SQL[sort],
        )
        complete = True
    else:
        source = (
            f"articles_fts JOIN articles a INDEXED BY {FILTER_INDEX}"
            " ON a.id = articles_fts.rowid"
        )
        if sort == "relevance":
            score, order = _relevance_order(q)
            complete = order == "articles_fts.rank"
            select = ["a.id", f"{score} AS score"] + ([_SNIPPET] if complete else [])
        else:
            select, order, complete = ["a.id", "NULL AS score"], _ORDER_SQL[sort], False
    return _finish(select, source, where, order, q, params), params, complete


def page_extras_sql(match: str, ids: Sequence[int]) -> tuple[str, dict[str, Any]]:
    """Snippets (matches between MARK_START and MARK_END) and scores of
    ``match`` for the articles ``ids``: rows ``id, marked_snippet, score``."""
    binds, params = _id_binds(ids)
    # One MATCH scan over the page's rowid range; ``+rowid`` keeps the IN list
    # away from FTS5 (which would restart the query once per id, 3-4x slower)
    # and filters rows before their snippet and score are made.
    sql = (
        f"SELECT rowid AS id, {_SNIPPET}, -{_BM25} AS score FROM articles_fts "
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
    sort = _sort(q)
    if q.match is None:
        select.append("NULL AS score")
        source = "articles a"
        order = _ORDER_SQL[sort]
    else:
        source = "articles_fts JOIN articles a ON a.id = articles_fts.rowid"
        score, relevance = _relevance_order(q)
        select.append(f"{score} AS score")
        order = relevance if sort == "relevance" else _ORDER_SQL[sort]
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

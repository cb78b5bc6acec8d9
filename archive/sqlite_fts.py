"""Everything specific to SQLite: connection PRAGMAs, FTS5 table, triggers, search SQL.

The rest of the archive is portable SQLAlchemy Core; a PostgreSQL backend will
add a sibling module (tsvector column, GIN index, ``ts_rank``) with the same
functions. The FTS table ``articles_fts`` reads its content from the view
``articles_search`` (the article text plus search facets); triggers
``articles_ai``/``_ad``/``_au`` keep it in sync. ``warta serve`` tells
Datasette which table it indexes.
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
#: The largest value an SQLite INTEGER holds (numbers from users are checked).
INTEGER_MAX = 2**63 - 1
#: Appended to a day to bound ``published_at`` text from above: sorts after
#: every character ISO 8601 text uses, so ``x < "2026-04-30~"`` admits all of
#: that day (date-only or with a time).
DAY_END = "~"
#: ``strftime`` format that normalises an ISO time with an offset to UTC text.
_UTC_TEXT = "%Y-%m-%dT%H:%M:%f"

#: The covering index that gives a match's filter columns by its id.
FILTER_INDEX = "ix_articles_filters"
#: The columns search filters and orders read; every search index holds them
#: all, so testing an article never loads its (large) row.
FILTER_COLUMNS: tuple[str, ...] = (
    "published_at",
    "language",
    "site",
    "reporter",
    "editor",
    "category",
    "views",
)


#: The FTS column that holds search facets: one token per filter value
#: (``zzcat`` + category, ``zzy2019``, ``zzm201905``, …) so that filters are
#: intersected inside the full-text index. Names lose spaces and common
#: punctuation so that each is one token no user word matches.
FACETS = "search_facets"
FACET_PREFIXES = {"reporter": "zzrep", "editor": "zzed", "category": "zzcat"}
FACET_DROPPED = " ,.-&'/()"


def facet_token(prefix: str, value: str) -> str:
    """The facets token for a name (as :func:`facets_sql` writes it)."""
    return prefix + "".join(ch for ch in value if ch not in FACET_DROPPED)


YEAR_PREFIX, MONTH_PREFIX = "zzy", "zzm"


def facets_sql(row: str = "") -> str:
    """SQL for the facets text of an article (columns of ``row``: ``new``,
    ``old``, or ``""`` for the article in a plain SELECT)."""
    at = f"{row}." if row else ""
    names = []
    for col, prefix in FACET_PREFIXES.items():
        name = f"coalesce({at}{col}, '')"
        for ch in FACET_DROPPED:
            literal = ch.replace("'", "''")
            name = f"replace({name}, '{literal}', '')"
        names.append(f"'{prefix}' || {name}")
    day = f"coalesce({at}published_at, '')"
    dates = [
        f"'{YEAR_PREFIX}' || substr({day}, 1, 4)",
        f"'{MONTH_PREFIX}' || replace(substr({day}, 1, 7), '-', '')",
    ]
    return " || ' ' || ".join(names + dates)


_fts_cols = (*FTS_COLUMNS, FACETS)
_cols = ", ".join(_fts_cols)
_new = ", ".join([*(f"new.{c}" for c in FTS_COLUMNS), facets_sql("new")])
_old = ", ".join([*(f"old.{c}" for c in FTS_COLUMNS), facets_sql("old")])
#: Columns whose change re-indexes an article (never views or last_seen_at,
#: which change on every crawl).
_indexed = ", ".join((*FTS_COLUMNS, "category", "published_at"))
_weights = ", ".join(str(w) for w in (*BM25_WEIGHTS, 0.0))  # facets never score
#: The full-text index's content: the articles' text columns and facets.
CONTENT_VIEW = "articles_search"

_SCHEMA_STATEMENTS: tuple[str, ...] = (
    f"""CREATE VIEW IF NOT EXISTS {CONTENT_VIEW} AS
SELECT id, {", ".join(FTS_COLUMNS)}, {facets_sql()} AS {FACETS} FROM articles""",
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
  {_cols},
  content="{CONTENT_VIEW}", content_rowid="id",
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
    f"""CREATE TRIGGER IF NOT EXISTS articles_au AFTER UPDATE OF {_indexed} ON articles
BEGIN
  INSERT INTO articles_fts (articles_fts, rowid, {_cols})
  VALUES ('delete', old.id, {_old});
  INSERT INTO articles_fts (rowid, {_cols}) VALUES (new.id, {_new});
END""",
    # ``rank`` (used by Datasette too) = bm25 with the title weighted highest.
    f"INSERT INTO articles_fts (articles_fts, rank) VALUES ('rank', 'bm25({_weights})')",
    # Filters compare names ignoring case and list newest first: these indexes
    # serve both the filter and the order, and hold every filter column.
    *(
        f"CREATE INDEX IF NOT EXISTS ix_articles_{col}"
        f" ON articles ({col} COLLATE NOCASE, published_at, id, "
        + ", ".join(c for c in FILTER_COLUMNS if c not in (col, "published_at"))
        + ")"
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
    """PRAGMAs run on every new connection.

    Only readers map the file (faster search); a writer (a crawl, hours long)
    reads through its page cache, so its memory stays bounded by the cache
    instead of growing with every page of the archive it touches.
    """
    statements = [
        f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
        f"PRAGMA cache_size = -{CACHE_KIB}",
        f"PRAGMA mmap_size = {MMAP_BYTES if read_only else 0}",
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


def drop_fts(conn: sa.Connection) -> None:
    """Drop the full-text index, its triggers and content view (to recreate
    them with a new layout; :func:`rebuild_fts` then refills the index)."""
    for trigger in ("articles_ai", "articles_ad", "articles_au"):
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
    conn.exec_driver_sql("DROP TABLE IF EXISTS articles_fts")
    conn.exec_driver_sql(f"DROP VIEW IF EXISTS {CONTENT_VIEW}")


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


def fts_segments(conn: sa.Connection) -> int:
    """How many b-tree segments the full-text index has (each search reads all)."""
    sql = "SELECT count(DISTINCT segid) FROM articles_fts_idx"
    return int(conn.exec_driver_sql(sql).scalar_one())


def optimize_fts(conn: sa.Connection) -> None:
    """Merge the full-text index into one segment."""
    conn.exec_driver_sql("INSERT INTO articles_fts (articles_fts) VALUES ('optimize')")


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
_BM25 = f"bm25(articles_fts, {_weights})"
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
    select = ["articles_fts.rowid AS id", f"-{_BM25} AS score"]
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


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _month(text: str) -> int:
    """Months since year 0 of an ISO date/time prefix (``YYYY`` = January)."""
    year, _, rest = text.partition("-")
    month = int(rest[:2]) if rest[:2].isdigit() else 1
    return int(year) * 12 + month - 1


def _date_tokens(first: int, last: int) -> list[str]:
    """Year and month facet tokens covering the months ``first..last``."""
    tokens = []
    for year in range(first // 12, last // 12 + 1):
        lo, hi = max(first, year * 12), min(last, year * 12 + 11)
        if hi - lo == 11:
            tokens.append(f"{YEAR_PREFIX}{year:04d}")
        else:
            tokens += [
                f"{MONTH_PREFIX}{year:04d}{m % 12 + 1:02d}" for m in range(lo, hi + 1)
            ]
    return tokens


def facets_match(q: Query, span: tuple[str, str] | None) -> str | None:
    """An FTS5 expression over the facets column that every article passing
    the reporter, editor, category and date filters of ``q`` matches (a few
    others may too: the SQL filters stay the exact test), or ``None``.

    ``span`` is the archive's first and last ``published_at`` (``None`` when
    no article has a date: then no date matches).
    """
    parts = [
        _phrase(facet_token(FACET_PREFIXES[name], str(q.filters[name])))
        for name in FACET_PREFIXES
        if q.filters.get(name) is not None
    ]
    since, until = q.filters.get("since"), q.filters.get("until")
    if since or until:
        # Months the archive has (``span``) and the filters admit.
        first = _month(span[0]) if span else 1
        last = _month(span[1]) if span else 0
        if since:
            first = max(first, _month(since))
        if until:
            last = min(last, _month(until))  # "YYYY-MM-DD~": its day included
        tokens = _date_tokens(first, last) if first <= last else []
        parts.append("(" + " OR ".join(tokens or [f"{YEAR_PREFIX}none"]) + ")")
    if not parts:
        return None
    return f"{{{FACETS}}} : ({' AND '.join(parts)})"


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

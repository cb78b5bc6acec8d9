"""Full-text search over the archive: ranked hits, counts and export rows.

Inputs are validated (and plain words quoted) by :mod:`archive.search_query`;
a raw FTS5 syntax error is reported as :class:`SearchError`. The SQL itself
comes from :mod:`archive.sqlite_fts` or :mod:`archive.pg_search`.

Large archives: above :data:`EXACT_RANK_MAX` matches, articles with a query word
in the title rank first (see ``_page``); filters narrow the matches inside the
full-text index first; date and views orders walk an index.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from archive import pg_page, pg_search, sqlite_facets, sqlite_fts
from archive.dates import Period
from archive.errors import ArchiveError, SearchError
from archive.export import EXPORT_COLUMNS
from archive.search_query import build_query

if TYPE_CHECKING:
    from archive.store import Archive

#: Above this many matches, relevance ranks title matches first (see ``_page``):
#: bm25 costs FTS5 about 2-3 µs per match, so ranking all of them would take
#: tens of milliseconds for a common topic in a large archive.
EXACT_RANK_MAX = 1_000
_LEAD_CHARS = 240  # snippet of an article found by filters alone
_SPACE = re.compile(r"\s+")


@dataclass(kw_only=True)
class SearchHit:
    """One search result; ``snippet`` marks matches as ``[word]``."""

    id: int
    url: str
    title: str | None
    published_at: str | None
    reporter: str | None
    editor: str | None
    views: int | None
    snippet: str
    score: float | None  # bm25 relevance, higher is better (None without a query)
    site: str
    language: str
    category: str | None
    marked_snippet: str = field(default="", repr=False, compare=False)

    def segments(self) -> list[tuple[str, bool]]:
        """The snippet as ``(text, highlighted)`` pieces, for bold rendering."""
        pieces: list[tuple[str, bool]] = []
        for i, part in enumerate(self.marked_snippet.split(sqlite_fts.MARK_START)):
            if i == 0:
                pieces.append((part, False))
                continue
            hit, _, rest = part.partition(sqlite_fts.MARK_END)
            pieces += [(hit, True), (rest, False)]
        return [(text, bold) for text, bold in pieces if text]

    def to_dict(self) -> dict[str, Any]:
        """The public fields (everything but the internal marked snippet)."""
        return {name: getattr(self, name) for name in HIT_FIELDS}


#: The public fields of a :class:`SearchHit`, in order (JSON keys, CSV columns).
HIT_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(SearchHit) if f.name != "marked_snippet"
)
#: The article columns a hit shows (its snippet and score are computed).
_HIT_COLUMNS = tuple(name for name in HIT_FIELDS if name not in ("snippet", "score"))


def _check_backend(conn: sa.Connection) -> None:
    if conn.dialect.name not in ("sqlite", "postgresql"):
        raise ArchiveError(f"no full-text search for {conn.dialect.name} archives")


def _postgres(conn: sa.Connection) -> bool:
    return conn.dialect.name == "postgresql"


def _search_error(exc: sa.exc.OperationalError) -> SearchError | None:
    message = sqlite_fts.fts_error(exc)
    return None if message is None else SearchError(f"invalid search query: {message}")


def _fetch(
    conn: sa.Connection, sql: str, params: dict[str, Any]
) -> list[dict[str, Any]]:
    if _postgres(conn):
        return pg_search.fetch(conn, sql, params)
    try:
        return sqlite_fts.fetch(conn, sql, params)
    except sa.exc.OperationalError as exc:
        error = _search_error(exc)
        if error is None:
            raise
        raise error from None


def _rows(
    arc: Archive, sql: str | sa.Executable, params: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    _check_backend(arc.conn)
    try:
        yield from arc.query(sql, **params)
    except sa.exc.OperationalError as exc:
        error = _search_error(exc)
        if error is None:
            raise
        raise error from None


def _run(
    arc: Archive, q: sqlite_fts.Query, columns: tuple[str, ...]
) -> Iterator[dict[str, Any]]:
    if _postgres(arc.conn):
        return _pg_rows(arc, q, columns)
    sql, params = sqlite_fts.search_sql(q, columns)
    return _rows(arc, sql, params)


def _pg_rows(
    arc: Archive, q: sqlite_fts.Query, columns: tuple[str, ...]
) -> Iterator[dict[str, Any]]:
    sql, params = pg_search.rows_sql(q, columns)
    with arc.read() as conn:
        yield from pg_search.stream(conn, sql, params)


def _clean(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def _count(conn: sa.Connection, sql_params: tuple[str, dict[str, Any]]) -> int:
    return int(_fetch(conn, *sql_params)[0]["n"])


def _facets(conn: sa.Connection, q: sqlite_fts.Query) -> str | None:
    span = None
    if q.filters.get("since") or q.filters.get("until"):
        row = _fetch(conn, *sqlite_fts.published_span_sql())[0]
        span = (row["first"], row["last"]) if row["first"] else None
    return sqlite_facets.facets_match(q, span)


def _page(
    conn: sa.Connection, q: sqlite_fts.Query
) -> tuple[list[dict[str, Any]], bool]:
    """One page of ``(id, score[, marked_snippet])`` rows, and whether the
    snippets are in them (see :func:`sqlite_fts.page_sql`).

    Relevance ranks every candidate with bm25 when there are at most
    :data:`EXACT_RANK_MAX`. Beyond that, the articles whose title has one of
    the query's words (the whole expression, for ``raw``) come first, each
    tier ranked by bm25: a first page then ranks only the title tier, a few
    per cent of the matches. Reporter, editor, category
    and date filters narrow the candidates inside the full-text index first.
    """
    if _postgres(conn):
        return pg_page.page(conn, q), True
    if q.match is None or sqlite_fts.sort_of(q) != "relevance" or not q.limit:
        sql, params, complete = sqlite_fts.page_sql(q)
        return _fetch(conn, sql, params), complete
    facets = _facets(conn, q)
    match = q.match if facets is None else f"({q.match}) AND {facets}"
    narrowed = replace(q, match=match)
    unfiltered = replace(narrowed, filters={}, exact_dates={})
    candidates = _count(conn, sqlite_fts.count_sql(unfiltered, cap=EXACT_RANK_MAX + 1))
    if candidates <= EXACT_RANK_MAX:
        sql, params, complete = sqlite_fts.page_sql(narrowed)
        return _fetch(conn, sql, params), complete
    in_title, elsewhere = sqlite_fts.title_tiers(match, q.in_title or q.match)
    first = replace(q, match=in_title)
    sql, params, complete = sqlite_fts.page_sql(first)
    page = _fetch(conn, sql, params)
    if len(page) == q.limit:
        return page, complete
    # The title tier ends on this page: its size says where the rest starts.
    tier_size = (
        q.offset + len(page) if page else _count(conn, sqlite_fts.count_sql(first))
    )
    rest = replace(
        q,
        match=elsewhere,
        limit=q.limit - len(page),
        offset=max(0, q.offset - tier_size),
    )
    sql, params, _ = sqlite_fts.page_sql(rest)
    return page + _fetch(conn, sql, params), complete


def search(
    arc: Archive,
    query: str | None,
    *,
    raw: bool = False,
    limit: int = 20,
    offset: int = 0,
    sort: str = "relevance",
    site: str | None = None,
    language: str | None = None,
    reporter: str | None = None,
    editor: str | None = None,
    category: str | None = None,
    since: str | Period | None = None,
    until: str | Period | None = None,
    min_views: int | None = None,
) -> list[SearchHit]:
    """Ranked full-text search with filters; an empty query lists by date.

    ``since``/``until`` compare ``published_at`` (a date-only ``until`` includes
    the whole day); reporter, editor and category match exactly, ignoring case.
    """
    q = build_query(
        query,
        raw=raw,
        sort=sort,
        limit=limit,
        offset=offset,
        site=site,
        language=language,
        reporter=reporter,
        editor=editor,
        category=category,
        since=since,
        until=until,
        min_views=min_views,
    )
    if q is None:
        return []
    with arc.read() as conn:
        _check_backend(conn)
        page, complete = _page(conn, q)
        ids = [row["id"] for row in page]
        if not ids:
            return []
        # Columns (and snippets) are fetched for the page only.
        sql, params = sqlite_fts.rows_by_id_sql(_HIT_COLUMNS, ids, _LEAD_CHARS)
        details = {row["id"]: row for row in _fetch(conn, sql, params)}
        if not complete and q.match is not None:
            sql, params = sqlite_fts.page_extras_sql(q.match, ids)
            extras = {row["id"]: row for row in _fetch(conn, sql, params)}
            for row in page:
                extra = extras.get(row["id"], {})
                row["marked_snippet"] = extra.get("marked_snippet")
                if row["score"] is None:
                    row["score"] = extra.get("score")
    hits = []
    for row in page:
        detail = details[row["id"]]
        lead = detail.pop("lead")
        marked = _clean(row.get("marked_snippet") or lead)
        score = row["score"]
        hits.append(
            SearchHit(
                **detail,
                snippet=marked.replace(sqlite_fts.MARK_START, "[").replace(
                    sqlite_fts.MARK_END, "]"
                ),
                score=None if score is None else float(score),
                marked_snippet=marked,
            )
        )
    return hits


def iter_articles(
    arc: Archive,
    query: str | None = None,
    *,
    raw: bool = False,
    sort: str | None = None,
    columns: tuple[str, ...] = EXPORT_COLUMNS,
    **filters: Any,
) -> Iterator[dict[str, Any]]:
    """Stream matching articles (all of them, no limit) for export.

    Relevance here is plain bm25 over every match (no title tier: every row is
    read anyway).

    Rows hold ``columns`` plus ``score`` (``None`` without a query); the default
    order is by id, which needs no sorting in the database.
    """
    q = build_query(query, raw=raw, sort=sort or "id", **filters)
    if q is None:
        return
    yield from _run(arc, q, columns)


def count_matches(
    arc: Archive, query: str | None, *, raw: bool = False, cap: int, **filters: Any
) -> int:
    """How many articles a search matches, counting no further than ``cap``
    (a result of ``cap`` means "``cap`` or more")."""
    q = build_query(query, raw=raw, **filters)
    if q is None:
        return 0
    with arc.read() as conn:
        _check_backend(conn)
        if _postgres(conn):
            return pg_search.count(conn, q, cap)
        if q.match is not None:
            facets = _facets(conn, q)
            if facets is not None:
                q = replace(q, match=f"({q.match}) AND {facets}")
        return _count(conn, sqlite_fts.total_sql(q, cap))

"""GIN indexes of a large PostgreSQL archive's newest articles.

A text search finds its first matches newest first, in date slices
(:mod:`archive.pg_page`). On a large archive a word's GIN scan reads its
postings from every year, though the first slices want only the newest
articles: a four-letter prefix (``teni:*``, tens of thousands of lexemes'
postings) took 30-80 ms per slice at 1,000,000 articles. So a large archive
gets, beside each language's GIN index, a partial one over its newest
articles (published at or after a boundary date). Nothing in the search
statements names it: PostgreSQL's planner takes it by itself for any slice
whose lower date bound is at or above the boundary (the index's condition is
then implied), and the same prefix's scan takes ~4 ms there.

The boundary is the date with about :data:`RECENT_ROWS` newer articles. It is
moved (the indexes made again, concurrently: searches and writes go on) once
more than twice that many are newer, at the end of a crawl run
(``Archive.tidy_search_index``) or by ``warta upgrade``; archives of fewer
than four times that many articles have none (their GIN indexes are small).
"""

from __future__ import annotations

import contextlib
import logging
import re

import sqlalchemy as sa

from archive.pg_schema import OTHER_LANGUAGES, TEXT_SEARCH_CONFIGS, VECTOR_TABLE

logger = logging.getLogger(__name__)

#: About how many of the newest articles the recent indexes cover (up to twice
#: as many before they are made again).
RECENT_ROWS = 100_000
#: Serialises the rebuild among the workers of a crawl (any constant key).
REBUILD_LOCK_KEY = 0x72656365  # "rece"
#: A rebuild waits at most this long for a lock (or for older transactions,
#: which ``CREATE INDEX CONCURRENTLY`` must outlast), then gives up until the
#: next run.
LOCK_TIMEOUT = "60s"
_BOUNDARY = re.compile(r"published_at >= '([^']*)'")
_NEXT = "_next"


def _predicates() -> dict[str, str]:
    """Each recent index's name and its condition on the article's language."""
    languages = {
        f"ix_articles_search_{code}_recent": f"language = '{code}'"
        for code in TEXT_SEARCH_CONFIGS
    }
    return {**languages, "ix_articles_search_other_recent": OTHER_LANGUAGES}


INDEX_NAMES: tuple[str, ...] = tuple(_predicates())


def index_ddl(name: str, boundary: str) -> str:
    """The statement that makes the recent index ``name`` from ``boundary`` on."""
    literal = boundary.replace("'", "''")
    return (
        f"CREATE INDEX CONCURRENTLY {name} ON {VECTOR_TABLE} USING gin"
        f" (search_vector) WHERE {_predicates()[name.removesuffix(_NEXT)]}"
        f" AND published_at >= '{literal}'"
    )


def boundary(conn: sa.Connection) -> str | None:
    """The boundary date of the archive's recent indexes (None: it has none)."""
    rows = conn.execute(
        sa.text(
            "SELECT c.relname AS name, pg_get_expr(i.indpred, i.indrelid) AS pred"
            " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " WHERE i.indrelid = CAST(:table AS regclass) AND i.indisvalid"
            " AND c.relname = ANY(:names)"
        ),
        {"table": VECTOR_TABLE, "names": list(INDEX_NAMES)},
    ).all()
    matches = [_BOUNDARY.search(row.pred or "") for row in rows]
    dates = {match.group(1) for match in matches if match is not None}
    if len(rows) != len(INDEX_NAMES) or None in matches or len(dates) != 1:
        return None  # none, or a set left incomplete
    return dates.pop()


def due(conn: sa.Connection, recent_rows: int = RECENT_ROWS) -> str | None:
    """The new boundary when the recent indexes are due to be made (again):
    none yet on an archive of ``4 × recent_rows`` articles or more, or more
    than ``2 × recent_rows`` articles newer than theirs. None: not due."""
    current = boundary(conn)
    if current is None:
        total: int = conn.execute(
            sa.text(f"SELECT count(*) FROM (SELECT 1 FROM {VECTOR_TABLE} LIMIT :n) t"),
            {"n": 4 * recent_rows},
        ).scalar_one()
        if total < 4 * recent_rows:
            return None
    else:
        newer: int = conn.execute(
            sa.text(
                f"SELECT count(*) FROM (SELECT 1 FROM {VECTOR_TABLE}"
                " WHERE published_at >= :b LIMIT :n) t"
            ),
            {"b": current, "n": 2 * recent_rows + 1},
        ).scalar_one()
        if newer <= 2 * recent_rows:
            return None
    return conn.execute(
        sa.text(
            f"SELECT published_at FROM {VECTOR_TABLE} WHERE published_at IS NOT NULL"
            " ORDER BY published_at DESC, id DESC OFFSET :n LIMIT 1"
        ),
        {"n": recent_rows},
    ).scalar_one_or_none()


def refresh(engine: sa.Engine, recent_rows: int | None = None) -> bool:
    """Make the recent indexes (again) when :func:`due`; True if it did.

    Runs outside any transaction (``CREATE INDEX CONCURRENTLY``), one worker at
    a time; the new indexes are built beside the old ones, which are dropped
    only then. A rebuild that fails (a lock timeout) leaves the old ones in
    use and is tried again at the next run."""
    with engine.connect() as raw:
        conn = raw.execution_options(isolation_level="AUTOCOMMIT")
        if not conn.execute(
            sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": REBUILD_LOCK_KEY}
        ).scalar_one():
            return False
        try:
            new = due(conn, recent_rows or RECENT_ROWS)
            if new is None:
                return False
            conn.execute(sa.text(f"SET lock_timeout = '{LOCK_TIMEOUT}'"))
            try:
                _rebuild(conn, new)
            except sa.exc.DBAPIError as exc:
                logger.warning("recent search indexes not rebuilt: %s", exc.orig)
                with contextlib.suppress(sa.exc.DBAPIError):  # the next run does
                    _drop(conn, [name + _NEXT for name in INDEX_NAMES])
                return False
            return True
        finally:
            conn.execute(sa.text("RESET lock_timeout"))
            conn.execute(
                sa.text("SELECT pg_advisory_unlock(:k)"), {"k": REBUILD_LOCK_KEY}
            )


def _rebuild(conn: sa.Connection, new: str) -> None:
    logger.info("building the recent search indexes (articles from %s on)", new)
    nexts = [name + _NEXT for name in INDEX_NAMES]
    _drop(conn, nexts)  # left by a rebuild that was interrupted
    conn.exec_driver_sql("SET maintenance_work_mem = '256MB'")
    for name in nexts:
        conn.exec_driver_sql(index_ddl(name, new))
    _drop(conn, list(INDEX_NAMES))
    for name in INDEX_NAMES:
        conn.exec_driver_sql(f"ALTER INDEX {name}{_NEXT} RENAME TO {name}")
    conn.exec_driver_sql("RESET maintenance_work_mem")


def _drop(conn: sa.Connection, names: list[str]) -> None:
    for name in names:
        conn.exec_driver_sql(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")

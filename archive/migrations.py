"""Upgrade steps, each from one schema version to the next.

:func:`archive.schema_version.ensure_schema` runs them in order, then creates
whatever the current declarations (:mod:`archive.schema`) add.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from archive import backends, pg_schema, sqlite_schema
from archive.schema import create_all

#: Migration hook: ``MIGRATIONS[v]`` upgrades a version-``v`` archive to ``v + 1``.
MIGRATIONS: dict[int, Callable[[sa.Connection], None]] = {}


def _search_v2(conn: sa.Connection) -> None:
    """v1 → v2: search indexes hold every filter column; the full-text index
    gains a facets column (recreated, then refilled from the articles)."""
    for name in SEARCH_INDEXES:
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
    sqlite_schema.drop_fts(conn)
    create_all(conn)
    sqlite_schema.rebuild_fts(conn)


SEARCH_INDEXES: tuple[str, ...] = (
    "ix_articles_published_at",
    "ix_articles_language",
    "ix_articles_views",
    "ix_articles_reporter",
    "ix_articles_editor",
    "ix_articles_category",
)
MIGRATIONS[1] = _search_v2


def _add_column(conn: sa.Connection, table: str, column: str, sql_type: str) -> None:
    """Add ``column`` to ``table`` unless an interrupted upgrade did already."""
    columns = {c["name"] for c in sa.inspect(conn).get_columns(table)}
    if column not in columns:
        conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column} {sql_type}")


def _run_reason_v3(conn: sa.Connection) -> None:
    """v2 → v3: ``crawl_runs.status_reason`` (why a run is degraded or failed)."""
    _add_column(conn, "crawl_runs", "status_reason", "TEXT")


MIGRATIONS[2] = _run_reason_v3


def _tags_v4(conn: sa.Connection) -> None:
    """v3 → v4: ``articles.tags`` (a JSON list, like ``extraction_warnings``)."""
    _add_column(conn, "articles", "tags", "TEXT NOT NULL DEFAULT '[]'")


MIGRATIONS[3] = _tags_v4


def _crawl_id_v5(conn: sa.Connection) -> None:
    """v4 → v5: ``crawl_runs.crawl_id`` (the frontier crawl a worker's run is of)."""
    _add_column(conn, "crawl_runs", "crawl_id", "TEXT")


MIGRATIONS[4] = _crawl_id_v5


def _narrow_search_v6(conn: sa.Connection) -> None:
    """v5 → v6: PostgreSQL's search table holds what searches filter and order
    on, and a small ranking vector (SQLite: nothing changes)."""
    if backends.is_postgres(conn):
        pg_schema.narrow_search_table(conn)


MIGRATIONS[5] = _narrow_search_v6

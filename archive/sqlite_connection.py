"""How warta connects to a SQLite archive: the URI, engine options and PRAGMAs.

Every connection gets a busy handler and a large page cache; readers map the
file and a writer journals with WAL. ``PRAGMA user_version`` holds the archive
schema version; ``BEGIN IMMEDIATE`` takes the write lock at once. The full-text
index is :mod:`archive.sqlite_schema`, search SQL :mod:`archive.sqlite_fts`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa

BUSY_TIMEOUT_MS = 30_000
CACHE_KIB = 65_536  # page cache per connection (64 MiB; SQLite's default is 2 MiB)
MMAP_BYTES = 256 * 1024 * 1024


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

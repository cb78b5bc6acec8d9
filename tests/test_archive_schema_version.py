"""Schema versions: a writable open creates or repairs, a newer one is refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from archive.errors import ArchiveError, SchemaVersionError
from archive.schema_version import SCHEMA_VERSION, ensure_schema
from archive.store import open_archive
from tests.pg_support import TestDatabase


def test_ensure_schema_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    with open_archive(path) as arc, arc.transaction() as conn:
        assert ensure_schema(conn) == SCHEMA_VERSION
        assert ensure_schema(conn) == SCHEMA_VERSION
    with sqlite3.connect(path) as conn:
        before = conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    open_archive(path).close()
    with sqlite3.connect(path) as conn:
        after = conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    assert after == before


def test_missing_index_is_added_on_writable_open(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    open_archive(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("DROP INDEX ix_articles_filters")
    open_archive(path).close()
    with sqlite3.connect(path) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "ix_articles_filters" in names


def test_newer_schema_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    open_archive(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(SchemaVersionError, match="newer than this warta"):
        open_archive(path)
    with pytest.raises(SchemaVersionError, match="newer than this warta"):
        open_archive(path, read_only=True)


def test_not_an_archive(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(SchemaVersionError, match="not a warta archive"):
        open_archive(other)
    with pytest.raises(SchemaVersionError, match="not a warta archive"):
        open_archive(other, read_only=True)
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"this is not a database" * 100)
    with pytest.raises(ArchiveError, match="cannot open archive"):
        open_archive(garbage, read_only=True)


# PostgreSQL: an archive starts at the current version (the upgrade path from
# versions 1-4, in test_archive_migrations, is SQLite's); a writable open
# repairs what is missing, refuses a newer schema, and takes no table lock on
# an up-to-date archive.


def _pg(url: str) -> sa.Engine:
    return sa.create_engine(
        sa.make_url(url).set(drivername="postgresql+psycopg"),
        isolation_level="AUTOCOMMIT",
    )


def test_postgresql_open_repairs_missing_objects_and_refuses_newer(
    pg_database: TestDatabase,
) -> None:
    url = pg_database.new_archive_url()
    open_archive(url).close()
    engine = _pg(url)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("DROP INDEX ix_articles_filters")
            conn.exec_driver_sql("DROP TRIGGER articles_search_vector ON articles")
        open_archive(url).close()
        with engine.connect() as conn:
            found = conn.exec_driver_sql(
                "SELECT to_regclass('ix_articles_filters') IS NOT NULL,"
                " (SELECT count(*) FROM pg_trigger"
                "  WHERE tgname = 'articles_search_vector'"
                "  AND tgrelid = CAST('articles' AS regclass))"
            ).one()
            assert tuple(found) == (True, 1)
            conn.exec_driver_sql(
                f"UPDATE warta_schema SET version = {SCHEMA_VERSION + 1}"
            )
    finally:
        engine.dispose()
    with pytest.raises(SchemaVersionError, match="newer than this warta"):
        open_archive(url)


def test_postgresql_writable_open_takes_no_lock_from_running_writers(
    pg_database: TestDatabase,
) -> None:
    """A worker joining a crawl opens the archive while others write: its open
    must not wait for (or deadlock with) their row-exclusive table locks."""
    url = pg_database.new_archive_url()
    open_archive(url).close()
    engine = _pg(url)
    try:
        with engine.connect() as writer:
            writer.exec_driver_sql("BEGIN")
            writer.exec_driver_sql(
                "INSERT INTO pages (url, fetched_at, status, sha256, body)"
                " VALUES ('https://x/1', '2026-01-01T00:00:00Z', 200, 'x', '')"
            )
            writer.exec_driver_sql(
                "UPDATE articles SET views = views WHERE false"
            )  # both tables locked, as in a crawl's transaction
            impatient = url + "%20-clock_timeout%3D3000"
            open_archive(impatient).close()  # lock_timeout: an error, not a hang
            writer.exec_driver_sql("ROLLBACK")
    finally:
        engine.dispose()

"""The archive schema: contract columns, FTS naming, PRAGMAs, versioning."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from datasette.utils import detect_fts

from archive import schema, sqlite_fts
from archive.errors import ArchiveError, ArchiveNotFoundError, SchemaVersionError
from archive.search import search
from archive.store import open_archive
from crawler.items import Article, Link
from tests.pg_support import TestDatabase
from tests.test_archive_support import old_archive


def _columns(path: Path, table: str) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def test_article_fields_are_the_items_contract() -> None:
    assert tuple(f.name for f in dataclasses.fields(Article)) == schema.ARTICLE_FIELDS
    assert tuple(f.name for f in dataclasses.fields(Link)) == (
        *schema.LINK_FIELDS,
        *schema.LINK_TARGET_FIELDS,
    )


def test_contract_columns_exist_in_order(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    open_archive(path).close()
    assert _columns(path, "articles") == [
        "id", "url", "site", "site_article_id", "language", "title", "published_at",
        "reporter", "editor", "translator", "views", "category", "image_url",
        "image_caption", "photo_credit", "body", "pull_quote", "first_seen_at",
        "last_seen_at", "extractor_version", "extraction_warnings", "views_seen_at",
        "tags",
    ]  # fmt: skip
    assert _columns(path, "links")[:9] == [
        "id", "article_id", "kind", "position", "url", "title", "published_at",
        "views", "reporter",
    ]  # fmt: skip
    assert _columns(path, "view_counts") == [
        "id", "article_id", "observed_at", "views", "source", "run_id",
    ]  # fmt: skip
    assert _columns(path, "crawl_runs") == [
        "id", "site", "started_at", "finished_at", "updated_at", "status", "pid",
        "hostname", "command", "log_path", "listing_pages", "article_pages", "new",
        "updated", "unchanged", "failed", "retries", "scope", "status_reason", "crawl_id",
    ]  # fmt: skip
    assert _columns(path, "failures") == [
        "id", "url", "stage", "reason", "run_id", "at", "resolved_at", "site",
        "language", "site_article_id",
    ]  # fmt: skip
    assert _columns(path, "pages") == [
        "id", "url", "final_url", "fetched_at", "status", "headers", "sha256", "body",
        "article_id", "run_id", "last_fetched_at", "fetch_count",
    ]  # fmt: skip
    assert _columns(path, "article_versions") == [
        "id", "article_id", "replaced_at", *schema.CONTENT_FIELDS, "extractor_version",
    ]  # fmt: skip


def test_sqlite_objects_and_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    open_archive(path).close()
    with sqlite3.connect(path) as conn:
        names = {
            (row[0], row[1])
            for row in conn.execute("SELECT type, name FROM sqlite_master")
            if not row[1].startswith(("sqlite_", "articles_fts_"))
        }
        fts_sql = conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'articles_fts'"
        ).fetchone()[0]
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert (
            conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        )
        # Datasette and sqlite-utils find the index from its content view
        assert detect_fts(conn, "articles_search") == "articles_fts"
        # id is the rowid alias that the FTS content_rowid relies on
        pk = [r for r in conn.execute("PRAGMA table_info(articles)") if r[5]]
        assert [(r[1], r[2]) for r in pk] == [("id", "INTEGER")]
    assert 'content="articles_search"' in fts_sql
    assert "remove_diacritics 2" in fts_sql
    assert {n for t, n in names if t == "trigger"} == {
        "articles_ai",
        "articles_ad",
        "articles_au",
    }
    assert {n for t, n in names if t == "table"} == {
        "articles",
        "articles_fts",
        "links",
        "view_counts",
        "crawl_runs",
        "failures",
        "pages",
        "article_versions",
    }
    indexes = {n for t, n in names if t == "index"}
    assert {
        "ix_articles_published_at",
        "ix_articles_reporter",
        "ix_articles_editor",
        "ix_articles_category",
        "ix_articles_language",
        "ix_articles_views",
        "ix_articles_filters",
    } <= indexes


def test_connection_pragmas(tmp_path: Path) -> None:
    with open_archive(tmp_path / "a.sqlite") as arc:
        conn = arc.conn
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL


def test_ensure_schema_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    with open_archive(path) as arc, arc.transaction() as conn:
        assert schema.ensure_schema(conn) == schema.SCHEMA_VERSION
        assert schema.ensure_schema(conn) == schema.SCHEMA_VERSION
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
        conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    with pytest.raises(SchemaVersionError, match="newer than this warta"):
        open_archive(path)
    with pytest.raises(SchemaVersionError, match="newer than this warta"):
        open_archive(path, read_only=True)


def test_migration_hook_runs_for_older_archives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.sqlite"
    open_archive(path).close()
    calls: list[int] = []
    current = schema.SCHEMA_VERSION
    monkeypatch.setattr(schema, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(schema.MIGRATIONS, current, lambda conn: calls.append(current))
    with pytest.raises(SchemaVersionError, match=f"older than {current + 1}"):
        open_archive(path, read_only=True)
    with open_archive(path) as arc:
        assert arc.schema_version() == current + 1
    assert calls == [current]


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


def test_missing_archive_read_only(tmp_path: Path) -> None:
    with pytest.raises(ArchiveNotFoundError, match="archive not found"):
        open_archive(tmp_path / "nope.sqlite", read_only=True)
    assert not (tmp_path / "nope.sqlite").exists()


def test_writable_open_creates_parent_directories(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "warta.sqlite"
    open_archive(path).close()
    assert path.is_file()


def test_path_with_uri_characters(tmp_path: Path) -> None:
    path = tmp_path / "we?ird #name%20.sqlite"
    open_archive(path).close()
    assert path.is_file()
    with open_archive(path, read_only=True) as arc:
        assert arc.schema_version() == schema.SCHEMA_VERSION


def test_read_only_archive_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    open_archive(path).close()
    with (
        open_archive(path, read_only=True) as arc,
        pytest.raises(ArchiveError, match="read-only"),
    ):
        arc.start_run("beritajakarta", pid=1, hostname="h", command="c")


def test_search_sql_binds_every_value() -> None:
    q = sqlite_fts.Query(
        match='"x"',
        filters={"reporter": "a' OR 1=1 --", "since": "2024", "until": "2025"},
        sort="date",
        limit=5,
    )
    sql, params = sqlite_fts.search_sql(q, ("id",))
    assert "OR 1=1" not in sql
    assert params == {
        "fts_query": '"x"',
        "reporter": "a' OR 1=1 --",
        "since": "2024",
        "until": "2025",
        "limit": 5,
        "offset": 0,
    }
    assert "a.published_at < :until" in sql


def test_version_1_archive_is_upgraded_on_writable_open(tmp_path: Path) -> None:
    """A schema-1 archive (written by the previous release: three articles)
    gets the covering search indexes and the faceted full-text index."""
    path = old_archive(tmp_path)
    with pytest.raises(SchemaVersionError, match="older than"):
        open_archive(path, read_only=True)
    with open_archive(path) as arc:
        assert arc.schema_version() == schema.SCHEMA_VERSION
        assert arc.integrity_check() == []
    with sqlite3.connect(path) as conn:
        index_sql = conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'ix_articles_reporter'"
        ).fetchone()[0]
        facets = conn.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH "
            "'search_facets : (zzrepbudisantoso AND zzy2021)'"
        ).fetchall()
    assert "category" in index_sql  # the index now holds every filter column
    assert facets == [(3,)]


def test_version_1_archive_searches_the_same_after_upgrade(tmp_path: Path) -> None:
    path = old_archive(tmp_path)
    open_archive(path).close()
    with open_archive(path, read_only=True) as arc:
        hits = search(arc, "banjir", reporter="budi santoso")
        assert sorted(h.id for h in hits) == [1, 3]
        assert [h.id for h in search(arc, "pasar", since="2020", until="2020")] == [2]


def test_version_2_archive_gains_the_run_status_reason(tmp_path: Path) -> None:
    """v2 -> v3: ``crawl_runs.status_reason``; the runs already there keep theirs."""
    path = tmp_path / "a.sqlite"
    with open_archive(path) as arc:
        run_id = arc.start_run("beritajakarta", pid=1, hostname="h", command="c")
        arc.finish_run(run_id, "finished", new=3)
    with sqlite3.connect(path) as conn:  # as warta 2 left it
        conn.execute("ALTER TABLE crawl_runs DROP COLUMN status_reason")
        conn.execute("PRAGMA user_version = 2")
    with open_archive(path) as arc:
        assert arc.schema_version() == schema.SCHEMA_VERSION
        run_id = arc.start_run("beritajakarta", pid=1, hostname="h", command="c")
        arc.finish_run(run_id, "degraded", reason="no listing page could be read")
        assert [
            (r["status"], r["new"], r["status_reason"]) for r in arc.list_runs()
        ] == [
            ("degraded", 0, "no listing page could be read"),
            ("finished", 3, None),
        ]


def test_version_3_archive_gains_the_article_tags(tmp_path: Path) -> None:
    """v3 -> v4: ``articles.tags`` (a JSON list); the articles already there get []."""
    path = tmp_path / "a.sqlite"
    old = {"url": "https://kota.go.id/b/1", "site": "kota.go.id", "language": "id",
           "site_article_id": "https://kota.go.id/b/1", "title": "Lama"}  # fmt: skip
    new = {**old, "url": "https://kota.go.id/b/2", "site_article_id": "https://kota.go.id/b/2",
           "title": "Baru", "tags": ["banjir", "Jalan Raya"]}  # fmt: skip
    with open_archive(path) as arc:
        arc.save_article(old, observed_at="2026-01-01T00:00:00Z", run_id=None)
    with sqlite3.connect(path) as conn:  # as warta 3 left it
        conn.execute("ALTER TABLE articles DROP COLUMN tags")
        conn.execute("PRAGMA user_version = 3")
    with open_archive(path) as arc:
        assert arc.schema_version() == schema.SCHEMA_VERSION
        arc.save_article(new, observed_at="2026-01-02T00:00:00Z", run_id=None)
        found = [arc.get_article(article["url"]) for article in (old, new)]
    assert [(a["title"], a["tags"]) for a in found if a] == [
        ("Lama", []),
        ("Baru", ["banjir", "Jalan Raya"]),
    ]


def test_version_4_archive_gains_the_runs_crawl_id(tmp_path: Path) -> None:
    """v4 -> v5: ``crawl_runs.crawl_id``; older runs have none."""
    path = tmp_path / "a.sqlite"
    with open_archive(path) as arc:
        arc.finish_run(
            arc.start_run("beritajakarta", pid=1, hostname="h", command="c"),
            "finished",
        )
    with sqlite3.connect(path) as conn:  # as warta 4 left it
        conn.execute("ALTER TABLE crawl_runs DROP COLUMN crawl_id")
        conn.execute("PRAGMA user_version = 4")
    with open_archive(path) as arc:
        assert arc.schema_version() == schema.SCHEMA_VERSION
        for _ in range(2):
            arc.start_run(
                "beritajakarta", pid=1, hostname="h", command="c", crawl_id="c1"
            )
        assert [r["crawl_id"] for r in arc.list_runs()] == ["c1", "c1", None]


# PostgreSQL: an archive starts at the current version (the upgrade path from
# versions 1-4 above is SQLite's); a writable open repairs what is missing,
# refuses a newer schema, and takes no table lock on an up-to-date archive.


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
                f"UPDATE warta_schema SET version = {schema.SCHEMA_VERSION + 1}"
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

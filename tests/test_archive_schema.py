"""The archive schema: contract columns, FTS naming, PRAGMAs."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

from datasette.utils import detect_fts

from archive import schema, sqlite_fts
from archive.schema_version import SCHEMA_VERSION
from archive.store import open_archive
from crawler.items import Article, Link


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
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
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

"""Migrations: archives of every older version are upgraded on a writable open."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from archive import migrations, schema_version
from archive.errors import SchemaVersionError
from archive.search import search
from archive.store import open_archive
from tests.test_archive_support import old_archive


def test_migration_hook_runs_for_older_archives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.sqlite"
    open_archive(path).close()
    calls: list[int] = []
    current = schema_version.SCHEMA_VERSION
    monkeypatch.setattr(schema_version, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(
        migrations.MIGRATIONS, current, lambda conn: calls.append(current)
    )
    with pytest.raises(SchemaVersionError, match=f"older than {current + 1}"):
        open_archive(path, read_only=True)
    with open_archive(path) as arc:
        assert arc.schema_version() == current + 1
    assert calls == [current]


def test_version_1_archive_is_upgraded_on_writable_open(tmp_path: Path) -> None:
    """A schema-1 archive (written by the previous release: three articles)
    gets the covering search indexes and the faceted full-text index."""
    path = old_archive(tmp_path)
    with pytest.raises(SchemaVersionError, match="older than"):
        open_archive(path, read_only=True)
    with open_archive(path) as arc:
        assert arc.schema_version() == schema_version.SCHEMA_VERSION
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
        assert arc.schema_version() == schema_version.SCHEMA_VERSION
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
        assert arc.schema_version() == schema_version.SCHEMA_VERSION
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
        assert arc.schema_version() == schema_version.SCHEMA_VERSION
        for _ in range(2):
            arc.start_run(
                "beritajakarta", pid=1, hostname="h", command="c", crawl_id="c1"
            )
        assert [r["crawl_id"] for r in arc.list_runs()] == ["c1", "c1", None]

"""Opening an archive (writable or read-only) and its upkeep (tidy, integrity)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from archive import sqlite_schema
from archive.errors import ArchiveError, ArchiveNotFoundError
from archive.schema_version import SCHEMA_VERSION
from archive.store import Archive, open_archive
from tests.conftest import sqlite_only
from tests.test_archive_support import OBSERVED, article, fts_ids, new_archive


@pytest.fixture
def arc(location: Path | str) -> Any:
    archive = new_archive(location)
    yield archive
    archive.close()


def _fts_ids(arc: Archive, match: str) -> list[int]:
    return fts_ids(arc, match)


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
        assert arc.schema_version() == SCHEMA_VERSION


def test_read_only_archive_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    open_archive(path).close()
    with (
        open_archive(path, read_only=True) as arc,
        pytest.raises(ArchiveError, match="read-only"),
    ):
        arc.start_run("beritajakarta", pid=1, hostname="h", command="c")


def test_tidy_search_index_merges_segments_when_many(
    arc: Archive, backend: str
) -> None:
    sqlite_only(backend, "FTS5 segments (PostgreSQL's GIN index needs no merging)")
    for n in range(1, 13):  # one transaction each: FTS5 adds segments
        arc.save_article(
            article(n, title=f"Banjir {n}"), observed_at=OBSERVED, run_id=None
        )
    with arc.read() as conn:
        before = sqlite_schema.fts_segments(conn)
    assert before > 1
    assert arc.tidy_search_index(max_segments=before) is False
    assert arc.tidy_search_index(max_segments=1) is True
    with arc.read() as conn:
        assert sqlite_schema.fts_segments(conn) == 1
    assert arc.integrity_check() == []
    assert len(_fts_ids(arc, "banjir")) == 12


def test_only_read_only_connections_map_the_file(tmp_path):
    """A crawl's writer keeps its memory to the page cache (no mmap growth)."""
    with open_archive(tmp_path / "a.sqlite") as arc, arc.read() as conn:
        assert conn.exec_driver_sql("PRAGMA mmap_size").scalar() == 0
    with open_archive(tmp_path / "a.sqlite", read_only=True) as arc, arc.read() as conn:
        assert conn.exec_driver_sql("PRAGMA mmap_size").scalar() > 0

"""Shared helpers of the end-to-end crawl tests: the real CLI, the archive, the mirror."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterable, Mapping
from contextlib import closing
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from archive.errors import ArchiveError
from archive.store import open_archive
from sites.beritajakarta import article_key

ROOT = Path(__file__).resolve().parents[1]

#: Scalar article columns that must equal the mirror's ground truth.
SCALAR_FIELDS = (
    "url", "site", "site_article_id", "language", "title", "published_at",
    "reporter", "editor", "translator", "views", "category", "image_url",
    "image_caption", "photo_credit", "body", "pull_quote",
)  # fmt: skip

#: Settings that keep fault tests quick: short timeouts, short backoff.
FAST_FAULTS = (
    "--set", "DOWNLOAD_TIMEOUT=2",
    "--set", "WARTA_RETRY_BACKOFF_BASE=0.05",
    "--set", "WARTA_RETRY_BACKOFF_MAX=1",
)  # fmt: skip

Key = tuple[str, str]


def warta_command(*args: str) -> list[str]:
    """The argv of ``warta ARGS…`` (the CLI module under this interpreter)."""
    return [sys.executable, "-m", "cli", *args]


def warta(
    *args: str, check: bool = True, timeout: float = 240
) -> subprocess.CompletedProcess[str]:
    """Run the real CLI in a subprocess (Scrapy's reactor runs once per process)."""
    return subprocess.run(
        warta_command(*args),
        capture_output=True,
        text=True,
        check=check,
        timeout=timeout,
        cwd=ROOT,
    )


def crawl_args(base_url: str, archive: Path | str, *extra: str) -> list[str]:
    """``crawl beritajakarta --base-url URL --archive PATH EXTRA…``."""
    return [
        "crawl", "beritajakarta", "--base-url", base_url, "--archive", str(archive),
        *extra,
    ]  # fmt: skip


def crawl(
    base_url: str, archive: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    """Crawl the mirror into ``archive``; fail with the output unless it exits 0."""
    result = warta(*crawl_args(base_url, archive, *extra), check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def rows(archive: Path | str, sql: str, *params: Any) -> list[Any]:
    """Rows of a read-only query (the connection is closed afterwards): on a
    SQLite file, ``sqlite3.Row``; on a PostgreSQL URL (no params), dicts."""
    if isinstance(archive, str):
        assert not params, "PostgreSQL rows take no positional params"
        with open_archive(archive, read_only=True) as arc:
            return list(arc.query(sql))
    uri = f"file:{archive}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True, timeout=30)) as db:
        db.row_factory = sqlite3.Row
        return db.execute(sql, params).fetchall()


def count_articles(archive: Path | str) -> int:
    """Articles in the archive (0 while it has no schema yet)."""
    if isinstance(archive, Path) and not archive.exists():
        return 0
    try:
        return int(rows(archive, "SELECT COUNT(*) AS n FROM articles")[0]["n"])
    except (sqlite3.OperationalError, ArchiveError):  # schema not committed yet
        return 0


def archived_keys(archive: Path | str) -> list[Key]:
    """``(language, site_article_id)`` of every archived article (duplicates kept)."""
    return [
        (r["language"], r["site_article_id"])
        for r in rows(archive, "SELECT language, site_article_id FROM articles")
    ]


def truth_keys(truth: Iterable[Mapping[str, Any]]) -> set[Key]:
    """The keys of the mirror's ground-truth articles."""
    return {(a["language"], a["site_article_id"]) for a in truth}


def path_of(url: str) -> str:
    """The raw request path of a URL (``/kategori/x?page=2``), as the mirror counts it."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def article_requests(counts: Mapping[str, int]) -> dict[str, int]:
    """The mirror's request counts of article pages only."""
    return {path: n for path, n in counts.items() if article_key(f"http://x{path}")}


def listing_requests(counts: Mapping[str, int]) -> dict[str, int]:
    """The mirror's request counts of pages that are neither articles nor robots.txt."""
    return {
        path: n
        for path, n in counts.items()
        if path != "/robots.txt" and not article_key(f"http://x{path}")
    }


def field_mismatches(
    archive: Path | str, truth: Iterable[Mapping[str, Any]]
) -> list[tuple[str, str, Any, Any]]:
    """``(url, field, archived, expected)`` for every scalar field that differs."""
    archived = {r["url"]: dict(r) for r in rows(archive, "SELECT * FROM articles")}
    return [
        (a["url"], name, archived.get(a["url"], {}).get(name), a[name])
        for a in truth
        for name in SCALAR_FIELDS
        if archived.get(a["url"], {}).get(name) != a[name]
    ]


def runs(archive: Path | str) -> list[dict[str, Any]]:
    """Every crawl run, oldest first."""
    return [dict(r) for r in rows(archive, "SELECT * FROM crawl_runs ORDER BY id")]

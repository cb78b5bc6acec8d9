"""Shared builders for the archive tests (no tests here).

Articles are built from ``crawler.items.Article`` and passed through
``dataclasses.asdict``, exactly as the storage pipeline does.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any

from archive.store import Archive, open_archive
from crawler.items import Article, Link

OBSERVED = "2025-02-10T01:00:00+00:00"
LATER = "2025-02-11T01:00:00+00:00"
CANON = "https://m.beritajakarta.id"


def link(article_id: int, *, en: bool = False, **fields: Any) -> Link:
    """A Link to article ``article_id`` on the canonical host, with its target's
    identity (as the extractor gives it)."""
    prefix = "/en/read/" if en else "/read/"
    values: dict[str, Any] = {
        "url": f"{CANON}{prefix}{article_id}/judul-{article_id}",
        "target_language": "en" if en else "id",
        "target_site_article_id": str(article_id),
    }
    return Link(**(values | fields))


def link_dict(article_id: int, **fields: Any) -> dict[str, Any]:
    """``asdict(link(...))``: a link as an article dict holds it."""
    return dataclasses.asdict(link(article_id, **fields))


def seen(
    article_id: int, views: int | None, source: str, *, en: bool = False, **fields: Any
) -> dict[str, Any]:
    """A view observation of article ``article_id`` with its identity."""
    return {
        "url": link(article_id, en=en).url,
        "views": views,
        "source": source,
        "site": "beritajakarta",
        "language": "en" if en else "id",
        "site_article_id": str(article_id),
    } | fields


def article(number: int, *, language: str = "id", **fields: Any) -> dict[str, Any]:
    """``asdict(Article(...))`` for article ``number`` with readable defaults."""
    prefix = "/en/read/" if language == "en" else "/read/"
    values: dict[str, Any] = {
        "url": f"{CANON}{prefix}{number}/judul-{number}",
        "site": "beritajakarta",
        "site_article_id": str(number),
        "language": language,
        "title": f"Judul berita {number}",
        "published_at": f"2025-02-{number % 28 + 1:02d}T10:00:00+07:00",
        "reporter": "Budi Santoso",
        "editor": "Ani Wijaya",
        "views": 100 + number,
        "category": "Pemerintahan",
        "body": f"Isi berita nomor {number}.",
        "extractor_version": "1",
    }
    values.update(fields)
    return dataclasses.asdict(Article(**values))


def new_archive(where: Path | str, name: str = "warta.sqlite") -> Archive:
    """A fresh writable archive: a file ``name`` in the directory ``where``, or
    at ``where`` itself when it is a database URL or a ``.sqlite`` path."""
    if isinstance(where, str) or where.suffix == ".sqlite":
        return open_archive(where)
    return open_archive(where / name)


def fts_ids(arc: Archive, words: str) -> list[int]:
    """Ids of the articles the backend's full-text index matches for ``words``
    (SQLite: an FTS5 MATCH; PostgreSQL: the search vector, each article's
    language configuration)."""
    if isinstance(arc.path, str):
        sql = (
            "SELECT id FROM articles_tsv"
            " WHERE search_vector @@ CASE language"
            " WHEN 'id' THEN plainto_tsquery('indonesian', :m)"
            " ELSE plainto_tsquery('english', :m) END ORDER BY id"
        )
        return [r["id"] for r in arc.query(sql, m=words)]
    sql = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH :m ORDER BY rowid"
    return [r["rowid"] for r in arc.query(sql, m=words)]


#: An archive written by the previous release (schema 1, three articles).
V1_ARCHIVE = Path(__file__).parent / "fixtures" / "archive_v1.sqlite"


def old_archive(tmp_path: Path) -> Path:
    """A writable copy of :data:`V1_ARCHIVE` in ``tmp_path``."""
    path = tmp_path / "old.sqlite"
    shutil.copyfile(V1_ARCHIVE, path)
    return path

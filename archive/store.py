"""The archive API used by the crawler's pipelines and the analyst commands.

``open_archive(path)`` returns an :class:`Archive`: a SQLite database reached
through ``dataset`` (which owns the engine and per-thread connections), with an
explicit schema (:mod:`archive.schema`) and portable SQLAlchemy Core statements.
Every write method runs in one ``BEGIN IMMEDIATE`` transaction, or joins the
caller's ``with archive.transaction():`` block (:mod:`archive.connection`).
Its methods are grouped by what they keep: articles
(:mod:`archive.store_articles`), raw pages and failures
(:mod:`archive.store_pages`), crawl runs (:mod:`archive.store_runs`); upkeep
and opening are here.
"""

from __future__ import annotations

import os

import dataset
import sqlalchemy as sa

from archive import (
    backends,
    pg_recent,
    pg_schema,
    sqlite_connection,
    sqlite_schema,
)
from archive.articles import SaveResult
from archive.errors import ArchiveError, ArchiveNotFoundError, SchemaVersionError
from archive.location import parse_location, shown
from archive.schema_version import check_schema, ensure_schema
from archive.store_articles import ArticleStore
from archive.store_pages import PageStore
from archive.store_runs import RunStore

__all__ = ["Archive", "SaveResult", "open_archive"]


#: Segments of the full-text index beyond which ``tidy_search_index`` merges.
MAX_INDEX_SEGMENTS = 8


class Archive(ArticleStore, PageStore, RunStore):
    """An open archive; use :func:`open_archive` to get one (a context manager).

    Upkeep is here; articles, pages, failures and runs come from the stores
    it combines, connections and transactions from ``ArchiveConnection``.
    """

    def tidy_search_index(self, max_segments: int = MAX_INDEX_SEGMENTS) -> bool:
        """Merge the full-text index into one segment when more than
        ``max_segments`` have built up; True if it did.

        Every write adds small segments (FTS5 merges some as it goes) and a
        search reads them all: a merged index answers searches about a third
        faster. Crawls call this at the end of a run. On PostgreSQL it
        makes the newest articles' GIN indexes again when due instead (see
        :mod:`archive.pg_recent`).
        """
        engine = self.conn.engine
        if engine.dialect.name == "postgresql":
            return not self.read_only and pg_recent.refresh(engine)
        with self.transaction() as conn:
            if sqlite_schema.fts_segments(conn) <= max_segments:
                return False
            sqlite_schema.optimize_fts(conn)
        return True

    def integrity_check(self) -> list[str]:
        """SQLite and FTS integrity checks (PostgreSQL: every article has its
        search vector); an empty list means all is well."""
        if self.read_only and not isinstance(self.path, str):
            with self.read() as conn:
                rows = conn.exec_driver_sql("PRAGMA integrity_check").all()
                return [str(r[0]) for r in rows if r[0] != "ok"]
        with self.read() if self.read_only else self.transaction() as conn:
            return backends.integrity_check(conn)

    def schema_version(self) -> int:
        """The schema version stored in the archive."""
        with self.read() as conn:
            return backends.get_version(conn)


def open_archive(path: str | os.PathLike[str], *, read_only: bool = False) -> Archive:
    """Open (and, when writable, create or upgrade) the archive at ``path``:
    a SQLite file, or a PostgreSQL URL (see :mod:`archive.location`).

    Read-only opening never writes; a missing file or database raises
    :class:`ArchiveNotFoundError`, one that is not a warta archive raises
    :class:`SchemaVersionError`. Opening a missing PostgreSQL database for
    writing creates it.
    """
    location = parse_location(path)
    if isinstance(location, str):
        return _open_postgres(location, read_only=read_only)
    target = location.expanduser()
    if read_only and not target.is_file():
        raise ArchiveNotFoundError(f"archive not found: {target}")
    if target.is_dir():
        raise ArchiveError(f"archive path is a directory: {target}")
    if not read_only:
        target.parent.mkdir(parents=True, exist_ok=True)
    db = dataset.connect(
        sqlite_connection.engine_url(target, read_only=read_only),
        ensure_schema=False,  # never let dataset create or alter columns
        sqlite_wal_mode=False,  # set (writable only) by sqlite_connection.connect_statements
        on_connect_statements=sqlite_connection.connect_statements(read_only=read_only),
        engine_kwargs=sqlite_connection.engine_kwargs(),
        row_type=dict,
    )
    return _prepare(Archive(db, target, read_only=read_only))


def _open_postgres(url: str, *, read_only: bool) -> Archive:
    try:
        engine_url = pg_schema.engine_url(url, read_only=read_only)
    except ValueError as exc:
        raise ArchiveError(str(exc)) from None
    db = dataset.connect(
        engine_url,
        ensure_schema=False,
        engine_kwargs=pg_schema.engine_kwargs(),
        row_type=dict,
    )
    try:
        return _prepare(Archive(db, url, read_only=read_only))
    except ArchiveError as exc:
        if not pg_schema.missing_database(exc.__cause__ or exc):
            raise
        if read_only:
            raise ArchiveNotFoundError(f"archive not found: {shown(url)}") from None
    try:
        pg_schema.create_database(url)
    except sa.exc.DBAPIError as exc:
        message = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
        raise ArchiveError(f"cannot create {shown(url)}: {message}") from None
    return _open_postgres(url, read_only=read_only)


def _prepare(archive: Archive) -> Archive:
    """Check (read-only) or create/upgrade (writable) the schema of ``archive``."""
    try:
        if archive.read_only:
            with archive.read() as conn:
                check_schema(conn)
        else:
            with archive.transaction() as conn:
                archive.upgraded_from = ensure_schema(conn)
    except SchemaVersionError:
        archive.close()
        raise
    except sa.exc.DBAPIError as exc:
        archive.close()
        message = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
        raise ArchiveError(
            f"cannot open archive {shown(archive.path)}: {message}"
        ) from exc
    return archive

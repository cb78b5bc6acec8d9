"""The archive API used by the crawler's pipelines and the analyst commands.

``open_archive(path)`` returns an :class:`Archive`: a SQLite database reached
through ``dataset`` (which owns the engine and per-thread connections), with an
explicit schema (:mod:`archive.schema`) and portable SQLAlchemy Core statements.
Every write method runs in one ``BEGIN IMMEDIATE`` transaction, or joins the
caller's ``with archive.transaction():`` block.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from types import TracebackType
from typing import Any, Self

import dataset
import sqlalchemy as sa

from archive import articles as _articles
from archive import backends, pg_schema, sqlite_connection, sqlite_schema
from archive import lookup as _lookup
from archive import pages as _pages
from archive import runs as _runs
from archive import views as _views
from archive.articles import SaveResult
from archive.errors import (
    ArchiveError,
    ArchiveNotFoundError,
    InvalidRowError,
    SchemaVersionError,
)
from archive.identity import Ref
from archive.location import Location, parse_location, shown
from archive.schema_version import check_schema, ensure_schema

__all__ = ["Archive", "SaveResult", "open_archive"]


#: Segments of the full-text index beyond which ``tidy_search_index`` merges.
MAX_INDEX_SEGMENTS = 8


class Archive:
    """An open archive; use :func:`open_archive` to get one (a context manager)."""

    def __init__(
        self, db: dataset.Database, path: Location, *, read_only: bool
    ) -> None:
        self.db = db
        self.path = path
        self.read_only = read_only
        #: Schema version the file had when opened for writing (0: new file).
        self.upgraded_from: int | None = None
        self._local = threading.local()

    # -- connections and transactions ------------------------------------------
    @property
    def conn(self) -> sa.Connection:
        """This thread's SQLAlchemy connection (owned by ``dataset``)."""
        return self.db.executable

    @property
    def _depth(self) -> int:
        return int(getattr(self._local, "depth", 0))

    @contextmanager
    def transaction(self) -> Iterator[sa.Connection]:
        """One write transaction (``BEGIN IMMEDIATE``); nested blocks join it."""
        if self.read_only:
            raise ArchiveError(f"archive {shown(self.path)} is open read-only")
        conn = self.conn
        if self._depth:
            self._local.depth += 1
            try:
                yield conn
            finally:
                self._local.depth -= 1
            return
        if conn.in_transaction():
            conn.commit()  # ends SQLAlchemy's implicit (read) transaction
        backends.begin_write(conn)
        self._local.depth = 1
        try:
            yield conn
            conn.commit()
        except BaseException:
            _rollback_quietly(conn)  # a failed COMMIT (disk full) too
            raise
        finally:
            self._local.depth = 0

    @contextmanager
    def read(self) -> Iterator[sa.Connection]:
        """A read: yields this thread's connection, then ends its implicit
        transaction (unless inside :meth:`transaction`)."""
        conn = self.conn
        try:
            yield conn
        finally:
            if not self._depth and conn.in_transaction():
                conn.rollback()

    def query(
        self, sql: str | sa.Executable, **params: Any
    ) -> Iterator[dict[str, Any]]:
        """Run a read-only statement (SQL text with named binds, or SQLAlchemy
        Core); rows stream in chunks of 500 (``fetchmany``)."""
        rows = self.db.query(sql, _step=500, **params)
        try:
            for row in rows:
                yield dict(row)
        finally:
            rows.close()
            if not self._depth and self.conn.in_transaction():
                self.conn.rollback()

    def close(self) -> None:
        """Close every connection (idempotent)."""
        if self.db.engine is not None:
            self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "ro" if self.read_only else "rw"
        return f"<Archive {shown(self.path)} {mode}>"

    # -- crawl runs ------------------------------------------------------------
    def start_run(
        self,
        site: str,
        *,
        pid: int,
        hostname: str,
        command: str | Sequence[str],
        log_path: str | os.PathLike[str] | None = None,
        scope: str | None = None,
        crawl_id: str | None = None,
    ) -> int:
        """Start a ``running`` run, first marking this site's dead runs ``interrupted``.

        ``scope`` says what the run set out to fetch (see ``crawl_runs.scope``);
        ``crawl_id`` names the frontier crawl this worker's run belongs to.
        """
        with self.transaction() as conn:
            return _runs.start_run(
                conn,
                site,
                pid=pid,
                hostname=hostname,
                command=command,
                log_path=log_path,
                now=_runs.utc_now(),
                scope=scope,
                crawl_id=crawl_id,
            )

    def update_run(
        self,
        run_id: int,
        *,
        log_path: str | os.PathLike[str] | None = None,
        **counters: int,
    ) -> None:
        """Set run counters (absolute values: listing_pages, article_pages, new,
        updated, unchanged, failed, retries) and optionally the log path."""
        with self.transaction() as conn:
            _runs.update_run(
                conn, run_id, now=_runs.utc_now(), counters=counters, log_path=log_path
            )

    def finish_run(
        self, run_id: int, status: str, *, reason: str | None = None, **counters: int
    ) -> None:
        """End a run with ``finished``, ``degraded``, ``failed`` or ``interrupted``
        (and counters); ``reason`` (``crawl_runs.status_reason``) says why."""
        if status == "running":
            raise InvalidRowError("finish_run needs a final status, not 'running'")
        now = _runs.utc_now()
        with self.transaction() as conn:
            _runs.update_run(
                conn,
                run_id,
                now=now,
                status=status,
                finished_at=now,
                counters=counters,
                reason=reason,
            )

    def tidy_search_index(self, max_segments: int = MAX_INDEX_SEGMENTS) -> bool:
        """Merge the full-text index into one segment when more than
        ``max_segments`` have built up; True if it did.

        Every write adds small segments (FTS5 merges some as it goes) and a
        search reads them all: a merged index answers searches about a third
        faster. Crawls call this at the end of a run. (PostgreSQL's GIN
        index needs no such care: never True there.)
        """
        with self.transaction() as conn:
            if backends.is_postgres(conn):
                return False
            if sqlite_schema.fts_segments(conn) <= max_segments:
                return False
            sqlite_schema.optimize_fts(conn)
        return True

    def mark_interrupted_runs(self, site: str | None, hostname: str) -> list[int]:
        """Mark ``running`` runs on ``hostname`` whose process is gone; return ids."""
        with self.transaction() as conn:
            return _runs.mark_interrupted(conn, site, hostname)

    def list_runs(
        self, limit: int = 20, site: str | None = None
    ) -> list[dict[str, Any]]:
        """The latest crawl runs, newest first."""
        with self.read() as conn:
            return _runs.list_runs(conn, limit, site)

    # -- articles --------------------------------------------------------------
    def lock_writes(
        self, keys: Iterable[_articles.Key] = (), urls: Iterable[str] = ()
    ) -> None:
        """Lock what a batch of writes will touch, first and in one global
        order: the articles ``(site, language, site_article_id)`` it saves and
        the page URLs it stores or resolves (PostgreSQL; a no-op on SQLite).
        Call it first in a ``with archive.transaction():`` block; see
        :func:`archive.articles.lock_writes`."""
        with self.transaction() as conn:
            _articles.lock_writes(conn, keys, urls)

    def save_article(
        self,
        article: Mapping[str, Any],
        *,
        observed_at: str,
        run_id: int | None,
        page_id: int | None = None,
    ) -> SaveResult:
        """Upsert one article (``dataclasses.asdict(Article)``); see ``save_articles``.

        ``page_id`` (from :meth:`save_page`) links the stored raw page to it.
        """
        return self.save_articles(
            [article],
            observed_at=observed_at,
            run_id=run_id,
            page_ids=None if page_id is None else [page_id],
        )[0]

    def save_articles(
        self,
        items: Iterable[Mapping[str, Any]],
        *,
        observed_at: str,
        run_id: int | None,
        page_ids: Sequence[int | None] | None = None,
    ) -> list[SaveResult]:
        """Upsert articles in one transaction, keyed by (site, language, id).

        ``new``/``updated``/``unchanged`` compares the content fields only; an
        update keeps the previous content in ``article_versions``. Links are
        replaced, the article's own view count goes to ``view_counts``
        (source ``article``), ``first_seen_at`` is kept, ``last_seen_at`` becomes
        ``observed_at``, and open failures for the article are resolved.
        ``page_ids`` (parallel to ``items``) link stored raw pages to them.
        """
        _require_time(observed_at)
        items = list(items)
        if page_ids is not None and len(page_ids) != len(items):
            raise InvalidRowError("page_ids must have one entry per article")
        with self.transaction() as conn:
            results = _articles.save_articles(
                conn, items, observed_at=observed_at, run_id=run_id
            )
            if page_ids is not None:
                _pages.link_pages(
                    conn,
                    [
                        (page_id, result.article_id)
                        for page_id, result in zip(page_ids, results, strict=True)
                        if page_id is not None
                    ],
                )
            return results

    def record_views(
        self,
        observations: Iterable[Mapping[str, Any]],
        *,
        observed_at: str,
        run_id: int | None,
        site: str | None = None,
    ) -> int:
        """Record view counts seen on listings, related or popular blocks.

        Each observation is ``{url, views, source}`` with the observed
        article's ``site``, ``language`` and ``site_article_id`` as the caller
        computed them; see :func:`archive.views.record_views`. ``site`` is the
        default site of observations (the run's site when None).
        """
        _require_time(observed_at)
        with self.transaction() as conn:
            if site is None:
                site = _runs.run_site(conn, run_id)
            return _views.record_views(
                conn, observations, observed_at=observed_at, run_id=run_id, site=site
            )

    def known_articles(self, site: str) -> dict[tuple[str, str], str | None]:
        """``(language, site_article_id) -> published_at`` for every stored article."""
        with self.read() as conn:
            return _lookup.known_articles(conn, site)

    def articles_published_since(self, site: str, since: str) -> list[str]:
        """Canonical URLs of ``site``'s articles with ``published_at >= since``
        (ISO text comparison; newest first), e.g. to re-fetch for views and edits."""
        with self.read() as conn:
            return _lookup.articles_published_since(conn, site, since)

    def get_article(
        self, id_or_url: int | str, *, ref: Ref | None = None
    ) -> dict[str, Any] | None:
        """An article with links (``in_archive``), view history, versions, pages.

        ``id_or_url`` is an id or a canonical URL; for any other URL form the
        caller passes the identity it computed, ``ref`` =
        ``(site, language, site_article_id)`` (site or language None: any).
        """
        with self.read() as conn:
            return _lookup.get_article(conn, id_or_url, ref)

    def stats(self, *, top: int = 20, runs: int = 5) -> dict[str, Any]:
        """Counts by site, language, month, category and reporter; latest runs."""
        with self.read() as conn:
            return _lookup.stats(conn, top=top, runs=runs)

    # -- raw pages and failures ------------------------------------------------
    def save_page(
        self,
        *,
        url: str,
        final_url: str | None,
        fetched_at: str,
        status: int | None,
        headers: Mapping[Any, Any],
        body: bytes,
        run_id: int | None,
        article_id: int | None = None,
    ) -> int:
        """Store a raw page compressed (identical body for the same URL: noted only)."""
        _require_time(fetched_at)
        with self.transaction() as conn:
            return _pages.save_page(
                conn,
                url=url,
                final_url=final_url,
                fetched_at=fetched_at,
                status=status,
                headers=headers,
                body=body,
                run_id=run_id,
                article_id=article_id,
            )

    def iter_pages(self, since: str | None = None) -> Iterator[dict[str, Any]]:
        """Stored pages in id order with bodies decompressed (``fetched_at >= since``)."""
        return _pages.iter_pages(lambda: self.conn, since)

    def record_failure(
        self,
        *,
        url: str,
        stage: str,
        reason: str | None,
        run_id: int | None,
        at: str,
        site: str | None = None,
        language: str | None = None,
        site_article_id: str | None = None,
    ) -> int:
        """Record a fetch or extract failure (site defaults to the run's site).

        ``language`` and ``site_article_id`` name the article the URL is, as
        the caller computed them (None for listing and other pages): saving
        that article later resolves the failure, whatever URL form failed.
        """
        _require_time(at)
        with self.transaction() as conn:
            if site is None:
                site = _runs.run_site(conn, run_id)
            return _pages.record_failure(
                conn,
                url=url,
                stage=stage,
                reason=reason,
                run_id=run_id,
                at=at,
                site=site,
                language=language,
                site_article_id=site_article_id,
            )

    def resolve_failures(self, urls: Iterable[str], *, at: str) -> int:
        """Mark open failures of these exact URLs resolved (e.g. a listing page)."""
        with self.transaction() as conn:
            return _pages.resolve_failures(conn, urls, at)

    def unresolved_failures(self, site: str | None = None) -> list[dict[str, Any]]:
        """Open failures, one per URL (latest reason, ``attempts``, ``first_at``)."""
        with self.read() as conn:
            return _pages.unresolved_failures(conn, site)

    # -- maintenance -----------------------------------------------------------
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


def _rollback_quietly(conn: sa.Connection) -> None:
    """Roll back after an error; a rollback that fails too must not hide it."""
    try:
        conn.rollback()
    except sa.exc.DBAPIError:
        conn.invalidate()  # the next use opens a fresh connection


def _require_time(value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidRowError(f"a timestamp must be ISO 8601 text, not {value!r}")


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

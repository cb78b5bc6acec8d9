"""An open archive's database handle: connections, transactions and reads.

``dataset`` owns the engine and per-thread connections. Every write runs in
one ``BEGIN IMMEDIATE`` transaction, or joins the caller's
``with archive.transaction():`` block. :class:`archive.store.Archive` builds
on :class:`ArchiveConnection`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any, Self

import dataset
import sqlalchemy as sa

from archive import backends
from archive.errors import ArchiveError
from archive.location import Location, shown


class ArchiveConnection:
    """The connection and transactions of an open archive."""

    def __init__(
        self, db: dataset.Database, path: Location, *, read_only: bool
    ) -> None:
        self.db = db
        self.path = path
        self.read_only = read_only
        #: Schema version the file had when opened for writing (0: new file).
        self.upgraded_from: int | None = None
        self._local = threading.local()

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


def _rollback_quietly(conn: sa.Connection) -> None:
    """Roll back after an error; a rollback that fails too must not hide it."""
    try:
        conn.rollback()
    except sa.exc.DBAPIError:
        conn.invalidate()  # the next use opens a fresh connection

"""Checks a command makes before it touches anything: is the archive usable?

:func:`check_archive` opens the file read-only and never writes. Its errors
are typed (:mod:`archive.errors`) and leave the command line as one line: a
path that names nothing is a usage error (exit 2), a path that names
something unusable (a directory, a file that is not SQLite, a corrupt or
foreign database, a schema this command cannot read, a read-only file for a
writing command) is an error (exit 1). A PostgreSQL URL gets no file checks:
the database is connected to instead (a server that cannot be reached, or a
missing database for a command that reads, is one line and exit 1 or 2).
"""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path

import sqlalchemy as sa

from archive import backends, pg_schema, sqlite_connection
from archive.errors import ArchiveError, ArchiveNotFoundError, SchemaVersionError
from archive.location import Location, shown
from archive.schema_version import SCHEMA_VERSION, check_schema


class Access(Enum):
    """What a command does with its archive."""

    READ = "read"  # must exist at the current schema (search, export, ...)
    WRITE = "write"  # must exist; an older schema is upgraded (reparse, upgrade)
    CREATE = "create"  # created when missing (crawl)


def check_archive(path: Location, access: Access = Access.READ) -> None:
    """Raise an :class:`ArchiveError` unless ``path`` is usable for ``access``."""
    if isinstance(path, str):
        _check_server(path, access)
        return
    target = path.expanduser()
    if target.is_dir():
        raise ArchiveError(f"archive path is a directory: {target}")
    if not target.exists():
        if access is not Access.CREATE:
            raise ArchiveNotFoundError(f"archive not found: {target}")
        _check_creatable(target)
        return
    if not os.access(target, os.R_OK):
        raise ArchiveError(f"archive is not readable: {target}")
    writes = access is not Access.READ
    if writes and not (
        os.access(target, os.W_OK) and os.access(target.parent, os.W_OK)
    ):
        raise ArchiveError(f"archive is read-only (file or its directory): {target}")
    _check_database(target, upgrades=writes)


def _check_creatable(target: Path) -> None:
    folder = target.absolute().parent
    while not folder.exists():
        folder = folder.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise ArchiveError(f"cannot create the archive {target}: {folder} not writable")


def _check_database(target: Path, *, upgrades: bool) -> None:
    """Open read-only: SQLite, a warta schema this command can use, readable."""
    engine = sa.create_engine(
        sqlite_connection.engine_url(target, read_only=True),
        **sqlite_connection.engine_kwargs(),
    )
    try:
        with engine.connect() as conn:
            version = sqlite_connection.get_user_version(conn)
            if not upgrades or version > SCHEMA_VERSION:
                check_schema(conn)
            elif version == 0 and sqlite_connection.has_tables(conn):
                raise SchemaVersionError(
                    f"not a warta archive (has other tables): {target}"
                )
            # Read the schema and the newest article: a damaged first page or
            # table root shows here, before the command starts.
            conn.exec_driver_sql("SELECT name, sql FROM sqlite_master").all()
            if version:
                conn.exec_driver_sql("SELECT max(id) FROM articles").all()
    except sa.exc.DBAPIError as exc:
        reason = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
        raise ArchiveError(f"cannot open archive {target}: {reason}") from None
    finally:
        engine.dispose()


def _check_server(url: str, access: Access) -> None:
    """Connect to a PostgreSQL archive read-only; check its schema version."""
    try:
        engine_url = pg_schema.engine_url(url, read_only=True)
    except ValueError as exc:
        raise ArchiveError(str(exc)) from None
    engine = sa.create_engine(engine_url)
    try:
        with engine.connect() as conn:
            version = backends.get_version(conn)
            if access is Access.READ or version > SCHEMA_VERSION:
                check_schema(conn)
            elif version == 0 and backends.has_tables(conn):
                raise SchemaVersionError(
                    f"not a warta archive (has other tables): {shown(url)}"
                )
    except sa.exc.DBAPIError as exc:
        if pg_schema.missing_database(exc) and access is not Access.READ:
            return  # created by the command
        if pg_schema.missing_database(exc):
            raise ArchiveNotFoundError(f"archive not found: {shown(url)}") from None
        reason = " ".join(str(exc.orig or exc).split())
        raise ArchiveError(f"cannot open archive {shown(url)}: {reason}") from None
    finally:
        engine.dispose()

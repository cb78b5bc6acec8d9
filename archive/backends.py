"""The two archive backends behind one set of functions: SQLite or PostgreSQL.

Each function looks at the connection's dialect and calls
:mod:`archive.sqlite_fts` or :mod:`archive.pg_schema`; the rest of the archive
is portable SQLAlchemy Core.
"""

from __future__ import annotations

import sqlalchemy as sa

from archive import pg_schema, sqlite_fts


def is_postgres(conn: sa.Connection) -> bool:
    """True on a PostgreSQL archive."""
    return conn.dialect.name == "postgresql"


def get_version(conn: sa.Connection) -> int:
    """The archive's schema version (0: a new, empty database)."""
    if is_postgres(conn):
        return pg_schema.get_version(conn)
    return sqlite_fts.get_user_version(conn)


def set_version(conn: sa.Connection, version: int) -> None:
    """Record the schema version inside the current transaction."""
    if is_postgres(conn):
        pg_schema.set_version(conn, version)
    else:
        sqlite_fts.set_user_version(conn, version)


def has_tables(conn: sa.Connection) -> bool:
    """True if the database (schema) already holds any table."""
    if is_postgres(conn):
        return pg_schema.has_tables(conn)
    return sqlite_fts.has_tables(conn)


def schema_statements(conn: sa.Connection) -> tuple[str, ...]:
    """Backend-only DDL run after the portable tables exist (idempotent)."""
    if is_postgres(conn):
        return pg_schema.schema_statements()
    return sqlite_fts.schema_statements()


def begin_write(conn: sa.Connection) -> None:
    """Start a write transaction (PostgreSQL: the next statement begins it;
    row locks and ``ON CONFLICT`` serialise concurrent writers)."""
    if not is_postgres(conn):
        sqlite_fts.begin_write(conn)


def lock_schema(conn: sa.Connection) -> None:
    """Serialise schema creation and upgrades (SQLite: the write lock does)."""
    if is_postgres(conn):
        pg_schema.lock_schema(conn)


def integrity_check(conn: sa.Connection) -> list[str]:
    """The backend's integrity checks; an empty list means all is well."""
    if is_postgres(conn):
        return pg_schema.integrity_check(conn)
    return sqlite_fts.integrity_check(conn)

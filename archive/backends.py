"""The two archive backends behind one set of functions: SQLite or PostgreSQL.

Each function looks at the connection's dialect and calls
:mod:`archive.sqlite_connection`, :mod:`archive.sqlite_schema` or
:mod:`archive.pg_schema`; the rest of the archive
is portable SQLAlchemy Core.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from archive import pg_schema, sqlite_connection, sqlite_schema


def is_postgres(conn: sa.Connection) -> bool:
    """True on a PostgreSQL archive."""
    return conn.dialect.name == "postgresql"


def get_version(conn: sa.Connection) -> int:
    """The archive's schema version (0: a new, empty database)."""
    if is_postgres(conn):
        return pg_schema.get_version(conn)
    return sqlite_connection.get_user_version(conn)


def set_version(conn: sa.Connection, version: int) -> None:
    """Record the schema version inside the current transaction."""
    if is_postgres(conn):
        pg_schema.set_version(conn, version)
    else:
        sqlite_connection.set_user_version(conn, version)


def has_tables(conn: sa.Connection) -> bool:
    """True if the database (schema) already holds any table."""
    if is_postgres(conn):
        return pg_schema.has_tables(conn)
    return sqlite_connection.has_tables(conn)


def schema_statements(conn: sa.Connection) -> tuple[str, ...]:
    """Backend-only DDL run after the portable tables exist (idempotent)."""
    if is_postgres(conn):
        return pg_schema.schema_statements()
    return sqlite_schema.schema_statements()


def schema_complete(conn: sa.Connection, declared: list[str]) -> bool:
    """True on a PostgreSQL archive whose ``declared`` tables and indexes, and
    those of :func:`schema_statements`, all exist (read from the catalog).

    A writable open of such an archive then runs no DDL: ``CREATE INDEX IF
    NOT EXISTS`` and ``CREATE OR REPLACE TRIGGER`` lock their table even when
    there is nothing to do, and deadlock with the writers of a running crawl.
    SQLite: always False (its idempotent DDL is cheap, its writers serialised).
    """
    if not is_postgres(conn):
        return False
    statements = pg_schema.schema_statements()
    names = declared + [
        name for s in statements for name in re.findall(r"IF NOT EXISTS (\w+)", s)
    ]
    triggers = [name for s in statements for name in re.findall(r"TRIGGER (\w+)", s)]
    missing: int = conn.execute(
        sa.text(
            "SELECT count(*) FROM unnest(CAST(:names AS text[])) AS n"
            " WHERE to_regclass(n) IS NULL"
        ),
        {"names": names},
    ).scalar_one()
    found: int = conn.execute(
        sa.text(
            "SELECT count(*) FROM pg_trigger"
            " WHERE tgname = ANY(CAST(:names AS text[])) AND NOT tgisinternal"
            " AND tgrelid IN (SELECT oid FROM pg_class"
            " WHERE relnamespace = CAST(current_schema() AS regnamespace))"
        ),
        {"names": triggers},
    ).scalar_one()
    return int(missing) == 0 and int(found) == len(triggers)


def begin_write(conn: sa.Connection) -> None:
    """Start a write transaction (PostgreSQL: the next statement begins it;
    row locks and ``ON CONFLICT`` serialise concurrent writers)."""
    if not is_postgres(conn):
        sqlite_connection.begin_write(conn)


def lock_schema(conn: sa.Connection) -> None:
    """Serialise schema creation and upgrades (SQLite: the write lock does)."""
    if is_postgres(conn):
        pg_schema.lock_schema(conn)


def integrity_check(conn: sa.Connection) -> list[str]:
    """The backend's integrity checks; an empty list means all is well."""
    if is_postgres(conn):
        return pg_schema.integrity_check(conn)
    return sqlite_schema.integrity_check(conn)

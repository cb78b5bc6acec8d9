"""Portable statements run fast: dialect upserts and statements compiled once.

Hot writes (article batches, pages, view counts) compile each statement once
per dialect and hand the driver plain parameter tuples.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite


def dialect_insert(conn: sa.Connection, table: sa.Table) -> Any:
    """An INSERT that supports ``on_conflict_do_update`` on SQLite and PostgreSQL."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def inserted_id(result: sa.CursorResult[Any]) -> int:
    """The primary key of the row an INSERT just added."""
    key = result.inserted_primary_key
    if key is None or key[0] is None:
        raise RuntimeError("INSERT returned no primary key")
    return int(key[0])


_COMPILED: dict[
    tuple[str, tuple[str, ...], str],
    tuple[str, tuple[str, ...] | None, dict[str, Any]],
] = {}


def _compiled(
    conn: sa.Connection, name: str, build: Callable[[], Any], keys: tuple[str, ...]
) -> tuple[str, tuple[str, ...] | None, dict[str, Any]]:
    """The SQL of ``build()`` for this dialect, compiled once per (``name``,
    keys): text, positional parameter order (None: named) and constants."""
    cache_key = (name, keys, conn.dialect.name)
    if cache_key not in _COMPILED:
        compiled = build().compile(dialect=conn.dialect, column_keys=list(keys))
        order = tuple(compiled.positiontup) if compiled.positional else None
        # values the statement itself gives (LIMIT 1): every other one is the row's
        params = compiled.params.items()
        constants = {k: v for k, v in params if k not in keys and v is not None}
        _COMPILED[cache_key] = (str(compiled), order, constants)
    return _COMPILED[cache_key]


def _driver_params(
    row: Mapping[str, Any], order: tuple[str, ...] | None, constants: dict[str, Any]
) -> Any:
    if order is None:
        return {**constants, **row}
    return tuple(row[k] if k in row else constants[k] for k in order)


def bulk_execute(
    conn: sa.Connection,
    name: str,
    build: Callable[[], Any],
    rows: Sequence[Mapping[str, Any]],
) -> None:
    """Run the statement ``build()`` once per row through the driver's executemany.

    The statement is compiled once per (``name``, keys, dialect), so it stays
    portable, and the rows go to the DBAPI as plain tuples, skipping
    SQLAlchemy's per-row parameter processing: bulk saves then cost about what
    raw ``executemany`` costs. Only for columns without type processing.
    """
    if not rows:
        return
    sql, order, constants = _compiled(conn, name, build, tuple(rows[0]))
    conn.exec_driver_sql(sql, [_driver_params(row, order, constants) for row in rows])


def execute_compiled(
    conn: sa.Connection, name: str, build: Callable[[], Any], row: Mapping[str, Any]
) -> sa.CursorResult[Any]:
    """Run the statement ``build()`` with one row of parameters, compiled once
    as in :func:`bulk_execute` (a hot statement built and cached by
    SQLAlchemy on every call costs more than the database's work)."""
    sql, order, constants = _compiled(conn, name, build, tuple(row))
    return conn.exec_driver_sql(sql, _driver_params(row, order, constants))


def bulk_insert(
    conn: sa.Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]]
) -> None:
    """INSERT ``rows`` (dicts with the same keys) into ``table`` in one executemany."""
    bulk_execute(conn, f"insert:{table.name}", table.insert, rows)

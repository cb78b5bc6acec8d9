"""``warta copy --from ARCHIVE --to ARCHIVE``: a whole archive between backends.

Every table of :mod:`archive.schema` is streamed in id order, ``BATCH`` rows
at a time (keyset paging: constant memory), with ids kept, into a target
opened (and created) by :func:`archive.store.open_archive`: the target's own
search index (FTS5 triggers, or the PostgreSQL search vectors) is built as
rows arrive. On PostgreSQL the id sequences are then set past the copied ids.
Finally each table is counted on both sides: one line per table, exit 1 if
any differs.

The target must be empty (a new file or database, or one without articles
and runs): copying never merges two archives, and never deletes anything.
"""

from __future__ import annotations

from collections.abc import Callable

import click
import sqlalchemy as sa

from archive import backends, pg_schema
from archive.errors import ArchiveError
from archive.location import Location, shown
from archive.paths import location_option
from archive.schema import metadata
from archive.statements import bulk_insert
from archive.store import Archive, open_archive

BATCH = 500


def copy_archive(
    source: Archive, target: Archive, report: Callable[[str], None] = print
) -> bool:
    """Copy every table of ``source`` into the empty ``target``; True when
    every table's count matches afterwards."""
    tables = metadata.sorted_tables  # parents before children
    with target.read() as conn:
        used = [t.name for t in tables if _count(conn, t)]
    if used:
        raise ArchiveError(
            f"the target {shown(target.path)} is not empty ({', '.join(used)}); "
            "copy into a new file or database"
        )
    for table in tables:
        _copy_table(source, target, table)
    with target.transaction() as conn:
        if backends.is_postgres(conn):
            pg_schema.reset_sequences(conn, [t.name for t in tables])
    same = True
    with source.read() as src, target.read() as dst:
        for table in tables:
            have, copied = _count(src, table), _count(dst, table)
            mark = "ok" if have == copied else "DIFFERS"
            report(f"{table.name}: {have} -> {copied} {mark}")
            same = same and have == copied
    if same and target.tidy_search_index():  # as a crawl does at its end
        report("search index tidied")
    return same


def _count(conn: sa.Connection, table: sa.Table) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def _copy_table(source: Archive, target: Archive, table: sa.Table) -> None:
    last = 0
    while True:
        with source.read() as conn:
            stmt = (
                sa.select(table)
                .where(table.c.id > last)
                .order_by(table.c.id)
                .limit(BATCH)
            )
            rows = [dict(row) for row in conn.execute(stmt).mappings()]
        if not rows:
            return
        for row in rows:
            if isinstance(row.get("body"), memoryview):
                row["body"] = bytes(row["body"])
        with target.transaction() as conn:
            bulk_insert(conn, table, rows)
        last = rows[-1]["id"]


@click.command("copy")
@location_option(
    "--from",
    "source",
    required=True,
    help="The archive to copy (a file, or postgresql://USER@HOST[:PORT]/DB).",
)
@location_option(
    "--to",
    "target",
    required=True,
    help="The new archive (a new file, or an empty PostgreSQL database).",
)
def copy_command(source: Location, target: Location) -> None:
    """Copy a whole archive to another backend (SQLite <-> PostgreSQL).

    Streams every table with its ids, then prints each table's count on both
    sides; exits 1 if any differs or the target is not empty.
    """
    from archive.preflight import Access, check_archive

    check_archive(source, Access.READ)
    check_archive(target, Access.CREATE)
    with (
        open_archive(source, read_only=True) as src,
        open_archive(target) as dst,
    ):
        same = copy_archive(src, dst, report=click.echo)
    if not same:
        raise ArchiveError("the copy's counts differ from the source's")

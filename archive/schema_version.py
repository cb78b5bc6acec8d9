"""The schema version: create or upgrade an archive, or check one read-only.

Both backends share one line of versions; the upgrade steps are
:mod:`archive.migrations`.
"""

from __future__ import annotations

import sqlalchemy as sa

from archive import backends
from archive.errors import SchemaVersionError
from archive.migrations import MIGRATIONS
from archive.schema import create_all, declared_names

#: The version this warta writes (``MIGRATIONS`` has a step from each older one).
SCHEMA_VERSION = 6


def ensure_schema(conn: sa.Connection) -> int:
    """Create or upgrade the schema inside the caller's write transaction.

    Idempotent: every statement is ``IF NOT EXISTS``; an up-to-date
    PostgreSQL archive with every object in place gets none (they would lock
    tables under running writers). Returns the version found
    before (0 for a new archive). Raises :class:`SchemaVersionError` for an
    archive written by a newer warta. Both backends share one line of versions
    and migrations; a new PostgreSQL archive starts at the current version.
    """
    backends.lock_schema(conn)
    found = backends.get_version(conn)
    if found > SCHEMA_VERSION:
        raise SchemaVersionError(
            f"archive schema version {found} is newer than this warta "
            f"(knows {SCHEMA_VERSION}); upgrade warta"
        )
    if found == 0:
        if backends.has_tables(conn):
            raise SchemaVersionError("not a warta archive (has other tables)")
        create_all(conn)
    elif found < SCHEMA_VERSION or not backends.schema_complete(conn, declared_names()):
        for version in range(found, SCHEMA_VERSION):
            MIGRATIONS[version](conn)
        create_all(conn)  # adds any table or index this code declares but lacks
    if found != SCHEMA_VERSION:
        backends.set_version(conn, SCHEMA_VERSION)
    return found


def check_schema(conn: sa.Connection) -> int:
    """Check (without writing) that ``conn`` holds a usable warta archive."""
    found = backends.get_version(conn)
    if found == 0:
        raise SchemaVersionError("not a warta archive (no schema version)")
    if found > SCHEMA_VERSION:
        raise SchemaVersionError(
            f"archive schema version {found} is newer than this warta "
            f"(knows {SCHEMA_VERSION}); upgrade warta"
        )
    if found < SCHEMA_VERSION:
        raise SchemaVersionError(
            f"archive schema version {found} is older than {SCHEMA_VERSION}; "
            "run `warta upgrade` (or any crawl) to upgrade it"
        )
    return found

"""Datasette, set up for the archive: read-only database, month facet, metadata.

Imported only when ``warta serve`` runs (Datasette is slow to import).

The archive is opened with ``?mode=ro`` plus ``PRAGMA query_only`` and Datasette
is never given a write connection, so nothing served can change the file. Not
``immutable=1``: an archive that a crawl is writing (WAL mode) must show the
committed rows, which ``immutable`` would ignore. Published month is faceted by
a small facet class (``?_facet_month=published_at``) because the archive is
read-only and cannot hold a derived column or view for it; see
:class:`MonthFacet`.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

from datasette import hookimpl
from datasette.app import Datasette
from datasette.database import Database, QueryInterrupted
from datasette.facets import Facet
from datasette.plugins import pm
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

from archive.datasette_metadata import (
    DATABASE_NAME,
    MONTH_FACET,
    SETTINGS,
    build_metadata,
)
from archive.errors import ArchiveError

_PLUGIN_NAME = "warta-archive"
_MONTH_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]*"


class ReadOnlyWriteError(ArchiveError):
    """Raised when anything asks the served archive for a write connection."""


class ReadOnlyDatabase(Database):  # type: ignore[misc]
    """A Datasette database that only ever opens ``mode=ro`` + ``query_only``."""

    def connect(self, write: bool = False) -> sqlite3.Connection:
        """Open a read-only connection; refuse write connections."""
        if write:
            raise ReadOnlyWriteError(f"{self.path} is served read-only")
        uri = f"file:{quote(str(Path(self.path).resolve()))}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        conn.execute("PRAGMA query_only = 1")
        self._all_file_connections.append(conn)
        return conn


class MonthFacet(Facet):  # type: ignore[misc]
    """Facet an ISO 8601 text column by month (``YYYY-MM``), newest month first.

    Selecting a month adds ``<column>__startswith=YYYY-MM``, a built-in
    Datasette filter, so it combines with search and the other facets.
    """

    type = MONTH_FACET

    async def suggest(self) -> list[dict[str, Any]]:
        """Never suggested; configured in metadata or asked for by URL."""
        return []

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        """Counts per month of the current rows, with toggle URLs."""
        results: list[dict[str, Any]] = []
        timed_out: list[str] = []
        args = dict(self.get_querystring_pairs())
        size = self.get_facet_size()
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            col = escape_sqlite(column)
            sql = (
                f"select substr({col}, 1, 7) as value, count(*) as count "
                f"from ({self.sql}) where {col} glob '{_MONTH_GLOB}' "
                f"group by value order by value desc limit {size + 1}"
            )
            try:
                rows = await self.ds.execute(
                    self.database,
                    sql,
                    self.params,
                    truncate=False,
                    custom_time_limit=self.ds.setting("facet_time_limit_ms"),
                )
            except QueryInterrupted:
                timed_out.append(column)
                continue
            key = f"{column}__startswith"
            values = []
            for row in rows.rows[:size]:
                selected = args.get(key) == row["value"]
                change = {key: row["value"]}
                path = (
                    path_with_removed_args(self.request, change)
                    if selected
                    else path_with_added_args(self.request, change)
                )
                values.append(
                    {
                        "value": row["value"],
                        "label": row["value"],
                        "count": row["count"],
                        "toggle_url": self.ds.absolute_url(self.request, path),
                        "selected": selected,
                    }
                )
            results.append(
                {
                    "name": column,
                    "type": self.type,
                    "results": values,
                    "hideable": source_and_config["source"] != "metadata",
                    "toggle_url": path_with_removed_args(
                        self.request, {f"_facet_{MONTH_FACET}": column}
                    ),
                    "truncated": len(rows) > size,
                }
            )
        return results, timed_out


@hookimpl  # type: ignore[untyped-decorator]
def register_facet_classes() -> list[type[Facet]]:
    """Datasette plugin hook: add :class:`MonthFacet`."""
    return [MonthFacet]


def _register_plugin() -> None:
    """Register this module as a Datasette plugin (process-wide, once)."""
    if pm.get_plugin(_PLUGIN_NAME) is None:
        pm.register(sys.modules[__name__], name=_PLUGIN_NAME)


def create_datasette(path: str | Path) -> Datasette:
    """A Datasette serving the archive at ``path`` read-only as ``/warta``."""
    _register_plugin()
    ds = Datasette(metadata=build_metadata(), settings=dict(SETTINGS))
    for name in [n for n in ds.databases if n != "_internal"]:
        ds.remove_database(name)  # the default ``_memory`` database
    ds.add_database(ReadOnlyDatabase(ds, path=str(Path(path))), name=DATABASE_NAME)
    return ds

"""Datasette, set up for the archive: read-only database, month facet, ranked search.

Imported only when ``warta serve`` runs (Datasette is slow to import).

The archive is opened with ``?mode=ro`` plus ``PRAGMA query_only`` and Datasette
is never given a write connection, so nothing served can change the file. Not
``immutable=1``: an archive that a crawl is writing (WAL mode) must show the
committed rows, which ``immutable`` would ignore. Published month is faceted by
a small facet class (``?_facet_month=published_at``) because the archive is
read-only and cannot hold a derived column or view for it; see
:class:`MonthFacet`. Search ranked by relevance is the temporary view of
:mod:`archive.datasette_search`; the plugin hooks below route searches to it.
The page styles (column documentation collapsed, long cells kept short) are in
``archive/static/serve.css``.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

from datasette import Response, hookimpl
from datasette.app import Datasette
from datasette.database import Database, QueryInterrupted
from datasette.facets import Facet
from datasette.filters import FilterArguments
from datasette.plugins import pm
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args
from markupsafe import Markup

from archive.datasette_metadata import (
    DATABASE_NAME,
    MONTH_FACET,
    SETTINGS,
    STATIC_DIR,
    STATIC_MOUNT,
    build_metadata,
)
from archive.datasette_search import (
    RANKED_VIEW,
    RANKED_VIEW_SQL,
    match_clause,
    search_params,
    search_redirect,
)
from archive.errors import ArchiveError

_PLUGIN_NAME = "warta-archive"
_MONTH_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]*"


class ReadOnlyWriteError(ArchiveError):
    """Raised when anything asks the served archive for a write connection."""


class ReadOnlyDatabase(Database):  # type: ignore[misc]
    """A Datasette database that only ever opens ``mode=ro`` + ``query_only``.

    Each connection also holds the temporary view of ranked search results
    (created before ``query_only``; it lives in memory, not in the archive).
    The connections it opened are its own to close (Datasette's list of them
    is private).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._opened: list[sqlite3.Connection] = []

    def connect(self, write: bool = False) -> sqlite3.Connection:
        """Open a read-only connection; refuse write connections."""
        if write:
            raise ReadOnlyWriteError(f"{self.path} is served read-only")
        uri = f"file:{quote(str(Path(self.path).resolve()))}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        conn.execute(RANKED_VIEW_SQL)
        conn.execute("PRAGMA query_only = 1")
        self._opened.append(conn)
        return conn

    def close(self) -> None:
        """Close every connection this database opened."""
        for conn in self._opened:
            conn.close()

    async def view_names(self) -> list[str]:
        """The archive's views and the temporary ranked-search view."""
        names: list[str] = await super().view_names()
        return [*names, RANKED_VIEW]

    async def get_view_definition(self, view: str) -> str | None:
        """SQL of a view, the temporary one included."""
        if view == RANKED_VIEW:
            return RANKED_VIEW_SQL
        definition: str | None = await super().get_view_definition(view)
        return definition


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


@hookimpl(trylast=True)  # type: ignore[untyped-decorator]
def filters_from_request(
    request: Any, database: str, table: str, datasette: Datasette
) -> FilterArguments | None:
    """Datasette plugin hook: ``?_search=`` on the ranked view is a MATCH.

    Runs last so that its search box setting wins over Datasette's own (which
    finds no FTS table for a view).
    """
    if database != DATABASE_NAME or table != RANKED_VIEW:
        return None
    query = request.args.get("_search", "")
    context = {"supports_search": True, "search": query}
    if not query.strip():
        return FilterArguments([], extra_context=context)
    raw = request.args.get("_searchmode") == "raw"
    return FilterArguments(
        [match_clause(raw)],
        search_params(query),
        [f'search matches "{query}"'],
        context,
    )


@hookimpl  # type: ignore[untyped-decorator]
def render_cell(
    value: Any, column: str, table: str, database: str, datasette: Datasette
) -> Markup | None:
    """Datasette plugin hook: a ranked result's id links to its article page."""
    if database != DATABASE_NAME or table != RANKED_VIEW or column != "id":
        return None
    if not isinstance(value, int):
        return None
    href = datasette.urls.row(DATABASE_NAME, "articles", str(value))
    return Markup('<a href="{}">{}</a>').format(href, value)


@hookimpl  # type: ignore[untyped-decorator]
def asgi_wrapper(datasette: Datasette) -> Any:
    """Datasette plugin hook: send searches of the articles page to the ranked view."""

    def wrap(app: Any) -> Any:
        async def route_searches(scope: Any, receive: Any, send: Any) -> None:
            if scope["type"] == "http" and scope.get("method") in ("GET", "HEAD"):
                articles = datasette.urls.table(DATABASE_NAME, "articles")
                ranked = datasette.urls.table(DATABASE_NAME, RANKED_VIEW)
                query = scope.get("query_string", b"").decode("latin-1")
                target = search_redirect(scope["path"], query, articles, ranked)
                if target is not None:
                    await Response.redirect(target).asgi_send(send)
                    return
            await app(scope, receive, send)

        return route_searches

    return wrap


def _register_plugin() -> None:
    """Register this module as a Datasette plugin (process-wide, once)."""
    if pm.get_plugin(_PLUGIN_NAME) is None:
        pm.register(sys.modules[__name__], name=_PLUGIN_NAME)


def create_datasette(path: str | Path) -> Datasette:
    """A Datasette serving the archive at ``path`` read-only as ``/warta``."""
    _register_plugin()
    ds = Datasette(
        metadata=build_metadata(),
        settings=dict(SETTINGS),
        static_mounts=[(STATIC_MOUNT, str(STATIC_DIR))],
    )
    for name in [n for n in ds.databases if n != "_internal"]:
        ds.remove_database(name)  # the default ``_memory`` database
    ds.add_database(ReadOnlyDatabase(ds, path=str(Path(path))), name=DATABASE_NAME)
    return ds

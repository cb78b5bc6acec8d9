"""What a search asks for: quoted user words, filter and sort names, validation.

Plain input is quoted token by token (``7-2``, ``NOT everyone``, ``"unbalanced``
and ``NEAR(`` are all just words); a trailing ``*`` keeps prefix search
(``banjir*``). ``raw=True`` passes FTS5 syntax through. :func:`build_query`
checks every input and returns the :class:`~archive.sqlite_fts.Query` that
:mod:`archive.search` runs on either backend.
"""

from __future__ import annotations

import re
from typing import Any

from archive import filters as filters_module
from archive import sqlite_fts
from archive.errors import SearchError

SORTS: tuple[str, ...] = ("relevance", "date", "views")
FILTERS: tuple[str, ...] = (
    "site",
    "language",
    "reporter",
    "editor",
    "category",
    "since",
    "until",
    "min_views",
)
_TOKEN = re.compile(r'"[^"]*"|[^\s"]+')


def quote_fts(query: str) -> str:
    """Quote user input for FTS5 MATCH: every token becomes a literal phrase.

    ``"already quoted phrases"`` stay phrases, a stray ``"`` is closed, inner
    quotes are doubled, and a trailing ``*`` on a bare word keeps prefix search.
    Returns ``""`` when nothing searchable is left.
    """
    return " ".join(_phrases(query))


def _phrases(query: str) -> list[str]:
    """The FTS5 phrases of plain user input (see :func:`quote_fts`)."""
    if query.count('"') % 2:
        query += '"'
    parts: list[str] = []
    for token in _TOKEN.findall(query):
        if token.startswith('"'):
            inner = token[1:-1]
            if inner.strip():
                parts.append(f'"{inner}"')
            continue
        core = token.rstrip("*")
        if not core:
            continue
        star = "*" if core != token else ""
        parts.append('"' + core.replace('"', '""') + '"' + star)
    return parts


def build_query(
    query: str | None,
    *,
    raw: bool = False,
    sort: str = "relevance",
    limit: int | None = None,
    offset: int = 0,
    **filters: Any,
) -> sqlite_fts.Query | None:
    """Validate inputs and build the backend query (``None``: nothing can match)."""
    unknown = set(filters) - set(FILTERS)
    if unknown:
        raise SearchError(f"unknown filter(s): {', '.join(sorted(unknown))}")
    if sort not in (*SORTS, "id"):
        raise SearchError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    if limit is not None and not 0 <= limit <= sqlite_fts.INTEGER_MAX:
        raise SearchError(f"limit must be 0..{sqlite_fts.INTEGER_MAX}")
    if not 0 <= offset <= sqlite_fts.INTEGER_MAX:
        raise SearchError(f"offset must be 0..{sqlite_fts.INTEGER_MAX}")
    text = (query or "").strip()
    match: str | None = None
    in_title: str | None = None
    if text:
        # The title tier (see _page): the whole raw expression, or any word.
        phrases = [] if raw else _phrases(text)
        if not raw and not phrases:
            return None
        # Plain words match the text columns only, never the search facets.
        match = text if raw else sqlite_fts.in_text_columns(" ".join(phrases))
        in_title = text if raw else " OR ".join(phrases)
    values: dict[str, Any] = {}
    for name in FILTERS:
        value = filters.get(name)
        if value is None or value == "" or name in ("since", "until"):
            continue
        if name == "min_views":
            if not isinstance(value, int) or isinstance(value, bool):
                raise SearchError(f"min_views must be an integer, not {value!r}")
            if not 0 <= value <= sqlite_fts.INTEGER_MAX:
                raise SearchError(f"min_views must be 0..{sqlite_fts.INTEGER_MAX}")
        else:
            value = str(value).strip()
        values[name] = value
    day_range, exact = filters_module.date_filters(
        filters.get("since"), filters.get("until")
    )
    values.update(day_range)
    return sqlite_fts.Query(
        match=match,
        in_title=in_title,
        text=text or None,
        raw=raw,
        filters=values,
        exact_dates=exact,
        sort=sort,
        limit=limit,
        offset=offset,
    )

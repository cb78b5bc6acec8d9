"""Search facets: filter values as tokens inside the SQLite full-text index.

The FTS column :data:`FACETS` holds one token per filter value (``zzcat`` +
category, ``zzy2019``, ``zzm201905``, …) so that filters are intersected inside
the full-text index. :func:`facets_sql` writes the tokens (for the content view
and triggers of :mod:`archive.sqlite_schema`); :func:`facets_match` builds the
expression a search's filters match them with.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from archive.sqlite_fts import Query

#: The FTS column of the facets. Names lose spaces and common punctuation so
#: that each is one token no user word matches.
FACETS = "search_facets"
FACET_PREFIXES = {"reporter": "zzrep", "editor": "zzed", "category": "zzcat"}
FACET_DROPPED = " ,.-&'/()"


def facet_token(prefix: str, value: str) -> str:
    """The facets token for a name (as :func:`facets_sql` writes it)."""
    return prefix + "".join(ch for ch in value if ch not in FACET_DROPPED)


YEAR_PREFIX, MONTH_PREFIX = "zzy", "zzm"


def facets_sql(row: str = "") -> str:
    """SQL for the facets text of an article (columns of ``row``: ``new``,
    ``old``, or ``""`` for the article in a plain SELECT)."""
    at = f"{row}." if row else ""
    names = []
    for col, prefix in FACET_PREFIXES.items():
        name = f"coalesce({at}{col}, '')"
        for ch in FACET_DROPPED:
            literal = ch.replace("'", "''")
            name = f"replace({name}, '{literal}', '')"
        names.append(f"'{prefix}' || {name}")
    day = f"coalesce({at}published_at, '')"
    dates = [
        f"'{YEAR_PREFIX}' || substr({day}, 1, 4)",
        f"'{MONTH_PREFIX}' || replace(substr({day}, 1, 7), '-', '')",
    ]
    return " || ' ' || ".join(names + dates)


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _month(text: str) -> int:
    """Months since year 0 of an ISO date/time prefix (``YYYY`` = January)."""
    year, _, rest = text.partition("-")
    month = int(rest[:2]) if rest[:2].isdigit() else 1
    return int(year) * 12 + month - 1


def _date_tokens(first: int, last: int) -> list[str]:
    """Year and month facet tokens covering the months ``first..last``."""
    tokens = []
    for year in range(first // 12, last // 12 + 1):
        lo, hi = max(first, year * 12), min(last, year * 12 + 11)
        if hi - lo == 11:
            tokens.append(f"{YEAR_PREFIX}{year:04d}")
        else:
            tokens += [
                f"{MONTH_PREFIX}{year:04d}{m % 12 + 1:02d}" for m in range(lo, hi + 1)
            ]
    return tokens


def facets_match(q: Query, span: tuple[str, str] | None) -> str | None:
    """An FTS5 expression over the facets column that every article passing
    the reporter, editor, category and date filters of ``q`` matches (a few
    others may too: the SQL filters stay the exact test), or ``None``.

    ``span`` is the archive's first and last ``published_at`` (``None`` when
    no article has a date: then no date matches).
    """
    parts = [
        _phrase(facet_token(FACET_PREFIXES[name], str(q.filters[name])))
        for name in FACET_PREFIXES
        if q.filters.get(name) is not None
    ]
    since, until = q.filters.get("since"), q.filters.get("until")
    if since or until:
        # Months the archive has (``span``) and the filters admit.
        first = _month(span[0]) if span else 1
        last = _month(span[1]) if span else 0
        if since:
            first = max(first, _month(since))
        if until:
            last = min(last, _month(until))  # "YYYY-MM-DD~": its day included
        tokens = _date_tokens(first, last) if first <= last else []
        parts.append("(" + " OR ".join(tokens or [f"{YEAR_PREFIX}none"]) + ")")
    if not parts:
        return None
    return f"{{{FACETS}}} : ({' AND '.join(parts)})"

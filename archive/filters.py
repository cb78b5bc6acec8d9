"""Search filters checked against the archive: dates, languages, sites.

``--since``/``--until`` become a text range on ``published_at`` that the
search indexes can walk (a superset) plus, for instants, the exact test
:mod:`archive.sqlite_fts` applies to the candidates. Unknown ``--site`` and
``--language`` values are usage errors listing the known ones.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from archive import sqlite_fts
from archive.dates import MAX_OFFSET, DateInputError, Period, parse_period
from archive.errors import SearchError

if TYPE_CHECKING:
    from archive.store import Archive

#: Edition languages warta knows (valid for --language even when not archived).
LANGUAGE_CODES: tuple[str, ...] = ("id", "en")


def _period(name: str, value: str | Period) -> Period:
    if isinstance(value, Period):
        return value
    try:
        return parse_period(str(value))
    except DateInputError as exc:
        raise SearchError(f"--{name}: {exc}") from None


def date_filters(
    since: str | Period | None, until: str | Period | None
) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """The ``published_at`` text range (index-usable, a superset) and the exact
    instant tests (see :mod:`archive.sqlite_fts`) of ``--since``/``--until``."""
    text: dict[str, str] = {}
    exact: dict[str, tuple[str, str]] = {}
    if since not in (None, ""):
        start = _period("since", since)  # type: ignore[arg-type]
        first = start.first_day
        if start.instant is not None:
            # Local times lie within 14 h of UTC: widen the text range by that.
            first = _shift_day(start.instant, -MAX_OFFSET, first)
            exact["since"] = (start.first_day.isoformat(), start.instant.isoformat())
        text["since"] = first.isoformat()
    if until not in (None, ""):
        end = _period("until", until)  # type: ignore[arg-type]
        last = end.last_day
        if end.instant is not None:
            last = _shift_day(end.instant, MAX_OFFSET, last)
            exact["until"] = (end.last_day.isoformat(), end.instant.isoformat())
        text["until"] = last.isoformat() + sqlite_fts.DAY_END
    return text, exact


def _shift_day(moment: datetime, by: timedelta, written: date) -> date:
    """The day of ``moment + by`` (UTC), or the written day at the calendar's ends."""
    try:
        return (moment + by).date()
    except OverflowError:
        return written


def _known(arc: Archive, column: str) -> list[str]:
    sql = f"SELECT DISTINCT {column} AS value FROM articles ORDER BY 1"
    return [str(row["value"]) for row in arc.query(sql)]


def _present(arc: Archive, column: str, value: str) -> bool:
    sql = f"SELECT 1 AS found FROM articles WHERE {column} = :value LIMIT 1"
    return any(True for _ in arc.query(sql, value=value))


def check_filter_values(
    arc: Archive, *, site: str | None = None, language: str | None = None
) -> None:
    """Raise :class:`SearchError` (a usage error) for a site or language the
    archive does not know, listing the known values."""
    if (
        language
        and language not in LANGUAGE_CODES
        and not _present(arc, "language", language)
    ):
        known = sorted({*LANGUAGE_CODES, *_known(arc, "language")})
        raise SearchError(
            f"--language: unknown language {language!r} (known: {', '.join(known)})"
        )
    if site and not _present(arc, "site", site):
        known = _known(arc, "site")
        listed = ", ".join(known) if known else "none: the archive is empty"
        raise SearchError(f"--site: no articles from {site!r} (known: {listed})")

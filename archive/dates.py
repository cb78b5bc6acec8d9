"""The one parser for every ``--since`` / ``--until`` value (no Scrapy, no clock).

Accepted: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` (a period of whole days) and
ISO 8601 date-times with an offset or ``Z`` (``2026-04-01T05:00:00Z``,
``2026-04-01 06:12+07:00``: an instant). Anything else (``20260501``,
``yesterday``, a time without an offset) raises :class:`DateInputError`.

``--since`` means the start of the period and ``--until`` its end, so
``--since 2026-04 --until 2026-04`` is all of April. How archive values compare
(see :mod:`archive.sqlite_fts`): against a date, an article's ``published_at``
is compared by its own calendar day (the site's local day); against an
instant, a time-stamped ``published_at`` is compared as an instant (offsets
applied) and a date-only one by its day against the instant's written day.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"\d{4}-\d{2}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_INSTANT = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})",
    re.IGNORECASE,
)
#: Local times on Earth are within this of UTC (UTC-12 .. UTC+14).
MAX_OFFSET = timedelta(hours=14)
HINT = "use YYYY, YYYY-MM, YYYY-MM-DD or an ISO time with an offset, e.g. 2026-04-01T05:00:00Z"


class DateInputError(ValueError):
    """A ``--since``/``--until`` value that is not an accepted date (one line)."""


@dataclass(frozen=True)
class Period:
    """What one ``--since``/``--until`` value denotes.

    ``first_day``..``last_day`` are the days written (for an instant: its own
    day, as written in its offset); ``instant`` is set (aware, UTC) only when a
    time was given.
    """

    text: str
    first_day: date
    last_day: date
    instant: datetime | None = None

    def start(self) -> datetime:
        """The first instant (UTC) of the period: the instant, or midnight UTC."""
        if self.instant is not None:
            return self.instant
        return datetime.combine(self.first_day, datetime.min.time(), tzinfo=UTC)

    def as_since(self) -> date | datetime:
        """The bound a crawl gets for ``--since``: a ``date`` or an aware UTC time."""
        return self.instant if self.instant is not None else self.first_day


def parse_period(value: str) -> Period:
    """Parse one ``--since``/``--until`` value; raise :class:`DateInputError`."""
    text = value.strip()
    try:
        if _YEAR.fullmatch(text):
            year = int(text)
            return Period(text, date(year, 1, 1), date(year, 12, 31))
        if _MONTH.fullmatch(text):
            first = date.fromisoformat(text + "-01")
            days = calendar.monthrange(first.year, first.month)[1]
            return Period(text, first, first.replace(day=days))
        if _DAY.fullmatch(text):
            day = date.fromisoformat(text)
            return Period(text, day, day)
        if _INSTANT.fullmatch(text):
            written = datetime.fromisoformat(text.upper())
            day = written.date()
            return Period(text, day, day, written.astimezone(UTC))
    except (ValueError, OverflowError):
        pass
    raise DateInputError(f"{value!r} is not a date ({HINT})")


def parse_since(value: str) -> date | datetime:
    """``--since`` for a crawl: a ``date``, or an aware UTC ``datetime``."""
    return parse_period(value).as_since()


def utc_text(moment: datetime) -> str:
    """An aware time as the UTC text the archive's ``*_at`` columns hold."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")

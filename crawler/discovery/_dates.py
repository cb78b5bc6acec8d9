"""Dates of sitemaps and feeds (W3C/ISO 8601 and RFC 822), always timezone-aware.

A value without an offset is taken as UTC, so every date compares with every
other; a date alone is midnight. Unreadable values give None.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

_YEAR_MONTH = re.compile(r"^(\d{4})-(?P<month>\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def parse_iso(text: str | None) -> datetime | None:
    """A W3C datetime (``2024-11-04``, ``2024-11-04T07:00:00+07:00``, ``…Z``)."""
    if not text:
        return None
    text = text.strip()
    try:
        return _aware(datetime.fromisoformat(text))
    except ValueError:
        pass
    for pattern in (_YEAR_MONTH, _YEAR):
        match = pattern.match(text)
        if match:
            year, month = int(match[1]), int(match.groupdict().get("month") or 1)
            return datetime(year, month, 1, tzinfo=UTC) if 1 <= month <= 12 else None
    return None


def parse_any(text: str | None) -> datetime | None:
    """An RFC 822 date (RSS ``pubDate``) or, failing that, a W3C one."""
    if not text:
        return None
    try:
        return _aware(parsedate_to_datetime(text.strip()))
    except (TypeError, ValueError, IndexError):
        return parse_iso(text)

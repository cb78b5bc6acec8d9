"""Dates as Berita Jakarta writes them, returned as ISO 8601 text.

``Kamis, 06 Februari 2025 14:50 WIB`` → ``2025-02-06T14:50:00+07:00``;
``Friday, September 7th 2018`` → ``2018-09-07`` (a date-only page stays
date-only; a day may end with a dot: ``9. September 2017``); ``08-10-2026``
(day first) → ``2026-10-08``. Times are kept in the page's zone (WIB is
+07:00, the site's local time when no zone is shown), never converted to UTC.
Anything unreadable gives ``None``, never an exception.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from pipelines.extractors.text import strip_icon_words
from sites.months import MONTHS

DAYS = frozenset(
    {
        "senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu", "ahad",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    }
)  # fmt: skip

ZONES: dict[str, timedelta] = {
    "wib": timedelta(hours=7),
    "wita": timedelta(hours=8),
    "wit": timedelta(hours=9),
}
SITE_OFFSET = timedelta(hours=7)  # Asia/Jakarta, no daylight saving

_DAY = r"(?:(?P<dayname>[A-Za-z']+),?\s+)?"
_TIME = (
    r"(?:\s*(?:,|pukul|jam|at|-)?\s*(?P<hour>\d{1,2})[:.](?P<minute>\d{2})"
    r"(?::(?P<second>\d{2}))?(?:\s*(?P<zone>WIB|WITA|WIT|GMT\+0?7(?::?00)?|UTC\+0?7(?::?00)?))?)?"
)
_PATTERNS = (
    # 06 Februari 2025 / 7th September 2018 / 9. September 2017
    re.compile(
        _DAY + r"(?P<day>\d{1,2})(?:st|nd|rd|th|\.)?\s+(?P<month>[A-Za-z]+)\.?,?\s+"
        r"(?P<year>\d{4})" + _TIME,
        re.IGNORECASE | re.ASCII,
    ),
    # September 7th 2018 / September 7, 2018
    re.compile(
        _DAY + r"(?P<month>[A-Za-z]+)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+"
        r"(?P<year>\d{4})" + _TIME,
        re.IGNORECASE | re.ASCII,
    ),
    # 08-10-2026 / 08/10/2026 (day first)
    re.compile(
        _DAY
        + r"(?P<day>\d{1,2})(?P<sep>[-/.])(?P<nmonth>\d{1,2})(?P=sep)(?P<year>\d{4})"
        + _TIME,
        re.IGNORECASE | re.ASCII,
    ),
)
_ISO = re.compile(
    r"(?P<year>\d{4})-(?P<nmonth>\d{2})-(?P<day>\d{2})"
    r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?"
    r"(?P<offset>Z|[+-]\d{2}:?\d{2})?)?",
    re.ASCII,
)


_SITE_FORMAT = re.compile(
    r"(?:(?:Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu), )?([0-9]{2}) ([A-Z][a-z]+) "
    r"([0-9]{4})(?: ([0-9]{2}):([0-9]{2}) WIB)?"
)
_DAY_FIRST = re.compile(r"([0-9]{2})-([0-9]{2})-([0-9]{4})")
_TWO_DIGITS = [f"{n:02d}" for n in range(13)]


def _parse_site_format(text: str) -> str | None:
    """Fast path for the two formats every mobile page uses; ``None`` → full parser.

    The regexes fix the digits' widths, so the ISO text is assembled from them
    directly; ``date()`` only validates (no 31 February).
    """
    hour: str | None = None
    minute: str | None = None
    match = _SITE_FORMAT.fullmatch(text)
    if match is not None:
        day, month_name, year, hour, minute = match.groups()
        month = MONTHS.get(month_name.lower())
        if month is None:
            return None
        month_text = _TWO_DIGITS[month]
    else:
        match = _DAY_FIRST.fullmatch(text)
        if match is None:
            return None
        day, month_text, year = match.groups()
        month = int(month_text)
    try:
        date(int(year), month, int(day))
    except ValueError:
        return None
    iso = f"{year}-{month_text}-{day}"
    if hour is None or minute is None:
        return iso
    if int(hour) > 23 or int(minute) > 59:
        return None
    return f"{iso}T{hour}:{minute}:00+07:00"


def parse_date(text: str | None) -> str | None:
    """Parse a whole date string (icon words and a day name allowed) to ISO text."""
    if not text:
        return None
    fast = _parse_site_format(text)
    if fast is not None:
        return fast
    candidate = strip_icon_words(text)
    for pattern in _PATTERNS:
        match = pattern.fullmatch(candidate)
        if match is not None:
            return _from_match(match)
    match = _ISO.fullmatch(candidate)
    if match is not None:
        return _from_iso(match)
    return None


def search_date(text: str | None) -> str | None:
    """Find the first date anywhere in ``text`` (for label-anchored page lines)."""
    if not text:
        return None
    candidate = strip_icon_words(text)
    best: tuple[int, str] | None = None
    for pattern in _PATTERNS:
        for match in pattern.finditer(candidate):
            value = _from_match(match, strict=False)
            if value is not None:
                if best is None or match.start() < best[0]:
                    best = (match.start(), value)
                break
    return best[1] if best else None


def _from_match(match: re.Match[str], *, strict: bool = True) -> str | None:
    groups = match.groupdict()
    dayname = groups.get("dayname")
    if strict and dayname and dayname.lower() not in DAYS:
        return None
    if groups.get("month") is not None:
        month = MONTHS.get(groups["month"].lower())
    else:
        month = int(groups["nmonth"])
    if month is None:
        return None
    try:
        day = date(int(groups["year"]), month, int(groups["day"]))
    except ValueError:
        return None
    if groups.get("hour") is None:
        return day.isoformat()
    zone = groups.get("zone")
    if zone is None or zone.lower() == "wib":
        return _site_time(day, groups)
    return _with_time(day, groups, ZONES.get(zone.lower(), SITE_OFFSET))


def _site_time(day: date, groups: dict[str, str | None]) -> str | None:
    """The common case, formatted directly: ``2025-02-06T14:50:00+07:00``."""
    hour, minute = int(groups["hour"] or 0), int(groups["minute"] or 0)
    second = int(groups.get("second") or 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}:{second:02d}+07:00"


def _from_iso(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    try:
        day = date(int(groups["year"]), int(groups["nmonth"]), int(groups["day"]))
    except ValueError:
        return None
    if groups.get("hour") is None:
        return day.isoformat()
    raw = groups.get("offset")
    if raw is None:
        offset = SITE_OFFSET
    elif raw == "Z":
        offset = timedelta(0)
    else:
        sign = -1 if raw[0] == "-" else 1
        digits = raw[1:].replace(":", "")
        offset = sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return _with_time(day, groups, offset)


def _with_time(
    day: date, groups: dict[str, str | None], offset: timedelta
) -> str | None:
    try:
        moment = datetime(
            day.year,
            day.month,
            day.day,
            int(groups["hour"] or 0),
            int(groups["minute"] or 0),
            int(groups.get("second") or 0),
            tzinfo=timezone(offset),
        )
    except ValueError:
        return None
    return moment.isoformat()

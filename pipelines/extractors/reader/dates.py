"""Publication dates: declared values first, then the visible date line, then htmldate.

Text is parsed by :mod:`pipelines.extractors.dates` (Indonesian and English
month names and abbreviations, weekday names, ``WIB``/``WITA``/``WIT``,
day-first numeric forms, ISO 8601): a time without a zone is read as WIB
(+07:00), the portals' local time. When neither the declarations nor a
visible date line near the headline give a date (a line of up to 120
characters, or up to 240 when its date has a time: a meta line that holds
byline, date and view count together), htmldate (extensive search,
original date) reads the page; it is told the latest acceptable date (the
fetch time when known) rather than reading the clock.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from htmldate import find_date

from pipelines.extractors.dates import parse_date, search_date
from pipelines.extractors.reader.lines import Line

_NUMERIC = re.compile(
    r"(?<![\d/.-])(?P<day>\d{1,2})(?P<sep>[/.-])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4})"
    r"(?:\s*(?:,|pukul|jam|-)?\s*(?P<hour>\d{1,2})[:.](?P<minute>\d{2}))?"
    r"(?:\s*(?P<zone>WIB|WITA|WIT))?"
)
_ZONE_OFFSETS = {"WIB": "+07:00", "WITA": "+08:00", "WIT": "+09:00"}
_URL_DATE = re.compile(
    r"(?<![0-9])(?P<y>(?:19|20)[0-9]{2})[/-](?P<m>[0-9]{1,2})[/-](?P<d>[0-9]{1,2})(?![0-9])"
)
_RELATIVE = re.compile(r"\b(?:yang lalu|lalu|ago)\b", re.IGNORECASE)
_MAX_LINE = 120
_MAX_META_LINE = 240  # a longer line counts only for a date with a time
# an upper bound for htmldate when the fetch time is not known: it must not
# read the clock for us (htmldate's own default is "now")
FAR_FUTURE = date(2100, 1, 1)


def normalise_date(raw: str | None) -> str | None:
    """A declared date (ISO, Indonesian or English text) as ISO 8601, or ``None``."""
    if not raw:
        return None
    raw = raw.strip()
    return parse_date(raw) or search_date(raw) or _numeric(raw)


def _numeric(text: str) -> str | None:
    match = _NUMERIC.search(text)
    if match is None:
        return None
    try:
        day = date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None
    if match["hour"] is None:
        return day.isoformat()
    hour, minute = int(match["hour"]), int(match["minute"])
    if hour > 23 or minute > 59:
        return day.isoformat()
    offset = _ZONE_OFFSETS.get(match["zone"] or "WIB", "+07:00")
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}:00{offset}"


def visible_date(lines: list[Line], start: int, window: int = 12) -> str | None:
    """The first short date line within ``window`` lines after ``start`` (the headline)."""
    for line in lines[max(start - 3, 0) : start + window]:
        text = line.text
        if len(text) > _MAX_META_LINE or line.chrome or _RELATIVE.search(text):
            continue
        if any(a.tag == "blockquote" for a in line.element.iterancestors()):
            continue  # an embedded post's date, not the article's
        found = search_date(text) or _numeric(text)
        if found is not None and (len(text) <= _MAX_LINE or "T" in found):
            return found
    return None


def url_date(url: str) -> str | None:
    """A full date in the URL's path (``/2024/12/02/``, ``/2024-12-02/``), or ``None``."""
    match = _URL_DATE.search(urlsplit(url).path)
    if match is None:
        return None
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"])).isoformat()
    except ValueError:
        return None


def agree_with_url(published: str | None, url: str) -> str | None:
    """``published``, unless the URL's full date names another day: then the URL's.

    A date in the path is set once, when the article is published; declared
    dates may be updates or UTC times that fall on the next day.
    """
    in_url = url_date(url)
    if in_url is None or (published and published[:10] == in_url):
        return published
    return in_url


def htmldate_guess(html: str, url: str, latest: date | None) -> str | None:
    """htmldate's original-date guess (``YYYY-MM-DD``), or ``None``."""
    bound = (latest or FAR_FUTURE).isoformat()
    try:
        found = find_date(
            html,
            url=url,
            original_date=True,
            extensive_search=True,
            max_date=bound,
        )
    except (ValueError, TypeError):
        return None
    return str(found) if found else None

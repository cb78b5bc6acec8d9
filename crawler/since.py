"""The crawl's ``--since`` bound: what an article published before it is.

``since`` is a day (``date``) or an instant (an aware ``datetime``); the spider
receives it as ISO text (``2026-04-01`` or ``2026-04-01T05:00:00+00:00``).
A published_at with a time and an offset is compared as an instant with an
instant bound, and by its own (local) day with a day bound; a date-only
published_at is compared by day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

Since = date | datetime


def parse_since(value: str | Since | None) -> Since | None:
    """``since`` as a day or an aware instant (ISO text or either type accepted).

    Raises ``ValueError`` for text that is neither an ISO date nor an ISO
    date-time with an offset.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return _aware(value)
    if isinstance(value, date):
        return value
    text = value.strip()
    if len(text) == 10:
        return date.fromisoformat(text)
    instant = datetime.fromisoformat(text)
    if instant.tzinfo is None:
        raise ValueError(f"since {value!r}: a date-time needs an offset (or Z)")
    return instant.astimezone(UTC)


def since_text(since: Since | None) -> str | None:
    """The spider argument for ``since`` (ISO text)."""
    if since is None:
        return None
    return (
        _aware(since).isoformat() if isinstance(since, datetime) else since.isoformat()
    )


def listing_day_bound(since: Since) -> date:
    """A listing item dated (locally) before this day is surely before ``since``.

    For an instant the bound is a day earlier than its UTC day: a listing shows
    the site's local date, up to a day ahead of or behind UTC.
    """
    if isinstance(since, datetime):
        return since.astimezone(UTC).date() - timedelta(days=1)
    return since


def published_before(published_at: str | None, since: Since) -> bool:
    """Whether an article's ``published_at`` (ISO text) is before ``since``.

    Unknown or unreadable dates are not "before": such an article is kept.
    """
    if not published_at:
        return False
    text = published_at.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text) < _day(since)
        published = datetime.fromisoformat(text)
    except ValueError:
        return False
    if isinstance(since, datetime) and published.tzinfo is not None:
        return published < since
    return published.date() < _day(since)


def _day(since: Since) -> date:
    return since.astimezone(UTC).date() if isinstance(since, datetime) else since


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value

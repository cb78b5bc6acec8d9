"""Formatting rules of the real site: slugs, dates as shown, ISO dates, whitespace."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from mirror.words import BULAN, EN_DAYS, EN_MONTHS, HARI

WIB = timezone(timedelta(hours=7))

_NOT_SLUG = re.compile(r"[^a-z0-9\s-]")


def slugify(title: str) -> str:
    """Slug as the site builds it: lower-case, punctuation deleted, spaces to hyphens."""
    return "-".join(_NOT_SLUG.sub("", title.lower()).split())


def normalize_space(text: str) -> str:
    """Collapse every run of whitespace (U+00A0 included) to one space and strip."""
    return " ".join(text.split())


def id_date(when: datetime) -> str:
    """``Kamis, 06 Februari 2025 14:50 WIB`` (article pages, related items, listings)."""
    return (
        f"{HARI[when.weekday()]}, {when.day:02d} {BULAN[when.month - 1]} "
        f"{when.year} {when:%H:%M} WIB"
    )


def id_day(when: datetime) -> str:
    """``Senin, 7 November 2022``: the day as a portal writes it, without a time."""
    return f"{HARI[when.weekday()]}, {when.day} {BULAN[when.month - 1]} {when.year}"


def ordinal(day: int) -> str:
    """English ordinal day: 1st, 2nd, 3rd, 4th, 11th, 21st …"""
    if 11 <= day % 100 <= 13:
        return f"{day}th"
    return f"{day}{({1: 'st', 2: 'nd', 3: 'rd'}).get(day % 10, 'th')}"


def en_date(when: datetime, *, show_time: bool) -> str:
    """``Friday, September 7th 2018 14:05 WIB`` (time part optional)."""
    text = (
        f"{EN_DAYS[when.weekday()]}, {EN_MONTHS[when.month - 1]} "
        f"{ordinal(when.day)} {when.year}"
    )
    return f"{text} {when:%H:%M} WIB" if show_time else text


def popular_date(when: datetime) -> str:
    """``08-10-2026``: the popular block shows the day first and no time."""
    return f"{when:%d-%m-%Y}"


def iso(when: datetime, *, show_time: bool = True) -> str:
    """``2025-02-06T14:50:00+07:00``, or ``2025-02-06`` when the page shows no time."""
    return when.isoformat() if show_time else when.date().isoformat()


def id_thousands(number: int) -> str:
    """``12.500``: the Indonesian thousands separator."""
    return f"{number:,}".replace(",", ".")

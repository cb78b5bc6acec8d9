"""The one parser for --since/--until: what it accepts, what each value means."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from archive.dates import DateInputError, Period, parse_period, parse_since, utc_text


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2026-12", date(2026, 12, 1), date(2026, 12, 31)),
        ("9999-12", date(9999, 12, 1), date(9999, 12, 31)),
        ("2026-04-01", date(2026, 4, 1), date(2026, 4, 1)),
        (" 2026-04-01 ", date(2026, 4, 1), date(2026, 4, 1)),
    ],
)
def test_dates_are_periods_of_whole_days(text: str, first: date, last: date) -> None:
    period = parse_period(text)
    assert (period.first_day, period.last_day, period.instant) == (first, last, None)
    assert period.start() == datetime(first.year, first.month, first.day, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "utc", "day"),
    [
        ("2026-04-01T06:12+07:00", datetime(2026, 3, 31, 23, 12, tzinfo=UTC), "2026-04-01"),
        ("2026-04-01T05:00:00Z", datetime(2026, 4, 1, 5, tzinfo=UTC), "2026-04-01"),
        ("2026-04-01t05:00:00z", datetime(2026, 4, 1, 5, tzinfo=UTC), "2026-04-01"),
        ("2026-04-01 05:00:00.5-03:00", datetime(2026, 4, 1, 8, 0, 0, 500000, tzinfo=UTC), "2026-04-01"),
        ("2026-04-01T05:00+0700", datetime(2026, 3, 31, 22, tzinfo=UTC), "2026-04-01"),
    ],
)  # fmt: skip
def test_times_with_an_offset_are_instants(text: str, utc: datetime, day: str) -> None:
    period = parse_period(text)
    assert period.instant == utc
    assert period.instant.utcoffset() is not None
    assert period.start() == utc
    assert period.first_day.isoformat() == period.last_day.isoformat() == day


def test_an_offset_is_compared_as_an_instant() -> None:
    # the example: 06:12 WIB on 1 April is before 05:00 UTC that day
    published = parse_period("2026-04-01T06:12+07:00").start()
    assert published < parse_period("2026-04-01T05:00:00Z").start()


@pytest.mark.parametrize(
    "text",
    [
        "20260501",  # ISO basic format: Python accepts it, warta does not
        "yesterday",
        "kemarin",
        "",
        "2026-13",
        "2026-02-30",
        "26-04-01",
        "2026-04-01T05:00",  # a time without an offset is ambiguous
        "2026-04-01T05:00:00",
        "2026-04-01T25:00Z",
        "2026-04-01T05:00+25:00",
        "2026/04/01",
        "10000",
    ],
)
def test_anything_else_is_refused_with_one_line(text: str) -> None:
    with pytest.raises(DateInputError) as caught:
        parse_period(text)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{text!r} is not a date (use YYYY, YYYY-MM, YYYY-MM-DD")


def test_crawl_bound_is_a_date_or_an_aware_utc_time() -> None:
    assert parse_since("2026-04") == date(2026, 4, 1)
    assert type(parse_since("2026-04-01")) is date
    moment = parse_since("2026-04-01T06:12+07:00")
    assert moment == datetime(2026, 3, 31, 23, 12, tzinfo=UTC)
    assert isinstance(moment, datetime)
    assert moment.tzinfo is UTC


def test_utc_text_matches_the_archive_bookkeeping_times() -> None:
    period: Period = parse_period("2026-04-01T06:12+07:00")
    assert utc_text(period.start()) == "2026-03-31T23:12:00+00:00"
    assert utc_text(parse_period("2026-04-01").start()) == "2026-04-01T00:00:00+00:00"

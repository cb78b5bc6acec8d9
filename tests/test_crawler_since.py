"""The crawl's --since bound (crawler/since.py): days and instants."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from crawler.since import listing_day_bound, parse_since, published_before, since_text

INSTANT = datetime(2026, 4, 1, 5, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("published_at", "since", "before"),
    [
        # an instant bound: 06:12+07:00 is 23:12Z the day before
        ("2026-04-01T06:12:00+07:00", INSTANT, True),
        ("2026-04-01T12:12:00+07:00", INSTANT, False),
        ("2026-04-01T05:00:00+00:00", INSTANT, False),
        # a day bound: the article's own (local) day
        ("2026-04-01T06:12:00+07:00", date(2026, 4, 1), False),
        ("2026-03-31T23:59:00+07:00", date(2026, 4, 1), True),
        # a date-only published_at: by day
        ("2026-04-01", INSTANT, False),
        ("2026-03-31", INSTANT, True),
        ("2026-03-31", date(2026, 4, 1), True),
        # unknown dates are kept
        (None, date(2026, 4, 1), False),
        ("not a date", date(2026, 4, 1), False),
    ],
)
def test_published_before(
    published_at: str | None, since: date | datetime, before: bool
) -> None:
    assert published_before(published_at, since) is before


def test_since_round_trips_through_the_spider_argument() -> None:
    assert parse_since(since_text(INSTANT)) == INSTANT
    assert parse_since(since_text(date(2026, 4, 1))) == date(2026, 4, 1)
    assert parse_since("2026-04-01T12:00+07:00") == INSTANT.replace(hour=5)
    assert parse_since(None) is None


def test_a_naive_date_time_is_refused() -> None:
    with pytest.raises(ValueError, match="offset"):
        parse_since("2026-04-01T05:00:00")


def test_listings_stop_a_day_early_for_an_instant() -> None:
    assert listing_day_bound(date(2026, 4, 1)) == date(2026, 4, 1)
    assert listing_day_bound(INSTANT) == date(2026, 3, 31)

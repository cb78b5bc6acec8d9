"""Dates as the site writes them → ISO text; garbage → None, never an exception."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.extractors.dates import parse_date, search_date

HARI = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember"]  # fmt: skip
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip
WIB = timezone(timedelta(hours=7))


def ordinal(day: int) -> str:
    """1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st, 22nd, 23rd … 31st."""
    suffix = (
        "th"
        if 11 <= day % 100 <= 13
        else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    )
    return f"{day}{suffix}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kamis, 06 Februari 2025 14:50 WIB", "2025-02-06T14:50:00+07:00"),
        ("Senin, 14 Februari 2022 11:49 WIB", "2022-02-14T11:49:00+07:00"),
        ("Selasa, 10 November 2015 20:49 WIB", "2015-11-10T20:49:00+07:00"),
        ("Selasa, 10 Nopember 2015 20:49 WIB", "2015-11-10T20:49:00+07:00"),
        ("Selasa, 07 November 2023", "2023-11-07"),
        ("08-10-2026", "2026-10-08"),
        ("access_time 08-10-2026", "2026-10-08"),
        (
            "access_time\u00a0Kamis, 06 Februari 2025 14:50 WIB",
            "2025-02-06T14:50:00+07:00",
        ),
        ("Friday, September 7th 2018 14:05 WIB", "2018-09-07T14:05:00+07:00"),
        ("Friday, September 7th 2018", "2018-09-07"),
        ("Monday, December 2nd 2024 08:30 WIB", "2024-12-02T08:30:00+07:00"),
        ("Tuesday, March 3rd 2020", "2020-03-03"),
        ("Saturday, June 21st 2025", "2025-06-21"),
        ("Jumat, 21 Maret 2025 07:45", "2025-03-21T07:45:00+07:00"),
        ("Jumat, 21 Maret 2025 07:45 WITA", "2025-03-21T07:45:00+08:00"),
        ("21 Agt 2025", "2025-08-21"),
        ("2025-02-06T14:50:00+07:00", "2025-02-06T14:50:00+07:00"),
        ("2025-02-06T07:50:00Z", "2025-02-06T07:50:00+00:00"),
    ],
)
def test_parse_date(text: str, expected: str) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "garbage", "Kamis", "31 Februari 2020", "06 Februari 2025 25:00 WIB",
     "Foo, 06 Februari 2025", "06 Brumaire 2025", "2619", "32-01-2020", "Reporter : Nurito"],
)  # fmt: skip
def test_parse_date_rejects(text: str) -> None:
    assert parse_date(text) is None


def test_parse_date_none() -> None:
    assert parse_date(None) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Selasa, 07 November 2023 Reporter: Wuri Setyaningsih", "2023-11-07"),
        ("Harga tanggal 25 Mei 2023 berbanding 24 Mei 2023", "2023-05-25"),
        ("Kamis, 02 November 2023 7135", "2023-11-02"),
        ("no date here", None),
    ],
)
def test_search_date(text: str, expected: str | None) -> None:
    assert search_date(text) == expected


moments = st.datetimes(
    min_value=datetime(1990, 1, 1),  # noqa: DTZ001 (hypothesis wants naive bounds)
    max_value=datetime(2099, 12, 31),  # noqa: DTZ001
).map(lambda moment: moment.replace(second=0, microsecond=0, tzinfo=WIB))
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31))


@given(moments)
def test_round_trip_indonesian_with_time(moment: datetime) -> None:
    text = (f"{HARI[moment.weekday()]}, {moment.day:02d} {BULAN[moment.month - 1]} "
            f"{moment.year} {moment:%H:%M} WIB")  # fmt: skip
    assert parse_date(text) == moment.isoformat()


@given(days)
def test_round_trip_indonesian_date_only(day: date) -> None:
    text = f"{HARI[day.weekday()]}, {day.day:02d} {BULAN[day.month - 1]} {day.year}"
    assert parse_date(text) == day.isoformat()


@given(days)
def test_round_trip_old_spelling(day: date) -> None:
    month = {2: "Pebruari", 11: "Nopember"}.get(day.month, BULAN[day.month - 1])
    assert parse_date(f"{day.day} {month} {day.year}") == day.isoformat()


@given(days)
def test_round_trip_popular_day_first(day: date) -> None:
    assert parse_date(f"{day:%d-%m-%Y}") == day.isoformat()


@given(moments, st.booleans())
def test_round_trip_english(moment: datetime, with_time: bool) -> None:
    text = f"{DAYS[moment.weekday()]}, {MONTHS[moment.month - 1]} {ordinal(moment.day)} {moment.year}"
    if with_time:
        text += f" {moment:%H:%M} WIB"
    expected = moment.isoformat() if with_time else moment.date().isoformat()
    assert parse_date(text) == expected


@given(st.text())
def test_any_text_never_raises(text: str) -> None:
    result = parse_date(text)
    assert result is None or date.fromisoformat(result[:10])
    found = search_date(text)
    assert found is None or date.fromisoformat(found[:10])


@given(st.text(alphabet=st.characters(exclude_categories=["Nd"])))
def test_text_without_digits_is_none(text: str) -> None:
    assert parse_date(text) is None
    assert search_date(text) is None

"""View counts with and without thousands separators; garbage → None."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.extractors.numbers import parse_views


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2619", 2619),
        (" 2619 ", 2619),
        ("remove_red_eye 2619", 2619),
        ("0", 0),
        ("2.619", 2619),
        ("2,619", 2619),
        ("1.234.567", 1234567),
        ("15302", 15302),
        ("6475 kali dibaca", 6475),
        ("1433 views", 1433),
        ("2\u00a0619", 2619),
    ],
)
def test_parse_views(text: str, expected: int) -> None:
    assert parse_views(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "abc", "2.5", "1.2345", "12.34.567", "1.234,567", "-5", "2619a",
     "Rp 2.619", "2.090 Logistik Pemilu", "٢٦١٩", "1e3"],
)  # fmt: skip
def test_parse_views_rejects(text: str) -> None:
    assert parse_views(text) is None


def test_parse_views_none() -> None:
    assert parse_views(None) is None


@given(st.integers(min_value=0, max_value=10**12))
def test_round_trip_plain(number: int) -> None:
    assert parse_views(str(number)) == number


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from([".", ",", " "]))
def test_round_trip_grouped(number: int, separator: str) -> None:
    assert parse_views(f"{number:,}".replace(",", separator)) == number


@given(st.text())
def test_any_text_never_raises(text: str) -> None:
    result = parse_views(text)
    assert result is None or result >= 0


@given(st.text(alphabet=st.characters(exclude_categories=["Nd"])))
def test_text_without_digits_is_none(text: str) -> None:
    assert parse_views(text) is None

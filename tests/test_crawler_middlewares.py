"""Retry backoff arithmetic (crawler/middlewares.py)."""

from __future__ import annotations

from email.utils import formatdate

import pytest

from crawler.middlewares import backoff_seconds, retry_after_seconds


@pytest.mark.parametrize(
    ("attempt", "wait"), [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (10, 60.0)]
)
def test_backoff_doubles_up_to_the_cap(attempt: int, wait: float) -> None:
    assert backoff_seconds(attempt, base=0.5, cap=60.0) == wait


def test_retry_after_delta_seconds() -> None:
    assert retry_after_seconds("7", now=0.0) == 7.0


def test_retry_after_http_date() -> None:
    now = 1_800_000_000.0
    assert retry_after_seconds(formatdate(now + 30, usegmt=True), now=now) == 30.0


def test_retry_after_in_the_past_is_zero() -> None:
    now = 1_800_000_000.0
    assert retry_after_seconds(formatdate(now - 30, usegmt=True), now=now) == 0.0


@pytest.mark.parametrize("value", [None, "", "soon", "-5"])
def test_retry_after_garbage_is_ignored(value: str | None) -> None:
    assert retry_after_seconds(value, now=0.0) is None

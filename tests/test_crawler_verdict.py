"""How a crawl ends (crawler/verdict.py): status, reason and exit code."""

from __future__ import annotations

from typing import Any

import pytest

from crawler.verdict import judge, parse_failure_rate


def run(**counters: int) -> dict[str, Any]:
    return {"listing_pages": 3, "article_pages": 0, "failed": 0, **counters}


READ = {"warta/listings_read": 3}


def test_a_clean_run_finishes_with_exit_0() -> None:
    verdict = judge("finished", run(article_pages=10), READ)
    assert (verdict.status, verdict.reason, verdict.exit_code) == ("finished", None, 0)


def test_a_storage_failure_fails_the_run_with_its_cause() -> None:
    stats = {**READ, "warta/storage_error": "database or disk is full"}
    verdict = judge("storage_failed", run(), stats)
    assert (verdict.status, verdict.reason, verdict.exit_code) == (
        "failed",
        "storage failed: database or disk is full",
        1,
    )


@pytest.mark.parametrize(
    ("failed", "status"), [(1, "finished"), (2, "finished"), (3, "degraded")]
)
def test_more_than_the_rate_of_failed_article_pages_degrades_the_run(
    failed: int, status: str
) -> None:
    # 18 pages fetched (some failed extraction) + 2 that could not be fetched
    stats = {**READ, "warta/failed_articles": failed, "warta/article_fetch_failures": 2}
    verdict = judge("finished", run(article_pages=18), stats, max_failure_rate=0.1)
    assert verdict.status == status
    if status == "degraded":
        assert verdict.exit_code == 3
        assert "3 of 20 article pages" in str(verdict.reason)


def test_no_listing_read_degrades_the_run_unless_it_only_retries() -> None:
    stats = {"warta/http_errors": 23}
    verdict = judge("finished", run(listing_pages=0, failed=23), stats)
    assert verdict.status == "degraded"
    assert "no listing page" in str(verdict.reason)
    retry = judge("finished", run(article_pages=2), {}, reads_listings=False)
    assert retry.status == "finished"


def test_a_run_without_any_http_answer_fails() -> None:
    verdict = judge("finished", run(listing_pages=0, failed=23), {})
    assert (verdict.status, verdict.exit_code) == ("failed", 1)


@pytest.mark.parametrize(
    ("text", "rate"), [("10%", 0.1), ("0.25", 0.25), ("0", 0.0), ("100 %", 1.0)]
)
def test_failure_rate_is_a_fraction_or_a_percent(text: str, rate: float) -> None:
    assert parse_failure_rate(text) == pytest.approx(rate)


@pytest.mark.parametrize("text", ["10", "-1%", "abc", "nan", "150%"])
def test_failure_rate_outside_0_to_1_is_refused(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011  float()'s or ours
        parse_failure_rate(text)

"""The crawl options read from settings, and a run's scope (crawler/crawl_options.py)."""

from __future__ import annotations

from datetime import date

import pytest
from scrapy.settings import Settings

from crawler.crawl_options import ArchiveView, CrawlOptions, run_scope


@pytest.mark.parametrize(
    ("retry", "since", "max_articles", "full_listing", "scope"),
    [
        (True, "2026-01-01", 5, True, "retry"),
        (False, "2026-01-01", 5, True, "since"),
        (False, None, 5, True, "capped"),
        (False, None, None, True, "full"),
        (False, None, None, False, "incremental"),
    ],
)
def test_run_scope(
    retry: bool,
    since: str | None,
    max_articles: int | None,
    full_listing: bool,
    scope: str,
) -> None:
    options = CrawlOptions.from_settings(
        Settings(
            {
                "WARTA_RETRY_FAILED": retry,
                "WARTA_SINCE": since,
                "WARTA_MAX_ARTICLES": max_articles,
            }
        )
    )
    assert run_scope(options, full_listing=full_listing) == scope


def test_defaults_and_values_from_settings() -> None:
    assert CrawlOptions.from_settings(Settings()) == CrawlOptions(
        full=False, since=None, max_articles=None, refresh_days=7,
        retry_failed=False, max_failure_rate=0.10, run_id=None,
    )  # fmt: skip
    given = Settings(
        {
            "WARTA_FULL": "true", "WARTA_SINCE": "2026-04-01",
            "WARTA_MAX_ARTICLES": "12", "WARTA_REFRESH_DAYS": "0",
            "WARTA_RETRY_FAILED": "1", "WARTA_MAX_FAILURE_RATE": "0.25",
            "WARTA_RUN_ID": "7",
        }
    )  # fmt: skip
    assert CrawlOptions.from_settings(given) == CrawlOptions(
        full=True, since=date(2026, 4, 1), max_articles=12, refresh_days=0,
        retry_failed=True, max_failure_rate=0.25, run_id=7,
    )  # fmt: skip


def test_a_language_less_key_matches_by_id_alone() -> None:
    view = ArchiveView(known={("id", "142433"): None, ("en", "u"): None})
    assert view.knows(("id", "142433"))
    assert not view.knows(("en", "142433"))
    assert view.knows((None, "u"))
    assert not view.knows((None, "v"))

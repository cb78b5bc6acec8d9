"""The spider's pure helpers (crawler/spiders/beritajakarta.py)."""

from __future__ import annotations

import pytest

from crawler.spiders.beritajakarta import run_scope


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
    assert (
        run_scope(
            retry=retry,
            since=since,
            max_articles=max_articles,
            full_listing=full_listing,
        )
        == scope
    )

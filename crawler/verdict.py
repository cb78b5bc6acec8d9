"""How a crawl ended: its run status, the reason, and the exit code.

No Scrapy here: the rules read the run's row and the Scrapy stats kept by the
spider and the archive pipeline (``warta/*``), so they are tested as values.

* ``failed`` (exit 1): the archive could not be written (``storage_failed``),
  the crawl raised, or nothing at all could be fetched (no HTTP answer).
* ``interrupted`` (exit 1): stopped by a signal.
* ``degraded`` (exit 3): finished, but more than ``max_failure_rate`` of its
  article pages failed to fetch or extract, or no listing page could be read.
* ``finished`` (exit 0): otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import click

EXIT_CODES = {"finished": 0, "degraded": 3, "failed": 1, "interrupted": 1}
DEFAULT_MAX_FAILURE_RATE = 0.10


@dataclass(frozen=True)
class Verdict:
    """A run's final status and why (``None`` when it simply finished)."""

    status: str
    reason: str | None = None

    @property
    def exit_code(self) -> int:
        """0 finished, 3 degraded, 1 failed or interrupted."""
        return EXIT_CODES[self.status]


def _int(mapping: dict[str, Any], key: str) -> int:
    return int(mapping.get(key) or 0)


def judge(
    finish_reason: str,
    run: dict[str, Any],
    stats: dict[str, Any],
    *,
    max_failure_rate: float = DEFAULT_MAX_FAILURE_RATE,
    reads_listings: bool = True,
) -> Verdict:
    """The verdict on a run from its close reason, run row and Scrapy stats.

    ``reads_listings`` is False for a run that fetches only given URLs
    (``--retry-failed``): it is not degraded for reading no listing.
    """
    if finish_reason == "storage_failed":
        cause = stats.get("warta/storage_error") or "unknown error"
        return Verdict("failed", f"storage failed: {cause}")
    if finish_reason == "shutdown":
        return Verdict("interrupted", "stopped by a signal (Ctrl-C or SIGTERM)")
    if finish_reason != "finished":
        return Verdict("failed", finish_reason)
    pages = _int(run, "listing_pages") + _int(run, "article_pages")
    failed = _int(run, "failed")
    if pages == 0 and failed > 0 and not _int(stats, "warta/http_errors"):
        return Verdict(
            "failed", "nothing could be fetched: site or network down (see failures)"
        )
    if reads_listings and not _int(stats, "warta/listings_read"):
        fetched = _int(run, "listing_pages")
        detail = (
            f"{fetched} fetched, none listing an article"
            if fetched
            else "every listing request failed; see failures"
        )
        return Verdict("degraded", f"no listing page could be read ({detail})")
    failed_articles = _int(stats, "warta/failed_articles")
    tried = _int(run, "article_pages") + _int(stats, "warta/article_fetch_failures")
    if tried and failed_articles / tried > max_failure_rate:
        return Verdict(
            "degraded",
            f"{failed_articles} of {tried} article pages failed "
            f"({failed_articles / tried:.0%} > --max-failure-rate "
            f"{max_failure_rate:.0%}; see failures)",
        )
    return Verdict("finished")


def parse_failure_rate(text: str) -> float:
    """``10%`` or ``0.1`` -> 0.1; raises ``ValueError`` outside 0–100 %."""
    value = text.strip()
    percent = value.endswith("%")
    number = float(value.removesuffix("%").strip())
    rate = number / 100 if percent else number
    if not 0 <= rate <= 1:  # also false for NaN
        raise ValueError(f"{text!r} is not between 0 and 1 (0% and 100%)")
    return rate


class FailureRate(click.ParamType[float]):
    """A click type for ``--max-failure-rate``: a fraction (0.1) or a percent (10%)."""

    name = "RATE"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        """Parse, or fail as a usage error."""
        if isinstance(value, float):
            return value
        try:
            return parse_failure_rate(str(value))
        except ValueError:
            self.fail(
                f"expected a fraction from 0 to 1 (0.1) or a percent (10%), "
                f"got {value!r}",
                param,
                ctx,
            )

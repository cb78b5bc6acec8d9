"""What a crawl sets out to do, read from Scrapy settings: one place for every default.

Pure (no Scrapy import), so ``warta crawl`` shows the same defaults in its
``--help`` without loading Scrapy. The settings, each with its default here:

* ``WARTA_FULL`` (False): fetch every article again, page every listing.
* ``WARTA_SINCE`` (none): ISO date or date-time with offset; articles published
  before it are not fetched or stored (see :mod:`crawler.since`).
* ``WARTA_MAX_ARTICLES`` (none): the run requests at most this many article pages.
* ``WARTA_REFRESH_DAYS`` (7): archived articles published in the last N days
  are fetched again (views, edits); 0 for none.
* ``WARTA_RETRY_FAILED`` (False): fetch only the archive's unresolved failures.
* ``WARTA_MAX_FAILURE_RATE`` (0.10): more failed article pages than this and a
  finished run is ``degraded``.
* ``WARTA_RUN_ID`` (none): the ``crawl_runs`` row a caller opened for this run
  (``warta crawl`` does, to name the log file after it).

What the archive already holds (:class:`ArchiveView`) is read through the
bridge named by ``WARTA_CRAWL_STATE`` (a ``pipelines`` class: the crawler never
imports the archive).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from crawler.since import Since, parse_since

DEFAULT_REFRESH_DAYS = 7
DEFAULT_MAX_FAILURE_RATE = 0.10

ArticleKey = tuple[str | None, str]


def _flag(value: Any) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def _int(value: Any) -> int | None:
    return None if value is None or str(value).strip() == "" else int(value)


@dataclass(frozen=True)
class CrawlOptions:
    """The ``WARTA_*`` crawl settings, typed (defaults: the module docstring)."""

    full: bool = False
    since: Since | None = None
    max_articles: int | None = None
    refresh_days: int = DEFAULT_REFRESH_DAYS
    retry_failed: bool = False
    max_failure_rate: float = DEFAULT_MAX_FAILURE_RATE
    run_id: int | None = None

    @classmethod
    def from_settings(cls, settings: Any) -> CrawlOptions:
        """Read the options from Scrapy settings (or any mapping with ``get``)."""
        refresh = _int(settings.get("WARTA_REFRESH_DAYS"))
        rate = settings.get("WARTA_MAX_FAILURE_RATE")
        return cls(
            full=_flag(settings.get("WARTA_FULL", False)),
            since=parse_since(settings.get("WARTA_SINCE") or None),
            max_articles=_int(settings.get("WARTA_MAX_ARTICLES")) or None,
            refresh_days=DEFAULT_REFRESH_DAYS if refresh is None else refresh,
            retry_failed=_flag(settings.get("WARTA_RETRY_FAILED", False)),
            max_failure_rate=(
                DEFAULT_MAX_FAILURE_RATE if rate in (None, "") else float(rate)
            ),
            run_id=_int(settings.get("WARTA_RUN_ID")),
        )


@dataclass(frozen=True)
class ArchiveView:
    """What the archive holds for one site, as the crawl policy needs it."""

    known: dict[ArticleKey, str | None] = field(default_factory=dict)
    refresh_urls: list[str] = field(default_factory=list)
    retry_urls: list[str] = field(default_factory=list)
    listings_complete: bool = False  # the last listing run finished complete
    ids: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ids = frozenset(article_id for _, article_id in self.known)
        object.__setattr__(self, "ids", ids)

    def knows(self, key: ArticleKey) -> bool:
        """Whether the article is archived (a language-less key matches by id)."""
        return key in self.known or (key[0] is None and key[1] in self.ids)


def run_scope(options: CrawlOptions, *, full_listing: bool) -> str:
    """What a run sets out to fetch (stored as ``crawl_runs.scope``).

    Only a finished ``full`` or ``incremental`` run leaves every listed article
    in the archive, so only after one may the next run stop paging early.
    """
    if options.retry_failed:
        return "retry"
    if options.since:
        return "since"
    if options.max_articles:
        return "capped"
    return "full" if full_listing else "incremental"

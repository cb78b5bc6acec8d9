"""The bridge from the archive to the crawl policy: what a site's archive holds.

The crawler never imports the archive; its policy (:mod:`crawler.policy`) loads
:class:`ArchiveCrawlState` by the name in the ``WARTA_CRAWL_STATE`` setting and
gets an :class:`~crawler.crawl_options.ArchiveView`: the articles known, those
to refresh, the failures to retry, and whether the listings were read to their
end by the last run. ``warta crawl`` asks the same questions before it opens
the run's row (its scope).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from archive.location import parse_location
from archive.store import Archive, open_archive
from crawler.crawl_options import ArchiveView, ArticleKey, CrawlOptions, run_scope


def refresh_cutoff(today: date, days: int) -> str:
    """ISO date from which archived articles are re-fetched."""
    return (today - timedelta(days=days)).isoformat()


def listings_complete(previous: list[dict[str, Any]]) -> bool:
    """Whether the archive holds every listed article up to the last crawl.

    True when the latest run that paged the listings (``previous`` is newest
    first; ``retry`` runs do not page them) finished with scope ``full`` or
    ``incremental``: only then may a listing stop at its first all-known page.
    A killed, failed, capped or date-bounded run leaves older articles unread,
    so the next run pages every listing again.
    """
    for run in previous:
        if run.get("scope") == "retry":
            continue
        # a degraded run may have read no listing, a failed one stopped early
        return run["status"] == "finished" and run.get("scope") in (
            "full",
            "incremental",
        )
    return False


def _previous_runs(
    arc: Archive, site: str, current: int | None
) -> list[dict[str, Any]]:
    return [r for r in arc.list_runs(limit=1000, site=site) if r["id"] != current]


def scope_of(arc: Archive, site: str, options: CrawlOptions) -> str:
    """The ``crawl_runs.scope`` a run with ``options`` will have."""
    complete = listings_complete(_previous_runs(arc, site, options.run_id))
    return run_scope(options, full_listing=options.full or not complete)


class ArchiveCrawlState:
    """Reads what the crawl policy needs from an archive (a file or a URL)."""

    def __init__(self, path: str | Path) -> None:
        self.path = parse_location(path)

    def view(self, site: str, options: CrawlOptions) -> ArchiveView:
        """What ``site``'s archive holds for a run with ``options``."""
        with open_archive(self.path) as arc:
            complete = listings_complete(_previous_runs(arc, site, options.run_id))
            refresh: list[str] = []
            if options.refresh_days and not options.full:
                cutoff = refresh_cutoff(datetime.now(UTC).date(), options.refresh_days)
                refresh = arc.articles_published_since(site, cutoff)
            retry = (
                [f["url"] for f in arc.unresolved_failures(site)]
                if options.retry_failed
                else []
            )
            known: dict[ArticleKey, str | None] = {
                (language, article_id): published
                for (language, article_id), published in arc.known_articles(
                    site
                ).items()
            }
            return ArchiveView(
                known=known,
                refresh_urls=refresh,
                retry_urls=retry,
                listings_complete=complete,
            )

    def scope(self, site: str, options: CrawlOptions) -> str:
        """The run's scope (see :func:`scope_of`)."""
        with open_archive(self.path) as arc:
            return scope_of(arc, site, options)

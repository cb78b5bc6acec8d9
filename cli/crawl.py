"""Plan and run one crawl into an archive (used by ``warta crawl``).

Part of the composition root with ``cli/main.py``: it reads the archive to
decide what to fetch (incremental, refresh window, resume, retry of failures),
runs the spider, and closes the run's row with its verdict
(:mod:`crawler.verdict`): finished (exit 0), degraded (3), failed or
interrupted (1). A base URL that cannot be reached at all fails the run before
Scrapy starts (:mod:`crawler.preflight`).
"""

from __future__ import annotations

import os
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import click
import sqlalchemy as sa

from archive.errors import ArchiveError
from archive.store import Archive, open_archive
from crawler import reachability
from crawler.runner import run_spider
from crawler.since import Since, since_text
from crawler.spiders.beritajakarta import BeritajakartaSpider, run_scope
from crawler.verdict import DEFAULT_MAX_FAILURE_RATE, Verdict, judge


@dataclass
class CrawlPlan:
    """What one run will fetch, decided from the archive before it starts."""

    archive_path: Path
    site: str
    run_id: int
    log_path: Path
    known: dict[tuple[str, str], str | None]
    full: bool = False
    full_listing: bool = True  # page through every listing (first or resumed run)
    refresh_urls: list[str] = field(default_factory=list)
    retry_urls: list[str] | None = None  # only these, when --retry-failed
    crawl_id: str | None = None  # the frontier crawl this run is a worker of


def log_path_for(archive_path: Path, run_id: int) -> Path:
    """``data/warta.sqlite`` -> ``data/warta.logs/run-0007.log``."""
    return archive_path.with_name(archive_path.stem + ".logs") / f"run-{run_id:04d}.log"


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


def plan_crawl(
    archive_path: Path,
    site: str,
    *,
    full: bool,
    refresh_days: int,
    retry_failed: bool,
    max_articles: int | None = None,
    since: Since | None = None,
    crawl_id: str | None = None,
) -> CrawlPlan:
    """Open the run's row and decide what it fetches."""
    with open_archive(archive_path) as arc:
        previous = arc.list_runs(limit=1000, site=site)
        full_listing = full or not listings_complete(previous)
        run_id = arc.start_run(
            site,
            pid=os.getpid(),
            hostname=socket.gethostname(),
            command=" ".join(sys.argv),
            scope=run_scope(
                retry=retry_failed,
                since=since,
                max_articles=max_articles,
                full_listing=full_listing,
            ),
            crawl_id=crawl_id,
        )
        log_path = log_path_for(archive_path, run_id)
        arc.update_run(run_id, log_path=str(log_path))
        known = arc.known_articles(site)
        cutoff = refresh_cutoff(datetime.now(UTC).date(), refresh_days)
        refresh = (
            []
            if full or not refresh_days
            else arc.articles_published_since(site, cutoff)
        )
        retry = (
            [f["url"] for f in arc.unresolved_failures(site)] if retry_failed else None
        )
    return CrawlPlan(
        archive_path=archive_path,
        site=site,
        run_id=run_id,
        log_path=log_path,
        known=known,
        full=full,
        full_listing=full_listing,
        refresh_urls=refresh,
        retry_urls=retry,
        crawl_id=crawl_id,
    )


def execute_crawl(
    plan: CrawlPlan,
    *,
    base_url: str | None,
    max_articles: int | None,
    delay: float | None,
    since: Since | None,
    settings: dict[str, Any],
    max_failure_rate: float = DEFAULT_MAX_FAILURE_RATE,
) -> int:
    """Run the planned crawl; print a summary; return the exit status.

    ``since`` is a day or an aware instant (see :mod:`crawler.since`).
    """
    started = time.monotonic()
    plan.log_path.parent.mkdir(parents=True, exist_ok=True)
    problem = _unreachable(base_url, settings)
    if problem is not None:
        return _close(plan, Verdict("failed", problem), time.monotonic() - started)
    spider_args: dict[str, Any] = {
        "base_url": base_url,
        "max_articles": max_articles,
        "delay": delay,
        "known_articles": plan.known,
        "full": plan.full,
        "full_listing": plan.full_listing,
        "refresh_urls": plan.refresh_urls,
        "retry_urls": plan.retry_urls,
        "since": since_text(since),
        "run_id": plan.run_id,
    }
    crawl_settings = {
        "WARTA_ARCHIVE_PATH": str(plan.archive_path),
        "LOG_FILE": str(plan.log_path),
        "LOG_LEVEL": "INFO",
        **settings,
    }
    stats: dict[str, Any] = {}
    try:
        outcome = run_spider(
            plan.site, settings=crawl_settings, spider_args=spider_args
        )
        reason, stats = outcome.finish_reason, outcome.stats
    except Exception as exc:  # noqa: BLE001  the run row must say it failed
        reason = f"error: {type(exc).__name__}: {exc}"
    elapsed = time.monotonic() - started

    def verdict(run: dict[str, Any]) -> Verdict:
        return judge(
            reason,
            run,
            stats,
            max_failure_rate=max_failure_rate,
            # a frontier worker may get no listing: another one read them
            reads_listings=plan.retry_urls is None and plan.crawl_id is None,
        )

    return _close(plan, verdict, elapsed)


def _unreachable(base_url: str | None, settings: dict[str, Any]) -> str | None:
    """``cannot reach URL: why`` when the base URL does not answer at all."""
    url = base_url or BeritajakartaSpider.default_base_url
    timeout = float(
        settings.get("WARTA_PREFLIGHT_TIMEOUT", reachability.DEFAULT_TIMEOUT)
    )
    problem = reachability.unreachable(url, timeout=timeout)
    return None if problem is None else f"cannot reach {url}: {problem}"


def _close(
    plan: CrawlPlan,
    verdict: Verdict | Callable[[dict[str, Any]], Verdict],
    elapsed: float,
) -> int:
    """Record the verdict in the run row, print the summary; return the exit code.

    When the archive cannot be written (its storage failed), the row is left
    ``running`` (the next crawl marks it ``interrupted``) and stderr says so.
    """
    run: dict[str, Any] | None = None
    unrecorded: str | None = None
    try:
        with open_archive(plan.archive_path) as arc:
            run = _run_row(arc, plan)
            if callable(verdict):
                verdict = verdict(run)
            arc.finish_run(plan.run_id, verdict.status, reason=verdict.reason)
            run = _run_row(arc, plan)
            if verdict.status != "failed":
                arc.tidy_search_index()  # still under the crawl lock
    except (ArchiveError, sa.exc.OperationalError, OSError) as exc:
        unrecorded = str(getattr(exc, "orig", None) or exc).splitlines()[0]
    if callable(verdict):  # the archive could not even be read
        verdict = Verdict("failed", f"cannot read the archive: {unrecorded}")
    if run is not None:
        shown = {**run, "status": verdict.status}
        click.echo(summary_line(shown, elapsed, plan.archive_path))
    log = f"(log: {plan.log_path})" if plan.log_path.exists() else ""
    if verdict.status == "finished":
        return 0
    what = f"run {plan.run_id} {verdict.status}: {verdict.reason}"
    if unrecorded is not None:
        what += f"; the run's row could not be updated ({unrecorded})"
    if verdict.status == "degraded":
        click.echo(f"Warning: {what} {log}".rstrip(), err=True)
    else:
        click.echo(f"Error: {what} {log}".rstrip(), err=True)
    return verdict.exit_code


def _run_row(arc: Archive, plan: CrawlPlan) -> dict[str, Any]:
    # the lock keeps this run among the newest of its site (workers: a few)
    return next(
        r for r in arc.list_runs(limit=100, site=plan.site) if r["id"] == plan.run_id
    )


def summary_line(run: dict[str, Any], elapsed: float, archive_path: Path) -> str:
    """``Run 3 finished in 4.2s: 150 new, … (2143 pages/min) -> warta.sqlite``."""

    def n(key: str) -> int:
        return int(run.get(key) or 0)

    pages = n("article_pages") + n("listing_pages")
    rate = pages / elapsed * 60 if elapsed > 0 else 0.0
    return (
        f"Run {run['id']} {run['status']} in {elapsed:.1f}s: {n('new')} new, "
        f"{n('updated')} updated, {n('unchanged')} unchanged, {n('failed')} failed, "
        f"{n('retries')} retries; {n('article_pages')} article + "
        f"{n('listing_pages')} listing pages ({rate:.0f} pages/min) -> {archive_path}"
    )

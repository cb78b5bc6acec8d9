"""Run one crawl into an archive (used by ``warta crawl``).

Part of the composition root with ``cli/main.py``. It opens the run's row
(:func:`pipelines.runs.open_run`, so the log file can be named after it),
passes the options to Scrapy as ``WARTA_*`` settings, and runs the spider:
what to fetch (incremental, refresh, resume, retry) is the crawl policy's
(:mod:`crawler.policy`) and the run's verdict the run lifecycle's
(:mod:`pipelines.runs`), exactly as under ``scrapy crawl``. Here only what
happens outside Scrapy: a base URL that cannot be reached at all fails the run
before Scrapy starts (:mod:`crawler.preflight`), and a crawl that raised is
recorded as failed. Exit codes: finished 0, degraded 3, failed or
interrupted 1.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from archive.location import name_of
from archive.location import shown as shown_location
from archive.store import open_archive
from crawler import reachability
from crawler.crawl_options import CrawlOptions
from crawler.runner import run_spider
from crawler.since import Since, since_text
from crawler.verdict import DEFAULT_MAX_FAILURE_RATE, Verdict
from pipelines.crawlstate import scope_of
from pipelines.runs import UNRECORDABLE, close_run, error_line, open_run, run_row


@dataclass
class CrawlPlan:
    """One run: its spider, site, row and log file."""

    archive_path: Path | str
    spider: str
    site: str
    run_id: int
    log_path: Path
    settings: dict[str, Any]


def log_path_for(archive_path: Path | str, run_id: int) -> Path:
    """``data/warta.sqlite`` -> ``data/warta.logs/run-0007.log`` (a PostgreSQL
    archive: ``./DB.logs/``)."""
    if isinstance(archive_path, str):
        archive_path = Path(name_of(archive_path))
    return archive_path.with_name(archive_path.stem + ".logs") / f"run-{run_id:04d}.log"


def option_settings(
    *,
    full: bool,
    refresh_days: int,
    retry_failed: bool,
    max_articles: int | None,
    since: Since | None,
    max_failure_rate: float = DEFAULT_MAX_FAILURE_RATE,
) -> dict[str, Any]:
    """The ``WARTA_*`` settings of ``warta crawl``'s options."""
    return {
        "WARTA_FULL": full,
        "WARTA_REFRESH_DAYS": refresh_days,
        "WARTA_RETRY_FAILED": retry_failed,
        "WARTA_MAX_ARTICLES": max_articles,
        "WARTA_SINCE": since_text(since),
        "WARTA_MAX_FAILURE_RATE": max_failure_rate,
    }


def plan_crawl(
    archive_path: Path | str,
    spider: str,
    site: str,
    options: dict[str, Any],
    *,
    crawl_id: str | None = None,
) -> CrawlPlan:
    """Open the run's row (with the scope the policy will give it); ``crawl_id``
    is the frontier crawl this run is a worker of."""
    with open_archive(archive_path) as arc:
        scope = scope_of(arc, site, CrawlOptions.from_settings(options))
        run_id = open_run(arc, site, scope, crawl_id=crawl_id)
        log_path = log_path_for(archive_path, run_id)
        arc.update_run(run_id, log_path=str(log_path))
    return CrawlPlan(archive_path, spider, site, run_id, log_path, options)


def execute_crawl(
    plan: CrawlPlan,
    *,
    base_url: str | None,
    default_base_url: str,
    delay: float | None,
    settings: dict[str, Any],
) -> int:
    """Run the planned crawl; print a summary; return the exit status."""
    started = time.monotonic()
    plan.log_path.parent.mkdir(parents=True, exist_ok=True)
    problem = _unreachable(base_url or default_base_url, settings)
    if problem is not None:
        return _report(plan, Verdict("failed", problem), None, started)
    crawl_settings: dict[str, Any] = {
        **plan.settings,
        "WARTA_ARCHIVE_PATH": str(plan.archive_path),
        "WARTA_RUN_ID": plan.run_id,
        "LOG_FILE": str(plan.log_path),
        "LOG_LEVEL": "INFO",
        **({"DOWNLOAD_DELAY": delay} if delay is not None else {}),
        **settings,
    }
    spider_args = {"base_url": base_url} if base_url else {}
    try:
        outcome = run_spider(
            plan.spider, settings=crawl_settings, spider_args=spider_args
        )
        stats = outcome.stats
    except Exception as exc:  # noqa: BLE001  the run row must say it failed
        stats = {"finish_reason": f"error: {type(exc).__name__}: {exc}"}
    if "warta/status" not in stats:  # the lifecycle never closed the run
        verdict = Verdict(
            "failed", str(stats.get("finish_reason", "crawl did not run"))
        )
        return _report(plan, verdict, None, started)
    verdict = Verdict(stats["warta/status"], stats.get("warta/status_reason"))
    return _report(plan, verdict, stats.get("warta/unrecorded"), started, closed=True)


def _unreachable(url: str, settings: dict[str, Any]) -> str | None:
    """``cannot reach URL: why`` when the base URL does not answer at all."""
    timeout = float(
        settings.get("WARTA_PREFLIGHT_TIMEOUT", reachability.DEFAULT_TIMEOUT)
    )
    problem = reachability.unreachable(url, timeout=timeout)
    return None if problem is None else f"cannot reach {url}: {problem}"


def _report(
    plan: CrawlPlan,
    verdict: Verdict,
    unrecorded: str | None,
    started: float,
    *,
    closed: bool = False,
) -> int:
    """Close the row if the crawl could not; print the summary; the exit code.

    When the archive cannot be written (its storage failed), the row is left
    ``running`` (the next crawl marks it ``interrupted``) and stderr says so.
    """
    elapsed = time.monotonic() - started
    run: dict[str, Any] | None = None
    try:
        with open_archive(plan.archive_path) as arc:
            if not closed:
                close_run(arc, plan.run_id, verdict)
            run = run_row(arc, plan.site, plan.run_id)
    except UNRECORDABLE as exc:
        unrecorded = unrecorded or error_line(exc)
        run = _read_run_row(plan)
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


def _read_run_row(plan: CrawlPlan) -> dict[str, Any] | None:
    """The run's row read without writing (a full disk still lets us read it)."""
    try:
        with open_archive(plan.archive_path, read_only=True) as arc:
            return run_row(arc, plan.site, plan.run_id)
    except UNRECORDABLE:
        return None


def summary_line(run: dict[str, Any], elapsed: float, archive_path: Path | str) -> str:
    """``Run 3 finished in 4.2s: 150 new, … (2143 pages/min) -> warta.sqlite``."""

    def n(key: str) -> int:
        return int(run.get(key) or 0)

    pages = n("article_pages") + n("listing_pages")
    rate = pages / elapsed * 60 if elapsed > 0 else 0.0
    return (
        f"Run {run['id']} {run['status']} in {elapsed:.1f}s: {n('new')} new, "
        f"{n('updated')} updated, {n('unchanged')} unchanged, {n('failed')} failed, "
        f"{n('retries')} retries; {n('article_pages')} article + "
        f"{n('listing_pages')} listing pages ({rate:.0f} pages/min) -> {shown_location(archive_path)}"
    )

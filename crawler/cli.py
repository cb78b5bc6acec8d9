"""The ``warta`` command line: the composition root.

This is the one place that wires the crawler, the pipelines and the archive
together; ``archive/`` stays usable alone (``python -m archive``) and never
imports Scrapy.
"""

from __future__ import annotations

import os
import socket
import sys
import time
from pathlib import Path

import click

from archive.cli import register_archive_commands
from archive.paths import default_archive_path
from archive.store import open_archive
from crawler.mirror.server import run_mirror
from crawler.runner import SPIDERS, run_spider
from pipelines.extract_command import extract


@click.group()
@click.version_option(package_name="warta")
def main() -> None:
    """warta: crawl municipal news portals into a searchable archive."""


@main.command()
@click.argument("site", type=click.Choice(sorted(SPIDERS)))
@click.option("--base-url", help="Crawl this origin instead of the real site (a mirror).")
@click.option(
    "--archive",
    "archive_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=default_archive_path,
    show_default="$WARTA_ARCHIVE or ./warta.sqlite",
    help="The SQLite archive to write.",
)
@click.option("--max-articles", type=click.IntRange(min=1), help="Stop after N article pages.")
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    help="Seconds between requests (default 1, or 0 for a loopback mirror).",
)
def crawl(
    site: str,
    base_url: str | None,
    archive_path: Path,
    max_articles: int | None,
    delay: float | None,
) -> None:
    """Crawl SITE into the archive."""
    started = time.monotonic()
    with open_archive(archive_path) as arc:
        run_id = arc.start_run(
            site, pid=os.getpid(), hostname=socket.gethostname(), command=" ".join(sys.argv)
        )
        known = arc.known_articles(site)
    spider_args: dict[str, object] = {
        "base_url": base_url,
        "max_articles": max_articles,
        "delay": delay,
        "known_articles": known,
        "run_id": run_id,
    }
    outcome = run_spider(
        site,
        settings={"WARTA_ARCHIVE_PATH": str(archive_path), "LOG_LEVEL": "WARNING"},
        spider_args=spider_args,
    )
    status = "finished" if outcome.finish_reason == "finished" else "failed"
    elapsed = time.monotonic() - started
    with open_archive(archive_path) as arc:
        arc.finish_run(run_id, status)
        run = next(r for r in arc.list_runs(limit=50) if r["id"] == run_id)
    pages = int(run.get("article_pages") or 0) + int(run.get("listing_pages") or 0)
    click.echo(
        f"Run {run_id} {status} in {elapsed:.1f}s: {run.get('new') or 0} new, "
        f"{run.get('updated') or 0} updated, {run.get('unchanged') or 0} unchanged, "
        f"{run.get('failed') or 0} failed; {pages} pages "
        f"({pages / max(elapsed, 1e-9) * 60:.0f} pages/min) -> {archive_path}"
    )
    if status != "finished":
        raise SystemExit(1)


@main.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--articles", type=click.IntRange(min=1), default=150, show_default=True)
@click.option("--faults", is_flag=True, help="Fail a fixed share of URLs on first request.")
@click.option("--seed", type=int, default=0, show_default=True)
def mirror(port: int, articles: int, faults: bool, seed: int) -> None:
    """Serve an offline mirror of m.beritajakarta.id on 127.0.0.1 (foreground)."""
    run_mirror(port=port, articles=articles, faults=faults, seed=seed)


main.add_command(extract)
register_archive_commands(main)

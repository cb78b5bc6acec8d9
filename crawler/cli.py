"""The ``warta`` command line: the composition root.

This is the one place that wires the crawler, the pipelines and the archive
together; ``archive/`` stays usable alone (``python -m archive``) and never
imports Scrapy. Commands are imported when first used, so ``warta search``
does not pay for loading Scrapy or Datasette.
"""

from __future__ import annotations

import importlib
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from archive.paths import default_archive_path, existing_archive_option
from crawler.lock import CrawlLock, CrawlLocked
from crawler.spiders import SITES
from crawler.verdict import FailureRate

# command name -> "module:attribute" of its click command
LAZY_COMMANDS = {
    "search": "archive.cli:search_command",
    "show": "archive.cli:show_command",
    "stats": "archive.cli:stats_command",
    "export": "archive.cli:export_command",
    "runs": "archive.cli:runs_command",
    "serve": "archive.serve:serve",
    "report": "archive.report:report",
    "export-warc": "archive.warc:export_warc",
    "extract": "pipelines.extract_command:extract",
    "reparse": "pipelines.reparse:reparse_command",
}


class LazyGroup(click.Group):
    """A click group that imports a command's module only when it is used."""

    def __init__(self, *args: Any, lazy: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Eager and lazy commands, sorted."""
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import a lazy command on first use."""
        if cmd_name in self.lazy:
            module, _, attribute = self.lazy[cmd_name].partition(":")
            command = getattr(importlib.import_module(module), attribute)
            if not isinstance(command, click.Command):
                raise TypeError(f"{self.lazy[cmd_name]} is not a click command")
            return command
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, lazy=LAZY_COMMANDS)
@click.version_option(package_name="warta")
def main() -> None:
    """warta: crawl municipal news portals into a searchable archive."""


def _parse_settings(pairs: tuple[str, ...]) -> dict[str, str]:
    settings = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(
                f"expected KEY=VALUE, got {pair!r}", param_hint="--set"
            )
        settings[key.strip()] = value
    return settings


@main.command()
@click.argument("site", type=click.Choice(SITES))
@click.option(
    "--base-url", help="Crawl this origin instead of the real site (a mirror)."
)
@click.option(
    "--archive",
    "archive_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=default_archive_path,
    show_default="$WARTA_ARCHIVE or ./warta.sqlite",
    help="The SQLite archive to write.",
)
@click.option(
    "--max-articles",
    type=click.IntRange(min=1),
    help="Fetch at most N new article pages.",
)
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    help="Seconds between requests (default 1; 0 for a loopback mirror).",
)
@click.option("--full", is_flag=True, help="Re-fetch every article, not only new ones.")
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Stop paging a listing at articles older than this date.",
)
@click.option(
    "--refresh-days",
    type=click.IntRange(min=0),
    default=7,
    show_default=True,
    help="Re-fetch archived articles published in the last N days (views, edits).",
)
@click.option(
    "--retry-failed", is_flag=True, help="Only re-try the URLs in the failures table."
)
@click.option(
    "--wait", is_flag=True, help="Queue behind a running crawl instead of exiting."
)
@click.option(
    "--max-failure-rate",
    type=FailureRate(),
    default="10%",
    show_default=True,
    help="Degraded (exit 3) when more article pages than this fail (0.1 or 10%).",
)
@click.option(
    "--set",
    "overrides",
    multiple=True,
    metavar="KEY=VALUE",
    help="Override a Scrapy setting (e.g. DOWNLOAD_TIMEOUT=10).",
)
def crawl(
    site: str,
    base_url: str | None,
    archive_path: Path,
    max_articles: int | None,
    delay: float | None,
    full: bool,
    since: datetime | None,
    refresh_days: int,
    retry_failed: bool,
    wait: bool,
    max_failure_rate: float,
    overrides: tuple[str, ...],
) -> None:
    """Crawl SITE into the archive: only new articles, unless --full."""
    from crawler.crawl import execute_crawl, plan_crawl  # loads Scrapy

    settings = _parse_settings(overrides)
    try:
        lock = CrawlLock(archive_path, wait=wait)
        lock.acquire()
    except CrawlLocked as exc:
        raise click.ClickException(str(exc)) from None
    try:
        plan = plan_crawl(
            archive_path,
            site,
            full=full,
            refresh_days=refresh_days,
            retry_failed=retry_failed,
            max_articles=max_articles,
            since=since.date() if since else None,
        )
        code = execute_crawl(
            plan,
            base_url=base_url,
            max_articles=max_articles,
            delay=delay,
            since=since.date() if since else None,
            settings=settings,
            max_failure_rate=max_failure_rate,
        )
    finally:
        lock.release()
    if code:
        raise SystemExit(code)


@main.command()
@existing_archive_option
@click.option(
    "--wait", is_flag=True, help="Queue behind a running crawl instead of exiting."
)
def upgrade(archive_path: Path, wait: bool) -> None:
    """Bring an archive written by an older warta up to date (crawls do too)."""
    from archive.errors import ArchiveError
    from archive.store import open_archive

    started = time.monotonic()
    try:
        with CrawlLock(archive_path, wait=wait), open_archive(archive_path) as arc:
            found, now = arc.upgraded_from, arc.schema_version()
    except (CrawlLocked, ArchiveError) as exc:
        raise click.ClickException(str(exc)) from None
    if found == now:
        click.echo(f"{archive_path}: schema {now}, already up to date")
    else:
        seconds = time.monotonic() - started
        click.echo(f"{archive_path}: schema {found} -> {now} ({seconds:.1f} s)")


@main.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--articles", type=click.IntRange(min=1), default=150, show_default=True)
@click.option(
    "--faults", is_flag=True, help="Fail a fixed share of URLs on first request."
)
@click.option("--seed", type=int, default=0, show_default=True)
def mirror(port: int, articles: int, faults: bool, seed: int) -> None:
    """Serve an offline mirror of m.beritajakarta.id on 127.0.0.1 (foreground)."""
    from crawler.mirror import MirrorError, run_mirror

    try:
        run_mirror(port=port, articles=articles, faults=faults, seed=seed)
    except MirrorError as exc:
        raise click.ClickException(str(exc)) from None

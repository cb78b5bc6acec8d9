"""The ``warta`` command line: the composition root.

This is the one place that wires the crawler, the pipelines and the archive
together; ``archive/`` stays usable alone (``python -m archive``) and never
imports Scrapy. Commands are imported when first used, so ``warta search``
does not pay for loading Scrapy or Datasette.
"""

from __future__ import annotations

import importlib
import math
import time
from pathlib import Path
from typing import Any

import click

from archive.boundary import EXIT_CODES_HELP, BoundaryGroup, CommandError
from archive.dates import Period
from archive.location import Location, database_url
from archive.options import ARTICLE_REF_META, DATE
from archive.paths import archive_option
from archive.sqlite_fts import INTEGER_MAX
from crawler.lock import CrawlLock, CrawlLocked, NoLock
from crawler.verdict import FailureRate
from sites import profile_or_generic
from sites.profile import SiteProfile


# command name -> "module:attribute" of its click command
def crawl_lock(
    archive: Path | str, *, wait: bool, shared: bool = False
) -> CrawlLock | NoLock:
    """The file lock of a SQLite archive (shared by the workers of one frontier
    crawl); none for PostgreSQL (many writers)."""
    if isinstance(archive, Path):
        return CrawlLock(archive, wait=wait, shared=shared)
    return NoLock()


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
    "copy": "archive.copy:copy_command",
}


class LazyGroup(BoundaryGroup):
    """A click group that imports a command's module only when it is used
    (and ends every command with one line and an exit code: BoundaryGroup)."""

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


@click.group(
    cls=LazyGroup,
    lazy=LAZY_COMMANDS,
    help="warta: crawl municipal news portals into a searchable archive.\n\n"
    + EXIT_CODES_HELP,
)
@click.version_option(package_name="warta")
@click.pass_context
def main(ctx: click.Context) -> None:
    """warta: crawl municipal news portals into a searchable archive."""
    ctx.meta[ARTICLE_REF_META] = article_ref  # `warta show` finds any URL form


def article_ref(url: str) -> tuple[str, str | None, str] | None:
    """``(site, language, site_article_id)`` of an article URL: its site's profile
    rule, or the generic one (the normalised URL) for a portal without a profile."""
    try:
        return profile_or_generic(url).article_ref(url)
    except ValueError:  # not an http(s) URL (an id, a typo): no identity
        return None


def _finite(_ctx: click.Context, _param: click.Parameter, value: float | None) -> Any:
    if value is not None and not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a finite number")
    return value


@main.command()
@click.argument("site", metavar="SITE")
@click.option(
    "--base-url",
    help="Crawl this origin instead of the real site (a mirror); "
    "required by SITE generic.",
)
@archive_option("create")
@click.option(
    "--max-articles",
    type=click.IntRange(min=1, max=INTEGER_MAX),
    help="Fetch at most N new article pages.",
)
@click.option(
    "--delay",
    type=click.FloatRange(min=0, max=3600),
    callback=_finite,
    help="Seconds between requests (default 1; 0 for a loopback mirror).",
)
@click.option("--full", is_flag=True, help="Re-fetch every article, not only new ones.")
@click.option(
    "--since",
    type=DATE,
    help="Only articles published from this date or ISO time with offset on.",
)
@click.option(
    "--refresh-days",
    type=click.IntRange(min=0, max=36_500),
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
    "--frontier",
    metavar="redis://HOST:PORT/DB",
    help="Be one worker of a crawl shared through this Redis (see Scaling out).",
)
@click.option(
    "--idle-timeout",
    type=click.FloatRange(min=0, max=86_400),
    default=30,
    show_default=True,
    callback=_finite,
    help="With --frontier: exit once the crawl was empty this many seconds.",
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
    archive_path: Location,
    max_articles: int | None,
    delay: float | None,
    full: bool,
    since: Period | None,
    refresh_days: int,
    retry_failed: bool,
    wait: bool,
    max_failure_rate: float,
    frontier: str | None,
    idle_timeout: float,
    overrides: tuple[str, ...],
) -> None:
    """Crawl SITE into the archive: only new articles, unless --full.

    SITE is a spider: one per site profile (beritajakarta, jabar …) or
    generic, which crawls any portal at --base-url by its sitemaps, feeds and
    listings. Exits 0 when the run finished, 1 when it failed, 3 when it
    finished degraded (too many pages failed), 2 for bad options.
    """
    from cli.crawl import execute_crawl, option_settings, plan_crawl  # loads Scrapy
    from crawler.preflight import check_base_url, typed_settings

    base_url = check_base_url(base_url)
    profile = _site_profile(site, base_url)
    settings = typed_settings(overrides)
    bound = since.as_since() if since else None
    options = option_settings(
        full=full,
        refresh_days=refresh_days,
        retry_failed=retry_failed,
        max_articles=max_articles,
        since=bound,
        max_failure_rate=max_failure_rate,
    )
    crawl_id = None
    if frontier is not None:
        crawl_id = _join_frontier(
            frontier, profile.name, archive_path, idle_timeout, settings
        )
    try:
        lock = crawl_lock(archive_path, wait=wait, shared=crawl_id is not None)
        lock.acquire()
    except CrawlLocked as exc:
        raise CommandError(str(exc)) from None
    try:
        plan = plan_crawl(archive_path, site, profile.name, options, crawl_id=crawl_id)
        code = execute_crawl(
            plan,
            base_url=base_url,
            default_base_url=profile.default_base_url,
            delay=delay,
            settings=settings,
        )
    finally:
        lock.release()
    if code:
        raise SystemExit(code)  # 1 failed, 3 degraded: the boundary lets it through


def _join_frontier(
    url: str, site: str, archive_path: Location, idle_timeout: float, settings: Any
) -> str:
    """Join (or start) the frontier crawl; add its settings; return its id."""
    from crawler.frontier.settings import (
        FrontierError,
        check_frontier_url,
        frontier_settings,
        join,
    )

    try:
        check_frontier_url(url)
    except FrontierError as exc:
        raise click.BadParameter(str(exc), param_hint="--frontier") from None
    archive = _frontier_archive_name(archive_path)
    try:
        crawl_id = join(url, site, archive)
    except FrontierError as exc:
        raise CommandError(str(exc)) from None
    settings.update(
        frontier_settings(
            url,
            site=site,
            crawl_id=crawl_id,
            archive=archive,
            idle_timeout=idle_timeout,
        )
    )
    return crawl_id


def _frontier_archive_name(archive: Location) -> str:
    """The archive as every worker names it: a SQLite file's absolute path, or
    a PostgreSQL URL with the psycopg driver and no password."""
    if isinstance(archive, Path):
        return str(archive.resolve())
    try:
        return database_url(archive).render_as_string(hide_password=True)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--archive") from None


def _site_profile(spider: str, base_url: str | None) -> SiteProfile:
    """The profile SITE crawls; a usage error for an unknown SITE or no --base-url."""
    from crawler.runner import spider_loader
    from crawler.spiders.portal import PortalSpider

    loader = spider_loader()
    names = sorted(loader.list())
    if spider not in names:
        raise click.BadParameter(
            f"{spider!r} is not a spider (known: {', '.join(names)})",
            param_hint="'SITE'",
        )
    spidercls = loader.load(spider)
    if not issubclass(spidercls, PortalSpider):
        raise click.BadParameter(
            f"{spider!r} is not a portal spider", param_hint="'SITE'"
        )
    if spidercls.requires_base_url and not base_url:
        raise click.UsageError(f"warta crawl {spider} needs --base-url URL")
    return spidercls.profile_for(base_url)


@main.command()
@archive_option("write")
@click.option(
    "--wait", is_flag=True, help="Queue behind a running crawl instead of exiting."
)
def upgrade(archive_path: Path, wait: bool) -> None:
    """Bring an archive written by an older warta up to date (crawls do too)."""
    from archive.store import open_archive

    started = time.monotonic()
    try:
        with crawl_lock(archive_path, wait=wait), open_archive(archive_path) as arc:
            found, now = arc.upgraded_from, arc.schema_version()
            tidied = arc.tidy_search_index()  # as a crawl does at its end
    except CrawlLocked as exc:
        raise CommandError(str(exc)) from None
    if found == now:
        click.echo(f"{archive_path}: schema {now}, already up to date")
    else:
        seconds = time.monotonic() - started
        click.echo(f"{archive_path}: schema {found} -> {now} ({seconds:.1f} s)")
    if tidied:
        click.echo(f"{archive_path}: search index tidied")

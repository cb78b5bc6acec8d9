"""Analyst commands over the archive: search, show, stats, export, runs (click).

Thin wrappers over :mod:`archive.store` and :mod:`archive.search`. The ``warta``
group registers them with ``register_archive_commands(group)``; ``python -m
archive`` runs them too. Errors leave through the one boundary
(:mod:`archive.boundary`): one ``Error: …`` line, exit 1, or 2 for usage.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from archive import render
from archive.boundary import (
    EXIT_CODES_HELP,
    EXIT_ERROR,
    EXIT_USAGE,
    BoundaryGroup,
    command_error,
)
from archive.export import EXPORT_COLUMNS, FORMATS, write_rows
from archive.filters import check_filter_values
from archive.location import file_of
from archive.options import (
    ARTICLE_REF_META,
    FORCE,
    filter_options,
    filters_of,
)
from archive.output import choose_format, open_output, plan_output
from archive.paths import archive_option
from archive.search import HIT_FIELDS, count_matches, iter_articles, search
from archive.search_query import SORTS, build_query
from archive.sqlite_fts import INTEGER_MAX
from archive.store import Archive, open_archive

F = TypeVar("F", bound=Callable[..., Any])

#: The table footer counts matches no further than this ("of more than …").
COUNT_CAP = 10_000


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """End the command with ``Error: message`` (one line) and exit ``code``."""
    raise command_error(message, code)


def format_option(*choices: str) -> Callable[[F], F]:
    """``--format`` among ``choices`` (the first is the default)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
    )


def echo_json(value: Any) -> None:
    """Print ``value`` as indented JSON, non-ASCII text kept."""
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


@contextmanager
def opened(path: Path) -> Iterator[Archive]:
    """Open the (already checked) archive read-only."""
    arc = open_archive(path, read_only=True)
    try:
        yield arc
    finally:
        arc.close()


@click.command("search")
@click.argument("query", required=False, default="")
@archive_option()
@format_option("table", "json", "csv")
@click.option(
    "--limit", type=click.IntRange(1, INTEGER_MAX), default=20, show_default=True
)
@click.option(
    "--offset", type=click.IntRange(0, INTEGER_MAX), default=0, show_default=True
)
@click.option(
    "--sort",
    type=click.Choice(SORTS),
    default="relevance",
    show_default=True,
    help="relevance needs a QUERY; without one, newest first.",
)
@filter_options
def search_command(
    query: str,
    archive_path: Path,
    fmt: str,
    limit: int,
    offset: int,
    sort: str,
    raw: bool,
    **kwargs: Any,
) -> None:
    """Full-text search of the archive, ranked by relevance (title counts most)."""
    with opened(archive_path) as arc:
        check_filter_values(arc, site=kwargs["site"], language=kwargs["language"])
        hits = search(
            arc,
            query,
            raw=raw,
            limit=limit,
            offset=offset,
            sort=sort,
            **filters_of(kwargs),
        )
        total = None
        if fmt == "table":
            total = count_matches(
                arc, query, raw=raw, cap=COUNT_CAP + 1, **filters_of(kwargs)
            )
    if fmt == "json":
        echo_json([h.to_dict() for h in hits])
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=HIT_FIELDS, lineterminator="\n")
        writer.writeheader()
        for hit in hits:
            writer.writerow(hit.to_dict())
    else:
        render.hits_table(
            hits, query, offset=offset, total=total, capped=total == COUNT_CAP + 1
        )


@click.command("show")
@click.argument("article")
@archive_option()
@format_option("text", "json")
@click.pass_context
def show_command(
    ctx: click.Context, article: str, archive_path: Path, fmt: str
) -> None:
    """Show one article (by id or URL): fields, links, view history."""
    resolve = ctx.meta.get(ARTICLE_REF_META)
    ref = resolve(article) if resolve is not None else None
    with opened(archive_path) as arc:
        found = arc.get_article(article, ref=ref)
    if found is None:
        fail(f"no article {article!r} in the archive", code=EXIT_ERROR)
    if fmt == "json":
        echo_json(found)
    else:
        render.article(found)


@click.command("stats")
@archive_option()
@format_option("text", "json")
@click.option(
    "--top",
    type=click.IntRange(1, INTEGER_MAX),
    default=20,
    show_default=True,
    help="Rows per category/reporter table.",
)
def stats_command(archive_path: Path, fmt: str, top: int) -> None:
    """Articles by site, language, month, category and reporter; latest runs."""
    with opened(archive_path) as arc:
        data = arc.stats(top=top)
    if fmt == "json":
        echo_json(data)
    else:
        render.stats(data)


@click.command("runs")
@archive_option()
@click.option(
    "--limit", type=click.IntRange(1, INTEGER_MAX), default=20, show_default=True
)
@click.option("--site", help="Only runs of this site.")
@format_option("text", "json")
def runs_command(archive_path: Path, limit: int, site: str | None, fmt: str) -> None:
    """List crawl runs, newest first: status, counters, duration."""
    with opened(archive_path) as arc:
        rows = arc.list_runs(limit=limit, site=site)
    if fmt == "json":
        echo_json(rows)
    else:
        render.runs(rows)


@click.command("export")
@click.argument("query", required=False, default="")
@archive_option()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format [default: from --out's suffix; required for -].",
)
@click.option(
    "--out",
    "out",
    required=True,
    metavar="FILE|-",
    help="Output file, or - for stdout (replaced only with --force).",
)
@FORCE
@click.option(
    "--sort",
    type=click.Choice(SORTS),
    default=None,
    help="Order of rows [default: by id].",
)
@filter_options
def export_command(
    query: str,
    archive_path: Path,
    fmt: str | None,
    out: str,
    force: bool,
    sort: str | None,
    raw: bool,
    **kwargs: Any,
) -> None:
    """Export matching articles (all, or those matching QUERY) in constant memory.

    OUT is never the archive or another SQLite database; an existing file is
    replaced (atomically) only with --force.
    """
    target = plan_output(out, archive=file_of(archive_path), force=force)
    fmt = choose_format(out, fmt, FORMATS, binary=("parquet",))
    filters = filters_of(kwargs)
    build_query(query, raw=raw, sort=sort or "id", **filters)  # validate first
    columns = (*EXPORT_COLUMNS, "score") if query.strip() else EXPORT_COLUMNS
    with opened(archive_path) as arc:
        check_filter_values(arc, site=filters["site"], language=filters["language"])
        rows = iter_articles(
            arc, query, raw=raw, sort=sort, columns=EXPORT_COLUMNS, **filters
        )
        with closing(rows), open_output(target) as stream:  # type: ignore[type-var]
            count = write_rows(rows, fmt, stream, columns)
    click.echo(f"Exported {count} article(s) to {target.name}", err=True)


COMMANDS: tuple[click.Command, ...] = (
    search_command,
    show_command,
    stats_command,
    export_command,
    runs_command,
)


def register_archive_commands(group: click.Group) -> None:
    """Add the archive commands to ``group`` (the ``warta`` command line)."""
    for command in COMMANDS:
        group.add_command(command)


register = register_archive_commands


@click.group("archive", cls=BoundaryGroup, epilog=EXIT_CODES_HELP)
def cli() -> None:
    """warta archive: search, show, stats, export and runs."""


register_archive_commands(cli)

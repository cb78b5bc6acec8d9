"""Analyst commands over the archive: search, show, stats, export, runs (click).

Thin wrappers over :mod:`archive.store` and :mod:`archive.search`. The ``warta``
group registers them with ``register_archive_commands(group)``; ``python -m
archive`` runs them too.
User errors (missing archive, bad query) print one line and exit with 2.
"""

from __future__ import annotations

import csv
import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click
import sqlalchemy as sa

from archive import render
from archive.errors import ArchiveError
from archive.export import FORMATS, write_rows
from archive.output import OutputError, choose_format, open_output, plan_output
from archive.paths import default_archive_path
from archive.search import EXPORT_COLUMNS, SORTS, build_query, iter_articles, search
from archive.store import Archive, open_archive

F = TypeVar("F", bound=Callable[..., Any])
USAGE_ERROR = 2


def fail(message: str, code: int = USAGE_ERROR) -> NoReturn:
    """Print ``Error: message`` on stderr (one line) and exit with ``code``."""
    first = (message.splitlines() or [""])[0]
    click.echo(f"Error: {first}", err=True)
    raise click.exceptions.Exit(code)


def friendly(func: F) -> F:
    """Turn archive and database errors into one-line messages, no traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ArchiveError as exc:
            fail(str(exc))
        except sa.exc.DBAPIError as exc:
            fail(f"database error: {exc.orig}", code=1)

    return wrapper  # type: ignore[return-value]


@contextmanager
def opened(path: Path | None) -> Iterator[Archive]:
    """Open the archive read-only (``--archive``, ``$WARTA_ARCHIVE``, ./warta.sqlite)."""
    arc = open_archive(path or default_archive_path(), read_only=True)
    try:
        yield arc
    finally:
        arc.close()


def archive_option(func: F) -> F:
    """The shared ``--archive PATH`` option."""
    return click.option(
        "--archive",
        "archive_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Archive file [default: $WARTA_ARCHIVE or ./warta.sqlite].",
    )(func)


def filter_options(func: F) -> F:
    """Query options shared by ``search`` and ``export``."""
    options = [
        click.option(
            "--raw",
            is_flag=True,
            help='Pass FTS5 syntax through (AND/OR/NOT, "phrases", prefix*, NEAR).',
        ),
        click.option("--site", help="Only this site (e.g. beritajakarta)."),
        click.option("--language", help="Only this language: id or en."),
        click.option("--reporter", help="Reporter name (exact, any case)."),
        click.option("--editor", help="Editor name (exact, any case)."),
        click.option("--category", help="Category (exact, any case)."),
        click.option(
            "--since", help="Published on or after (YYYY[-MM[-DD]] or ISO time)."
        ),
        click.option(
            "--until", help="Published on or before (a date includes that whole day)."
        ),
        click.option(
            "--min-views", type=click.IntRange(min=0), help="At least this many views."
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _filters(kwargs: dict[str, Any]) -> dict[str, Any]:
    names = (
        "site",
        "language",
        "reporter",
        "editor",
        "category",
        "since",
        "until",
        "min_views",
    )
    return {name: kwargs[name] for name in names}


@click.command("search")
@click.argument("query", required=False, default="")
@archive_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@click.option("--limit", type=click.IntRange(min=0), default=20, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True)
@click.option(
    "--sort",
    type=click.Choice(SORTS),
    default="relevance",
    show_default=True,
    help="relevance needs a QUERY; without one, newest first.",
)
@filter_options
@friendly
def search_command(
    query: str,
    archive_path: Path | None,
    fmt: str,
    limit: int,
    offset: int,
    sort: str,
    raw: bool,
    **kwargs: Any,
) -> None:
    """Full-text search of the archive, ranked by relevance (title counts most)."""
    with opened(archive_path) as arc:
        hits = search(
            arc,
            query,
            raw=raw,
            limit=limit,
            offset=offset,
            sort=sort,
            **_filters(kwargs),
        )
    if fmt == "json":
        click.echo(
            json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=2)
        )
    elif fmt == "csv":
        columns = (
            list(hits[0].to_dict())
            if hits
            else [
                "id",
                "url",
                "title",
                "published_at",
                "reporter",
                "editor",
                "views",
                "snippet",
                "score",
                "site",
                "language",
                "category",
            ]
        )
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for hit in hits:
            writer.writerow(hit.to_dict())
    else:
        render.hits_table(hits, query)


@click.command("show")
@click.argument("article")
@archive_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@friendly
def show_command(article: str, archive_path: Path | None, fmt: str) -> None:
    """Show one article (by id or any URL form): fields, links, view history."""
    with opened(archive_path) as arc:
        found = arc.get_article(article)
    if found is None:
        fail(f"no article {article!r} in the archive", code=1)
    if fmt == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
    else:
        render.article(found)


@click.command("stats")
@archive_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="Rows per category/reporter table.",
)
@friendly
def stats_command(archive_path: Path | None, fmt: str, top: int) -> None:
    """Articles by site, language, month, category and reporter; latest runs."""
    with opened(archive_path) as arc:
        data = arc.stats(top=top)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        render.stats(data)


@click.command("runs")
@archive_option
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--site", help="Only runs of this site.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@friendly
def runs_command(
    archive_path: Path | None, limit: int, site: str | None, fmt: str
) -> None:
    """List crawl runs, newest first: status, counters, duration."""
    with opened(archive_path) as arc:
        rows = arc.list_runs(limit=limit, site=site)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        render.runs(rows)


@click.command("export")
@click.argument("query", required=False, default="")
@archive_option
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
@click.option(
    "--force", is_flag=True, help="Replace an existing --out file (never a database)."
)
@click.option(
    "--sort",
    type=click.Choice(SORTS),
    default=None,
    help="Order of rows [default: by id].",
)
@filter_options
@friendly
def export_command(
    query: str,
    archive_path: Path | None,
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
    try:
        path = archive_path or default_archive_path()
        target = plan_output(out, archive=path, force=force)
        fmt = choose_format(out, fmt, FORMATS, binary=("parquet",))
        filters = _filters(kwargs)
        build_query(query, raw=raw, sort=sort or "id", **filters)  # validate first
        columns = (*EXPORT_COLUMNS, "score") if query.strip() else EXPORT_COLUMNS
        with opened(path) as arc:
            rows = iter_articles(
                arc, query, raw=raw, sort=sort, columns=EXPORT_COLUMNS, **filters
            )
            with closing(rows), open_output(target) as stream:  # type: ignore[type-var]
                count = write_rows(rows, fmt, stream, columns)
    except OutputError as exc:
        fail(str(exc), code=exc.exit_code)
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


@click.group("archive")
def cli() -> None:
    """warta archive: search, show, stats, export and runs."""


register_archive_commands(cli)

"""Options shared by the commands: dates, numbers, the search filters (click).

``--since``/``--until`` are parsed once, by :func:`archive.dates.parse_period`;
every number has a range an SQLite INTEGER holds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from archive.dates import DateInputError, Period, parse_period
from archive.sqlite_fts import INTEGER_MAX

F = TypeVar("F", bound=Callable[..., Any])

#: ``click.Context.meta`` key of ``url -> (site, language, site_article_id) | None``:
#: the site rules, set by the ``warta`` command line (the archive knows no site).
#: Without it, ``show`` finds an article by id or canonical URL only.
ARTICLE_REF_META = "warta.article_ref"


class DateType(click.ParamType[Period]):
    """``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or an ISO time with an offset."""

    name = "date"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Period:
        """Parse with :func:`archive.dates.parse_period` (a usage error if not)."""
        if isinstance(value, Period):
            return value
        try:
            return parse_period(str(value))
        except DateInputError as exc:
            self.fail(str(exc), param, ctx)


DATE = DateType()

#: ``--since`` of the commands that read stored pages (by when they were fetched).
FETCHED_SINCE = click.option(
    "--since",
    type=DATE,
    help="Only pages fetched from this date (UTC day) or ISO time with offset.",
)
#: ``--force`` of the commands that write an ``--out`` file.
FORCE = click.option(
    "--force", is_flag=True, help="Replace an existing --out file (never a database)."
)


def filter_options(func: F) -> F:
    """Query options shared by ``search`` and ``export``."""
    options = [
        click.option(
            "--raw",
            is_flag=True,
            help='Pass FTS5 syntax through (AND/OR/NOT, "phrases", prefix*, NEAR).',
        ),
        click.option("--site", help="Only this site (its name, as `stats` lists it)."),
        click.option("--language", help="Only this language: id or en."),
        click.option("--reporter", help="Reporter name (exact, any case)."),
        click.option("--editor", help="Editor name (exact, any case)."),
        click.option("--category", help="Category (exact, any case)."),
        click.option(
            "--since",
            type=DATE,
            help="Published from (YYYY[-MM[-DD]], or an ISO time with offset).",
        ),
        click.option(
            "--until",
            type=DATE,
            help="Published until (a date includes that whole day).",
        ),
        click.option(
            "--min-views",
            type=click.IntRange(0, INTEGER_MAX),
            help="At least this many views.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def filters_of(kwargs: dict[str, Any]) -> dict[str, Any]:
    """The filter values among a command's keyword arguments."""
    from archive.search_query import FILTERS  # the keyword names of search()

    return {name: kwargs[name] for name in FILTERS}

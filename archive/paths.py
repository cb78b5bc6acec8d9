"""Where the archive lives when no path is given, and the options that name one.

``--archive`` (and ``warta copy``'s ``--from``/``--to``) and ``$WARTA_ARCHIVE``
take a SQLite file path or a PostgreSQL URL (see :mod:`archive.location`): a
path comes as a ``Path``, a URL as text.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from archive.location import Location, is_database_url, parse_location

F = TypeVar("F", bound=Callable[..., object])

ENV_VAR = "WARTA_ARCHIVE"
DEFAULT_FILENAME = "warta.sqlite"


def default_archive_path() -> Location:
    """Return ``$WARTA_ARCHIVE`` (a path or a URL) if set and non-empty, else
    ``./warta.sqlite``."""
    value = os.environ.get(ENV_VAR, "").strip()
    return parse_location(value) if value else Path(DEFAULT_FILENAME)


class ArchiveLocation(click.ParamType):  # type: ignore[type-arg]
    """A SQLite path (as ``Path``) or a PostgreSQL URL (kept as text)."""

    name = "path|url"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> Location:
        if isinstance(value, Path) or is_database_url(value):
            return value  # type: ignore[return-value]
        return Path(str(value))


def location_option(*param_decls: str, **attrs: Any) -> Callable[[F], F]:
    """An option naming an archive: a file (as ``Path``) or a PostgreSQL URL."""
    return click.option(*param_decls, type=ArchiveLocation(), **attrs)


def archive_option(access: str = "read") -> Callable[[F], F]:
    """``--archive PATH``, checked before the command runs (see
    :func:`archive.preflight.check_archive`; ``access``: read, write, create)."""

    def check(
        _ctx: click.Context, _param: click.Parameter, value: Location
    ) -> Location:
        from archive.preflight import Access, check_archive  # loads SQLAlchemy

        check_archive(value, Access(access))
        return value

    helps = {
        "read": "The archive to read.",
        "write": "The archive to update.",
        "create": "The archive to write (created if missing).",
    }
    return location_option(
        "--archive",
        "archive_path",
        default=default_archive_path,
        show_default="$WARTA_ARCHIVE or ./warta.sqlite",
        callback=check,
        help=helps[access] + " A file, or postgresql://USER@HOST[:PORT]/DB.",
    )


#: ``--archive PATH`` of a command that reads an existing archive.
existing_archive_option = archive_option("read")

"""Where the archive lives when no path is given, and the shared ``--archive`` option."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

F = TypeVar("F", bound=Callable[..., object])

ENV_VAR = "WARTA_ARCHIVE"
DEFAULT_FILENAME = "warta.sqlite"


def default_archive_path() -> Path:
    """Return ``$WARTA_ARCHIVE`` if set and non-empty, else ``./warta.sqlite``."""
    value = os.environ.get(ENV_VAR, "").strip()
    return Path(value) if value else Path(DEFAULT_FILENAME)


def archive_option(access: str = "read") -> Callable[[F], F]:
    """``--archive PATH``, checked before the command runs (see
    :func:`archive.preflight.check_archive`; ``access``: read, write, create)."""

    def check(_ctx: click.Context, _param: click.Parameter, value: Path) -> Path:
        from archive.preflight import Access, check_archive  # loads SQLAlchemy

        check_archive(value, Access(access))
        return value

    helps = {
        "read": "The archive to read.",
        "write": "The archive to update.",
        "create": "The archive to write (created if missing).",
    }
    return click.option(
        "--archive",
        "archive_path",
        type=click.Path(path_type=Path),
        default=default_archive_path,
        show_default="$WARTA_ARCHIVE or ./warta.sqlite",
        callback=check,
        help=helps[access],
    )


#: ``--archive PATH`` of a command that reads an existing archive.
existing_archive_option = archive_option("read")

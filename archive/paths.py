"""Where the archive lives when no path is given."""

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


def existing_archive_option(func: F) -> F:
    """``--archive PATH`` for commands that need an archive that already exists."""
    return click.option(
        "--archive",
        "archive_path",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        default=default_archive_path,
        show_default="$WARTA_ARCHIVE or ./warta.sqlite",
    )(func)

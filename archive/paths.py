"""Where the archive lives when no path is given."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "WARTA_ARCHIVE"
DEFAULT_FILENAME = "warta.sqlite"


def default_archive_path() -> Path:
    """Return ``$WARTA_ARCHIVE`` if set and non-empty, else ``./warta.sqlite``."""
    value = os.environ.get(ENV_VAR, "").strip()
    return Path(value) if value else Path(DEFAULT_FILENAME)

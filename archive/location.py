"""Where an archive lives: a SQLite file (a path) or a PostgreSQL database (a URL).

``postgresql://USER@HOST[:PORT]/DB`` (also ``postgresql+psycopg://`` and
``postgres://``) names a PostgreSQL archive reached with psycopg 3; anything
else is a SQLite file path. A URL stays text (``Path`` would fold its ``//``);
query parameters (``?options=-csearch_path%3Dwarta``) pass through to psycopg.
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa

#: A SQLite file, or a PostgreSQL URL (text).
Location = Path | str

URL_SCHEMES: tuple[str, ...] = ("postgresql://", "postgresql+psycopg://", "postgres://")
DRIVER = "postgresql+psycopg"


def is_database_url(value: object) -> bool:
    """True if ``value`` is a PostgreSQL URL rather than a file path."""
    return isinstance(value, str) and value.strip().lower().startswith(URL_SCHEMES)


def parse_location(value: str | os.PathLike[str]) -> Location:
    """A URL as stripped text, anything else as a ``Path``."""
    if is_database_url(value):
        return str(value).strip()
    return Path(value)


def database_url(url: str) -> sa.URL:
    """The SQLAlchemy URL of a PostgreSQL location, always with psycopg 3."""
    try:
        parsed = sa.make_url(url.strip())
    except sa.exc.ArgumentError as exc:
        raise ValueError(f"not a database URL: {shown(url)}") from exc
    if not parsed.database:
        raise ValueError(f"the URL names no database: {shown(url)}")
    return parsed.set(drivername=DRIVER)


def shown(location: Location) -> str:
    """The location for messages (a URL's password hidden)."""
    if isinstance(location, Path):
        return str(location)
    try:
        return sa.make_url(location).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "<unparsable database URL>"


def file_of(location: Location) -> Path | None:
    """The archive's file (outputs must never overwrite it); None for a URL."""
    return location if isinstance(location, Path) else None


def name_of(location: Location) -> str:
    """A short name: the file name, or the database name of a URL."""
    if isinstance(location, Path):
        return location.name
    try:
        return sa.make_url(location).database or shown(location)
    except sa.exc.ArgumentError:
        return shown(location)

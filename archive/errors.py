"""Exceptions raised by the archive; each carries a one-line message for users.

``exit_code`` is the exit status the command line ends with (see
:mod:`archive.boundary`): 1 for an archive that cannot be used, 2 for bad
input from the user (a missing archive, a bad query or filter).
"""

from __future__ import annotations


class ArchiveError(Exception):
    """Base class for errors the archive reports to users."""

    exit_code = 1


class ArchiveNotFoundError(ArchiveError, FileNotFoundError):
    """The archive file does not exist (and was opened read-only)."""

    exit_code = 2


class SchemaVersionError(ArchiveError):
    """The archive's schema version is newer than this code, or not an archive."""


class UnknownFieldError(ArchiveError, ValueError):
    """A row given to the archive has a key that is not a declared column."""


class InvalidRowError(ArchiveError, ValueError):
    """A row given to the archive lacks a required value or has a wrong type."""


class SearchError(ArchiveError, ValueError):
    """A search query or filter that cannot be run (one-line message)."""

    exit_code = 2

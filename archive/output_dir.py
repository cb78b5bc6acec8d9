"""Safe output directories (``warta report``): the rules of :mod:`archive.output`
for a directory of files written together.

A missing directory is created (with its parents); an existing one must be empty,
hold an earlier output of the same command, or be forced. Every file is checked
like a single output (never the archive or a SQLite file, symlinks followed) and
written to a temporary; all are put in place once every one is complete. On an
error none is, and the directories this call created are removed again.
"""

from __future__ import annotations

import contextlib
import stat
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO

from archive.output import (
    STDOUT,
    OutputError,
    OutputUsageError,
    as_output_error,
    open_outputs,
    os_reason,
    plan_output,
    resolve_path,
    stat_or_none,
)


def plan_directory(out: str, *, force: bool, is_own: Callable[[Path], bool]) -> Path:
    """Check a report directory: missing, empty, ``is_own`` (a previous output of
    the same command) or ``force``; return its resolved path."""
    if out == STDOUT:
        raise OutputUsageError(
            "this command writes a directory; --out - is not possible"
        )
    directory = resolve_path(Path(out), out)
    st = stat_or_none(directory)
    if st is None:
        return directory
    if not stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{out} exists and is not a directory")
    try:
        empty = not any(directory.iterdir())
    except OSError as exc:
        raise OutputError(f"cannot read {out}: {os_reason(exc)}") from exc
    if not (empty or force or is_own(directory)):
        raise OutputError(
            f"{out} is not empty and holds no earlier report; give --force to "
            "write into it"
        )
    return directory


@contextlib.contextmanager
def open_directory_files(
    directory: Path, names: Sequence[str], *, archive: Path | None, label: str
) -> Iterator[list[IO[bytes]]]:
    """Streams for ``names`` in ``directory`` (created if missing), put in place
    together when the block succeeds; on failure nothing new is left behind."""
    missing = []
    for parent in (directory, *directory.parents):
        if parent.exists():
            break
        missing.append(parent)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        targets = [
            plan_output(str(directory / name), archive=archive, force=True)
            for name in names
        ]
        with open_outputs(targets, label=label) as streams:
            yield streams
    except BaseException as exc:
        for created in missing:  # innermost first
            with contextlib.suppress(OSError):
                created.rmdir()
        converted = as_output_error(exc, label)
        if converted is exc:
            raise
        raise converted from exc

"""Safe output targets for ``warta export``, ``export-warc`` and ``report``.

Rules (the README repeats them):

* ``-`` is standard output. Its format must be given with ``--format``; a
  binary format (Parquet, WARC) is refused when stdout is a terminal.
* An output is refused, even with ``--force``, when it is the archive or one of
  its ``-wal``/``-shm``/``-journal`` files (by resolved path and by
  ``(st_dev, st_ino)``, so symlinks and hard links are caught), or when it looks
  like a file of any SQLite database: it starts with the SQLite header, a WAL or
  rollback-journal header, it has a ``-wal``, ``-shm`` or ``-journal`` sibling
  (a database in use), or its name ends with one of those suffixes and the file
  without the suffix is a SQLite database.
* A regular file is written to a temporary file in the destination's directory,
  fsynced, then renamed over it; an existing regular file is replaced only with
  ``--force`` (without it the rename cannot replace a file that appeared in the
  meantime). On any error the temporary is removed and the old file stays.
* Character devices (``/dev/null``, ``/dev/full``), FIFOs and open descriptors
  (``/dev/stdout``, ``/dev/fd/N``: like a shell's ``>``) are written directly.
  Block devices, sockets and directories are refused.
* A symlink is followed: its target is written or replaced, the link stays.
* Any ``OSError`` (missing directory, full disk, permissions) becomes one
  :class:`OutputError`; a format that contradicts the file name is an
  :class:`OutputUsageError`.

Directories of several files (``warta report``) are in :mod:`archive.output_dir`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

from archive.errors import ArchiveError

STDOUT = "-"
SQLITE_HEADER = b"SQLite format 3\x00"
_WAL_MAGICS = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")
_JOURNAL_MAGIC = b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7"
COMPANIONS = ("-wal", "-shm", "-journal")
# File-name endings and the format they announce (longest ending first).
SUFFIX_FORMATS: tuple[tuple[str, str], ...] = (
    (".warc.gz", "warc.gz"),
    (".csv", "csv"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".parquet", "parquet"),
    (".warc", "warc"),
    (".gz", "gzip"),
    (".sqlite", "sqlite"),
    (".sqlite3", "sqlite"),
    (".db", "sqlite"),
)

Kind = Literal["stdout", "file", "stream", "descriptor"]


class OutputError(ArchiveError):
    """An output that cannot or must not be written (exit 1, one line)."""

    exit_code = 1


class OutputUsageError(OutputError, ValueError):
    """``--out``/``--format`` given in a way that cannot work (exit 2)."""

    exit_code = 2


def format_from_name(name: str) -> str | None:
    """The format a file name announces by its ending (``x.warc.gz`` -> warc.gz)."""
    lowered = name.lower()
    for ending, fmt in SUFFIX_FORMATS:
        if lowered.endswith(ending) and len(lowered) > len(ending):
            return fmt
    return None


def choose_format(
    out: str, fmt: str | None, formats: Sequence[str], *, binary: Sequence[str] = ()
) -> str:
    """The format to write: ``fmt`` if the name agrees, else the name's own.

    Formats in ``binary`` are refused on stdout when it is a terminal.
    """
    choices = "|".join(formats)
    if out == STDOUT:
        if fmt is None:
            raise OutputUsageError(f"give --format {choices} to write to stdout (-)")
        if fmt in binary and sys.stdout.isatty():
            raise OutputUsageError(
                f"will not write {fmt} to a terminal; redirect stdout or give "
                "--out FILE"
            )
        return fmt
    announced = format_from_name(Path(out).name)
    if fmt is not None:
        compressed = announced == "gzip" and fmt.endswith(".gz")
        if announced is not None and announced != fmt and not compressed:
            raise OutputUsageError(
                f"--format {fmt} contradicts the file name {Path(out).name} "
                f"({announced})"
            )
        return fmt
    if announced is not None and announced in formats:
        return announced
    raise OutputUsageError(f"give --format {choices} (cannot tell from the file name)")


@dataclass(frozen=True)
class Output:
    """Where an output goes: ``name`` as given, ``path`` the resolved file."""

    name: str
    kind: Kind
    path: Path = Path(STDOUT)  # the resolved file (``-`` for stdout)
    replace: bool = False  # an existing regular file may be replaced


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def resolve_path(path: Path, name: str) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop
        raise OutputError(f"cannot resolve {name}: {exc}") from exc


def _head(path: Path, name: str) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise OutputError(f"cannot check {name}: {os_reason(exc)}") from exc


def refuse_database(name: str, dest: Path, archive: Path | None) -> None:
    """Raise :class:`OutputError` if ``dest`` is the archive or a SQLite file."""
    if archive is not None:
        own = resolve_path(archive, str(archive))
        targets = {_identity(dest), _identity(Path(name))} - {None}
        for companion in ("", *COMPANIONS):
            path = own.with_name(own.name + companion)
            if dest == path or _identity(path) in targets:
                what = f"its {companion} file" if companion else "the archive"
                raise OutputError(f"{name} is {what} ({archive}); refusing to write")
    st = stat_or_none(dest)
    if st is not None and stat.S_ISREG(st.st_mode):
        head = _head(dest, name)
        if head.startswith(SQLITE_HEADER):
            raise OutputError(f"{name} is a SQLite database; refusing to overwrite it")
        if head[:4] in _WAL_MAGICS or head.startswith(_JOURNAL_MAGIC):
            raise OutputError(f"{name} is a SQLite WAL or journal; refusing to write")
    for companion in COMPANIONS:
        sibling = dest.with_name(dest.name + companion)
        if sibling.exists():
            raise OutputError(
                f"{name} is a SQLite database in use ({sibling.name} exists); "
                "refusing to write"
            )
        if dest.name.endswith(companion):
            base = dest.with_name(dest.name[: -len(companion)])
            if base.is_file() and _head(base, str(base)).startswith(SQLITE_HEADER):
                raise OutputError(
                    f"{name} belongs to the SQLite database {base.name}; "
                    "refusing to write"
                )


def stat_or_none(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(f"cannot use {path}: {os_reason(exc)}") from exc


def plan_output(out: str, *, archive: Path | None, force: bool) -> Output:
    """Check ``out`` before anything is written; return where to write.

    Call it before :func:`choose_format`, so that the archive's own path is
    refused as such. Raises :class:`OutputError`.
    """
    if out == STDOUT:
        return Output(name="stdout", kind="stdout")
    if not out:
        raise OutputUsageError("--out is empty")
    dest = resolve_path(Path(out), out)
    refuse_database(out, dest, archive)
    if _through_descriptor(Path(out)):  # /dev/stdout, /dev/fd/3: like a shell's >
        if stat_or_none(Path(out)) is None:
            raise OutputError(f"cannot write {out}: no such open file")
        return Output(name=out, kind="descriptor", path=Path(out))
    st = stat_or_none(dest)
    if st is None:
        given = Path(out).parent
        shown = given if resolve_path(given, str(given)) == dest.parent else dest.parent
        parent = stat_or_none(dest.parent)
        if parent is None:
            raise OutputError(f"cannot write {out}: directory {shown} is missing")
        if not stat.S_ISDIR(parent.st_mode):
            raise OutputError(f"cannot write {out}: {shown} is not a directory")
        return Output(name=out, kind="file", path=dest)
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise OutputError(f"cannot write {out}: it is a directory")
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return Output(name=out, kind="stream", path=dest)
    if not stat.S_ISREG(mode):
        raise OutputError(
            f"cannot write {out}: not a regular file, FIFO or character device"
        )
    if not force:
        raise OutputError(f"{out} exists; give --force to replace it")
    return Output(name=out, kind="file", path=dest, replace=True)


def _through_descriptor(path: Path) -> bool:
    """Whether ``path`` leads through ``/proc/*/fd`` or ``/dev/fd`` (an open fd)."""
    current = Path(os.path.normpath(path.absolute()))
    for _ in range(40):  # the kernel's own limit on symlink hops
        if str(current).startswith(("/proc/", "/dev/fd/")):
            return True
        if not current.is_symlink():
            return False
        current = Path(os.path.normpath(current.parent / current.readlink()))
    return False


def os_reason(exc: OSError) -> str:
    """The one-line reason of an ``OSError`` (``No space left on device``)."""
    text = exc.strerror or str(exc)
    return (text.splitlines() or [type(exc).__name__])[0]


class _Sink:
    """One output being written: opened, then committed or discarded."""

    def __init__(self, target: Output) -> None:
        self.target = target
        self.stream: IO[bytes] | None = None
        self.temp: Path | None = None

    def open(self) -> IO[bytes]:
        target = self.target
        if target.kind == "stdout":
            self.stream = sys.stdout.buffer
        elif target.kind == "stream":
            self.stream = target.path.open("wb")
        elif target.kind == "descriptor":  # appends, as the shell's >> needs
            fd = os.open(target.path, os.O_WRONLY | os.O_APPEND)
            self.stream = os.fdopen(fd, "wb")
        else:
            dest = target.path
            self.temp = dest.with_name(f".{dest.name}.{secrets.token_hex(4)}.part")
            fd = os.open(self.temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            self.stream = os.fdopen(fd, "wb")
            if target.replace:
                with contextlib.suppress(OSError):
                    os.fchmod(fd, stat.S_IMODE(dest.stat().st_mode))
        return self.stream

    def finish(self) -> None:
        """Flush the data to disk (everything that can fail before the rename)."""
        if self.stream is None:
            return
        self.stream.flush()
        if self.target.kind == "file":
            os.fsync(self.stream.fileno())
        if self.target.kind != "stdout":
            self.stream.close()

    def commit(self) -> None:
        """Put the finished temporary file in place."""
        if self.temp is None:
            return
        dest = self.target.path
        if self.target.replace:
            self.temp.replace(dest)
        else:
            _place_new(self.temp, dest, self.target.name)
        self.temp = None
        _fsync_directory(dest.parent)

    def discard(self) -> None:
        if self.stream is not None and self.target.kind != "stdout":
            with contextlib.suppress(OSError):
                self.stream.close()
        if self.temp is not None:
            self.temp.unlink(missing_ok=True)
            self.temp = None


def _place_new(temp: Path, dest: Path, name: str) -> None:
    """Move ``temp`` to ``dest`` without replacing a file that appeared meanwhile."""
    try:
        os.link(temp, dest)
    except FileExistsError:
        raise OutputError(f"{name} exists; give --force to replace it") from None
    except OSError as exc:  # a filesystem without hard links
        if exc.errno not in (
            errno.EPERM,
            errno.ENOTSUP,
            errno.EOPNOTSUPP,
            errno.EMLINK,
        ):
            raise
        if dest.exists():
            raise OutputError(f"{name} exists; give --force to replace it") from None
        temp.replace(dest)
        return
    temp.unlink()


def _fsync_directory(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def as_output_error(exc: BaseException, name: str) -> BaseException:
    """``exc`` as an :class:`OutputError` naming ``name`` if it is an ``OSError``."""
    if isinstance(exc, OSError) and not isinstance(exc, ArchiveError):
        return OutputError(f"cannot write {name}: {os_reason(exc)}")
    return exc


@contextlib.contextmanager
def open_output(target: Output) -> Iterator[IO[bytes]]:
    """A binary stream for ``target``; the file appears only if the block succeeds.

    An ``OSError`` inside the block or while finishing becomes one
    :class:`OutputError`; the temporary file is removed.
    """
    with open_outputs([target]) as streams:
        yield streams[0]


@contextlib.contextmanager
def open_outputs(
    targets: Sequence[Output], label: str | None = None
) -> Iterator[list[IO[bytes]]]:
    """Like :func:`open_output` for several files put in place together.

    Errors name ``label`` (e.g. the report's directory), else the file.
    """
    sinks = [_Sink(target) for target in targets]
    current = label or (targets[0].name if targets else "")
    try:
        streams = []
        for sink in sinks:
            current = label or sink.target.name
            streams.append(sink.open())
        current = label or (targets[0].name if targets else "")
        yield streams
        for sink in sinks:
            current = label or sink.target.name
            sink.finish()
        for sink in sinks:
            current = label or sink.target.name
            sink.commit()
    except BaseException as exc:
        for sink in sinks:
            sink.discard()
        if any(s.target.kind == "stdout" for s in sinks):
            _silence_stdout()
        converted = as_output_error(exc, current)
        if converted is exc:
            raise
        raise converted from exc


def _silence_stdout() -> None:
    """After a failed write to stdout (a closed pipe), stop Python's exit flush."""
    try:
        sys.stdout.flush()
    except OSError:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)

"""Safe outputs (archive.output) through ``warta export`` and ``export-warc``.

Real files, symlinks, hard links, FIFOs, character devices and a small tmpfs:
each case checks the exit code, the first stderr line and what is left on disk.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
import pty
import sqlite3
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from archive.output import (
    OutputError,
    OutputUsageError,
    choose_format,
    format_from_name,
    open_output,
    plan_output,
)
from archive.store import open_archive
from cli.main import main
from tests.archive_factory import build_archive

ARTICLES = 400
PAGES = 12
PAGE_BODY = bytes(range(256)) * 40  # 10 kB that gzip cannot shrink to nothing


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("output") / "warta.sqlite"
    build_archive(path, articles=ARTICLES)
    with open_archive(path) as arc:
        for number in range(PAGES):
            url = f"https://m.beritajakarta.id/read/{number}/page"
            arc.save_page(
                url=url, final_url=url, fetched_at="2026-11-01T00:00:00+00:00",
                status=200, headers={"content-type": "text/html"},
                body=PAGE_BODY + str(number).encode(), run_id=None,
            )  # fmt: skip
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(command: str, *args: str) -> tuple[int, str, bytes]:
    """``warta COMMAND ARGS``: exit code, first stderr line, stdout bytes; a
    traceback fails the test."""
    result = CliRunner().invoke(main, [command, *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    first = (result.stderr.splitlines() or [""])[0]
    return result.exit_code, first, result.stdout_bytes


def export(archive: Path, *args: str) -> tuple[int, str, bytes]:
    return run("export", "--archive", str(archive), *args)


def warc(archive: Path, *args: str) -> tuple[int, str, bytes]:
    return run("export-warc", "--archive", str(archive), *args)


def entries(directory: Path) -> set[str]:
    return {p.name for p in directory.iterdir()}


# -- the archive and other databases are never outputs -----------------------


@pytest.mark.parametrize("force", [(), ("--force",)], ids=["plain", "force"])
def test_export_onto_the_archive_is_refused(
    archive: Path, force: tuple[str, ...]
) -> None:
    before = digest(archive)
    code, err, _ = export(archive, "--format", "csv", "--out", str(archive), *force)
    assert (code, err) == (
        1,
        f"Error: {archive} is the archive ({archive}); refusing to write",
    )
    assert digest(archive) == before
    code, err, _ = warc(archive, "--format", "warc", "--out", str(archive), *force)
    assert (code, err) == (
        1,
        f"Error: {archive} is the archive ({archive}); refusing to write",
    )
    assert digest(archive) == before


def test_symlink_and_hard_link_to_the_archive_are_refused(
    archive: Path, tmp_path: Path
) -> None:
    before = digest(archive)
    link = tmp_path / "link.csv"
    link.symlink_to(archive)
    hard = tmp_path / "hard.csv"
    os.link(archive, hard)
    for out in (link, hard):
        code, err, _ = export(archive, "--out", str(out), "--force")
        assert (code, err) == (
            1,
            f"Error: {out} is the archive ({archive}); refusing to write",
        )
    assert digest(archive) == before
    assert link.is_symlink()


@pytest.mark.parametrize("companion", ["-wal", "-shm", "-journal"])
def test_the_archives_companion_files_are_refused(
    archive: Path, companion: str
) -> None:
    out = archive.with_name(archive.name + companion)
    code, err, _ = export(archive, "--format", "csv", "--out", str(out), "--force")
    assert (code, err) == (
        1,
        f"Error: {out} is its {companion} file ({archive}); refusing to write",
    )


def test_files_of_other_sqlite_databases_are_refused(
    archive: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.csv"  # a database, whatever its name says
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    before = digest(other)
    code, err, _ = export(archive, "--out", str(other), "--force")
    assert (code, err) == (
        1,
        f"Error: {other} is a SQLite database; refusing to overwrite it",
    )
    assert digest(other) == before

    journal = tmp_path / "other.csv-journal"  # named after that database
    code, err, _ = export(archive, "--format", "csv", "--out", str(journal))
    assert (code, err) == (
        1,
        f"Error: {journal} belongs to the SQLite database other.csv; refusing to write",
    )
    assert not journal.exists()


def test_a_database_in_use_is_refused_by_its_companions(
    archive: Path, tmp_path: Path
) -> None:
    fresh = tmp_path / "fresh.csv"  # a new database: empty until its first commit
    conn = sqlite3.connect(fresh, isolation_level=None)
    try:
        conn.execute("BEGIN")
        conn.execute("CREATE TABLE t (x)")
        assert fresh.stat().st_size == 0
        code, err, _ = export(archive, "--out", str(fresh), "--force")
        assert (code, err) == (
            1,
            (
                f"Error: {fresh} is a SQLite database in use (fresh.csv-journal "
                "exists); refusing to write"
            ),
        )
        conn.execute("COMMIT")
    finally:
        conn.close()

    live = tmp_path / "live.db"
    conn = sqlite3.connect(live, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE t (x)")
        conn.execute("INSERT INTO t VALUES (1)")
        wal = tmp_path / "live.db-wal"
        moved = tmp_path / "copied-wal"
        moved.write_bytes(wal.read_bytes())  # a WAL file by its header alone
        code, err, _ = export(
            archive, "--format", "csv", "--out", str(moved), "--force"
        )
        assert (code, err) == (
            1,
            f"Error: {moved} is a SQLite WAL or journal; refusing to write",
        )
        assert conn.execute("SELECT x FROM t").fetchall() == [(1,)]
    finally:
        conn.close()


# -- stdout --------------------------------------------------------------------


def test_dash_streams_csv_and_jsonl_to_stdout(archive: Path, tmp_path: Path) -> None:
    os.chdir(tmp_path)  # a file named "-" would land here
    code, err, out = export(archive, "--format", "csv", "--out", "-")
    assert (code, err) == (0, f"Exported {ARTICLES} article(s) to stdout")
    rows = list(csv.DictReader(io.StringIO(out.decode("utf-8"), newline="")))
    assert len(rows) == ARTICLES
    code, err, out = export(archive, "--format", "jsonl", "--out", "-")
    assert (code, len(out.splitlines())) == (0, ARTICLES)
    assert list(tmp_path.iterdir()) == []


def test_dash_needs_an_explicit_format(archive: Path) -> None:
    code, err, out = export(archive, "--out", "-")
    assert (code, err, out) == (
        2,
        "Error: give --format csv|jsonl|parquet to write to stdout (-)",
        b"",
    )
    code, err, out = warc(archive, "--out", "-")
    assert (code, err, out) == (
        2,
        "Error: give --format warc|warc.gz to write to stdout (-)",
        b"",
    )


def test_binary_formats_stream_to_a_pipe(archive: Path) -> None:
    code, err, out = export(archive, "--format", "parquet", "--out", "-")
    assert (code, err) == (0, f"Exported {ARTICLES} article(s) to stdout")
    assert pq.read_table(io.BytesIO(out)).num_rows == ARTICLES
    code, err, out = warc(archive, "--format", "warc.gz", "--out", "-")
    assert (code, err) == (0, f"{PAGES} pages written to stdout")
    records = [r.rec_type for r in ArchiveIterator(io.BytesIO(out))]
    assert records == ["warcinfo"] + ["response"] * PAGES


@pytest.mark.parametrize(
    ("args", "fmt"),
    [
        (("-m", "cli", "export", "--format", "parquet"), "parquet"),
        (("-m", "cli", "export-warc", "--format", "warc.gz"), "warc.gz"),
    ],
)
def test_binary_formats_are_refused_on_a_terminal(
    archive: Path, args: tuple[str, ...], fmt: str
) -> None:
    leader, terminal = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, *args, "--archive", str(archive), "--out", "-"],
            stdout=terminal, stderr=subprocess.PIPE, check=False,
        )  # fmt: skip
    finally:
        os.close(terminal)
        os.close(leader)
    assert (done.returncode, done.stderr.decode().splitlines()[0]) == (
        2,
        (
            f"Error: will not write {fmt} to a terminal; redirect stdout or give "
            "--out FILE"
        ),
    )


def test_dev_stdout_is_written_like_a_shell_redirect(
    archive: Path, tmp_path: Path
) -> None:
    command = [sys.executable, "-m", "cli", "export", "--archive", str(archive)]
    command += ["--format", "jsonl", "--out", "/dev/stdout"]
    piped = subprocess.run(command, capture_output=True, check=False)
    assert piped.returncode == 0, piped.stderr
    assert len(piped.stdout.splitlines()) == ARTICLES
    redirected = tmp_path / "out.jsonl"
    with redirected.open("wb") as handle:
        done = subprocess.run(
            command, stdout=handle, stderr=subprocess.PIPE, check=False
        )
    assert done.returncode == 0, done.stderr
    assert len(redirected.read_bytes().splitlines()) == ARTICLES
    with redirected.open("ab") as handle:  # >> appends
        done = subprocess.run(
            command, stdout=handle, stderr=subprocess.PIPE, check=False
        )
    assert done.returncode == 0, done.stderr
    lines = redirected.read_bytes().splitlines()
    assert len(lines) == 2 * ARTICLES
    assert lines[:ARTICLES] == lines[ARTICLES:]
    before = digest(archive)
    with archive.open("ab") as handle:  # warta export --out /dev/stdout >> warta.sqlite
        done = subprocess.run(
            command, stdout=handle, stderr=subprocess.PIPE, check=False
        )
    assert (done.returncode, done.stderr.decode().splitlines()[0]) == (
        1,
        f"Error: /dev/stdout is the archive ({archive}); refusing to write",
    )
    assert digest(archive) == before


# -- regular files, --force, symlinks ------------------------------------------


def test_an_existing_file_needs_force(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "old.csv"
    out.write_text("keep me\n", encoding="utf-8")
    out.chmod(0o640)
    code, err, _ = export(archive, "--out", str(out))
    assert (code, err) == (1, f"Error: {out} exists; give --force to replace it")
    assert out.read_text(encoding="utf-8") == "keep me\n"
    code, err, _ = export(archive, "--out", str(out), "--force")
    assert (code, err) == (0, f"Exported {ARTICLES} article(s) to {out}")
    assert out.read_text(encoding="utf-8").startswith("id,")
    assert stat.S_IMODE(out.stat().st_mode) == 0o640  # the old file's mode is kept
    assert entries(tmp_path) == {"old.csv"}  # no temporary left
    code, err, _ = warc(archive, "--out", str(tmp_path / "old.csv"))
    assert (code, err) == (1, f"Error: {out} exists; give --force to replace it")


def test_a_symlink_is_followed_and_stays_a_link(archive: Path, tmp_path: Path) -> None:
    target = tmp_path / "data" / "articles.csv"
    target.parent.mkdir()
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "latest.csv"
    link.symlink_to(target)
    code, err, _ = export(archive, "--out", str(link))
    assert (code, err) == (1, f"Error: {link} exists; give --force to replace it")
    code, err, _ = export(archive, "--out", str(link), "--force")
    assert (code, err) == (0, f"Exported {ARTICLES} article(s) to {link}")
    assert link.is_symlink()
    assert link.readlink() == target
    assert target.read_text(encoding="utf-8").startswith("id,")
    assert entries(target.parent) == {"articles.csv"}

    dangling = tmp_path / "next.warc"
    dangling.symlink_to(tmp_path / "data" / "pages.warc")
    code, err, _ = warc(archive, "--out", str(dangling))
    assert (code, err) == (0, f"{PAGES} pages written to {dangling}")
    assert dangling.is_symlink()
    assert (tmp_path / "data" / "pages.warc").stat().st_size > PAGES * len(PAGE_BODY)


# -- special files -------------------------------------------------------------


@contextlib.contextmanager
def fifo_reader(path: Path) -> Iterator[list[bytes]]:
    """A FIFO at ``path`` with a thread reading all it is given."""
    os.mkfifo(path)
    received: list[bytes] = []

    def read() -> None:
        with path.open("rb") as handle:
            received.append(handle.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    yield received
    thread.join(timeout=60)


def test_a_fifo_is_written_directly(archive: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    with fifo_reader(fifo) as received:
        code, err, _ = export(archive, "--format", "jsonl", "--out", str(fifo))
    assert (code, err) == (0, f"Exported {ARTICLES} article(s) to {fifo}")
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert len(received[0].splitlines()) == ARTICLES
    assert entries(tmp_path) == {"pipe"}


@pytest.fixture
def devices(tmp_path: Path) -> tuple[Path, Path]:
    """Private nodes of /dev/null's and /dev/full's devices: a regression that
    replaced the output would replace these, never the machine's /dev/full."""
    made = []
    for name in ("null", "full"):
        node = tmp_path / "dev" / name
        node.parent.mkdir(exist_ok=True)
        try:
            os.mknod(node, 0o666 | stat.S_IFCHR, Path("/dev", name).stat().st_rdev)
            node.open("wb").close()
        except OSError as exc:
            pytest.skip(f"cannot make a character device here: {exc}")
        made.append(node)
    return made[0], made[1]


def test_character_devices_are_written_not_replaced(
    archive: Path, devices: tuple[Path, Path]
) -> None:
    null, full = devices
    code, err, _ = export(archive, "--format", "csv", "--out", str(null))
    assert (code, err) == (0, f"Exported {ARTICLES} article(s) to {null}")
    code, err, _ = export(archive, "--format", "csv", "--out", str(full))
    assert (code, err) == (1, f"Error: cannot write {full}: No space left on device")
    for args in (("--format", "parquet"), ("--format", "jsonl")):
        code, err, _ = export(archive, *args, "--out", str(full))
        assert (code, err) == (
            1,
            f"Error: cannot write {full}: No space left on device",
        )
    code, err, _ = warc(archive, "--format", "warc", "--out", str(full))
    assert (code, err) == (1, f"Error: cannot write {full}: No space left on device")
    for node in (null, full):
        assert stat.S_ISCHR(node.stat().st_mode), node
    assert entries(null.parent) == {"null", "full"}


# -- formats and names ---------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "fmt", "name", "announced"),
    [
        ("export", "csv", "x.parquet", "parquet"),
        ("export", "parquet", "x.csv", "csv"),
        ("export", "jsonl", "x.csv.gz", "gzip"),
        ("export", "csv", "x.warc", "warc"),
        ("export-warc", "warc", "x.warc.gz", "warc.gz"),
        ("export-warc", "warc.gz", "x.warc", "warc"),
        ("export-warc", "warc", "x.csv", "csv"),
    ],
)
def test_a_format_contradicting_the_name_is_a_usage_error(
    archive: Path, tmp_path: Path, command: str, fmt: str, name: str, announced: str
) -> None:
    invoke = export if command == "export" else warc
    code, err, _ = invoke(archive, "--format", fmt, "--out", str(tmp_path / name))
    assert (code, err) == (
        2,
        f"Error: --format {fmt} contradicts the file name {name} ({announced})",
    )
    assert list(tmp_path.iterdir()) == []


def test_warc_format_from_the_name(archive: Path, tmp_path: Path) -> None:
    code, err, _ = warc(archive, "--out", str(tmp_path / "pages"))
    assert (code, err) == (
        2,
        "Error: give --format warc|warc.gz (cannot tell from the file name)",
    )
    code, _, _ = warc(archive, "--format", "warc.gz", "--out", str(tmp_path / "p.gz"))
    assert code == 0
    with (tmp_path / "p.gz").open("rb") as handle:
        assert sum(1 for _ in ArchiveIterator(handle)) == PAGES + 1
    assert (tmp_path / "p.gz").read_bytes()[:2] == b"\x1f\x8b"


def test_format_helpers() -> None:
    assert format_from_name("a.WARC.GZ") == "warc.gz"
    assert format_from_name(".csv") is None  # a hidden file, not an ending
    assert choose_format("a.ndjson", None, ("csv", "jsonl")) == "jsonl"
    assert choose_format("notes.txt", "csv", ("csv",)) == "csv"
    with pytest.raises(OutputUsageError):
        choose_format("a.jsonl", "csv", ("csv", "jsonl"))


# -- missing directories, full disks -------------------------------------------


def test_a_missing_directory_is_one_line(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "nowhere" / "a.csv"
    code, err, _ = export(archive, "--out", str(out))
    assert (code, err) == (
        1,
        f"Error: cannot write {out}: directory {out.parent} is missing",
    )
    pages = out.with_name("p.warc")
    code, err, _ = warc(archive, "--out", str(pages))
    assert (code, err) == (
        1,
        f"Error: cannot write {pages}: directory {out.parent} is missing",
    )
    code, err, _ = export(archive, "--format", "csv", "--out", str(tmp_path))
    assert (code, err) == (1, f"Error: cannot write {tmp_path}: it is a directory")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("command", "name"),
    [("export", "a.csv"), ("export", "a.parquet"), ("export-warc", "p.warc")],
)
def test_a_full_disk_leaves_no_partial_file(
    archive: Path, small_disk: Path, command: str, name: str
) -> None:
    invoke = export if command == "export" else warc
    (small_disk / "ballast").write_bytes(b"\0" * 40_000)  # Parquet compresses well
    out = small_disk / name
    code, err, _ = invoke(archive, "--out", str(out))
    assert (code, err) == (1, f"Error: cannot write {out}: No space left on device")
    assert entries(small_disk) == {"ballast"}
    out.write_bytes(b"previous\n")  # a pre-existing file stays intact
    code, err, _ = invoke(archive, "--out", str(out), "--force")
    assert (code, err) == (1, f"Error: cannot write {out}: No space left on device")
    assert entries(small_disk) == {"ballast", name}
    assert out.read_bytes() == b"previous\n"


# -- the module itself ---------------------------------------------------------


def test_plan_output_refuses_block_devices_and_sockets(tmp_path: Path) -> None:
    import socket

    sock_path = tmp_path / "sock"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sock_path))
        with pytest.raises(OutputError, match="not a regular file"):
            plan_output(str(sock_path), archive=None, force=True)


def test_an_error_in_the_block_removes_the_temporary(tmp_path: Path) -> None:
    out = tmp_path / "a.csv"
    target = plan_output(str(out), archive=None, force=False)

    def failing_rows() -> None:
        with open_output(target) as stream:
            stream.write(b"half")
            raise RuntimeError("the rows failed")

    with pytest.raises(RuntimeError):
        failing_rows()
    assert list(tmp_path.iterdir()) == []
    with open_output(target) as stream:
        stream.write(b"whole\n")
    assert out.read_bytes() == b"whole\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~_umask()
    out.write_bytes(b"appeared meanwhile\n")  # a file created after the plan
    with (
        pytest.raises(OutputError, match="exists; give --force"),
        open_output(target) as stream,
    ):
        stream.write(b"late\n")
    assert out.read_bytes() == b"appeared meanwhile\n"
    assert entries(tmp_path) == {"a.csv"}


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

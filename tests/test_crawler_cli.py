"""The ``warta`` command line: exit codes and the first stderr line of each
bad-input case (issue 9), checked before any request or write.

Crawl cases point at a closed loopback port: they must stop in the preflight,
so none of them reaches the network or creates a run.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from archive.boundary import BoundaryGroup
from archive.schema_version import SCHEMA_VERSION
from archive.store import open_archive
from cli.main import main
from tests.test_archive_support import OBSERVED, article, new_archive, old_archive

CLOSED = "http://127.0.0.1:9"  # never contacted: every case fails before


def warta(*args: str) -> tuple[int, str, str]:
    """Run ``warta ARGS``; return (exit code, stdout, stderr)."""
    result = CliRunner().invoke(main, list(args), prog_name="warta")
    return result.exit_code, result.stdout, result.stderr


def one_line(err: str) -> str:
    """The single line on stderr (fails if there are more, or a traceback)."""
    assert "Traceback" not in err
    assert err.count("\n") == 1, err
    return err.rstrip("\n")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A good archive, an old-schema one, and unusable ones."""
    root = tmp_path_factory.mktemp("cli")
    good = new_archive(root, "good.sqlite")
    good.save_articles(
        [
            article(1, title="Banjir pagi", body="Banjir rob.", published_at="2026-04-01T06:12:00+07:00", category="Ekonomi"),
            article(2, title="Banjir siang", body="Banjir lagi.", published_at="2026-04-01T13:00:00+07:00"),
            article(3, title="Banjir tanggal", body="Banjir saja.", published_at="2026-04-01"),
        ]
        + [article(n, title=f"Pasar {n}", body="Harga pasar.", published_at="2025-01-02") for n in range(10, 47)],
        observed_at=OBSERVED,
        run_id=None,
    )  # fmt: skip
    good.close()
    text = root / "notes.sqlite"
    text.write_text("not a database\n")
    corrupt = root / "corrupt.sqlite"
    shutil.copyfile(root / "good.sqlite", corrupt)
    data = bytearray(corrupt.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page, after the header
    corrupt.write_bytes(bytes(data))
    folder = root / "folder.sqlite"
    folder.mkdir()
    return {
        "good": root / "good.sqlite",
        "old": old_archive(root),
        "text": text,
        "corrupt": corrupt,
        "folder": folder,
    }


@pytest.mark.parametrize("kind", ["text", "corrupt", "folder"])
@pytest.mark.parametrize(
    "command",
    [
        ["crawl", "beritajakarta", "--base-url", CLOSED],
        ["reparse"],
        ["export-warc", "--out", "{tmp}/out.warc.gz"],
        ["search", "banjir"],
        ["export", "--out", "{tmp}/out.csv"],
        ["show", "1"],
        ["stats"],
        ["runs"],
        ["upgrade"],
    ],
    ids=lambda c: c[0],
)
def test_an_unusable_archive_is_one_line_exit_1(
    files: dict[str, Path], tmp_path: Path, kind: str, command: list[str]
) -> None:
    before = files[kind].read_bytes() if kind != "folder" else b""
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    code, out, err = warta(*args, "--archive", str(files[kind]))
    line = one_line(err)
    assert code == 1, line
    expected = {
        "text": "file is not a database",
        "corrupt": "malformed",
        "folder": "archive path is a directory",
    }[kind]
    assert line.startswith("Error: ")
    assert expected in line
    assert out == ""
    if kind != "folder":
        assert files[kind].read_bytes() == before  # nothing written
    assert not list(tmp_path.iterdir())  # no output file either


def test_export_warc_on_an_old_schema_archive(
    files: dict[str, Path], tmp_path: Path
) -> None:
    code, _, err = warta(
        "export-warc", "--archive", str(files["old"]), "--out", str(tmp_path / "o.warc")
    )
    assert (code, one_line(err)) == (
        1,
        (
            f"Error: archive schema version 1 is older than {SCHEMA_VERSION}; run "
            "`warta upgrade` (or any crawl) to upgrade it"
        ),
    )


def test_a_missing_archive_is_a_usage_error(tmp_path: Path) -> None:
    for command in (["search", "x"], ["reparse"], ["export-warc", "--out", "o"]):
        code, _, err = warta(*command, "--archive", str(tmp_path / "none.sqlite"))
        assert (code, one_line(err)) == (
            2,
            f"Error: archive not found: {tmp_path / 'none.sqlite'}",
        )


@pytest.mark.parametrize(
    ("options", "first_line"),
    [
        (
            ["--base-url", "m.beritajakarta.id"],
            (
                "Error: Invalid value for --base-url: 'm.beritajakarta.id' is not "
                "an http(s) URL with a host"
            ),
        ),
        (["--base-url", "ftp://x.example"], "Error: Invalid value for --base-url: 'ftp://x.example'"),
        (
            ["--set", "DOWNLOAD_TIMEOUT=abc"],
            "Error: Invalid value for --set: DOWNLOAD_TIMEOUT='abc': expected a number",
        ),
        (["--set", "ROBOTSTXT_OBEY=maybe"], "Error: Invalid value for --set: ROBOTSTXT_OBEY='maybe': expected a boolean"),
        (["--set", "ITEM_PIPELINES=[1"], "Error: Invalid value for --set: ITEM_PIPELINES='[1': expected a JSON object"),
        (["--set", "NOEQUALS"], "Error: Invalid value for --set: expected KEY=VALUE"),
        (["--since", "20260501"], "Error: Invalid value for '--since': '20260501' is not a date"),
        (["--max-articles", "1e20"], "Error: Invalid value for '--max-articles': '1e20' is not a valid integer"),
        (["--max-articles", str(10**20)], "Error: Invalid value for '--max-articles': 100000000000000000000 is not in the range"),
        (["--delay", "nan"], "Error: Invalid value for '--delay': nan is not a finite number"),
        (["--refresh-days", str(10**9)], "Error: Invalid value for '--refresh-days': 1000000000 is not in the range"),
    ],
)  # fmt: skip
def test_crawl_options_are_checked_before_any_request(
    tmp_path: Path, options: list[str], first_line: str
) -> None:
    archive = tmp_path / "new.sqlite"
    base = [] if "--base-url" in options else ["--base-url", CLOSED]
    code, out, err = warta("crawl", "beritajakarta", *base, *options, "--archive", str(archive))  # fmt: skip
    assert (code, out) == (2, "")
    assert one_line(err).startswith(first_line)
    assert one_line(err).endswith("(see 'warta crawl --help')")
    assert not archive.exists()  # no run was started


@pytest.mark.parametrize("option", ["--limit", "--offset", "--min-views"])
@pytest.mark.parametrize("value", ["1e20", str(10**20), "-1"])
def test_numbers_sqlite_cannot_hold_are_usage_errors(
    files: dict[str, Path], option: str, value: str
) -> None:
    code, out, err = warta("search", "banjir", option, value, "--archive", str(files["good"]))  # fmt: skip
    assert (code, out) == (2, "")
    assert one_line(err).startswith(f"Error: Invalid value for '{option}': ")


@pytest.mark.parametrize(
    ("args", "first_line"),
    [
        (["search", "banjir", "--since", "20260501"], "Error: Invalid value for '--since': '20260501' is not a date (use YYYY, YYYY-MM, YYYY-MM-DD"),
        (["export", "--out", "x.csv", "--until", "tomorrow"], "Error: Invalid value for '--until': 'tomorrow' is not a date"),
        (["reparse", "--since", "yesterday"], "Error: Invalid value for '--since': 'yesterday' is not a date"),
        (["export-warc", "--out", "x.warc", "--since", "2026-04-01T05:00"], "Error: Invalid value for '--since': '2026-04-01T05:00' is not a date"),
        (["search", "banjir", "--limit", "0"], "Error: Invalid value for '--limit': 0 is not in the range 1<=x"),
        (["search", "banjir", "--language", "fr"], "Error: --language: unknown language 'fr' (known: en, id)"),
        (["search", "banjir", "--site", "nosuch"], "Error: --site: no articles from 'nosuch' (known: beritajakarta)"),
        (["export", "--out", "x.csv", "--site", "nosuch"], "Error: --site: no articles from 'nosuch' (known: beritajakarta)"),
    ],
)  # fmt: skip
def test_bad_filters_are_usage_errors(
    files: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    first_line: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    before = files["good"].read_bytes()
    code, out, err = warta(*args, "--archive", str(files["good"]))
    assert (code, out) == (2, "")
    assert one_line(err).startswith(first_line)
    assert files["good"].read_bytes() == before
    assert not list(tmp_path.iterdir())


def test_an_offset_is_compared_as_an_instant(files: dict[str, Path]) -> None:
    def ids(*options: str) -> list[str]:
        code, out, err = warta("search", "banjir", "--format", "csv", "--sort", "date", *options, "--archive", str(files["good"]))  # fmt: skip
        assert (code, err) == (0, "")
        return [line.split(",")[0] for line in out.splitlines()[1:]]

    # 06:12+07:00 is 23:12Z the day before: excluded; 13:00+07:00 is 06:00Z
    assert ids("--since", "2026-04-01T05:00:00Z") == ["2", "3"]  # 3: date-only, its day
    assert ids("--until", "2026-03-31T23:12:00Z") == ["1"]
    assert ids("--since", "2026-04-01") == ["2", "1", "3"]  # a date: the local day
    assert ids("--until", "2026-03-31") == []


def test_plain_search_never_matches_the_index_facets(files: dict[str, Path]) -> None:
    for word in ("zzy2026", "zzm202604", "zzcatEkonomi", "zzcat*"):
        code, out, _ = warta("search", word, "--format", "csv", "--archive", str(files["good"]))  # fmt: skip
        assert (code, out.splitlines()[1:]) == (0, [])
    code, out, _ = warta("search", "zzy2026", "--raw", "--format", "csv", "--archive", str(files["good"]))  # fmt: skip
    assert (
        len(out.splitlines()[1:]) == 3
    )  # --raw passes FTS5 syntax and columns through


def test_the_footer_says_which_of_how_many(
    files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = str(files["good"])
    code, out, _ = warta("search", "pasar", "--archive", archive)
    assert code == 0
    assert out.splitlines()[-1] == "showing 1–20 of 37 for 'pasar'"
    _, out, _ = warta("search", "pasar", "--offset", "30", "--archive", archive)
    assert out.splitlines()[-1] == "showing 31–37 of 37 for 'pasar'"
    _, out, _ = warta("search", "pasar", "--offset", "40", "--archive", archive)
    assert out.splitlines()[-1] == "no results from 41 on (of 37) for 'pasar'"
    _, out, _ = warta("search", "--limit", "5", "--archive", archive)
    assert out.splitlines()[-1] == "showing 1–5 of 40"
    monkeypatch.setattr("archive.cli.COUNT_CAP", 30)
    _, out, _ = warta("search", "pasar", "--limit", "5", "--archive", archive)
    assert out.splitlines()[-1] == "showing 1–5 of more than 30 for 'pasar'"


def test_help_documents_the_exit_codes() -> None:
    code, out, _ = warta("--help")
    assert code == 0
    for line in (
        "0  success",
        "1  error: one 'Error: ...' line on stderr",
        "2  usage error",
        "3  the crawl finished but degraded",
    ):
        assert line in out


@click.group(cls=BoundaryGroup)
def toy() -> None:
    """A group with the warta boundary."""


@toy.command()
@click.argument("what")
def fail(what: str) -> None:
    """Raise what the argument names."""
    if what == "degraded":
        raise SystemExit(3)
    if what == "oserror":
        raise PermissionError(13, "Permission denied", "/x/out.csv")
    with open_archive(Path("/nonexistent/dir/a.sqlite"), read_only=True):
        pass
    raise RuntimeError("boom\nsecond line")


@pytest.mark.parametrize(
    ("what", "code", "line"),
    [
        ("degraded", 3, None),
        ("oserror", 1, "Error: Permission denied: /x/out.csv"),
        ("archive", 2, "Error: archive not found: /nonexistent/dir/a.sqlite"),
    ],
)
def test_the_boundary_maps_exceptions_to_codes(
    what: str, code: int, line: str | None
) -> None:
    result = CliRunner().invoke(toy, ["fail", what])
    assert result.exit_code == code
    if line is None:
        assert result.stderr == ""
    else:
        assert one_line(result.stderr) == line


def test_unexpected_errors_are_one_line_unless_debug() -> None:
    toy.commands["boom"] = click.Command(
        "boom", callback=lambda: (_ for _ in ()).throw(RuntimeError("boom\nmore"))
    )
    result = CliRunner().invoke(toy, ["boom"])
    assert result.exit_code == 1
    assert one_line(result.stderr) == (
        "Error: unexpected RuntimeError: boom (run 'warta --debug ...' for the traceback)"
    )
    debug = CliRunner().invoke(toy, ["--debug", "boom"])
    assert isinstance(debug.exception, RuntimeError)  # --debug lets it through

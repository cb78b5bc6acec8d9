"""``warta copy`` through the command: SQLite -> PostgreSQL -> SQLite.

The row-by-row equality of a round trip is tests/test_archive_postgres.py's;
here: the command's counts line per table, its exit codes, and that what
arrives answers the same commands.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from archive.schema import metadata
from cli.main import main
from tests.archive_factory import build_archive
from tests.pg_support import TestDatabase


def copy(source: Path | str, target: Path | str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        main, ["copy", "--from", str(source), "--to", str(target)]
    )
    return result.exit_code, result.stdout, result.stderr


def stats(archive: Path | str) -> dict[str, int]:
    result = CliRunner().invoke(
        main, ["stats", "--archive", str(archive), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    totals: dict[str, int] = json.loads(result.stdout)["totals"]
    return totals


def test_copy_there_and_back_through_the_command(
    pg_database: TestDatabase, tmp_path: Path
) -> None:
    source = tmp_path / "source.sqlite"
    build_archive(source, articles=30)
    url = pg_database.new_archive_url()
    back = tmp_path / "back.sqlite"
    code, there, err = copy(source, url)
    assert (code, err) == (0, "")
    code, again, err = copy(url, back)
    assert (code, err) == (0, "")
    for out in (there, again):
        lines = out.splitlines()
        tables = len(metadata.sorted_tables)
        assert [line.split(":")[0] for line in lines[:tables]] == [
            t.name for t in metadata.sorted_tables
        ]  # one line per table
        assert lines[tables:] in ([], ["search index tidied"])  # when due
        lines = lines[:tables]
        assert all(line.endswith(" ok") for line in lines)
        assert "articles: 30 -> 30 ok" in lines
    assert stats(source) == stats(url) == stats(back)
    assert stats(back)["articles"] == 30


def test_copy_into_a_non_empty_target_is_exit_1(
    pg_database: TestDatabase, tmp_path: Path
) -> None:
    source = tmp_path / "source.sqlite"
    build_archive(source, articles=5)
    url = pg_database.new_archive_url()
    assert copy(source, url)[0] == 0
    before = stats(url)
    for target in (url, source):  # PostgreSQL and SQLite targets alike
        code, out, err = copy(source, target)
        assert code == 1
        assert out == ""
        assert err.startswith("Error: ")
        assert "not empty" in err
        assert err.count("\n") == 1
    assert stats(url) == before  # nothing merged

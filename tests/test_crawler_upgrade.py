"""``warta upgrade``: an archive from the previous release is brought up to date."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from archive.cli import cli as archive_cli
from archive.schema_version import SCHEMA_VERSION
from cli.main import main
from crawler.lock import CrawlLock
from tests.test_archive_support import old_archive


def test_read_only_commands_point_to_upgrade(tmp_path: Path) -> None:
    path = old_archive(tmp_path)
    result = CliRunner().invoke(
        archive_cli, ["search", "banjir", "--archive", str(path)]
    )
    assert result.exit_code == 1  # an archive this command cannot use: an error
    assert "run `warta upgrade`" in result.output


def test_upgrade_reports_the_versions_then_searches_work(tmp_path: Path) -> None:
    path = old_archive(tmp_path)
    first = CliRunner().invoke(main, ["upgrade", "--archive", str(path)])
    assert first.exit_code == 0, first.output
    assert f"schema 1 -> {SCHEMA_VERSION}" in first.output
    again = CliRunner().invoke(main, ["upgrade", "--archive", str(path)])
    assert "already up to date" in again.output
    found = CliRunner().invoke(
        archive_cli, ["search", "banjir", "--archive", str(path)]
    )
    assert found.exit_code == 0, found.output
    assert "Banjir di pasar" in found.output


def test_upgrade_does_not_run_beside_a_crawl(tmp_path: Path) -> None:
    path = old_archive(tmp_path)
    with CrawlLock(path):
        result = CliRunner().invoke(main, ["upgrade", "--archive", str(path)])
    assert result.exit_code == 1
    assert "another crawl is running" in result.output

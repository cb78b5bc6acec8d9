"""The analyst commands through click's CliRunner: formats, errors, defaults.

The commands that read an archive run on both backends (``backend``).
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from archive.cli import cli, register_archive_commands
from archive.store import open_archive
from cli.main import main as warta
from tests.conftest import sqlite_only
from tests.test_archive_support import LATER, OBSERVED, article, link, link_dict

ROOT = Path(__file__).resolve().parents[1]
#: Raw queries that are FTS5 errors but valid PostgreSQL to_tsquery syntax.
PG_VALID_RAW = {"7-2", '"unbalanced'}
HIT_KEYS = [
    "id", "url", "title", "published_at", "reporter", "editor", "views", "snippet",
    "score", "site", "language", "category",
]  # fmt: skip


@pytest.fixture(scope="module")
def archive_path(new_location: Callable[[], Path | str]) -> str:
    """The module's archive, on each backend (a file, or a PostgreSQL URL)."""
    path = new_location()
    with open_archive(path) as arc:
        run = arc.start_run("beritajakarta", pid=os.getpid(), hostname="h", command="warta crawl")  # fmt: skip
        first = article(1, title="Banjir rob di Jakarta Utara", body="Air laut naik, 7-2.", reporter="Nurito", views=500, published_at="2025-02-06T14:50:00+07:00")  # fmt: skip
        first["related"] = [link_dict(2, title="Pasar"), link_dict(9, title="Hilang")]
        arc.save_articles(
            [
                first,
                article(2, title="Pasar baru", body="Banjirnya surut.", reporter="Rudi", views=80, published_at="2023-11-07", category="Ekonomi"),
                article(3, language="en", title="Flood pumps", body="Banjir means flood.", reporter="Anita", views=None, published_at="2025-01-31"),
            ],
            observed_at=OBSERVED,
            run_id=run,
        )  # fmt: skip
        arc.save_article(first | {"views": 600}, observed_at=LATER, run_id=None)
        arc.finish_run(run, "finished", new=3, article_pages=3)
    return str(path)


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_search_json(archive_path: str, backend: str) -> None:
    sqlite_only(
        backend, "FTS5 matches words unstemmed (PostgreSQL: 'banjir' finds 'Banjirnya')"
    )
    code, out, _ = run(
        "search", "banjir", "--archive", str(archive_path), "--format", "json"
    )
    assert code == 0
    hits = json.loads(out)
    assert [list(h) for h in hits] == [HIT_KEYS] * 2
    assert [h["id"] for h in hits] == [1, 3]  # "Banjirnya" needs banjir*
    assert hits[0]["snippet"] == "[Banjir] rob di Jakarta Utara"
    assert hits[0]["views"] == 600


def test_search_csv_and_filters(archive_path: str) -> None:
    code, out, _ = run(
        "search", "banjir*", "--archive", str(archive_path), "--format", "csv",
        "--language", "id", "--sort", "views", "--min-views", "10",
    )  # fmt: skip
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["id"], r["views"], r["language"]) for r in rows] == [("1", "600", "id"), ("2", "80", "id")]  # fmt: skip
    assert list(rows[0]) == HIT_KEYS


def test_search_table_plain_output(archive_path: str) -> None:
    code, out, _ = run("search", "pasar", "--archive", str(archive_path))
    assert code == 0
    assert "Pasar baru" in out
    assert "[Pasar]" in out  # not a terminal: markers instead of bold
    assert "showing 1–1 of 1 for 'pasar'" in out
    code, out, _ = run("search", "tidakada", "--archive", str(archive_path))
    assert (code, out.strip()) == (0, "No matching articles.")


def test_search_table_bold_on_a_terminal(archive_path: str) -> None:
    code, out, _ = run("search", "pasar", "--archive", str(archive_path), env={"FORCE_COLOR": "1"})  # fmt: skip
    assert code == 0
    assert "\x1b[1mPasar\x1b[0m baru" in out  # the snippet's match in bold
    assert "[Pasar]" not in out


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("7-2", ["Banjir rob di Jakarta Utara"]),  # its body says "7-2"
        ("NOT everyone", []),  # two words, and no article has "everyone"
        ('"unbalanced', []),
        ("NEAR(", []),
        ("OR", []),
        ("*", []),
        ("'", []),
    ],
)
def test_hostile_queries_work_in_default_mode(
    archive_path: str, query: str, titles: list[str]
) -> None:
    code, out, err = run(
        "search", query, "--archive", str(archive_path), "--format", "json"
    )
    assert (code, err) == (0, "")
    assert [hit["title"] for hit in json.loads(out)] == titles


@pytest.mark.parametrize(
    "query", ["7-2", "NOT everyone", '"unbalanced', "NEAR(", "a AND"]
)
def test_bad_raw_queries_give_one_line(
    archive_path: str, query: str, backend: str
) -> None:
    if query in PG_VALID_RAW:
        sqlite_only(backend, f"{query!r} is valid to_tsquery syntax")
    code, out, err = run("search", query, "--raw", "--archive", str(archive_path))
    assert code == 2
    assert out == ""
    assert err.startswith("Error: invalid search query: ")
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_bad_date_gives_one_line(archive_path: str) -> None:
    code, _, err = run(
        "search", "banjir", "--since", "kemarin", "--archive", str(archive_path)
    )
    assert code == 2
    assert err == (
        "Error: Invalid value for '--since': 'kemarin' is not a date (use YYYY,"
        " YYYY-MM, YYYY-MM-DD or an ISO time with an offset, e.g."
        " 2026-04-01T05:00:00Z) (see 'archive search --help')\n"
    )


def test_missing_archive(tmp_path: Path) -> None:
    missing = tmp_path / "missing.sqlite"
    for args in (["search", "x"], ["show", "1"], ["stats"], ["runs"], ["export", "--out", str(tmp_path / "o.csv")]):  # fmt: skip
        code, out, err = run(*args, "--archive", str(missing))
        assert (code, out, err) == (2, "", f"Error: archive not found: {missing}\n")
    assert not missing.exists()
    assert not (tmp_path / "o.csv").exists()


def test_default_archive_from_environment(
    archive_path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run("search", "pasar", "--format", "json", env={"WARTA_ARCHIVE": str(archive_path)})  # fmt: skip
    assert code == 0
    assert [h["id"] for h in json.loads(out)] == [2]
    monkeypatch.chdir(tmp_path)
    code, _, err = run("stats", env={"WARTA_ARCHIVE": ""})
    assert (code, err) == (2, "Error: archive not found: warta.sqlite\n")


def test_show_json_and_text(archive_path: str) -> None:
    code, out, _ = run("show", "1", "--archive", str(archive_path), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["title"] == "Banjir rob di Jakarta Utara"
    assert [(r["url"], r["in_archive"], r["archive_id"]) for r in data["related"]] == [
        (link(2).url, True, 2),
        (link(9).url, False, None),
    ]
    assert [(v["views"], v["source"]) for v in data["view_history"]] == [(500, "article"), (600, "article")]  # fmt: skip
    # another URL form: `warta` resolves it with the site's profile before asking
    other_form = ["show", "http://www.beritajakarta.id/read/1/x?utm_source=wa", "--archive", str(archive_path)]  # fmt: skip
    result = CliRunner().invoke(warta, other_form)
    code, out = result.exit_code, result.stdout
    assert code == 0
    assert "Banjir rob di Jakarta Utara" in out
    assert "yes (id 2)" in out
    assert "View history (2)" in out
    assert "Air laut naik, 7-2." in out
    code, out, err = run("show", "99", "--archive", str(archive_path))
    assert (code, out, err) == (1, "", "Error: no article '99' in the archive\n")
    # `python -m archive` knows no site: only ids and canonical URLs
    code, out, err = run(*other_form)
    assert (code, out) == (1, "")
    assert err == (
        "Error: no article 'http://www.beritajakarta.id/read/1/x?utm_source=wa'"
        " in the archive\n"
    )
    assert run("show", link(1).url, "--archive", str(archive_path))[0] == 0


def test_show_finds_a_portal_without_a_profile_by_its_normalised_url(
    tmp_path: Path,
) -> None:
    """A generic site's identity is its normalised canonical URL (sites.generic)."""
    url = "https://www.surabaya.go.id/id/berita/81234/banjir-surut"
    path = tmp_path / "warta.sqlite"
    with open_archive(path) as arc:
        arc.save_article(
            article(1, url=url, site="surabaya.go.id", site_article_id=url),
            observed_at=OBSERVED,
            run_id=None,
        )
    for form in (
        url,
        "https://www.surabaya.go.id/id/berita/81234/banjir-surut?utm_source=x#atas",
    ):
        result = CliRunner().invoke(
            warta, ["show", form, "--archive", str(path), "--format", "json"]
        )
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["url"] == url
    result = CliRunner().invoke(
        warta,
        ["show", "https://www.surabaya.go.id/id/berita/9/x", "--archive", str(path)],
    )
    assert result.exit_code == 1
    assert "no article" in result.stderr


def test_stats(archive_path: str) -> None:
    code, out, _ = run("stats", "--archive", str(archive_path), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["totals"] == {
        "articles": 3, "links": 2, "view_counts": 3, "article_versions": 0,
        "pages": 0, "open_failures": 0, "crawl_runs": 1,
    }  # fmt: skip
    assert data["by_site"] == [{"value": "beritajakarta", "count": 3}]
    assert data["by_language"] == [
        {"value": "en", "count": 1},
        {"value": "id", "count": 2},
    ]
    assert data["by_month"] == [
        {"value": "2023-11", "count": 1},
        {"value": "2025-01", "count": 1},
        {"value": "2025-02", "count": 1},
    ]
    assert data["by_category"] == [{"value": "Pemerintahan", "count": 2}, {"value": "Ekonomi", "count": 1}]  # fmt: skip
    assert data["by_reporter"] == [
        {"value": "Anita", "count": 1},
        {"value": "Nurito", "count": 1},
        {"value": "Rudi", "count": 1},
    ]
    assert [r["status"] for r in data["latest_runs"]] == ["finished"]
    code, out, _ = run("stats", "--archive", str(archive_path))
    assert code == 0
    for text in ("Totals", "By month published", "Top reporters", "Nurito", "Latest runs", "finished"):  # fmt: skip
        assert text in out


def test_runs(archive_path: str) -> None:
    code, out, _ = run("runs", "--archive", str(archive_path), "--format", "json")
    assert code == 0
    [row] = json.loads(out)
    assert (row["status"], row["new"], row["article_pages"], row["command"]) == ("finished", 3, 3, "warta crawl")  # fmt: skip
    code, out, _ = run("runs", "--archive", str(archive_path))
    assert code == 0
    assert "finished" in out
    assert "beritajakarta" in out


def test_python_dash_m_archive(archive_path: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "archive", "search", "pasar", "--archive", str(archive_path), "--format", "json"],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert [h["id"] for h in json.loads(result.stdout)] == [2]
    assert result.stderr == ""


def test_registering_on_another_group() -> None:
    @click.group()
    def warta() -> None:
        """Test group."""

    register_archive_commands(warta)
    assert {"search", "show", "stats", "export", "runs"} <= set(warta.commands)

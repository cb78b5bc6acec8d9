"""`warta reparse` and `warta export-warc` on stored raw pages (no network)."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from archive.store import Archive, open_archive
from archive.warc import write_warc
from pipelines.extractors import extract_article
from pipelines.reparse import reparse, reparse_command

FIXTURES = Path(__file__).parent / "fixtures" / "pages" / "beritajakarta"
ARTICLE_PAGES = ("m-read-2015", "m-read-2022", "m-en-read-translator")
FETCHED_AT = "2026-11-01T00:00:00+00:00"


def _page(name: str) -> tuple[bytes, str]:
    meta = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    return (FIXTURES / f"{name}.html").read_bytes(), meta["url"]


def _store(arc: Archive, name: str, *, extract: bool = True) -> None:
    body, url = _page(name)
    page_id = arc.save_page(
        url=url, final_url=url, fetched_at=FETCHED_AT, status=200,
        headers={"content-type": "text/html; charset=UTF-8"}, body=body, run_id=None,
    )  # fmt: skip
    if extract:
        article = extract_article(body.decode("utf-8"), url)
        arc.save_article(
            dataclasses.asdict(article),
            observed_at=FETCHED_AT,
            run_id=None,
            page_id=page_id,
        )


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    path = tmp_path / "warta.sqlite"
    with open_archive(path) as arc:
        for name in ARTICLE_PAGES:
            _store(arc, name)
        _store(arc, "m-error-404", extract=False)
    return path


def _set_title(path: Path, url: str, title: str) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE articles SET title = ? WHERE url = ?", (title, url))


def test_reparse_of_an_unchanged_archive_changes_nothing(archive: Path) -> None:
    with open_archive(archive) as arc:
        report = reparse(arc)
    assert (report.pages, report.changed, report.unchanged, report.failed) == (
        4,
        0,
        3,
        1,
    )


def test_reparse_restores_a_field_an_older_extractor_got_wrong(archive: Path) -> None:
    _, url = _page("m-read-2022")
    _set_title(archive, url, "Judul yang salah")
    with open_archive(archive) as arc:
        report = reparse(arc)
        restored = arc.get_article(url)
    assert (report.changed, dict(report.fields)) == (1, {"title": 1})
    assert restored is not None
    assert restored["title"] != "Judul yang salah"


def test_reparse_keeps_the_replaced_content_as_a_version(archive: Path) -> None:
    _, url = _page("m-read-2015")
    _set_title(archive, url, "Judul lama")
    with open_archive(archive) as arc:
        reparse(arc)
    with sqlite3.connect(archive) as db:
        titles = db.execute("SELECT title FROM article_versions").fetchall()
    assert titles == [("Judul lama",)]


def test_reparse_records_pages_that_still_fail(archive: Path) -> None:
    with open_archive(archive) as arc:
        reparse(arc)
        failures = arc.unresolved_failures()
    assert [
        (f["stage"], f["reason"].startswith("not an article")) for f in failures
    ] == [("extract", True)]


def test_reparse_command_prints_a_summary(archive: Path) -> None:
    result = CliRunner().invoke(reparse_command, ["--archive", str(archive)])
    assert result.exit_code == 0
    assert result.output.startswith("Re-extracted 4 pages")


def test_warc_holds_every_stored_page_byte_for_byte(
    archive: Path, tmp_path: Path
) -> None:
    out = tmp_path / "pages.warc.gz"
    with open_archive(archive, read_only=True) as arc:
        pages = {p["url"]: p["body"] for p in arc.iter_pages()}
        count = write_warc(arc.iter_pages(), out)
    with out.open("rb") as stream:
        records = {
            r.rec_headers.get_header("WARC-Target-URI"): r.content_stream().read()
            for r in ArchiveIterator(stream)
            if r.rec_type == "response"
        }
    assert (count, records) == (4, pages)

"""The run lifecycle (pipelines/runs.py) on a real crawler, archive and saved page."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from archive.store import Archive, open_archive
from crawler.items import FetchedPage
from pipelines.extraction import ExtractionPipeline
from pipelines.runs import RunLifecycle
from pipelines.storage import ArchivePipeline

FIXTURES = Path(__file__).parent / "fixtures" / "pages" / "beritajakarta"


def article_page(name: str = "m-read-2015") -> FetchedPage:
    meta = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    page = FetchedPage(
        url=meta["url"],
        final_url=meta["url"],
        status=200,
        headers={"content-type": "text/html; charset=UTF-8"},
        body=(FIXTURES / f"{name}.html").read_bytes(),
        encoding="utf-8",
        fetched_at="2026-05-01T00:00:00+00:00",
        site="beritajakarta",
    )
    return ExtractionPipeline().process_item(page)  # type: ignore[no-any-return]


def run_rows(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as db:
        return db.execute(
            "SELECT site, status, status_reason, scope, new, article_pages, retries "
            "FROM crawl_runs"
        ).fetchall()


def crawl_once(path: Path, *, listings_read: int, **settings: object) -> dict:
    """Open, store one article, close: as Scrapy drives the two components."""
    crawler = get_crawler(
        settings_dict={
            "WARTA_ARCHIVE_PATH": str(path),
            "WARTA_SITE": "beritajakarta",
            **settings,
        }
    )
    assert crawler.stats is not None
    lifecycle = RunLifecycle.from_crawler(crawler)
    storage = ArchivePipeline.from_crawler(crawler)
    storage.open_spider()
    crawler.stats.set_value("warta/scope", "full")  # the crawl policy's
    lifecycle.spider_opened()
    asyncio.run(storage.process_item(article_page()))
    crawler.stats.set_value("warta/listings_read", listings_read)
    crawler.stats.set_value("retry/count", 2)
    storage.close_spider()
    lifecycle.spider_closed("finished")
    return crawler.stats.get_stats()


def test_the_lifecycle_opens_and_closes_the_run_with_its_counters(tmp_path: Path):
    stats = crawl_once(tmp_path / "a.sqlite", listings_read=1)
    assert run_rows(tmp_path / "a.sqlite") == [
        ("beritajakarta", "finished", None, "full", 1, 1, 2)
    ]
    assert (stats["warta/status"], stats["warta/status_reason"]) == ("finished", None)


def test_a_run_that_read_no_listing_is_degraded_under_plain_scrapy(tmp_path: Path):
    stats = crawl_once(tmp_path / "a.sqlite", listings_read=0)
    ((site, status, reason, *_),) = run_rows(tmp_path / "a.sqlite")
    assert (site, status) == ("beritajakarta", "degraded")
    assert (
        reason
        == "no listing page could be read (every listing request failed; see failures)"
    )
    assert stats["warta/status"] == "degraded"


def test_the_lifecycle_adopts_the_row_warta_crawl_opened(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    with open_archive(path) as arc:
        run_id = arc.start_run(
            "beritajakarta", pid=1, hostname="h", command="warta", scope="incremental"
        )
    crawl_once(path, listings_read=1, WARTA_RUN_ID=run_id)
    assert run_rows(path) == [
        ("beritajakarta", "finished", None, "incremental", 1, 1, 2)
    ]


def test_the_search_index_is_tidied_when_a_run_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path] = []
    monkeypatch.setattr(
        Archive, "tidy_search_index", lambda self: bool(calls.append(self.path))
    )
    crawl_once(tmp_path / "a.sqlite", listings_read=1)
    assert calls == [tmp_path / "a.sqlite"]

"""ExtractionPipeline and ArchivePipeline with plain values (no crawl)."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from archive.errors import InvalidRowError
from crawler.items import FetchedPage, FetchFailure, Link
from pipelines import extraction
from pipelines.drops import (
    ExtractionFailed,
    FetchFailed,
    ListingPageStored,
    PublishedBeforeSince,
)
from pipelines.extraction import ExtractionPipeline
from pipelines.storage import ArchivePipeline, article_row

FIXTURES = Path(__file__).parent / "fixtures" / "pages" / "beritajakarta"
FETCHED_AT = "2026-11-02T03:04:05+00:00"


def page(name: str, *, kind: str = "article", status: int = 200) -> FetchedPage:
    meta = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    return FetchedPage(
        url=meta["url"],
        final_url=meta["url"],
        status=status,
        headers={"content-type": "text/html; charset=UTF-8"},
        body=(FIXTURES / f"{name}.html").read_bytes(),
        encoding="utf-8",
        fetched_at=FETCHED_AT,
        site="beritajakarta",
        kind=kind,
    )


def extracted(name: str, **kwargs: object) -> FetchedPage:
    return ExtractionPipeline().process_item(page(name, **kwargs))  # type: ignore[arg-type]


def store(pipeline: ArchivePipeline, item: Any) -> Any:
    """Run the pipeline's coroutine as Scrapy would (until its batch commits)."""
    return asyncio.run(pipeline.process_item(item))


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as db:
        return db.execute(sql).fetchall()


@pytest.fixture
def archive_path(tmp_path: Path) -> Path:
    return tmp_path / "warta.sqlite"


@pytest.fixture
def pipeline(archive_path: Path) -> Iterator[ArchivePipeline]:
    storage = ArchivePipeline(str(archive_path), batch_items=1)
    storage.open_spider()
    yield storage
    storage.close_spider()


def test_extraction_fills_the_article_of_an_article_page() -> None:
    item = extracted("m-read-2015")
    assert (item.error, item.article is not None) == (None, True)


def test_extraction_reads_the_view_counts_of_a_listing_page() -> None:
    assert len(extracted("m-listing-terkini", kind="listing").listing_links) == 10


def test_extraction_records_why_a_page_is_not_an_article() -> None:
    assert (extracted("m-error-404").error or "").startswith("not an article:")


def test_extraction_records_an_http_error_status() -> None:
    assert extracted("m-read-2015", status=404).error == "HTTP status 404"


def test_extraction_records_an_extractor_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(
        html: str, url: str, site: str | None = None, *, tree: Any = None
    ) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(extraction, "extract_article", explode)
    assert extracted("m-read-2015").error == "extractor error: KeyError: 'boom'"


def test_storage_saves_the_article_and_its_raw_page(
    pipeline: ArchivePipeline, archive_path: Path
) -> None:
    store(pipeline, extracted("m-read-2022"))
    assert rows(
        archive_path,
        "SELECT count(*), (SELECT count(*) FROM pages WHERE article_id IS NOT NULL) "
        "FROM articles",
    ) == [(1, 1)]


def test_storage_records_an_unreadable_page_as_a_failure(
    pipeline: ArchivePipeline, archive_path: Path
) -> None:
    with pytest.raises(ExtractionFailed):
        store(pipeline, extracted("m-error-404"))
    assert rows(archive_path, "SELECT stage, count(*) FROM failures") == [
        ("extract", 1)
    ]


def test_storage_keeps_the_raw_page_of_an_unreadable_page(
    pipeline: ArchivePipeline, archive_path: Path
) -> None:
    with pytest.raises(ExtractionFailed):
        store(pipeline, extracted("m-error-404"))
    assert rows(archive_path, "SELECT count(*) FROM pages") == [(1,)]


def test_storage_records_a_fetch_failure(
    pipeline: ArchivePipeline, archive_path: Path
) -> None:
    failure = FetchFailure(
        url="http://127.0.0.1:8123/en/read/1/x", kind="article",
        reason="HTTP status 503", failed_at=FETCHED_AT, site="beritajakarta",
    )  # fmt: skip
    with pytest.raises(FetchFailed):
        store(pipeline, failure)
    # the archive is given the failed article's identity (it parses no URL)
    assert rows(
        archive_path,
        "SELECT stage, reason, site, language, site_article_id FROM failures",
    ) == [("fetch", "HTTP status 503", "beritajakarta", "en", "1")]


def test_storage_records_listing_view_counts_of_archived_articles(
    pipeline: ArchivePipeline, archive_path: Path
) -> None:
    article = extracted("m-read-2015")
    store(pipeline, article)
    listing = page("m-listing-terkini", kind="listing")
    assert article.article is not None
    listing.listing_links = [  # as the extractor gives them: with identity
        Link(
            url=f"http://127.0.0.1:8123/read/{article.article.site_article_id}/x",
            views=99999,
            target_language="id",
            target_site_article_id=article.article.site_article_id,
        ),
        Link(
            url="https://m.beritajakarta.id/read/1/not-archived",
            views=5,
            target_language="id",
            target_site_article_id="1",
        ),
    ]
    with pytest.raises(ListingPageStored):
        store(pipeline, listing)
    assert rows(
        archive_path, "SELECT views FROM view_counts WHERE source = 'listing'"
    ) == [(99999,)]


def test_storage_can_be_switched_off() -> None:
    crawler = get_crawler(settings_dict={"WARTA_ARCHIVE_ENABLED": False})
    with pytest.raises(NotConfigured):
        ArchivePipeline.from_crawler(crawler)


@pytest.mark.parametrize(
    ("since", "archived"),
    [
        # published 2015-11-18T09:12+07:00, which is 02:12Z
        (datetime(2015, 11, 18, 2, 12, tzinfo=UTC), True),
        (datetime(2015, 11, 18, 2, 13, tzinfo=UTC), False),
        (date(2015, 11, 18), True),
        (date(2015, 11, 19), False),
    ],
)
def test_storage_skips_an_article_published_before_since(
    archive_path: Path, since: date | datetime, archived: bool
) -> None:
    storage = ArchivePipeline(str(archive_path))
    storage.open_spider()
    storage.since = since
    try:
        if archived:
            store(storage, extracted("m-read-2015"))
        else:
            with pytest.raises(PublishedBeforeSince):
                store(storage, extracted("m-read-2015"))
    finally:
        storage.close_spider()
    counts = rows(
        archive_path,
        "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM pages), "
        "(SELECT COUNT(*) FROM failures)",
    )
    expected = [(1, 1, 0)] if archived else [(0, 0, 0)]
    assert counts == expected


ARTICLES_AND_PAGES = (
    "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM pages)"
)


def test_items_wait_for_their_batch_and_leave_once_it_is_committed(
    archive_path: Path,
) -> None:
    storage = ArchivePipeline(str(archive_path), batch_items=2, batch_seconds=60)
    storage.open_spider()

    async def two_items() -> None:
        first = asyncio.ensure_future(storage.process_item(extracted("m-read-2015")))
        await asyncio.sleep(0.05)
        assert not first.done()  # the batch is not full: nothing written yet
        assert rows(archive_path, ARTICLES_AND_PAGES) == [(0, 0)]
        second = await storage.process_item(extracted("m-read-2022"))
        assert rows(archive_path, ARTICLES_AND_PAGES) == [(2, 2)]
        assert (await first).article is not None  # settled by the same commit
        assert second.article is not None

    try:
        asyncio.run(two_items())
    finally:
        storage.close_spider()


def test_a_lone_item_waits_at_most_the_batch_time(archive_path: Path) -> None:
    storage = ArchivePipeline(str(archive_path), batch_items=10, batch_seconds=0.05)
    storage.open_spider()
    try:
        store(storage, extracted("m-read-2015"))
        assert rows(archive_path, ARTICLES_AND_PAGES) == [(1, 1)]
        assert storage.counts == {"article_pages": 1, "new": 1}
    finally:
        storage.close_spider()


def test_an_invalid_item_fails_alone_and_its_batch_is_stored(
    archive_path: Path,
) -> None:
    storage = ArchivePipeline(str(archive_path), batch_items=2, batch_seconds=60)
    storage.open_spider()
    bad = extracted("m-read-2022")
    assert bad.article is not None
    bad.article.views = "many"  # type: ignore[assignment]

    async def both() -> list[Any]:
        return await asyncio.gather(
            storage.process_item(extracted("m-read-2015")),
            storage.process_item(bad),
            return_exceptions=True,
        )

    try:
        good, failed = asyncio.run(both())
    finally:
        storage.close_spider()
    assert isinstance(good, FetchedPage)
    assert isinstance(failed, InvalidRowError)
    assert rows(archive_path, ARTICLES_AND_PAGES) == [(1, 1)]
    assert rows(archive_path, "SELECT new, article_pages FROM crawl_runs") == []
    assert storage.counts == {"article_pages": 1, "new": 1}


def test_an_article_goes_to_the_archive_as_dataclasses_asdict_gives_it() -> None:
    article = extracted("m-read-2015").article
    assert article is not None
    article.related.append(Link(url="https://m.beritajakarta.id/read/1/a", views=7))
    article.tags = ["banjir"]
    row = article_row(article)
    assert row == dataclasses.asdict(article)
    assert row["related"][-1] == {
        "url": "https://m.beritajakarta.id/read/1/a",
        "title": None,
        "published_at": None,
        "views": 7,
        "reporter": None,
        "target_language": None,
        "target_site_article_id": None,
    }

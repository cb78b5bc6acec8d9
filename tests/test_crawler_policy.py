"""The crawl policy (crawler/policy.py) on real Scrapy objects and a saved listing page.

The Berita Jakarta spider parses a saved listing page (a real
``HtmlResponse``); its output goes through :class:`PolicyMiddleware` with an
archive view written here by hand.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.crawl_options import ArchiveView, CrawlOptions
from crawler.items import FetchedPage
from crawler.policy import CrawlPolicy, PolicyMiddleware
from crawler.spiders.sites import SPIDERS
from sites.beritajakarta import article_key

PAGES = Path(__file__).parent / "fixtures" / "pages" / "beritajakarta"
LISTING = "m-listing-terkini"  # page 2 of /berita/terkini, ten articles


def _listing() -> tuple[HtmlResponse, list[tuple[str, str]]]:
    meta = json.loads((PAGES / f"{LISTING}.json").read_text(encoding="utf-8"))
    url = meta["url"]
    response = HtmlResponse(
        url,
        body=(PAGES / f"{LISTING}.html").read_bytes(),
        encoding="utf-8",
        request=Request(url, meta={"warta_kind": "listing"}),
    )
    keys = [article_key(item["url"]) for item in meta["listing"]]
    return response, [k for k in keys if k is not None]


async def _aiter(items: Iterable[Any]) -> AsyncIterator[Any]:
    for item in items:
        yield item


def _run(options: CrawlOptions, view: ArchiveView) -> list[Any]:
    """The spider's output for the listing, as the policy lets it through."""
    response, _ = _listing()
    crawler = get_crawler(SPIDERS["beritajakarta"])
    spider = SPIDERS["beritajakarta"](base_url="http://127.0.0.1:8123")
    crawler.spider = spider
    policy = CrawlPolicy(options, "beritajakarta", state=None)
    policy.view = view
    middleware = PolicyMiddleware(crawler, policy)

    async def collect() -> list[Any]:
        output = middleware.process_spider_output(
            response, _aiter(spider.parse_listing(response))
        )
        return [item async for item in output]

    return asyncio.run(collect())


def _articles(output: list[Any]) -> list[str]:
    return [
        r.url
        for r in output
        if isinstance(r, Request) and r.meta["warta_kind"] == "article"
    ]


def _pages(output: list[Any]) -> list[str]:
    return [
        r.url for r in output if isinstance(r, Request) and r.meta.get("warta_next")
    ]


def test_a_first_run_follows_every_article_and_every_listing_page() -> None:
    output = _run(CrawlOptions(), ArchiveView())
    assert isinstance(output[0], FetchedPage)
    assert output[0].kind == "listing"
    assert len(_articles(output)) == 10
    # a full pass follows the whole pagination block (page 1, 3 and 4)
    assert [u.rsplit("/", 1)[-1] for u in _pages(output)] == [
        "terkini", "terkini?page=3", "terkini?page=4",
    ]  # fmt: skip


def test_known_articles_are_skipped_and_an_all_known_page_ends_the_listing() -> None:
    _, keys = _listing()
    view = ArchiveView(known=dict.fromkeys(keys), listings_complete=True)
    output = _run(CrawlOptions(), view)
    assert _articles(output) == []
    assert _pages(output) == []


def test_one_new_article_keeps_paging_to_the_next_page_only() -> None:
    _, keys = _listing()
    view = ArchiveView(known=dict.fromkeys(keys[1:]), listings_complete=True)
    output = _run(CrawlOptions(), view)
    assert [article_key(u) for u in _articles(output)] == [keys[0]]
    assert [u.rsplit("=", 1)[-1] for u in _pages(output)] == ["3"]


def test_full_fetches_known_articles_again() -> None:
    _, keys = _listing()
    view = ArchiveView(known=dict.fromkeys(keys), listings_complete=True)
    output = _run(CrawlOptions(full=True), view)
    assert len(_articles(output)) == 10


@pytest.mark.parametrize("bound", [1, 4])
def test_max_articles_bounds_the_requests_and_stops_paging(bound: int) -> None:
    output = _run(CrawlOptions(max_articles=bound), ArchiveView())
    assert len(_articles(output)) == bound
    assert _pages(output) == []  # the bound is reached on this page

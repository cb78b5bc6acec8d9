"""``warta serve`` in a real headless browser: the first screen, search, facets, docs.

Starts the serve command in a subprocess on a free port of 127.0.0.1 and drives
Debian's Chromium (``/usr/bin/chromium``) with Playwright's Python API in a
1400×1000 window.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.archive_factory import FactoryArchive, build_archive
from tests.serve_helpers import RANKED_WORD, add_ranked_articles, serve_archive

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"Debian's chromium is not installed at {CHROMIUM} "
        "(apt-get install -y chromium)",
    ),
]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1400, "height": 1000}
#: A table row taller than this is a wall of text, not a row to scan.
MAX_ROW_HEIGHT = 200


@pytest.fixture(scope="module")
def factory(tmp_path_factory: pytest.TempPathFactory) -> FactoryArchive:
    return build_archive(tmp_path_factory.mktemp("browser") / "warta.sqlite")


@pytest.fixture(scope="module")
def ranked_ids(factory: FactoryArchive) -> list[int]:
    return add_ranked_articles(factory.path)


@pytest.fixture(scope="module")
def server(factory: FactoryArchive, ranked_ids: list[int]) -> Iterator[str]:
    with serve_archive(factory.path) as served:
        yield served.base


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport=VIEWPORT)
        finally:
            browser.close()


def _shown_ids(page) -> list[int]:
    cells = page.locator("table.rows-and-columns tbody td.col-id").all_inner_texts()
    return [int(text.strip()) for text in cells]


def test_search_then_facet_in_the_browser(page, server, factory):
    page.goto(f"{server}/warta/articles")
    assert "articles" in page.title()
    assert len(_shown_ids(page)) == 50  # the first page of 60 articles

    page.fill("#_search", "banjir")
    page.press("#_search", "Enter")
    page.wait_for_url(re.compile(r"_search=banjir"))
    banjir = factory.matching("banjir")
    assert sorted(_shown_ids(page)) == sorted(banjir)

    reporters = {factory.ids[a["url"]]: a["reporter"] for a in factory.articles}
    facet = page.locator('div.facet-info[data-column="reporter"] li a')
    name = facet.first.inner_text().strip()
    assert name in set(reporters.values())
    facet.first.click()
    page.wait_for_url(re.compile(r"reporter="))
    expected = sorted(i for i in banjir if reporters[i] == name)
    assert expected
    assert sorted(_shown_ids(page)) == expected
    assert page.locator("#_search").input_value() == "banjir"


def test_month_facet_in_the_browser(page, server, factory):
    page.goto(f"{server}/warta/articles")
    month = page.locator(
        'div.facet-info[data-column="published_at"] li a', has_text="2024-02"
    )
    month.click()
    page.wait_for_url(re.compile(r"published_at__startswith=2024-02"))
    expected = sorted(
        factory.ids[a["url"]]
        for a in factory.articles
        if (a["published_at"] or "").startswith("2024-02")
    )
    assert sorted(_shown_ids(page)) == expected


def _inside_viewport(box: dict[str, float] | None) -> bool:
    return (
        box is not None
        and box["y"] >= 0
        and box["y"] + box["height"] <= VIEWPORT["height"]
        and box["x"] >= 0
        and box["x"] < VIEWPORT["width"]
    )


def test_first_screen_shows_the_search_box_and_rows(page, server):
    page.goto(f"{server}/warta/articles")
    assert _inside_viewport(page.locator("#_search").bounding_box())
    first_row = page.locator("table.rows-and-columns tbody tr").first
    assert _inside_viewport(first_row.bounding_box())


def test_rows_stay_short_and_the_row_page_has_the_full_text(page, server, factory):
    page.goto(f"{server}/warta/articles")
    rows = page.locator("table.rows-and-columns tbody tr")
    heights = [box["height"] for box in (r.bounding_box() for r in rows.all()) if box]
    assert len(heights) == 50
    assert max(heights) < MAX_ROW_HEIGHT
    first_id = _shown_ids(page)[0]
    body = next(
        a["body"] for a in factory.articles if factory.ids[a["url"]] == first_id
    )
    shown = rows.first.locator("td.col-body").inner_text().strip()
    assert shown.endswith("…")
    assert len(shown) < len(body)
    page.locator("table.rows-and-columns tbody tr td.col-id a").first.click()
    page.wait_for_url(re.compile(rf"/warta/articles/{first_id}$"))
    full = page.locator("td.col-body").inner_text()
    assert " ".join(full.split()) == " ".join(body.split())


def test_column_docs_are_collapsed_until_clicked(page, server):
    page.goto(f"{server}/warta/articles")
    docs = page.locator("details.column-docs dl.column-docs-list")
    body_doc = docs.locator("dt", has_text=re.compile(r"^body$"))
    assert not docs.is_visible()
    assert not page.locator("dl.column-descriptions").is_visible()
    page.locator("details.column-docs summary").click()
    assert docs.is_visible()
    assert body_doc.is_visible()
    assert "boilerplate removed" in docs.inner_text()


def test_search_in_the_browser_is_ranked_by_relevance(page, server, ranked_ids):
    page.goto(f"{server}/warta/articles")
    page.fill("#_search", RANKED_WORD)
    page.press("#_search", "Enter")
    page.wait_for_url(re.compile(rf"_search={RANKED_WORD}"))
    assert _shown_ids(page) == ranked_ids
    first_row = page.locator("table.rows-and-columns tbody tr").first
    assert _inside_viewport(first_row.bounding_box())
    assert page.locator("#_search").input_value() == RANKED_WORD

"""``warta serve`` in a real headless browser: search, click a facet, see the right rows.

Starts the serve command in a subprocess on a free port of 127.0.0.1 and drives
Debian's Chromium (``/usr/bin/chromium``) with Playwright's Python API.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.archive_factory import FactoryArchive, build_archive

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
REPO = Path(__file__).resolve().parents[1]
_URL = re.compile(r"(http://127\.0\.0\.1:\d+)/")


@pytest.fixture(scope="module")
def factory(tmp_path_factory: pytest.TempPathFactory) -> FactoryArchive:
    return build_archive(tmp_path_factory.mktemp("browser") / "warta.sqlite")


@pytest.fixture(scope="module")
def server(factory: FactoryArchive) -> Iterator[str]:
    log = factory.path.with_suffix(".serve.log")
    stderr = log.open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "archive.serve",
            "--archive",
            str(factory.path),
            "--port",
            "0",
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        match = _URL.search(line)
        if match is None:
            proc.kill()
            proc.wait(timeout=10)
            pytest.fail(f"serve printed no URL: {line!r} {log.read_text()[-2000:]}")
        base = match.group(1)
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/-/versions.json", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        stderr.close()


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser.new_page()
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

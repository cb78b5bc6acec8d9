"""Robustness: over a thousand mangled pages through ``warta extract`` and a real crawl.

The pages come from :mod:`tests.mangle` (seeded, derived from the committed
fixtures). ``warta extract`` must answer each with JSON (exit 0) or one line
(exit 1), never a traceback; a crawl of a loopback server that lists them all
under article URLs must archive each page or record it in ``failures`` with a
reason, and print no traceback. Pages over ``WARTA_MAX_PAGE_BYTES`` are
refused with a reason, not parsed.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner
from scrapy.utils.test import get_crawler

from cli.main import main as warta_main
from crawler.items import FetchedPage
from pipelines.extraction import MAX_PAGE_BYTES, ExtractionPipeline
from tests.crawl_helpers import crawl_args, rows, warta
from tests.mangle import MangledPage, mangled_pages

FIRST_ID = 900_000  # served article ids: far from every fixture's ids
FIXTURES = Path(__file__).parent / "fixtures" / "pages" / "beritajakarta"
# a missing record (the empty article template), served unmangled
EMPTY_RECORD = MangledPage(
    "m-read-empty-record", (FIXTURES / "m-read-empty-record.html").read_bytes()
)
EMPTY_RECORD_PATH = "/read/157204/"


@dataclass(frozen=True)
class Served:
    """A mangled page and the article path it is served under."""

    page: MangledPage
    path: str
    file: Path


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> list[Served]:
    """Every mangled page, written to a file and given an article path."""
    folder = tmp_path_factory.mktemp("mangled")
    result = []
    for index, page in enumerate(mangled_pages()):
        file = folder / f"{index:05d}.html"
        file.write_bytes(page.body)
        path = f"/read/{FIRST_ID + index}/mangled-{index}"
        result.append(Served(page, path, file))
    return result


def test_the_generator_is_large_and_deterministic(served: list[Served]) -> None:
    assert len(served) >= 1000
    again = list(mangled_pages())
    assert [p.body for p in again] == [s.page.body for s in served]
    kinds = {s.page.name.split(".")[1] for s in served}
    assert kinds == {
        "truncate", "cp1252_islands", "reencode", "lying_charset", "deep_nesting",
        "unclosed", "noise", "empty", "php_notice_only", "huge_attribute",
    }  # fmt: skip


def _extract_problem(item: Served) -> str | None:
    """Why ``warta extract`` answered this page badly, or ``None``."""
    url = "https://m.beritajakarta.id" + item.path
    result = CliRunner().invoke(warta_main, ["extract", str(item.file), "--url", url])
    output = result.stdout + result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return f"raised {type(result.exception).__name__}: {result.exception}"
    if "Traceback" in output:
        return "traceback in the output"
    if result.exit_code == 0:
        try:
            json.loads(result.stdout)
        except ValueError:
            return "exit 0 without JSON"
        return None if result.stderr == "" else "exit 0 with stderr"
    if result.exit_code == 1:
        if result.stdout or result.stderr.count("\n") != 1:
            return f"exit 1 without exactly one line: {result.stderr[:200]!r}"
        return None
    return f"exit {result.exit_code}: {output[:200]!r}"


def test_warta_extract_answers_every_mangled_page(served: list[Served]) -> None:
    problems = [
        f"{item.page.name}: {problem}"
        for item in served
        if (problem := _extract_problem(item)) is not None
    ]
    assert problems == []


def test_warta_extract_refuses_a_page_over_the_cap(tmp_path: Path) -> None:
    page = tmp_path / "big.html"
    page.write_bytes(b"<p>" + b"a" * MAX_PAGE_BYTES)
    result = CliRunner().invoke(warta_main, ["extract", str(page), "--url", "x"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "page too large" in result.stderr


def _page(body: bytes, kind: str = "article") -> FetchedPage:
    return FetchedPage(
        url="https://m.beritajakarta.id/read/1/x",
        final_url="https://m.beritajakarta.id/read/1/x",
        status=200,
        headers={},
        body=body,
        encoding="utf-8",
        fetched_at="2026-05-09T00:00:00+00:00",
        site="beritajakarta",
        kind=kind,
    )


def test_the_pipeline_reads_the_cap_from_the_settings() -> None:
    crawler = get_crawler(settings_dict={"WARTA_MAX_PAGE_BYTES": 100})
    pipeline = ExtractionPipeline.from_crawler(crawler)
    assert pipeline.max_page_bytes == 100


def test_the_default_cap_is_ten_megabytes() -> None:
    pipeline = ExtractionPipeline.from_crawler(get_crawler(settings_dict={}))
    assert pipeline.max_page_bytes == 10 * 1024 * 1024


def test_a_page_over_the_cap_is_refused_with_a_reason() -> None:
    page = ExtractionPipeline(max_page_bytes=100).process_item(_page(b"x" * 101))
    assert page.article is None
    assert page.error == ("page too large: 101 bytes (limit 100, WARTA_MAX_PAGE_BYTES)")


def test_a_listing_over_the_cap_is_not_read() -> None:
    body = b'<a href="/read/5/y">y</a>' * 10
    page = ExtractionPipeline(max_page_bytes=100).process_item(_page(body, "listing"))
    assert page.listing_links == []


def test_a_page_at_the_cap_is_read() -> None:
    page = ExtractionPipeline(max_page_bytes=100).process_item(_page(b"x" * 100))
    assert page.error is not None
    assert page.error.startswith("not an article")


# --- a real crawl of a loopback server serving the mangled pages -------------

LISTING = """<!doctype html><html><body><div class="news-list">
<div class="header"><span class="title">Indeks Berita</span></div>
<ul class="list-index">{items}</ul></div></body></html>"""
ITEM = '<li class="row"><h2><a href="{path}">Berita {n}</a></h2></li>'


class _Handler(BaseHTTPRequestHandler):
    """``/berita/terkini`` lists every page; other listings are empty."""

    pages: ClassVar[dict[str, MangledPage]] = {}
    listing: ClassVar[bytes] = b""

    def do_GET(self) -> None:
        if self.path in self.pages:
            page = self.pages[self.path]
            self._send(200, page.body, page.content_type)
        elif self.path == "/berita/terkini":
            self._send(200, self.listing, "text/html; charset=utf-8")
        elif self.path.startswith(("/read/", "/en/read/", "/robots.txt")):
            self._send(404, b"not found", "text/plain")
        else:
            self._send(200, LISTING.format(items="").encode(), "text/html")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test reads the archive, not the access log."""


@pytest.fixture(scope="module")
def crawl_sample(served: list[Served]) -> list[Served]:
    """The pages the crawl lists: the first of each mangling of each fixture
    and every page over the crawl's cap (a crawl of all of them would take
    minutes on a shared 2-core machine; ``warta extract`` reads all)."""
    return [
        s for s in served if s.page.name.endswith(".0") or len(s.page.body) > CRAWL_CAP
    ]


@pytest.fixture(scope="module")
def server(served: list[Served], crawl_sample: list[Served]) -> Iterator[str]:
    """A loopback HTTP server; its base URL (``localhost``, so the fixtures'
    links to other mirrors are off-site and not followed)."""
    handler = type("Handler", (_Handler,), {})
    handler.pages = {item.path: item.page for item in served}
    handler.pages[EMPTY_RECORD_PATH] = EMPTY_RECORD
    items = "".join(ITEM.format(path=s.path, n=i) for i, s in enumerate(crawl_sample))
    items += ITEM.format(path=EMPTY_RECORD_PATH, n="kosong")
    handler.listing = LISTING.format(items=items).encode()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


CRAWL_CAP = 4 * 1024 * 1024  # below the 5 MB-attribute pages: they are refused


@dataclass(frozen=True)
class CrawlResult:
    archive: Path
    returncode: int
    output: str


@pytest.fixture(scope="module")
def crawled(server: str, tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    archive = tmp_path_factory.mktemp("robust") / "warta.sqlite"
    args = crawl_args(server, archive, "--set", f"WARTA_MAX_PAGE_BYTES={CRAWL_CAP}")
    result = warta(*args, check=False)
    log_paths = [r["log_path"] for r in rows(archive, "SELECT * FROM crawl_runs")]
    logs = "".join(
        Path(p).read_text(errors="replace")
        for p in log_paths
        if p and Path(p).is_file()
    )
    return CrawlResult(archive, result.returncode, result.stdout + result.stderr + logs)


@pytest.mark.e2e
def test_the_crawl_ends_without_a_traceback(crawled: CrawlResult) -> None:
    assert crawled.returncode in (0, 3), crawled.output[-3000:]  # 3: degraded
    assert "Traceback" not in crawled.output
    assert "extractor error" not in crawled.output


@pytest.mark.e2e
def test_every_listed_page_is_archived_or_a_failure(
    crawled: CrawlResult, server: str, crawl_sample: list[Served]
) -> None:
    kinds = {item.page.name.split(".")[1] for item in crawl_sample}
    assert len(crawl_sample) >= 200
    assert len(kinds) == 10
    archived = {
        r["url"]
        for r in rows(
            crawled.archive, "SELECT url FROM pages WHERE article_id IS NOT NULL"
        )
    }
    failed = {
        r["url"]: r["reason"]
        for r in rows(crawled.archive, "SELECT url, reason FROM failures")
        if r["reason"]
    }
    unaccounted = [
        item.page.name
        for item in crawl_sample
        if server + item.path not in archived and server + item.path not in failed
    ]
    assert unaccounted == []
    assert archived  # some mangled pages are still articles


@pytest.mark.e2e
def test_pages_over_the_cap_are_refused_with_a_reason(
    crawled: CrawlResult, server: str, served: list[Served]
) -> None:
    over = [s for s in served if len(s.page.body) > CRAWL_CAP]
    assert over
    reasons = {
        r["url"]: r["reason"]
        for r in rows(crawled.archive, "SELECT url, reason, stage FROM failures")
    }
    for item in over:
        reason = reasons.get(server + item.path) or ""
        assert re.match(r"page too large: \d+ bytes", reason), item.page.name


@pytest.mark.e2e
def test_a_missing_record_is_an_extract_failure_and_no_article(
    crawled: CrawlResult, server: str
) -> None:
    failures = rows(
        crawled.archive,
        "SELECT stage, reason FROM failures WHERE url = ?",
        server + EMPTY_RECORD_PATH,
    )
    assert [(r["stage"], r["reason"]) for r in failures] == [
        (
            "extract",
            "not an article: empty article template (no headline, no body text)",
        )
    ]
    articles = rows(
        crawled.archive, "SELECT id FROM articles WHERE site_article_id = '157204'"
    )
    assert articles == []

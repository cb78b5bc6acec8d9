"""benchmarks/spy_breakdown.py groups py-spy samples by warta component."""

from __future__ import annotations

from pathlib import Path

from tests.test_benchmarks import row, run_benchmark

ENGINE = "main (cli/main.py:1);run_spider (crawler/runner.py:77);_run_once (asyncio/base_events.py:1)"
RAW = f"""\
main (cli/main.py:1);_find_and_load (<frozen importlib._bootstrap>:1) 5
{ENGINE};flush (pipelines/storage.py:222);execute (sqlalchemy/engine/base.py:1) 7
{ENGINE};process_item (pipelines/extraction.py:96);parse (pipelines/extractors/dom.py:80) 3
{ENGINE};parse_article (crawler/spiders/portal.py:1);find_links (crawler/links.py:98) 2
{ENGINE};_download (scrapy/core/engine.py:524) 4
"""


def test_samples_go_to_the_innermost_component(tmp_path: Path) -> None:
    raw = tmp_path / "crawl.txt"
    raw.write_text(RAW, encoding="utf-8")
    report = run_benchmark("benchmarks.spy_breakdown", str(raw))
    assert row(report, "storage pipeline") == [7, 33]
    assert row(report, "start-up") == [5, 24]
    assert row(report, "Scrapy, Twisted") == [4, 19]
    assert row(report, "extraction") == [3, 14]
    assert row(report, "link discovery") == [2, 10]  # inside the spider's callback

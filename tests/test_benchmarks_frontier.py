"""The frontier benchmark runs as the README shows it, on a tiny mirror, and measures.

As in tests/test_benchmarks.py: a subprocess, its Markdown table parsed, every
figure positive; speeds are not asserted.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.crawl_helpers import ROOT
from tests.frontier_helpers import frontier_url

pytestmark = [pytest.mark.e2e, pytest.mark.services]
__all__ = ["frontier_url"]  # the fixture


def test_frontier_benchmark_reports_the_best_rounds_of_both_schedulers(
    frontier_url: str,
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.frontier", "--articles", "30",
         "--workers", "1", "--rounds", "2", "--redis", frontier_url],
        cwd=ROOT, capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    rows = {
        line.split("|")[1].strip(): [c.strip() for c in line.split("|")[2:-1]]
        for line in done.stdout.splitlines()
        if line.startswith(("| Scrapy", "| Redis"))
    }
    assert set(rows) == {"Scrapy scheduler", "Redis frontier"}
    assert "best of 2 round(s)" in done.stdout
    assert "load average" in done.stdout
    assert done.stderr.count("round 2:") == 2  # each crawl ran in each round
    for cells in rows.values():
        workers, pages, seconds, rate, each, ratio, cpu = (float(c) for c in cells)
        assert workers == 1
        assert pages > 30  # the articles and their listings
        assert min(seconds, rate, each, ratio, cpu) > 0
    assert rows["Scrapy scheduler"][5] == "1.00"

"""The benchmark scripts run as the README shows them and print their figures.

Each runs in a subprocess on a tiny size (``python -m benchmarks.<name>`` from
the repository root, as in the README), and its report is parsed: every
figure must be a positive number. Speeds are not asserted (no wall-clock
assertions in tests); only that the scripts still work and still measure.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from archive.store import open_archive
from benchmarks.synthetic import Corpus
from tests.pg_support import TestDatabase

ROOT = Path(__file__).resolve().parents[1]
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def run_benchmark(*args: str, timeout: float = 240) -> str:
    """``python -m benchmarks.<args>`` from the repository root; its stdout."""
    done = subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def figures(line: str) -> list[float]:
    """Every number in a report line (thousands separators removed)."""
    return [float(n.replace(",", "")) for n in NUMBER.findall(line)]


def row(report: str, label: str) -> list[float]:
    """The numbers of the one Markdown table row whose first cell starts with ``label``."""
    rows = [
        line
        for line in report.splitlines()
        if line.startswith("|") and line.split("|")[1].strip().startswith(label)
    ]
    assert len(rows) == 1, f"expected one row {label!r} in:\n{report}"
    cells = rows[0].split("|")[2:]  # the label may hold digits ("50,000-article")
    return [value for cell in cells for value in figures(cell)]


def test_the_readme_runs_every_benchmark_as_a_module() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert not re.search(r"python \S*benchmarks/", readme), "run them with -m"
    modules = set(re.findall(r"python -m (benchmarks\.\w+)", readme))
    assert modules >= {"benchmarks.archive", "benchmarks.extract", "benchmarks.crawl"}
    for module in modules:
        assert (ROOT / (module.replace(".", "/") + ".py")).is_file(), module


def test_archive_benchmark_reports_insert_rates_and_search_latency() -> None:
    report = run_benchmark(
        "benchmarks.archive", "--articles", "300", "--queries", "2", "--single", "20"
    )
    raw_rate, raw_ratio = row(report, "raw `sqlite3`")
    layer_rate, ratio, goal = row(report, "archive layer `save_articles`")
    single_rate, single_ratio = row(report, "archive layer `save_article` (one")
    assert "(one per transaction, 20 articles)" in report
    assert raw_ratio == 1.0
    assert goal == 0.5
    for value in (raw_rate, layer_rate, ratio, single_rate, single_ratio):
        assert value > 0, report
    p50, p95, goal_ms, worst = row(report, "**all typical queries**")
    assert 0 < p50 <= p95 <= worst, report
    assert goal_ms == 10
    assert re.search(
        r"^Goals: insert (met|NOT met) .*; search (met|NOT met)", report, re.MULTILINE
    )


@pytest.mark.services
@pytest.mark.parametrize("bulk", [False, True], ids=["three-ways", "bulk"])
def test_postgres_archive_benchmark_reports_insert_ratios_and_latency(
    pg_database: TestDatabase, bulk: bool
) -> None:
    args = ["--archive", pg_database.url, "--articles", "300", "--queries", "2"]
    report = run_benchmark(
        "benchmarks.pg_archive",
        *args,
        "--batch",
        "100",
        *(["--bulk", "--prewarm"] if bulk else []),
    )
    assert "Archive benchmark on PostgreSQL: 300 articles" in report
    assert "No recent-articles GIN indexes (the archive is small)" in report
    assert ("(`--prewarm`:" in report) is bulk
    if bulk:
        assert "Built with `--bulk`" in report
        assert "insert path" not in report
    else:
        layer_rate, layer_ratio = row(report, "archive layer `save_articles`")
        assert layer_ratio == 1.0
        assert "`save_articles` (batches of 100)" in report
        for label in ("raw psycopg `executemany`", "raw psycopg `COPY`"):
            rate, ratio = row(report, label)
            assert rate > 0, report
            assert ratio == pytest.approx(layer_rate / rate, abs=0.01), report
    p50, p95, goal_ms, worst = row(report, "**all typical queries**")
    assert 0 < p50 <= p95 <= worst, report
    assert goal_ms == 50
    assert row(report, "prefix (raw)")[0] > 0
    assert re.search(r"^Goals: .*search (met|NOT met)", report, re.MULTILINE)
    with pg_database.engine.connect() as conn:  # dropped without --keep
        left = conn.exec_driver_sql(
            "SELECT count(*) FROM pg_namespace WHERE starts_with(nspname, 'warta_bench_')"
        ).scalar_one()
    assert left == 0


@pytest.mark.services
def test_postgres_tuning_benchmark_times_each_variant_in_turn(
    pg_database: TestDatabase,
) -> None:
    url = pg_database.new_archive_url()
    with open_archive(url) as arc:
        rows = Corpus(7).batch(0, 200, 200)
        arc.save_articles(rows, observed_at="2026-04-01T00:00:00+00:00", run_id=None)
    args = ["--archive", url, "--queries", "3", "--rounds", "2"]
    variants = ["--set", "SORT_ALL_RATIO=4", "--set", "SORT_ALL_RATIO=2"]
    kinds = ["--kind", "one rare word", "--kind", "prefix (raw)"]
    report = run_benchmark("benchmarks.pg_tuning", *args, *variants, *kinds)
    headings = re.findall(
        r"^#### (round \d: SORT_ALL_RATIO = \d)", report, re.MULTILINE
    )
    assert headings == [
        "round 1: SORT_ALL_RATIO = 4",
        "round 1: SORT_ALL_RATIO = 2",
        "round 2: SORT_ALL_RATIO = 4",
        "round 2: SORT_ALL_RATIO = 2",
    ]
    for label in ("one rare word", "prefix (raw)"):
        assert len(re.findall(rf"^\| {re.escape(label)} \|", report, re.MULTILINE)) == 4
    for line in re.findall(r"^\| \*\*all\*\* .*$", report, re.MULTILINE):
        p50, p95 = figures(line)
        assert 0 < p50 <= p95


def test_postgres_tuning_benchmark_refuses_an_unknown_setting() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.pg_tuning", "--archive", "postgresql://x/y",
         "--set", "NO_SUCH=1"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "archive.pg_page has no constant 'NO_SUCH'" in done.stderr


def within_rounding(ratio: float, top: float, bottom: float, *, places: int) -> bool:
    """True if ``ratio`` (printed to ``places``) is ``top / bottom`` of two rates
    printed as whole numbers: the ratio their unrounded values allow."""
    half = 0.5 * 10**-places
    low = (top - 0.5) / (bottom + 0.5) - half
    high = (top + 0.5) / (bottom - 0.5) + half
    return low <= ratio <= high


def test_extract_benchmark_reports_pages_per_second_per_method() -> None:
    report = run_benchmark("benchmarks.extract", "--repeat", "1")
    groups = {"mobile fixtures", "www fixtures", "overall"}
    found = {}
    for line in report.splitlines():
        label = next((g for g in groups | {"mobile real"} if line.startswith(g)), None)
        if label is not None:
            found[label] = figures(line.removeprefix(label))
    assert groups <= set(found), report
    for label, values in found.items():
        pages, kib, full, lxml, soup, trafilatura, to_lxml, to_trafilatura = values
        assert pages >= 1, label
        assert kib > 0, label
        assert min(full, lxml, soup, trafilatura) > 0, label
        assert within_rounding(to_lxml, full, lxml, places=2), label
        assert within_rounding(to_trafilatura, full, trafilatura, places=1), label
    assert re.search(
        r"^goal on mobile fixtures: ≥ 0.5× lxml: [\d.]+×", report, re.MULTILINE
    )


@pytest.mark.e2e
def test_crawl_benchmark_compares_warta_with_bare_scrapy_and_measures_rss() -> None:
    report = run_benchmark(
        "benchmarks.crawl", "--articles", "20", "--rounds", "1", "--rss-articles", "20"
    )
    header = re.search(
        r"(\d+) pages each \((\d+) article \+ (\d+) listing pages\)", report
    )
    assert header is not None, report
    pages, articles, listings = map(int, header.groups())
    assert articles == 20
    assert listings > 0
    assert pages == articles + listings
    rows = {}
    for label in ("`warta crawl`", "bare Scrapy spider"):
        rows[label] = row(report, label)
        rate, wall_rate, engine_s, wall_s, cpu_ms_per_page, rss = rows[label]
        assert min(rate, wall_rate, engine_s, wall_s, cpu_ms_per_page, rss) > 0, report
        # engine_s is printed to 0.01 s: the rate lies within that rounding
        assert pages / (engine_s + 0.006) <= rate <= pages / (engine_s - 0.006), report
        assert engine_s < wall_s
    ratio, goal, wall_ratio = row(report, "**warta ÷ bare**")
    warta_rate, bare_rate = rows["`warta crawl`"][0], rows["bare Scrapy spider"][0]
    assert ratio == pytest.approx(warta_rate / bare_rate, abs=0.01)
    assert goal == 0.7
    assert wall_ratio > 0
    build_s, build_mb = row(report, "mirror build")
    assert build_s > 0
    assert build_mb > 0
    assert row(report, "mirror peak RSS")[0] > 0
    assert row(report, "pages fetched") == [pages]
    peak_mb, goal_mb = row(report, "**peak RSS of the crawl process**")
    assert peak_mb > 0
    assert goal_mb == 300
    anon_mb = row(report, "of which anonymous")[0]
    file_mb = row(report, "of which file-backed")[0]
    assert 0 < anon_mb <= peak_mb
    assert 0 < file_mb <= peak_mb
    assert re.search(
        r"^Goals: throughput (met|NOT met) .*; memory (met|NOT met)",
        report,
        re.MULTILINE,
    )

"""Pages per second: full extraction vs bare parsers and trafilatura (issue §6).

Usage: ``python benchmarks/extract.py [--repeat N]``

Runs, on the same article pages in the same process: ``extract_article`` (full
extraction), a bare ``lxml.html.fromstring``, a bare ``BeautifulSoup(html,
"lxml")`` and ``trafilatura.extract``. Pages: the real saved mobile pages in
``../shared/pages/beritajakarta`` when present, and the fixture article pages
(mobile and desktop templates), reported per group and all together. Each
method makes ``N`` passes over each group, interleaved with the other methods;
its rate comes from its fastest pass (the one least disturbed by other load).
Goal: extraction ≥ 0.5× the lxml rate and ≥ 5× the trafilatura rate.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import time
from collections.abc import Callable
from pathlib import Path

import lxml.html
import trafilatura
from bs4 import BeautifulSoup

from pipelines.extract_command import decode_html
from pipelines.extractors import extract_article

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "pages" / "beritajakarta"
SHARED = ROOT / ".." / "shared" / "pages" / "beritajakarta"
REAL_PAGES = {
    "m-read-142433.html": "https://m.beritajakarta.id/read/142433/pelanggan-transjakarta-tembus-371-juta-di-2024",
    "m-read-95243.html": "https://m.beritajakarta.id/read/95243/pendataan-kjp-plus-tahap-i-tahun-2022-dimulai",
    "m-read-19952.html": "https://m.beritajakarta.id/read/19952/rehab-total-4-puskesmas-kelurahan-dikebut",
}  # fmt: skip
FULL = "extract_article (full)"
LXML = "lxml.html.fromstring"
TRAFILATURA = "trafilatura.extract"

Page = tuple[str, str]  # (html, url)


def load_groups() -> dict[str, list[Page]]:
    """Article pages by group: real mobile (if present), fixture mobile, fixture www."""
    groups: dict[str, list[Page]] = {}
    if SHARED.is_dir():
        groups["real mobile pages"] = [
            (decode_html((SHARED / name).read_bytes()), url)
            for name, url in REAL_PAGES.items()
        ]
    for spec_path in sorted(FIXTURES.glob("*.json")):
        spec = json.loads(spec_path.read_text(encoding="utf-8"))
        if "expected" not in spec:
            continue
        group = "fixture www" if spec_path.stem.startswith("www") else "fixture mobile"
        html = decode_html(spec_path.with_suffix(".html").read_bytes())
        groups.setdefault(group, []).append((html, spec["url"]))
    groups["all"] = [page for pages in list(groups.values()) for page in pages]
    return groups


def methods() -> dict[str, Callable[[str, str], object]]:
    """The contenders, each called as ``f(html, url)``."""
    return {
        FULL: extract_article,
        LXML: lambda html, url: lxml.html.fromstring(html),
        'BeautifulSoup(html, "lxml")': lambda html, url: BeautifulSoup(html, "lxml"),
        TRAFILATURA: lambda html, url: trafilatura.extract(html, url=url),
    }


def one_pass(function: Callable[[str, str], object], pages: list[Page]) -> float:
    """Seconds for one call per page (garbage collection left on, as in a crawl)."""
    start = time.perf_counter()
    for html, url in pages:
        function(html, url)
    return time.perf_counter() - start


def run(groups: dict[str, list[Page]], repeat: int) -> dict[str, dict[str, float]]:
    """Pages/second per group and method, from the fastest of ``repeat`` passes."""
    contenders = methods()
    for function in contenders.values():  # warm-up: imports, caches
        one_pass(function, groups["all"][:2])
    best = {g: dict.fromkeys(contenders, float("inf")) for g in groups if g != "all"}
    for _ in range(repeat):
        for label, function in contenders.items():
            for group, seconds in best.items():
                gc.collect()
                seconds[label] = min(seconds[label], one_pass(function, groups[group]))
    rates = {
        group: {label: len(groups[group]) / s for label, s in seconds.items()}
        for group, seconds in best.items()
    }
    rates["all"] = {
        label: len(groups["all"]) / sum(best[group][label] for group in best)
        for label in contenders
    }
    return rates


def report(groups: dict[str, list[Page]], rates: dict[str, dict[str, float]]) -> None:
    """Print one table per group and the two goal ratios."""
    for group, by_method in rates.items():
        pages = groups[group]
        size = sum(len(html) for html, _ in pages) // len(pages) // 1024
        print(f"\n{group}: {len(pages)} pages, {size} KiB each on average")
        print(f"  {'method':<28} {'pages/s':>9} {'ms/page':>8} {'extract ÷ this':>15}")
        full = by_method[FULL]
        for label, rate in by_method.items():
            print(
                f"  {label:<28} {rate:>9.0f} {1000 / rate:>8.3f} {full / rate:>14.2f}×"
            )
        to_lxml, to_trafilatura = full / by_method[LXML], full / by_method[TRAFILATURA]
        print(f"  goal ≥ 0.5× lxml: {to_lxml:.2f}× ({'met' if to_lxml >= 0.5 else 'NOT met'});"
              f" goal ≥ 5× trafilatura: {to_trafilatura:.1f}×"
              f" ({'met' if to_trafilatura >= 5 else 'NOT met'})")  # fmt: skip


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="passes per method")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    groups = load_groups()
    print(f"{args.repeat} passes per method and group; the fastest pass counts")
    report(groups, run(groups, args.repeat))


if __name__ == "__main__":
    main()

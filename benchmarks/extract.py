"""Pages per second: full extraction vs bare parsers and trafilatura (issue §6).

Usage: ``python -m benchmarks.extract [--repeat N]`` (from the repository root)

Runs, on the same article pages in the same process: ``extract_article`` (full
extraction), a bare ``lxml.html.fromstring``, a bare ``BeautifulSoup(html,
"lxml")`` and ``trafilatura.extract``. Pages, one row per template: the real
saved mobile pages in ``../shared/pages/beritajakarta`` when present, the
fixture mobile article pages and the fixture desktop (www) article pages; then
all of them together. Each method makes ``N`` passes over each group (one call
per page, after a garbage collection), interleaved with the other methods; its
rate comes from its fastest pass (the one least disturbed by other load). Time
is the process's CPU time (``time.process_time``): on a shared machine, time
spent waiting for a CPU is not the extractor's (other load still slows every
method through shared caches: compare ratios from one run, not rates across
runs). Goal: extraction ≥ 0.5× the lxml rate and ≥ 5× the trafilatura rate on
the pages the crawler fetches (mobile); the www reader is a cold path.
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
MOBILE_REAL, MOBILE_FIXTURES, WWW_FIXTURES, OVERALL = (
    "mobile real",
    "mobile fixtures",
    "www fixtures",
    "overall",
)
FULL = "extract_article"
LXML = "lxml.html"
SOUP = "BS4(lxml)"
TRAFILATURA = "trafilatura"
PARSERS = {
    MOBILE_REAL: "lxml.etree only (one parse; hot path)",
    MOBILE_FIXTURES: "lxml.etree only (one parse; hot path)",
    WWW_FIXTURES: 'lxml.etree to dispatch, then BeautifulSoup(html, "lxml") reads it',
}

Page = tuple[str, str]  # (html, url)


def load_groups() -> dict[str, list[Page]]:
    """Article pages by template: real mobile (if present), fixture mobile, fixture www."""
    groups: dict[str, list[Page]] = {}
    if SHARED.is_dir():
        groups[MOBILE_REAL] = [
            (decode_html((SHARED / name).read_bytes()), url)
            for name, url in REAL_PAGES.items()
        ]
    for spec_path in sorted(FIXTURES.glob("*.json")):
        spec = json.loads(spec_path.read_text(encoding="utf-8"))
        if "expected" not in spec:
            continue
        group = WWW_FIXTURES if spec_path.stem.startswith("www") else MOBILE_FIXTURES
        html = decode_html(spec_path.with_suffix(".html").read_bytes())
        groups.setdefault(group, []).append((html, spec["url"]))
    return groups


def methods() -> dict[str, Callable[[str, str], object]]:
    """The contenders, each called as ``f(html, url)``."""
    return {
        FULL: extract_article,
        LXML: lambda html, url: lxml.html.fromstring(html),
        SOUP: lambda html, url: BeautifulSoup(html, "lxml"),
        TRAFILATURA: lambda html, url: trafilatura.extract(html, url=url),
    }


def one_pass(function: Callable[[str, str], object], pages: list[Page]) -> float:
    """CPU seconds for one call per page (garbage collection left on, as in a crawl)."""
    start = time.process_time()
    for html, url in pages:
        function(html, url)
    return time.process_time() - start


def run(groups: dict[str, list[Page]], repeat: int) -> dict[str, dict[str, float]]:
    """Pages/second per group (and overall) and method, from the fastest passes."""
    contenders = methods()
    everything = [page for pages in groups.values() for page in pages]
    for function in contenders.values():  # warm-up: imports, caches
        one_pass(function, everything)
    best = {group: dict.fromkeys(contenders, float("inf")) for group in groups}
    for _ in range(repeat):
        for label, function in contenders.items():
            for group, seconds in best.items():
                gc.collect()
                spent = one_pass(function, groups[group])
                seconds[label] = min(seconds[label], spent)
    rates = {
        group: {label: len(groups[group]) / s for label, s in seconds.items()}
        for group, seconds in best.items()
    }
    rates[OVERALL] = {
        label: len(everything) / sum(best[group][label] for group in best)
        for label in contenders
    }
    return rates


def report(groups: dict[str, list[Page]], rates: dict[str, dict[str, float]]) -> None:
    """One table: a row per template and overall; pages/s per method; the ratios."""
    sizes = {group: [len(html) for html, _ in pages] for group, pages in groups.items()}
    sizes[OVERALL] = [size for values in sizes.values() for size in values]
    labels = [FULL, LXML, SOUP, TRAFILATURA]
    header = f"{'pages/s':<16}{'n':>3}{'KiB':>5}" + "".join(f"{x:>17}" for x in labels)
    print(header + f"{'÷ lxml':>8}{'÷ trafilatura':>15}")
    for group, by_method in rates.items():
        kib = sum(sizes[group]) / len(sizes[group]) / 1024
        cells = "".join(f"{by_method[x]:>17.0f}" for x in labels)
        to_lxml = by_method[FULL] / by_method[LXML]
        to_trafilatura = by_method[FULL] / by_method[TRAFILATURA]
        print(
            f"{group:<16}{len(sizes[group]):>3}{kib:>5.0f}{cells}"
            f"{to_lxml:>7.2f}×{to_trafilatura:>14.1f}×"
        )
    print("\nms/page: " + "; ".join(
        f"{group} {1000 / by_method[FULL]:.2f} (lxml {1000 / by_method[LXML]:.2f})"
        for group, by_method in rates.items()
    ))  # fmt: skip
    mobile = [g for g in (MOBILE_REAL, MOBILE_FIXTURES) if g in rates]
    for group in mobile:
        to_lxml = rates[group][FULL] / rates[group][LXML]
        to_trafilatura = rates[group][FULL] / rates[group][TRAFILATURA]
        print(
            f"goal on {group}: ≥ 0.5× lxml: {to_lxml:.2f}×"
            f" ({'met' if to_lxml >= 0.5 else 'NOT met'}); ≥ 5× trafilatura:"
            f" {to_trafilatura:.1f}× ({'met' if to_trafilatura >= 5 else 'NOT met'})"
        )
    print("\nparsers used by extract_article:")
    for group in groups:
        print(f"  {group:<16} {PARSERS[group]}")
    print(
        "  (the www reader is a cold path: the crawler fetches mobile pages; the"
        "\n   overall row mixes the templates in the fixtures' proportions)"
    )


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="passes per method")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    groups = load_groups()
    print(
        f"{args.repeat} passes per method and group; CPU time; the fastest pass counts\n"
    )
    report(groups, run(groups, args.repeat))


if __name__ == "__main__":
    main()

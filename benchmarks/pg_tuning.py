"""Compare settings of the PostgreSQL search in alternation, on one archive.

    python -m benchmarks.pg_tuning --archive URL --set SORT_ALL_RATIO=4 --set SORT_ALL_RATIO=2
    python -m benchmarks.pg_tuning --archive URL --kind "prefix (raw)" --set PREFIX_FIRST_SLICE=3 \\
        --set PREFIX_FIRST_SLICE=10 --rounds 2 --queries 100

``URL`` is a PostgreSQL archive (e.g. the one ``benchmarks.pg_archive --keep``
left: ``postgresql://…/DB?options=-csearch_path%3Dwarta_bench_archive``).
Each ``--set NAME=VALUE`` is one variant: a constant of :mod:`archive.pg_page`
(``FIRST_SLICE``, ``PREFIX_FIRST_SLICE``, ``SORT_ALL_RATIO``, …) set for its
runs. Every round times each variant once, in turn, over the same searches
(the typical query mix of :func:`benchmarks.archive.query_kinds`, or the kinds
given), so that load and cache changes fall on all variants alike; the
report gives each round's p50 / p95 per kind and the slowest searches of each.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from archive import pg_page
from archive.search import search
from archive.store import open_archive
from benchmarks.archive import (
    drawn_searches,
    percentile,
    query_kinds,
    timed_searches,
)
from benchmarks.synthetic import Corpus


def variant(text: str) -> tuple[str, float]:
    """``NAME=VALUE`` of a constant of :mod:`archive.pg_page`."""
    name, _, value = text.partition("=")
    if not hasattr(pg_page, name) or not name.isupper():
        raise argparse.ArgumentTypeError(f"archive.pg_page has no constant {name!r}")
    try:
        return name, float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r}: the value is not a number"
        ) from None


def report(label: str, times: dict[str, list[float]], searches: dict[str, Any]) -> None:
    print(f"\n#### {label} (load average {os.getloadavg()[0]:.1f})\n")
    print("| search | p50 ms | p95 ms | slowest |")
    print("|---|---:|---:|---|")
    every: list[float] = []
    for kind, samples in times.items():
        every += samples
        worst = sorted(zip(samples, searches[kind], strict=True), key=lambda s: -s[0])
        slow = "; ".join(f"{ms:.0f} ms {query!r}" for ms, (query, _) in worst[:2])
        print(f"| {kind} | {percentile(samples, 50):.1f} | "
              f"{percentile(samples, 95):.1f} | {slow} |")  # fmt: skip
    print(f"| **all** | **{percentile(every, 50):.1f}** | "
          f"**{percentile(every, 95):.1f}** | |")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--archive", required=True, help="a PostgreSQL archive URL")
    parser.add_argument(
        "--set",
        dest="variants",
        type=variant,
        action="append",
        required=True,
        help="NAME=VALUE: one variant (give two or more)",
    )
    parser.add_argument("--kind", action="append", help="only this query kind")
    parser.add_argument("--queries", type=int, default=100, help="searches a kind")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    kinds = [k for k in query_kinds(Corpus(7), postgres=True) if k.typical]
    if args.kind:
        kinds = [k for k in kinds if k.label in args.kind]
        if not kinds:
            parser.error(f"no typical query kind among {args.kind}")
    searches = drawn_searches(kinds, args.queries, args.seed)
    with open_archive(args.archive, read_only=True) as arc:
        search(arc, "jakarta", limit=20)  # connect, read the statistics once
        for number in range(1, args.rounds + 1):
            for name, value in args.variants:
                before = getattr(pg_page, name)
                setattr(pg_page, name, type(before)(value))
                try:
                    times = timed_searches(arc, searches)
                finally:
                    setattr(pg_page, name, before)
                report(f"round {number}: {name} = {value:g}", times, searches)
    return 0


if __name__ == "__main__":
    sys.exit(main())

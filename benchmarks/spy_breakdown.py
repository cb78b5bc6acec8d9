"""Where a crawl's time goes: py-spy's raw samples grouped by warta component.

    py-spy record -r 200 -f raw -o crawl.txt -- .venv/bin/warta crawl beritajakarta --base-url MIRROR
    python -m benchmarks.spy_breakdown crawl.txt

Each sample is counted once, for the innermost warta component on its stack
(the storage pipeline includes the archive, SQLAlchemy and SQLite below it;
extraction the readers). Samples outside the Scrapy engine (imports, planning,
the end of the run) are start-up; the rest with no warta frame is Scrapy,
Twisted and asyncio. Prints a Markdown table, largest first.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

#: (component, pattern of a frame's file) from the innermost match outwards.
COMPONENTS = (
    ("storage pipeline (archive, SQLAlchemy, SQLite)", r"\(pipelines/storage\.py"),
    ("extraction", r"\(pipelines/extraction\.py"),
    ("link discovery", r"\(crawler/links\.py"),
    ("spider", r"\(crawler/spiders/"),
    ("crawl policy", r"\(crawler/policy\.py"),
    ("run bookkeeping and progress", r"\((crawler/progress|pipelines/runs)\.py"),
)
ENGINE = "run_spider (crawler/runner.py"


def component(frames: list[str]) -> str:
    """The component one sample's stack (outermost frame first) is spent in."""
    if not any(frame.startswith(ENGINE) for frame in frames):
        return "start-up and end of run (imports, planning, index merge)"
    for frame in reversed(frames):
        for name, pattern in COMPONENTS:
            if re.search(pattern, frame):
                return name
    return "Scrapy, Twisted and asyncio"


def breakdown(lines: list[str]) -> Counter[str]:
    """Samples per component from py-spy's ``--format raw`` lines."""
    counts: Counter[str] = Counter()
    for line in lines:
        stack, _, samples = line.rstrip().rpartition(" ")
        if stack and samples.isdigit():
            counts[component(stack.split(";"))] += int(samples)
    return counts


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("raw", type=Path, help="py-spy record -f raw output")
    args = parser.parse_args(argv)
    counts = breakdown(args.raw.read_text(encoding="utf-8").splitlines())
    total = sum(counts.values()) or 1
    print("| component | samples | share |\n|---|---:|---:|")
    for name, samples in counts.most_common():
        print(f"| {name} | {samples:,} | {100 * samples / total:.0f} % |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""benchmarks/generic.py runs end to end on a few pages of the evaluation set."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.generic import EVAL, split_of

ROOT = Path(__file__).resolve().parents[1]


def test_split_is_stable_and_covers_both_shares() -> None:
    shares = {split_of(f"page-{n}") for n in range(50)}
    assert shares == {"dev", "held-out"}
    assert split_of("lemire.me.json.html") == split_of("lemire.me.json.html")


@pytest.mark.skipif(
    not (EVAL / "truth.jsonl").is_file(),
    reason="../shared/eval/news-metadata is absent (the set is read in place, never copied)",
)
def test_benchmark_scores_the_reader_on_a_few_pages() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "benchmarks/generic.py",
            "--limit",
            "3",
            "--tools",
            "warta-reader,htmldate",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=240,
    )
    assert "### all pages: n=3" in result.stdout
    reader_rows = [
        line for line in result.stdout.splitlines() if line.startswith("warta-reader")
    ]
    assert len(reader_rows) == 3  # all pages, dev share, held-out share


def test_benchmark_skips_with_a_message_when_the_set_is_absent(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "benchmarks/generic.py", "--eval", str(tmp_path / "none")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert result.stdout.startswith("skipped: the evaluation set is absent")

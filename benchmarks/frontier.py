"""Benchmark the Redis frontier: crawl pages/s per worker vs Scrapy's own scheduler.

    python -m benchmarks.frontier                          # 500 articles, 1 and 2 workers
    python -m benchmarks.frontier --articles 150 --workers 1 --redis redis://127.0.0.1:6379/15

One mirror (``mirror.MirrorServer``) serves every crawl of the run; each crawl
writes a fresh archive. The stock crawl is ``warta crawl`` alone; the frontier
crawls are N ``warta crawl --frontier`` workers started together. Speed is
pages over the crawl's span at the server (its first to its last request), so
start-up and the idle timeout at the end are not counted; per worker is that
divided by the workers. Goal: a frontier worker ≥ 0.7× the stock crawl.
The Redis db given is emptied before and after (default: db 15).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import redis

from mirror import MirrorServer

ROOT = Path(__file__).resolve().parents[1]


def _crawl(url: str, archive: Path, workers: int, frontier: str | None) -> None:
    args = ["crawl", "beritajakarta", "--base-url", url, "--archive", str(archive)]
    if frontier is not None:
        args += ["--frontier", frontier, "--idle-timeout", "1"]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "cli", *args],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(workers)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=1800)
        if proc.returncode != 0:
            raise SystemExit(f"crawl failed ({proc.returncode}): {err[-2000:]}")


def measure(
    server: MirrorServer, workdir: Path, name: str, workers: int, frontier: str | None
) -> tuple[int, float]:
    """(pages fetched, seconds from the first to the last request at the server)."""
    server.reset_counts()
    if frontier is not None:
        redis.Redis.from_url(frontier).flushdb()
    _crawl(server.url, workdir / f"{name}.sqlite", workers, frontier)
    times = server.request_times()
    return len(times), times[-1] - times[0]


def main(argv: list[str] | None = None) -> int:
    """Run the crawls and print the Markdown table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--workers", default="1,2", help="comma-separated counts")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15")
    args = parser.parse_args(argv)
    counts = [int(n) for n in args.workers.split(",")]
    print(f"Crawl of a {args.articles}-article mirror (pages/s at the server)\n")
    print("| crawl | workers | pages | seconds | pages/s | per worker | vs stock |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp, MirrorServer(args.articles) as server:
        workdir = Path(tmp)
        pages, seconds = measure(server, workdir, "stock", 1, None)
        stock = pages / seconds
        print(
            f"| Scrapy scheduler | 1 | {pages} | {seconds:.1f} | {stock:.1f} "
            f"| {stock:.1f} | 1.00 |"
        )
        try:
            for workers in counts:
                pages, seconds = measure(
                    server, workdir, f"frontier{workers}", workers, args.redis
                )
                rate = pages / seconds
                each = rate / workers
                print(
                    f"| Redis frontier | {workers} | {pages} | {seconds:.1f} "
                    f"| {rate:.1f} | {each:.1f} | {each / stock:.2f} |"
                )
        finally:
            redis.Redis.from_url(args.redis).flushdb()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

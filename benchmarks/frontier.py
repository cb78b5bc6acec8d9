"""Benchmark the Redis frontier: crawl pages/s per worker vs Scrapy's own scheduler.

    python -m benchmarks.frontier                          # 500 articles, 1 and 2 workers, 3 rounds
    python -m benchmarks.frontier --articles 150 --workers 1 --rounds 1 --redis redis://127.0.0.1:6379/15

One mirror (``mirror.MirrorServer``) serves every crawl of the run; each crawl
writes a fresh archive. The stock crawl is ``warta crawl`` alone; the frontier
crawls are N ``warta crawl --frontier`` workers started together. Speed is
pages over the crawl's span at the server (its first to its last request), so
start-up and the idle timeout at the end are not counted; per worker is that
divided by the workers. CPU is the crawl processes' user + system time per
page (start-up included; the mirror and Redis not): a cost that load changes
less than speed. Each round runs every crawl once (the stock crawl first in
odd rounds, last in even ones); the table gives each crawl's best round, and
the load average sampled during the run. Goal: a frontier worker ≥ 0.7× the
stock crawl. The Redis db given is emptied before and after (default: db 15).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis

from benchmarks.crawl import LoadSampler
from mirror import MirrorServer

ROOT = Path(__file__).resolve().parents[1]

#: A crawl's best round: (pages fetched, seconds at the server, CPU seconds).
Best = dict[int, tuple[int, float, float]]


def _crawl(url: str, archive: Path, workers: int, frontier: str | None) -> float:
    """Run the crawl's processes to their end; their CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
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
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(
    server: MirrorServer, workdir: Path, name: str, workers: int, frontier: str | None
) -> tuple[int, float, float]:
    """(pages fetched, seconds from the first to the last request at the server,
    CPU seconds of the crawl processes)."""
    server.reset_counts()
    if frontier is not None:
        redis.Redis.from_url(frontier).flushdb()
    cpu = _crawl(server.url, workdir / f"{name}.sqlite", workers, frontier)
    times = server.request_times()
    return len(times), times[-1] - times[0], cpu


def run_rounds(
    server: MirrorServer, workdir: Path, counts: list[int], rounds: int, url: str
) -> Best:
    """Every crawl once per round; each one's fastest round (key 0: stock)."""
    best: Best = {}
    for number in range(rounds):
        crawls = [0, *counts] if number % 2 == 0 else [*counts, 0]
        for workers in crawls:
            name = f"r{number}-{'stock' if workers == 0 else f'frontier{workers}'}"
            result = measure(
                server, workdir, name, max(workers, 1), url if workers else None
            )
            print(
                f"round {number + 1}: {name.split('-')[1]}: {_rate(result):.1f} "
                f"pages/s, {_cpu_ms(result):.1f} CPU ms/page "
                f"(load {os.getloadavg()[0]:.1f})",
                file=sys.stderr,
            )
            if workers not in best or _rate(result) > _rate(best[workers]):
                best[workers] = result
    return best


def _rate(result: tuple[int, float, float]) -> float:
    return result[0] / result[1]


def _cpu_ms(result: tuple[int, float, float]) -> float:
    return 1000 * result[2] / result[0]


def main(argv: list[str] | None = None) -> int:
    """Run the crawls and print the Markdown table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--workers", default="1,2", help="comma-separated counts")
    parser.add_argument("--rounds", type=int, default=3, help="best of this many")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15")
    args = parser.parse_args(argv)
    counts = [int(n) for n in args.workers.split(",")]
    sampler = LoadSampler()
    try:
        with (
            tempfile.TemporaryDirectory() as tmp,
            MirrorServer(args.articles) as server,
        ):
            best = run_rounds(server, Path(tmp), counts, args.rounds, args.redis)
    finally:
        redis.Redis.from_url(args.redis).flushdb()
        load = sampler.stop()
    stock = _rate(best[0])
    print(
        f"Crawl of a {args.articles}-article mirror (pages/s at the server), best of "
        f"{args.rounds} round(s), {os.cpu_count()} CPUs, {load}, "
        f"{time.strftime('%Y-%m-%d', time.gmtime())}\n"
    )
    print(
        "| crawl | workers | pages | seconds | pages/s | per worker | vs stock "
        "| CPU ms/page |"
    )
    print("|---|---|---|---|---|---|---|---|")
    print(
        f"| Scrapy scheduler | 1 | {best[0][0]} | {best[0][1]:.1f} | {stock:.1f} "
        f"| {stock:.1f} | 1.00 | {_cpu_ms(best[0]):.1f} |"
    )
    for workers in counts:
        pages, seconds, _ = best[workers]
        rate = pages / seconds
        each = rate / workers
        print(
            f"| Redis frontier | {workers} | {pages} | {seconds:.1f} "
            f"| {rate:.1f} | {each:.1f} | {each / stock:.2f} "
            f"| {_cpu_ms(best[workers]):.1f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark the crawl: ``warta crawl`` vs a bare Scrapy spider, and peak memory.

    python -m benchmarks.crawl                          # 1,000-article mirror, 2 rounds
    python -m benchmarks.crawl --articles 2000 --rounds 3 --rss-articles 50000
    python -m benchmarks.crawl --rounds 0 --rss-articles 50000   # memory only

Reports, as Markdown:

* **Throughput.** The offline mirror (``python -m mirror``, its own
  process) serves ``--articles`` articles. A first, untimed ``warta crawl``
  renders every page once (the mirror caches them) and tells, from the mirror's
  request counts, exactly which listing and article URLs warta fetches. Then, in
  each round and alternating which goes first: ``warta crawl`` into a fresh
  archive (every page extracted and archived) and a bare Scrapy spider
  (``benchmarks/bare_spider.py``: default scheduler, no warta code, warta's
  loopback concurrency) requesting that same URL list. Each must fetch exactly
  the same paths (checked). Pages/s come from Scrapy's own
  ``elapsed_time_seconds`` (engine start to close) and from the wall time of
  the whole command (start-up, planning and the end-of-run index merge
  included); the best round of each counts. Goal: warta ≥ 0.7× bare.
* **Memory.** A ``warta crawl`` of a ``--rss-articles`` mirror (goal: ≤ 300 MB
  peak RSS at 50,000 articles), from ``wait4``'s ``ru_maxrss`` of the crawl
  process, split into anonymous and file-backed (SQLite's ``mmap``) memory by
  polling ``/proc``; with the mirror's build time and its own peak RSS.

The load average is sampled during the run and printed (a shared machine
slows both crawlers alike; compare the ratio, not the rates across runs).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ELAPSED = re.compile(r"'elapsed_time_seconds': ([0-9.]+)")
SERVING = re.compile(r"serving (\d+) articles at (http://\S+)")
SUMMARY = re.compile(r"(\d+) article \+ (\d+) listing pages")


@dataclass
class Measured:
    """One crawl process: the pages it fetched, its times and its peak RSS."""

    pages: int
    engine_s: float  # Scrapy's elapsed_time_seconds
    wall_s: float  # the whole command
    peak_rss_mb: float
    cpu_s: float  # user + system CPU time of the whole command
    peak_anon_mb: float  # polled: the process's own heap (RssAnon)
    peak_file_mb: float  # polled: file-backed pages (RssFile: libraries, SQLite mmap)

    @property
    def engine_rate(self) -> float:
        """Pages per second while the engine ran."""
        return self.pages / self.engine_s

    @property
    def wall_rate(self) -> float:
        """Pages per second of the whole command."""
        return self.pages / self.wall_s


class Mirror:
    """``python -m mirror`` in a subprocess (its own process and GIL)."""

    def __init__(self, articles: int) -> None:
        started = time.perf_counter()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mirror",
                *("--port", "0"),
                *("--articles", str(articles)),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        line = self._stdout().readline()
        match = SERVING.search(line)
        if match is None:
            self.proc.kill()
            raise RuntimeError(f"the mirror did not start: {line!r}")
        self.build_s = time.perf_counter() - started
        self.url = match[2]
        self.build_rss_mb = self.rss_mb("VmRSS")
        self.peak_mb = float("nan")  # set by close()

    def _stdout(self) -> IO[str]:
        if self.proc.stdout is None:
            raise RuntimeError("the mirror has no stdout pipe")
        return self.proc.stdout

    def rss_mb(self, field: str = "VmHWM") -> float:
        """The mirror process's current (VmRSS) or peak (VmHWM) RSS in MB."""
        status = Path(f"/proc/{self.proc.pid}/status").read_text(encoding="utf-8")
        kib = re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE)
        return int(kib[1]) / 1024 if kib else float("nan")

    def requested(self) -> set[str]:
        """Paths requested since the last reset (robots.txt left out)."""
        url = f"{self.url}/__mirror__/requests.json"
        with urllib.request.urlopen(url) as reply:  # noqa: S310  (http://127.0.0.1)
            counts: dict[str, int] = json.load(reply)
        return {path for path in counts if path != "/robots.txt"}

    def reset(self) -> None:
        """Forget the request counts."""
        url = f"{self.url}/__mirror__/reset-counts"
        request = urllib.request.Request(url, method="POST")  # noqa: S310
        urllib.request.urlopen(request).close()  # noqa: S310  (http://127.0.0.1)

    def close(self) -> None:
        """Record the mirror's peak RSS, then stop it."""
        self.peak_mb = self.rss_mb("VmHWM")
        self.proc.terminate()
        self.proc.wait(timeout=30)
        self._stdout().close()


def proc_status_kib(pid: int, *fields: str) -> list[int]:
    """``/proc/PID/status`` fields in KiB (0 when the process is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return [0] * len(fields)
    found = dict(re.findall(r"^(\w+):\s+(\d+) kB", status, re.MULTILINE))
    return [int(found.get(field, 0)) for field in fields]


@dataclass
class Run:
    """A finished command: wall and CPU seconds, peak RSS figures (MB), output."""

    wall_s: float
    cpu_s: float
    peak_rss_mb: float  # ru_maxrss from wait4
    peak_anon_mb: float
    peak_file_mb: float
    output: str


def run_measured(command: list[str], log: Path) -> Run:
    """Run ``command`` and measure it.

    Peak RSS and CPU time are the child's own, from ``wait4``; the split into
    anonymous and file-backed memory is polled from ``/proc`` every 0.2 s.
    """
    peaks = [0, 0]
    started = time.perf_counter()
    with log.with_suffix(".out").open("w+", encoding="utf-8") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        done = threading.Event()

        def poll() -> None:
            while not done.wait(0.2):
                now = proc_status_kib(proc.pid, "RssAnon", "RssFile")
                peaks[:] = [max(p, n) for p, n in zip(peaks, now, strict=True)]

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        _, status, usage = os.wait4(proc.pid, 0)
        done.set()
        poller.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        out.seek(0)
        output = out.read()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {proc.returncode}:\n{output}")
    return Run(
        wall,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
        peaks[0] / 1024,
        peaks[1] / 1024,
        output,
    )


def measured(pages: int, engine_s: float, run: Run) -> Measured:
    """A crawl's figures from its page count, engine time and process run."""
    return Measured(
        pages,
        engine_s,
        run.wall_s,
        run.peak_rss_mb,
        run.cpu_s,
        run.peak_anon_mb,
        run.peak_file_mb,
    )


def engine_seconds(log: Path) -> float:
    """Scrapy's ``elapsed_time_seconds`` from a crawl's log (its stats dump)."""
    found = ELAPSED.findall(log.read_text(encoding="utf-8"))
    if not found:
        raise RuntimeError(f"no Scrapy stats dump in {log}")
    return float(found[-1])


def warta_crawl(mirror: Mirror, archive: Path) -> Measured:
    """``warta crawl beritajakarta`` of the mirror into a new archive."""
    command = [sys.executable, "-m", "cli", "crawl", "beritajakarta"]
    command += ["--base-url", mirror.url, "--archive", str(archive)]
    run = run_measured(command, archive)
    match = SUMMARY.search(run.output)
    if match is None:
        raise RuntimeError(f"no summary line in the crawl's output:\n{run.output}")
    logs = archive.with_name(archive.stem + ".logs")
    engine = engine_seconds(max(logs.glob("run-*.log")))
    return measured(int(match[1]) + int(match[2]), engine, run)


def bare_crawl(mirror: Mirror, paths: set[str], workdir: Path, n: int) -> Measured:
    """The bare Scrapy spider requesting ``paths`` on the mirror."""
    urls = workdir / f"bare-{n}.urls"
    urls.write_text("".join(f"{mirror.url}{p}\n" for p in sorted(paths)), "utf-8")
    log = workdir / f"bare-{n}.log"
    command = [sys.executable, "-m", "benchmarks.bare_spider", str(urls), str(log)]
    run = run_measured(command, log)
    return measured(len(paths), engine_seconds(log), run)


class LoadSampler:
    """Samples the 1-minute load average every few seconds in a thread."""

    def __init__(self, every: float = 2.0) -> None:
        self.samples: list[float] = [os.getloadavg()[0]]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(every,), daemon=True)
        self._thread.start()

    def _run(self, every: float) -> None:
        while not self._stop.wait(every):
            self.samples.append(os.getloadavg()[0])

    def stop(self) -> str:
        """Stop sampling; describe the samples."""
        self._stop.set()
        self._thread.join()
        mean = sum(self.samples) / len(self.samples)
        return f"load average {mean:.1f} (min {min(self.samples):.1f}, max {max(self.samples):.1f})"


def throughput(
    articles: int, rounds: int, workdir: Path
) -> tuple[Measured, Measured, int]:
    """Best warta and bare runs over ``rounds``; the page count is checked equal."""
    mirror = Mirror(articles)
    try:
        warta_crawl(mirror, workdir / "warm-up.sqlite")
        pages = mirror.requested()
        best: dict[str, Measured] = {}
        for number in range(rounds):
            order = ("warta", "bare") if number % 2 == 0 else ("bare", "warta")
            for name in order:
                mirror.reset()
                if name == "warta":
                    result = warta_crawl(mirror, workdir / f"warta-{number}.sqlite")
                else:
                    result = bare_crawl(mirror, pages, workdir, number)
                fetched = mirror.requested()
                if fetched != pages:
                    raise RuntimeError(
                        f"{name} fetched {len(fetched)} paths, not the same "
                        f"{len(pages)}: e.g. {sorted(fetched ^ pages)[:3]}"
                    )
                print(f"  round {number + 1} {name}: {result.engine_rate:.1f} "
                      f"pages/s (engine)", file=sys.stderr)  # fmt: skip
                if name not in best or result.engine_s < best[name].engine_s:
                    best[name] = result
        articles_fetched = sum("/read/" in path for path in pages)
    finally:
        mirror.close()
    return best["warta"], best["bare"], articles_fetched


def memory(articles: int, workdir: Path) -> tuple[Measured, Mirror]:
    """One ``warta crawl`` of an ``articles`` mirror: its peak RSS."""
    mirror = Mirror(articles)
    try:
        result = warta_crawl(mirror, workdir / "rss.sqlite")
    finally:
        mirror.close()
    return result, mirror


def print_throughput(
    warta: Measured, bare: Measured, n_articles: int, rounds: int, load: str
) -> float:
    """The throughput table; returns the ratio warta ÷ bare (engine pages/s)."""
    print(f"{os.cpu_count()} CPUs, {load} during the run; Python "
          f"{sys.version.split()[0]}; best of {rounds} round(s); "
          f"{warta.pages:,} pages each ({n_articles:,} article + "
          f"{warta.pages - n_articles:,} listing pages), the same paths checked.\n")  # fmt: skip
    print("| crawler | pages/s (engine) | pages/s (wall) | engine s | wall s "
          "| CPU ms/page | peak RSS MB |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, m in (("`warta crawl` (extract + archive)", warta),
                     ("bare Scrapy spider (same URLs)", bare)):  # fmt: skip
        print(f"| {label} | {m.engine_rate:.1f} | {m.wall_rate:.1f} | "
              f"{m.engine_s:.2f} | {m.wall_s:.2f} | {1000 * m.cpu_s / m.pages:.1f} "
              f"| {m.peak_rss_mb:.0f} |")  # fmt: skip
    ratio = warta.engine_rate / bare.engine_rate
    wall_ratio = warta.wall_rate / bare.wall_rate
    print(f"| **warta ÷ bare** | **{ratio:.2f}×** (goal ≥ 0.7×) | {wall_ratio:.2f}× "
          "| | | | |")  # fmt: skip
    return ratio


def print_memory(articles: int, rss: Measured, mirror: Mirror, load: str) -> None:
    """The memory table of one large crawl."""
    print(f"\n| {articles:,}-article crawl ({load}) | value |")
    print("|---|---:|")
    print(f"| mirror build (`python -m mirror`) | {mirror.build_s:.1f} s, "
          f"{mirror.build_rss_mb:.0f} MB |")  # fmt: skip
    print(f"| mirror peak RSS while serving | {mirror.peak_mb:.0f} MB |")
    print(f"| pages fetched | {rss.pages:,} |")
    print(f"| crawl time (engine / wall) | {rss.engine_s:.0f} s / {rss.wall_s:.0f} s "
          f"({rss.engine_rate:.1f} pages/s) |")  # fmt: skip
    print(f"| **peak RSS of the crawl process** | **{rss.peak_rss_mb:.0f} MB** "
          "(goal ≤ 300 MB) |")  # fmt: skip
    print(f"| of which anonymous (heap, SQLite page cache), peak | "
          f"{rss.peak_anon_mb:.0f} MB |")  # fmt: skip
    print(f"| of which file-backed (libraries, SQLite mmap), peak | "
          f"{rss.peak_file_mb:.0f} MB |")  # fmt: skip


def report(args: argparse.Namespace, workdir: Path) -> None:
    """Run the parts asked for and print the Markdown report."""
    verdicts = []
    print(f"\n### `python -m benchmarks.crawl {' '.join(sys.argv[1:])}`\n",
          flush=True)  # fmt: skip
    if args.rounds:
        print(f"Throughput: {args.articles:,}-article mirror, {args.rounds} round(s)…",
              file=sys.stderr)  # fmt: skip
        sampler = LoadSampler()
        warta, bare, n_articles = throughput(args.articles, args.rounds, workdir)
        ratio = print_throughput(warta, bare, n_articles, args.rounds, sampler.stop())
        verdicts.append(f"throughput {'met' if ratio >= 0.7 else 'NOT met'} "
                        f"({ratio:.2f}×)")  # fmt: skip
    if args.rss_articles:
        print(f"Memory: {args.rss_articles:,}-article mirror…", file=sys.stderr)
        sampler = LoadSampler()
        rss, mirror = memory(args.rss_articles, workdir)
        print_memory(args.rss_articles, rss, mirror, sampler.stop())
        verdicts.append(f"memory {'met' if rss.peak_rss_mb <= 300 else 'NOT met'} "
                        f"({rss.peak_rss_mb:.0f} MB)")  # fmt: skip
    print(f"\nGoals: {'; '.join(verdicts)}.")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000,
                        help="mirror size for the throughput rounds (default 1000)")  # fmt: skip
    parser.add_argument("--rounds", type=int, default=2,
                        help="throughput rounds (default 2; 0: memory only)")  # fmt: skip
    parser.add_argument("--rss-articles", type=int, default=0, metavar="N",
                        help="also crawl an N-article mirror for the peak RSS "
                        "(0: skip; the goal is stated for 50000)")  # fmt: skip
    parser.add_argument(
        "--workdir", help="keep archives and logs here (default: a temp dir)"
    )
    args = parser.parse_args(argv)
    if args.articles <= 0 or args.rounds < 0 or args.rss_articles < 0:
        parser.error("--articles must be positive, --rounds and --rss-articles ≥ 0")
    if not args.rounds and not args.rss_articles:
        parser.error("nothing to do: --rounds 0 and no --rss-articles")
    if args.workdir:
        workdir = Path(args.workdir)
        workdir.mkdir(parents=True, exist_ok=True)
        report(args, workdir)
    else:
        with tempfile.TemporaryDirectory(prefix="warta-crawl-bench-") as tmp:
            report(args, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark the archive: bulk insert rate and search latency on a synthetic archive.

    python -m benchmarks.archive                      # 100 000 articles (~6 min)
    python -m benchmarks.archive --articles 1000000 --single 0 --workdir DIR
                                                      # 1M: 8 GB, ~50 min here
    python -m benchmarks.archive --search-only DIR/archive.sqlite   # searches again

Run it as a module from the repository root (``python benchmarks/archive.py``
would shadow the ``archive`` package with this file).

Reports, in one run and as a Markdown table:

* insert rate through the archive layer (``Archive.save_articles`` in batches,
  then ``tidy_search_index`` as a crawl does at the end of its run)
  vs raw ``sqlite3`` ``executemany`` into the same schema (same tables, indexes
  and FTS triggers, created by ``open_archive``), writing the same rows
  (articles, links, view counts) with the same PRAGMAs; their ratio (goal ≥ 0.5);
* per-article ``Archive.save_article`` (one transaction each, as the crawl's
  storage pipeline calls it) on a sample, for information;
* p50/p95 latency of ``archive.search.search`` for typical queries with filters
  (goal p95 ≤ 10 ms at 100k articles, ≤ 50 ms at 1M).

Articles are generated deterministically in batches (the same data for both
insert paths); generation time is not counted.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archive.search import search
from archive.store import Archive, open_archive
from benchmarks.synthetic import CATEGORIES, REPORTERS, Corpus

OBSERVED_AT = "2025-06-01T00:00:00+00:00"


# -- insert paths ---------------------------------------------------------------


@dataclass
class InsertResult:
    """Articles written and the seconds spent writing (generation excluded)."""

    articles: int
    seconds: float

    @property
    def rate(self) -> float:
        """Articles per second."""
        return self.articles / self.seconds if self.seconds else float("nan")


_ARTICLE_COLS = (
    "id", "url", "site", "site_article_id", "language", "title", "published_at",
    "reporter", "editor", "translator", "views", "category", "image_url",
    "image_caption", "photo_credit", "body", "pull_quote", "first_seen_at",
    "last_seen_at", "extractor_version", "extraction_warnings", "views_seen_at",
)  # fmt: skip
_LINK_COLS = (
    "article_id", "kind", "position", "url", "title", "published_at", "views",
    "reporter", "target_language", "target_site_article_id",
)  # fmt: skip


_VIEW_COLS = ("article_id", "observed_at", "views", "source", "run_id")
Rows = list[tuple[Any, ...]]


def table_rows(rows: list[dict[str, Any]], first_id: int) -> tuple[Rows, Rows, Rows]:
    """The rows the archive layer writes for new articles (ids from ``first_id``):
    ``articles`` (:data:`_ARTICLE_COLS`), ``links`` and ``view_counts``."""
    articles, links, views = [], [], []
    for aid, row in enumerate(rows, start=first_id):
        articles.append(
            (aid, row["url"], row["site"], row["site_article_id"], row["language"],
             row["title"], row["published_at"], row["reporter"], row["editor"],
             row["translator"], row["views"], row["category"], row["image_url"],
             row["image_caption"], row["photo_credit"], row["body"],
             row["pull_quote"], OBSERVED_AT, OBSERVED_AT, row["extractor_version"],
             "[]", OBSERVED_AT)
        )  # fmt: skip
        for kind in ("related", "popular", "read_also"):
            for pos, link in enumerate(row[kind], start=1):
                target = link["url"].split("/read/", 1)[1].split("/", 1)[0]
                links.append(
                    (aid, kind, pos, link["url"], link["title"],
                     link["published_at"], link["views"], link["reporter"],
                     "id", target)
                )  # fmt: skip
        views.append((aid, OBSERVED_AT, row["views"], "article", None))
    return articles, links, views


def _insert_sql(table: str, cols: tuple[str, ...]) -> str:
    return (
        f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
    )


class RawWriter:
    """The baseline: plain ``sqlite3`` ``executemany`` into the same schema.

    The schema (tables, indexes, FTS table and triggers) is created by
    ``open_archive``; rows are the ones the archive layer writes for a new
    article (article, links, its view count), with ids assigned up front.
    """

    def __init__(self, path: Path) -> None:
        with open_archive(path):
            pass
        self.conn = sqlite3.connect(path, isolation_level=None)
        for pragma in (
            "journal_mode = WAL",
            "synchronous = NORMAL",
            "foreign_keys = ON",
        ):
            self.conn.execute(f"PRAGMA {pragma}")
        self.next_id = 1
        self.article_sql = _insert_sql("articles", _ARTICLE_COLS)
        self.link_sql = _insert_sql("links", _LINK_COLS)
        self.views_sql = _insert_sql("view_counts", _VIEW_COLS)

    def write(self, rows: list[dict[str, Any]]) -> None:
        """Insert one batch in one transaction."""
        articles, links, views = table_rows(rows, self.next_id)
        self.next_id += len(rows)
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.executemany(self.article_sql, articles)
        self.conn.executemany(self.link_sql, links)
        self.conn.executemany(self.views_sql, views)
        self.conn.execute("COMMIT")

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


def insert_both(
    raw_path: Path, arc_path: Path, corpus: Corpus, total: int, batch: int
) -> tuple[InsertResult, InsertResult]:
    """Insert every batch both ways, alternating which goes first.

    Interleaving gives both paths the same machine conditions (page cache,
    other load), so their ratio is stable even on a busy machine.
    """
    raw = RawWriter(raw_path)
    spent = {"raw": 0.0, "archive": 0.0}
    with open_archive(arc_path) as arc:
        writers: dict[str, Callable[[list[dict[str, Any]]], object]] = {
            "raw": raw.write,
            "archive": lambda rows: arc.save_articles(
                rows, observed_at=OBSERVED_AT, run_id=None
            ),
        }
        for number, rows in enumerate(corpus.batches(total, batch)):
            order = ("raw", "archive") if number % 2 == 0 else ("archive", "raw")
            for name in order:
                t0 = time.perf_counter()
                writers[name](rows)
                spent[name] += time.perf_counter() - t0
        # What a crawl does at the end of its run (merges the FTS segments).
        t0 = time.perf_counter()
        arc.tidy_search_index()
        spent["archive"] += time.perf_counter() - t0
    raw.close()
    return InsertResult(total, spent["raw"]), InsertResult(total, spent["archive"])


def insert_archive_single(path: Path, corpus: Corpus, total: int) -> InsertResult:
    """Insert through ``Archive.save_article``: one article per transaction."""
    spent = 0.0
    with open_archive(path) as arc:
        for rows in corpus.batches(total, 500):
            for row in rows:
                t0 = time.perf_counter()
                arc.save_article(row, observed_at=OBSERVED_AT, run_id=None)
                spent += time.perf_counter() - t0
    return InsertResult(total, spent)


# -- search -----------------------------------------------------------------------


@dataclass
class QueryKind:
    """A family of searches: a label and a function drawing one call's arguments."""

    label: str
    make: Callable[[random.Random], tuple[str | None, dict[str, Any]]]
    typical: bool = True


def query_kinds(corpus: Corpus, *, postgres: bool = False) -> list[QueryKind]:
    """The query mix. Typical searches use topical words (Zipf ranks 300-5000,
    in ~0.8-12 % of articles); common and stop words are timed but not typical.

    ``postgres``: the raw phrase and prefix in PostgreSQL's ``to_tsquery``
    syntax (``a <-> b``, ``word:*``) instead of FTS5's (``"a b"``, ``word*``),
    drawing the same words."""
    topical = corpus.words[300:5000]  # in ~0.8-12 % of articles
    rare = corpus.words[5000:15000]  # ~0.25-0.8 %
    common = corpus.words[20:150]  # ~25-85 %: warga, jakarta, kota, …
    stop = corpus.words[:8]  # yang, dan, di, …: in nearly every article

    def w(rng: random.Random, pool: list[str]) -> str:
        return rng.choice(pool)

    def phrase(rng: random.Random) -> str:
        first, second = w(rng, topical), w(rng, topical)
        return f"{first} <-> {second}" if postgres else f'"{first} {second}"'

    def prefix(rng: random.Random) -> str:
        return w(rng, topical)[:4] + (":*" if postgres else "*")

    def since_until(rng: random.Random) -> dict[str, Any]:
        year = rng.randint(2014, 2024)
        return {"since": f"{year}-01-01", "until": f"{year}-12-31"}

    return [
        QueryKind("one topical word", lambda r: (w(r, topical), {})),
        QueryKind("one rare word", lambda r: (w(r, rare), {})),
        QueryKind("two words", lambda r: (f"{w(r, topical)} {w(r, topical)}", {})),
        QueryKind("phrase (raw)", lambda r: (phrase(r), {"raw": True})),
        QueryKind("prefix (raw)", lambda r: (prefix(r), {"raw": True})),
        QueryKind("word + reporter", lambda r: (w(r, topical), {"reporter": r.choice(REPORTERS)})),
        QueryKind("word + category + language", lambda r: (
            w(r, topical), {"category": r.choice(CATEGORIES), "language": "id"})),
        QueryKind("word + year (since/until)", lambda r: (w(r, topical), since_until(r))),
        QueryKind("word + min_views, by views", lambda r: (
            w(r, topical), {"min_views": 500, "sort": "views"})),
        QueryKind("word, by date", lambda r: (w(r, topical), {"sort": "date"})),
        QueryKind("filters only: reporter, by date", lambda r: (
            None, {"reporter": r.choice(REPORTERS), "sort": "date"})),
        QueryKind("common word (†)", lambda r: (w(r, common), {}), typical=False),
        QueryKind("stop word (†, worst case)", lambda r: (w(r, stop), {}), typical=False),
    ]  # fmt: skip


#: A search of the mix: its query and ``search`` options.
Search = tuple[str | None, dict[str, Any]]


def drawn_searches(
    kinds: list[QueryKind], per_kind: int, seed: int
) -> dict[str, list[Search]]:
    """``per_kind`` searches of each kind, drawn from one generator in order."""
    rng = random.Random(seed)
    return {kind.label: [kind.make(rng) for _ in range(per_kind)] for kind in kinds}


def timed_searches(
    arc: Archive, searches: dict[str, list[Search]]
) -> dict[str, list[float]]:
    """Milliseconds per call of ``search(..., limit=20)``, by kind."""
    timings: dict[str, list[float]] = {}
    for label, items in searches.items():
        samples = timings.setdefault(label, [])
        for query, options in items:
            t0 = time.perf_counter()
            search(arc, query, limit=20, **options)
            samples.append((time.perf_counter() - t0) * 1000)
    return timings


def time_searches(
    path: str | Path, corpus: Corpus, per_kind: int, seed: int, mmap_mib: int = 0
) -> dict[str, list[float]]:
    """Milliseconds per call of ``search(..., limit=20)`` for each query kind.

    ``mmap_mib`` > 0 sets ``PRAGMA mmap_size`` on the search connection first
    (an experiment: the archive itself does not set it).
    """
    postgres = str(path).startswith("postgresql")
    searches = drawn_searches(query_kinds(corpus, postgres=postgres), per_kind, seed)
    with open_archive(path, read_only=True) as arc:
        if mmap_mib:
            arc.conn.exec_driver_sql(f"PRAGMA mmap_size = {int(mmap_mib) << 20}")
        search(arc, "jakarta", limit=20)  # warm the page cache once
        return timed_searches(arc, searches)


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, round(pct / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


# -- report -------------------------------------------------------------------------


def _print_inserts(
    raw: InsertResult, layer: InsertResult, single: InsertResult | None
) -> float:
    ratio = layer.rate / raw.rate
    print("| insert path | articles/s | vs raw |")
    print("|---|---:|---:|")
    print(f"| raw `sqlite3` `executemany` (same schema and FTS triggers) "
          f"| {raw.rate:,.0f} | 1.00× |")  # fmt: skip
    print(f"| archive layer `save_articles` (batches) | {layer.rate:,.0f} "
          f"| **{ratio:.2f}×** (goal ≥ 0.5×) |")  # fmt: skip
    if single is not None:
        print(f"| archive layer `save_article` (one per transaction, "
              f"{single.articles:,} articles) | {single.rate:,.0f} "
              f"| {single.rate / raw.rate:.2f}× |")  # fmt: skip
    print()
    return ratio


_NOT_TYPICAL = (
    "† not in the typical mix: words found in a quarter to nearly all of the "
    "articles, so even their title tier is a large share of the archive."
)


def _print_searches(
    timings: dict[str, list[float]],
    corpus: Corpus,
    goal_ms: float,
    note: str = _NOT_TYPICAL,
) -> float:
    kinds = {k.label: k for k in query_kinds(corpus)}
    typical = [ms for label, v in timings.items() if kinds[label].typical for ms in v]
    print("| search (`archive.search.search`) | p50 ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|")
    for label, samples in timings.items():
        print(f"| {label} | {statistics.median(samples):.2f} | "
              f"{percentile(samples, 95):.2f} | {max(samples):.2f} |")  # fmt: skip
    p95 = percentile(typical, 95)
    print(f"| **all typical queries** | **{statistics.median(typical):.2f}** | "
          f"**{p95:.2f}** (goal ≤ {goal_ms:.0f}) | {max(typical):.2f} |")  # fmt: skip
    print(f"\n{note}")
    return p95


def run(args: argparse.Namespace) -> int:
    """Run the whole benchmark and print the Markdown report."""
    corpus = Corpus(args.seed)
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="warta-bench-"))
    raw = layer = single = None
    if args.search_only:
        arc_path = Path(args.search_only)
        with open_archive(arc_path, read_only=True) as arc:
            n = int(next(arc.query("SELECT count(*) AS n FROM articles"))["n"])
    else:
        workdir.mkdir(parents=True, exist_ok=True)
        raw_path, arc_path, one_path = (
            workdir / f"{name}.sqlite" for name in ("raw", "archive", "single")
        )
        for path in (raw_path, arc_path, one_path):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        n = args.articles
        print(f"Inserting {n:,} articles both ways (batches of {args.batch})…",
              file=sys.stderr)  # fmt: skip
        raw, layer = insert_both(raw_path, arc_path, corpus, n, args.batch)
        print(f"  raw {raw.rate:,.0f}/s, archive layer {layer.rate:,.0f}/s",
              file=sys.stderr)  # fmt: skip
        single_n = min(args.single, n)
        if single_n:
            single = insert_archive_single(one_path, corpus, single_n)
    print("Timing searches…", file=sys.stderr)
    timings = time_searches(arc_path, corpus, args.queries, args.seed, args.mmap_mib)
    size_mb = arc_path.stat().st_size / 1e6
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\n### Archive benchmark: {n:,} articles ({size_mb:,.0f} MB archive)\n")
    print(f"SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs (load average {load} at the end); batches of "
          f"{args.batch}; {args.queries} searches per kind, limit 20"
          + (f"; search connection with mmap_size {args.mmap_mib} MiB" if args.mmap_mib else "")
          + ".\n")  # fmt: skip
    ratio = _print_inserts(raw, layer, single) if raw and layer else None
    goal_ms = 10.0 if n <= 100_000 else 50.0
    p95 = _print_searches(timings, corpus, goal_ms)
    verdicts = []
    if ratio is not None:
        verdicts.append(f"insert {'met' if ratio >= 0.5 else 'NOT met'} "
                        f"({ratio:.2f}× raw, goal ≥ 0.5×)")  # fmt: skip
    verdicts.append(f"search {'met' if p95 <= goal_ms else 'NOT met'} "
                    f"(typical p95 {p95:.2f} ms, goal ≤ {goal_ms:.0f} ms)")  # fmt: skip
    print(f"\nGoals: {'; '.join(verdicts)}.")
    if not args.workdir and not args.search_only:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None
    )
    parser.add_argument(
        "--articles", type=int, default=100_000, help="articles (default 100000)"
    )
    parser.add_argument(
        "--batch", type=int, default=1000, help="articles per transaction"
    )
    parser.add_argument(
        "--queries", type=int, default=200, help="searches per query kind"
    )
    parser.add_argument(
        "--single",
        type=int,
        default=2000,
        help="articles for the one-per-transaction row (0: skip)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--search-only",
        metavar="ARCHIVE",
        help="only time searches on an archive this benchmark built (same --seed)",
    )
    parser.add_argument(
        "--mmap-mib",
        type=int,
        default=0,
        help="experiment: PRAGMA mmap_size (MiB) on the search connection",
    )
    parser.add_argument(
        "--workdir", help="keep the archives here (default: a temp dir, removed)"
    )
    args = parser.parse_args(argv)
    if args.articles <= 0 or args.batch <= 0 or args.queries <= 0:
        parser.error("--articles, --batch and --queries must be positive")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark the archive on PostgreSQL: inserts and search latency.

    python -m benchmarks.pg_archive --archive postgresql://postgres@127.0.0.1/warta_bench
    python -m benchmarks.pg_archive --archive URL --articles 1000000 --bulk --keep
    python -m benchmarks.pg_archive --archive URL --search-only

The same synthetic articles (:mod:`benchmarks.synthetic`) and query mix
(:func:`benchmarks.archive.query_kinds`) as the SQLite benchmark. Reports, as
Markdown:

* the insert rate through the archive layer (``Archive.save_articles`` in
  batches) vs psycopg ``executemany`` and ``COPY`` of the same rows (articles,
  links, view counts) into the same schema (tables, indexes, search-vector
  trigger and GIN index, all made by ``open_archive``), batches interleaved;
* p50/p95 latency of ``archive.search.search`` per query kind (the raw phrase
  and prefix in ``to_tsquery`` syntax: ``a <-> b``, ``word:*``).

Each archive is a schema of the URL's database (``warta_bench_archive``,
``_raw``, ``_copy``; the database is created when missing): replaced on
start, dropped at the end unless ``--keep``. ``--bulk`` builds only the
searched archive, fast, for large sizes: ``COPY`` with the search-vector
trigger off, then the search table filled in bulk with the trigger's own
expressions and its indexes built once (no insert comparison).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import sqlalchemy as sa

from archive import pg_recent, pg_schema
from archive.store import open_archive
from benchmarks.archive import (
    _ARTICLE_COLS,
    _LINK_COLS,
    _VIEW_COLS,
    OBSERVED_AT,
    InsertResult,
    Rows,
    _print_searches,
    table_rows,
    time_searches,
)
from benchmarks.synthetic import Corpus

PREFIX = "warta_bench_"
PATHS = ("archive", "executemany", "copy")
TABLES = (
    ("articles", _ARTICLE_COLS),
    ("links", _LINK_COLS),
    ("view_counts", _VIEW_COLS),
)
GOAL_MS = 50.0  # typical searches, p95, at 1M articles (issue 11)
VECTOR_CHUNK = 50_000
NOTE = (
    "† not in the typical mix: words found in a quarter to nearly all of the "
    "articles; relevance ranks only the newest 2,000 matches."
)


def schema_url(url: str, path: str) -> str:
    """The archive URL of one insert path's schema in the database of ``url``."""
    parsed = sa.make_url(url).update_query_dict(
        {"options": f"-csearch_path={PREFIX}{path}"}
    )
    return parsed.render_as_string(hide_password=False)


def connect(url: str, path: str | None = None) -> psycopg.Connection[Any]:
    """A plain psycopg connection (autocommit) to the database of ``url``."""
    parsed = sa.make_url(url)
    params: dict[str, Any] = {
        "host": parsed.host or "127.0.0.1",
        "port": parsed.port or 5432,
        "user": parsed.username,
        "password": parsed.password,
        "dbname": parsed.database,
        "options": f"-csearch_path={PREFIX}{path}" if path else None,
    }
    given = {k: v for k, v in params.items() if v is not None}
    return psycopg.connect(**given, autocommit=True)


def fresh_schemas(url: str, paths: tuple[str, ...]) -> None:
    """Replace each path's schema by an empty archive (``open_archive``)."""
    pg_schema.create_database(url)
    with connect(url) as conn:
        for path in paths:
            conn.execute(f"DROP SCHEMA IF EXISTS {PREFIX}{path} CASCADE")
            conn.execute(f"CREATE SCHEMA {PREFIX}{path}")
    for path in paths:
        with open_archive(schema_url(url, path)):
            pass


def drop_schemas(url: str) -> None:
    """Drop every schema this benchmark made."""
    with connect(url) as conn:
        for path in PATHS:
            conn.execute(f"DROP SCHEMA IF EXISTS {PREFIX}{path} CASCADE")


class RawWriter:
    """A baseline: psycopg ``executemany`` or ``COPY``, one transaction a batch."""

    def __init__(self, url: str, path: str) -> None:
        self.conn = connect(url, path)
        self.copy = path == "copy"
        self.next_id = 1

    def write(self, rows: list[dict[str, Any]]) -> None:
        """Insert one batch (ids assigned here, as the archive would)."""
        data = table_rows(rows, self.next_id)
        self.next_id += len(rows)
        with self.conn.transaction():
            write_tables(self.conn, data, copy=self.copy)

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


def write_tables(
    conn: psycopg.Connection[Any], data: tuple[Rows, Rows, Rows], *, copy: bool
) -> None:
    """Write articles, links and view counts (inside the caller's transaction)."""
    with conn.cursor() as cur:
        for (table, cols), rows in zip(TABLES, data, strict=True):
            names = ", ".join(cols)
            if copy:
                with cur.copy(f"COPY {table} ({names}) FROM STDIN") as stream:
                    for row in rows:
                        stream.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(cols))
                sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
                cur.executemany(sql, rows)


def insert_all(
    url: str, corpus: Corpus, total: int, batch: int
) -> dict[str, InsertResult]:
    """Insert every batch the three ways, rotating which goes first."""
    spent = dict.fromkeys(PATHS, 0.0)
    raw = {path: RawWriter(url, path) for path in PATHS[1:]}
    with open_archive(schema_url(url, "archive")) as arc:
        writers: dict[str, Callable[[list[dict[str, Any]]], object]] = {
            "archive": lambda rows: arc.save_articles(
                rows, observed_at=OBSERVED_AT, run_id=None
            ),
            **{path: writer.write for path, writer in raw.items()},
        }
        for number, rows in enumerate(corpus.batches(total, batch)):
            shift = number % len(PATHS)
            for path in PATHS[shift:] + PATHS[:shift]:
                t0 = time.perf_counter()
                writers[path](rows)
                spent[path] += time.perf_counter() - t0
    for writer in raw.values():
        writer.close()
    return {path: InsertResult(total, seconds) for path, seconds in spent.items()}


_corpora: dict[int, Corpus] = {}  # each generating process's corpus by seed


def _generate(job: tuple[int, int, int, int]) -> tuple[Rows, Rows, Rows]:
    seed, start, size, total = job
    if seed not in _corpora:
        _corpora[seed] = Corpus(seed)
    return table_rows(_corpora[seed].batch(start, size, total), start + 1)


def _generated(
    seed: int, total: int, batch: int, jobs: int
) -> Iterator[tuple[Rows, Rows, Rows]]:
    """The rows of every batch, generated by ``jobs`` processes, in order."""
    work = [(seed, start, batch, total) for start in range(0, total, batch)]
    with multiprocessing.Pool(jobs) as pool:
        yield from pool.imap(_generate, work, chunksize=1)


def bulk_load(url: str, seed: int, total: int, batch: int, jobs: int) -> float:
    """Build the searched archive fast (see the module docstring); seconds."""
    t0 = time.perf_counter()
    with connect(url, "archive") as conn:
        conn.execute("ALTER TABLE articles DISABLE TRIGGER articles_search_vector")
        for name in pg_schema.SEARCH_INDEXES:
            conn.execute(f"DROP INDEX {name}")
        for done, data in enumerate(_generated(seed, total, batch, jobs), start=1):
            with conn.transaction():
                write_tables(conn, data, copy=True)
            if done % 50 == 0:
                print(f"  {done * batch:,} articles copied", file=sys.stderr)
        conn.execute("ALTER TABLE articles ENABLE TRIGGER articles_search_vector")
        columns = ", ".join(pg_schema.SEARCH_COLUMNS)
        for low in range(1, total + 1, VECTOR_CHUNK):
            conn.execute(
                f"INSERT INTO {pg_schema.VECTOR_TABLE} ({columns})"
                f" SELECT {pg_schema.search_row_sql('a')} FROM articles a"
                " WHERE a.id >= %s AND a.id < %s",
                (low, low + VECTOR_CHUNK),
            )
            print(f"  {low + VECTOR_CHUNK - 1:,} search rows", file=sys.stderr)
        conn.execute("SET maintenance_work_mem = '1GB'")
        for ddl in pg_schema.SEARCH_INDEXES.values():
            conn.execute(ddl)
        conn.execute("VACUUM ANALYZE")
    engine = sa.create_engine(
        pg_schema.engine_url(schema_url(url, "archive"), read_only=False)
    )
    with engine.begin() as sa_conn:
        pg_schema.reset_sequences(sa_conn, ["articles", "links", "view_counts"])
        problems = pg_schema.integrity_check(sa_conn)
    engine.dispose()
    if problems:
        raise SystemExit(f"bulk load: {problems}")
    return time.perf_counter() - t0


def archive_facts(url: str) -> tuple[int, float]:
    """(articles, megabytes of the archive's tables with indexes and TOAST)."""
    with connect(url, "archive") as conn:
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()
        size = conn.execute(
            "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = %s AND c.relkind = 'r'",
            (f"{PREFIX}archive",),
        ).fetchone()
    megabytes = float((size[0] if size else None) or 0) / 1e6
    return int(articles[0] if articles else 0), megabytes


def _print_inserts(results: dict[str, InsertResult], batch: int) -> float:
    layer = results["archive"]
    print("| insert path (same schema, trigger and indexes) | articles/s "
          "| archive layer ÷ this |")  # fmt: skip
    print("|---|---:|---:|")
    print(f"| archive layer `save_articles` (batches of {batch:,}) "
          f"| {layer.rate:,.0f} | 1.00× |")  # fmt: skip
    labels = {"executemany": "raw psycopg `executemany`", "copy": "raw psycopg `COPY`"}
    for path, label in labels.items():
        ratio = layer.rate / results[path].rate
        print(f"| {label} | {results[path].rate:,.0f} | **{ratio:.2f}×** |")
    print()
    return layer.rate / results["executemany"].rate


def recent_indexes(url: str) -> str:
    """Make the newest articles' GIN indexes when due, as a crawl does at the
    end of its run (``tidy_search_index``); a line on what the archive has."""
    started = time.perf_counter()
    with open_archive(schema_url(url, "archive")) as arc:
        built = arc.tidy_search_index()
        with arc.read() as conn:
            since = pg_recent.boundary(conn)
    if since is None:
        return "No recent-articles GIN indexes (the archive is small)"
    took = f", built in {time.perf_counter() - started:,.0f} s" if built else ""
    return f"Recent-articles GIN indexes: articles from {since} on{took}"


#: The relations a search reads: tables, their TOAST tables, all their indexes.
_PREWARM_SQL = """WITH base AS (
  SELECT c.oid, c.reltoastrelid FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = %s AND c.relname IN ('articles', 'articles_tsv')),
rels AS (SELECT oid FROM base UNION SELECT reltoastrelid FROM base
  UNION SELECT indexrelid FROM pg_index
  WHERE indrelid IN (SELECT oid FROM base UNION SELECT reltoastrelid FROM base))
SELECT sum(pg_prewarm(oid, 'read')) FROM rels WHERE oid <> 0"""


def prewarm(url: str) -> float:
    """Read the searched archive's tables and indexes into the OS page cache
    (``pg_prewarm``, made in the benchmark database when missing); MB read."""
    print("Prewarming…", file=sys.stderr)
    with connect(url) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        row = conn.execute(_PREWARM_SQL, (f"{PREFIX}archive",)).fetchone()
    return float((row[0] if row else None) or 0) * 8192 / 1e6


def run(args: argparse.Namespace) -> int:
    """Build (or reuse) the archives, time searches, print the report."""
    url, corpus = args.archive, Corpus(args.seed)
    inserts: dict[str, InsertResult] | None = None
    bulk_s = None
    if not args.search_only:
        n = args.articles
        if args.bulk:
            fresh_schemas(url, ("archive",))
            print(f"Bulk-loading {n:,} articles…", file=sys.stderr)
            bulk_s = bulk_load(url, args.seed, n, args.batch, args.jobs)
        else:
            fresh_schemas(url, PATHS)
            print(f"Inserting {n:,} articles three ways…", file=sys.stderr)
            inserts = insert_all(url, corpus, n, args.batch)
    n, size_mb = archive_facts(url)
    recent = recent_indexes(url)
    warmed_mb = prewarm(url) if args.prewarm else None
    print("Timing searches…", file=sys.stderr)
    timings = time_searches(schema_url(url, "archive"), corpus, args.queries, args.seed)
    with connect(url) as conn:
        version = conn.info.parameter_status("server_version")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"\n### Archive benchmark on PostgreSQL: {n:,} articles ({size_mb:,.0f} MB)\n"
    )
    print(f"PostgreSQL {version}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs "
          f"(load average {load} at the end); {args.queries} searches per kind, "
          "limit 20.\n")  # fmt: skip
    if bulk_s is not None:
        print(f"Built with `--bulk` in {bulk_s:,.0f} s (COPY, then the search "
              "table and its indexes in bulk): no insert comparison.\n")  # fmt: skip
    print(f"{recent}.\n")
    if warmed_mb is not None:
        print(f"Searched with the archive's `articles` and search tables, their TOAST "
              f"and indexes read into memory first (`--prewarm`: {warmed_mb:,.0f} MB "
              "through `pg_prewarm`), as on a server whose RAM holds them.\n")  # fmt: skip
    verdicts = []
    if inserts is not None:
        ratio = _print_inserts(inserts, args.batch)
        verdicts.append(f"insert {'met' if ratio >= 0.5 else 'NOT met'} "
                        f"({ratio:.2f}× executemany, goal ≥ 0.5×)")  # fmt: skip
    p95 = _print_searches(timings, corpus, GOAL_MS, note=NOTE)
    verdicts.append(f"search {'met' if p95 <= GOAL_MS else 'NOT met'} "
                    f"(typical p95 {p95:.2f} ms, goal ≤ {GOAL_MS:.0f} ms)")  # fmt: skip
    print(f"\nGoals: {'; '.join(verdicts)}.")
    if not args.keep and not args.search_only:
        drop_schemas(url)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None
    )
    parser.add_argument(
        "--archive",
        required=True,
        help="postgresql://USER@HOST[:PORT]/DB (schemas warta_bench_* in it)",
    )
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1000, help="articles a batch")
    parser.add_argument("--queries", type=int, default=200, help="searches a kind")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--bulk", action="store_true", help="fast build of the searched archive only"
    )
    parser.add_argument(
        "--jobs", type=int, default=2, help="processes generating articles (--bulk)"
    )
    parser.add_argument(
        "--search-only",
        action="store_true",
        help="only time searches on the archive a --keep run left",
    )
    parser.add_argument("--keep", action="store_true", help="keep the schemas")
    parser.add_argument(
        "--prewarm",
        action="store_true",
        help="read the searched tables into memory first (pg_prewarm)",
    )
    args = parser.parse_args(argv)
    if min(args.articles, args.batch, args.queries, args.jobs) <= 0:
        parser.error("--articles, --batch, --queries and --jobs must be positive")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())

"""The PostgreSQL plans of the archive benchmark's searches (EXPLAIN ANALYZE).

    python -m benchmarks.pg_plans --archive URL            # every query kind
    python -m benchmarks.pg_plans --archive URL --kind "one rare word" --samples 5

``URL`` is a PostgreSQL archive (e.g. one ``benchmarks.pg_archive --keep``
left: ``postgresql://…/DB?options=-csearch_path%3Dwarta_bench_archive``).
For each query kind of :func:`benchmarks.archive.query_kinds`, every
statement ``archive.search.search`` runs is recorded, then explained with
``EXPLAIN (ANALYZE, BUFFERS)``: its time and plan tree (node, relation or
index, rows), to see which index serves matches, filters and orders.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa

from archive.search import search
from archive.store import Archive, open_archive
from benchmarks.archive import query_kinds
from benchmarks.synthetic import Corpus

Statement = tuple[str, Any]


def recorded(arc: Archive, call: Any) -> list[Statement]:
    """The statements (SQL, parameters) the call ``call()`` runs on ``arc``."""
    seen: list[Statement] = []

    def record(*args: Any) -> None:
        statement, parameters = args[2], args[3]
        seen.append((statement, parameters))

    engine = arc.conn.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        call()
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    return seen


def explain(
    arc: Archive, statement: Statement, settings: dict[str, str] | None = None
) -> dict[str, Any]:
    """The JSON plan of one statement, executed (ANALYZE), under ``settings``
    (planner options such as ``enable_seqscan``, for this transaction only)."""
    sql, parameters = statement
    with arc.read() as conn:
        for name, value in (settings or {}).items():
            conn.execute(
                sa.text("SELECT set_config(:n, :v, true)"), {"n": name, "v": value}
            )
        text = "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql
        result = conn.exec_driver_sql(text, parameters).scalar_one()
    plan = result if isinstance(result, list) else json.loads(result)
    return dict(plan[0])


def nodes(plan: dict[str, Any], depth: int = 0) -> Iterator[tuple[int, dict[str, Any]]]:
    """Every node of a plan tree, depth first, with its depth."""
    yield depth, plan
    for child in plan.get("Plans", []):
        yield from nodes(child, depth + 1)


def describe(node: dict[str, Any]) -> str:
    """One line: node type, index or relation, actual rows and time."""
    on = node.get("Index Name") or node.get("Relation Name") or ""
    key = node.get("Sort Key") or node.get("Index Cond") or node.get("Recheck Cond")
    return (
        f"{node['Node Type']}{f' on {on}' if on else ''}"
        f"{f' [{key}]' if key and len(str(key)) < 90 else ''}"
        f" rows={node.get('Actual Rows')} loops={node.get('Actual Loops')}"
        f" {node.get('Actual Total Time', 0):.2f} ms"
    )


def report(url: str, kinds: list[str] | None, samples: int, seed: int) -> None:
    """Print the plans of ``samples`` searches of each kind."""
    corpus, rng = Corpus(seed), random.Random(seed)
    with open_archive(url, read_only=True) as arc:
        for kind in query_kinds(corpus, postgres=True):
            draws = [kind.make(rng) for _ in range(samples)]
            if kinds and kind.label not in kinds:
                continue
            for query, options in draws:
                print(f"\n## {kind.label}: {query!r} {options}")

                def call(q: str | None = query, o: dict[str, Any] = options) -> None:
                    search(arc, q, limit=20, **o)

                for statement in recorded(arc, call):
                    plan = explain(arc, statement)
                    print(f"\n  {plan['Execution Time']:.2f} ms: {statement[0][:150]}")
                    for depth, node in nodes(plan["Plan"]):
                        print("    " + "  " * depth + describe(node))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--archive", required=True, help="a PostgreSQL archive URL")
    parser.add_argument("--kind", action="append", help="only this query kind")
    parser.add_argument("--samples", type=int, default=1, help="searches per kind")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    report(args.archive, args.kind, args.samples, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Saving articles on PostgreSQL finds stored ones by their whole key, whatever
plan the server keeps.

psycopg prepares a statement it runs 5 times, and PostgreSQL may then keep one
generic plan for it, chosen without the parameters' values (and here without
statistics: no ANALYZE). Each statement is prepared on its first run and planned
generically (``plan_cache_mode``); ``auto_explain`` reports the plans run. The
archive holds some thousand articles, enough for an index probe per key to cost
less than reading a (site, language)'s whole range.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from archive.identity import match_refs
from archive.store import Archive, open_archive
from benchmarks.pg_plans import nodes
from benchmarks.synthetic import Corpus
from tests.pg_support import TestDatabase
from tests.test_archive_support import OBSERVED

pytestmark = pytest.mark.services

ARTICLES = 300
#: Articles of the same site and language stored before (other ids).
STORED = 5000
FILL_SQL = """INSERT INTO articles (url, site, site_article_id, language, title,
  body, first_seen_at, last_seen_at)
SELECT 'https://example.org/' || n, %(site)s, 'stored-' || n, 'id', 'Judul', 'Isi',
  %(at)s, %(at)s FROM generate_series(1, %(count)s) AS n"""
GENERIC_PLANS = (
    "LOAD 'auto_explain'",
    "SET auto_explain.log_min_duration = 0",
    "SET auto_explain.log_format = json",
    "SET plan_cache_mode = force_generic_plan",
    "SET client_min_messages = log",
)


def _plans_to(arc: Archive, plans: list[dict[str, Any]]) -> None:
    """From now on, every statement on ``arc``'s connection is prepared,
    planned generically, and its plan appended to ``plans``."""

    def keep(diagnostic: Any) -> None:
        _, found, plan = (diagnostic.message_primary or "").partition("plan:")
        if found:
            plans.append(json.loads(plan))

    for setting in GENERIC_PLANS:
        arc.conn.exec_driver_sql(setting)
    arc.conn.commit()
    driver = arc.conn.connection.driver_connection
    driver.add_notice_handler(keep)
    driver.prepare_threshold = 0


def generic_plans(arc: Archive, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The plans of the statements ``save_articles(rows)`` runs, each prepared."""
    plans: list[dict[str, Any]] = []
    _plans_to(arc, plans)
    arc.save_articles(rows, observed_at=OBSERVED, run_id=None)
    return plans


def _key_reads(plans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The plan nodes that read ``articles`` by ``site_article_id``."""
    return [
        node
        for plan in plans
        for _, node in nodes(plan["Plan"])
        if node.get("Relation Name") == "articles"
        and "site_article_id" in json.dumps(node)
    ]


def test_stored_articles_are_found_by_their_whole_key(
    pg_database: TestDatabase,
) -> None:
    rows = Corpus(7).batch(0, ARTICLES, ARTICLES)
    with open_archive(pg_database.new_archive_url()) as arc:
        with arc.transaction() as conn:
            filler = {"site": rows[0]["site"], "at": OBSERVED, "count": STORED}
            conn.exec_driver_sql(FILL_SQL, filler)
        arc.save_articles(rows, observed_at=OBSERVED, run_id=None)
        plans = generic_plans(arc, rows)
    reads = _key_reads(plans)
    assert reads
    assert [node.get("Filter") for node in reads] == [None] * len(reads)
    assert {node.get("Index Name") for node in reads} == {
        "articles_site_language_site_article_id_key"
    }


def test_view_targets_are_found_by_their_whole_key(pg_database: TestDatabase) -> None:
    """The identities of observed articles (views of related, popular and
    listed articles, links) are matched the same way."""
    site = Corpus(7).batch(0, 1, 1)[0]["site"]
    refs = {(site, "id", f"stored-{n}") for n in range(1, ARTICLES + 1)}
    with open_archive(pg_database.new_archive_url()) as arc:
        with arc.transaction() as conn:
            filler = {"site": site, "at": OBSERVED, "count": STORED}
            conn.exec_driver_sql(FILL_SQL, filler)
        plans: list[dict[str, Any]] = []
        _plans_to(arc, plans)
        found = match_refs(arc.conn, refs)
    assert sorted(found) == sorted(refs)
    reads = _key_reads(plans)
    assert reads
    assert [node.get("Filter") for node in reads] == [None] * len(reads)

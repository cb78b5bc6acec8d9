"""Concurrent PostgreSQL writers never deadlock (archive.articles.lock_writes).

A crawl worker stores a batch of items in one transaction: it saves articles,
stores pages, and records the views it saw of other articles. Two workers'
batches observe each other's articles and may save the same articles in
different orders; these tests replay those interleavings on two connections.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from archive.store import Archive, open_archive
from tests.pg_support import TestDatabase
from tests.test_archive_support import OBSERVED, article

pytestmark = pytest.mark.services

LOCK_TIMEOUT = "SET LOCAL lock_timeout = '5s'"  # a wait that would hang fails


@pytest.fixture
def two_writers(pg_database: TestDatabase) -> Iterator[tuple[Archive, Archive]]:
    url = pg_database.new_archive_url()
    with open_archive(url) as arc:
        arc.save_articles([article(1), article(2)], observed_at=OBSERVED, run_id=None)
    first, second = open_archive(url), open_archive(url)
    yield first, second
    first.close()
    second.close()


def seen(n: int, views: int) -> dict[str, Any]:
    """An observation of article ``n`` on another article's page."""
    return {
        "url": article(n)["url"],
        "views": views,
        "source": "popular",
        "site_article_id": article(n)["site_article_id"],
        "language": article(n)["language"],
    }


def test_writers_observing_each_others_articles_never_wait(
    two_writers: tuple[Archive, Archive],
) -> None:
    a, b = two_writers
    at = "2026-12-01T00:00:00+00:00"
    run_a, run_b = (w.start_run("beritajakarta", pid=0, hostname="h", command="w") for w in (a, b))  # fmt: skip
    with a.transaction() as conn_a, b.transaction() as conn_b:
        conn_a.exec_driver_sql(LOCK_TIMEOUT)
        conn_b.exec_driver_sql(LOCK_TIMEOUT)
        a.record_views([seen(1, 10)], observed_at=at, run_id=run_a)
        b.record_views([seen(2, 20)], observed_at=at, run_id=run_b)
        # each row is held by the other writer: recorded, not waited for
        a.record_views([seen(2, 21)], observed_at=at, run_id=run_a)
        b.record_views([seen(1, 11)], observed_at=at, run_id=run_b)
    counts = list(
        a.query("SELECT views FROM view_counts WHERE source = 'popular' ORDER BY views")
    )
    assert [row["views"] for row in counts] == [10, 11, 20, 21]
    latest = list(a.query("SELECT views FROM articles ORDER BY id"))
    assert [row["views"] for row in latest] == [10, 20]  # the holders' writes


def _batch(arc: Archive, numbers: list[int], errors: list[str]) -> None:
    """One worker's batch: lock it, then save its articles one by one."""
    try:
        with arc.transaction() as conn:
            conn.exec_driver_sql(LOCK_TIMEOUT)
            keys = [(a["site"], a["language"], a["site_article_id"]) for a in map(article, numbers)]  # fmt: skip
            arc.lock_writes(keys, [article(n)["url"] for n in numbers])
            for n in numbers:
                arc.save_article(article(n, title=f"Edit {n}"), observed_at=OBSERVED, run_id=None)  # fmt: skip
                time.sleep(0.3)  # the other batch runs meanwhile
    except Exception as exc:  # noqa: BLE001 - any error fails the test, named
        errors.append(f"{type(exc).__name__}: {exc}")


def test_batches_saving_the_same_articles_in_opposite_orders_take_turns(
    two_writers: tuple[Archive, Archive],
) -> None:
    a, b = two_writers
    errors: list[str] = []
    threads = [
        threading.Thread(target=_batch, args=(a, [1, 2, 3], errors)),
        threading.Thread(target=_batch, args=(b, [3, 2, 1], errors)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    rows = list(a.query("SELECT site_article_id, title FROM articles ORDER BY id"))
    assert [(r["site_article_id"], r["title"]) for r in rows] == [
        (article(n)["site_article_id"], f"Edit {n}") for n in (1, 2, 3)
    ]

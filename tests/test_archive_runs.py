"""Crawl runs (interrupted detection), failures and raw pages."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from archive.errors import InvalidRowError
from archive.store import Archive
from tests.test_archive_support import LATER, OBSERVED, article, link, new_archive

HOST = socket.gethostname()


@pytest.fixture
def arc(location: Path | str) -> Any:
    archive = new_archive(location)
    yield archive
    archive.close()


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_run_lifecycle(arc: Archive) -> None:
    run = arc.start_run(
        "beritajakarta",
        pid=os.getpid(),
        hostname=HOST,
        command=["warta", "crawl", "beritajakarta", "--delay", "0"],
        log_path=Path("logs/run-0001.log"),
        scope="incremental",
    )
    arc.update_run(run, listing_pages=3, article_pages=10, new=9, failed=1)
    arc.update_run(run, log_path="logs/other.log")
    arc.finish_run(run, "finished", unchanged=1, retries=2)
    [row] = arc.list_runs()
    assert row["started_at"] <= row["finished_at"]
    assert {k: v for k, v in row.items() if k not in {"started_at", "finished_at", "updated_at"}} == {
        "id": run,
        "site": "beritajakarta",
        "status": "finished",
        "pid": os.getpid(),
        "hostname": HOST,
        "command": "warta crawl beritajakarta --delay 0",
        "scope": "incremental",
        "log_path": "logs/other.log",
        "listing_pages": 3,
        "article_pages": 10,
        "new": 9,
        "updated": 0,
        "unchanged": 1,
        "failed": 1,
        "retries": 2,
        "status_reason": None,
        "crawl_id": None,
    }  # fmt: skip


def test_run_validation(arc: Archive) -> None:
    run = arc.start_run("beritajakarta", pid=1, hostname=HOST, command="c")
    with pytest.raises(InvalidRowError, match="unknown run counter"):
        arc.update_run(run, pages=3)
    with pytest.raises(InvalidRowError, match="int >= 0"):
        arc.update_run(run, new=-1)
    with pytest.raises(InvalidRowError, match="run status"):
        arc.finish_run(run, "done")
    with pytest.raises(InvalidRowError, match="final status"):
        arc.finish_run(run, "running")
    with pytest.raises(InvalidRowError, match="no crawl run with id 99"):
        arc.update_run(99, new=1)


def test_dead_runs_on_this_host_are_marked_interrupted(arc: Archive) -> None:
    dead = arc.start_run("beritajakarta", pid=_dead_pid(), hostname=HOST, command="a")
    arc.update_run(dead, new=4)
    alive = arc.start_run("beritajakarta", pid=os.getpid(), hostname=HOST, command="b")
    elsewhere = arc.start_run("beritajakarta", pid=_dead_pid(), hostname="other-host", command="c")  # fmt: skip
    other_site = arc.start_run("othersite", pid=_dead_pid(), hostname=HOST, command="d")
    new = arc.start_run("beritajakarta", pid=os.getpid(), hostname=HOST, command="e")
    status = {r["id"]: r["status"] for r in arc.list_runs()}
    assert status == {
        dead: "interrupted",
        alive: "running",
        elsewhere: "running",
        other_site: "running",
        new: "running",
    }
    [row] = [r for r in arc.list_runs() if r["id"] == dead]
    assert row["finished_at"] == row["updated_at"]
    assert row["new"] == 4
    assert arc.mark_interrupted_runs(None, HOST) == [other_site]
    assert arc.list_runs(limit=2, site="beritajakarta")[0]["id"] == new


def test_reused_pid_counts_as_gone(arc: Archive) -> None:
    # our own pid, but the "run" claims to have started long before this process
    run = arc.start_run("beritajakarta", pid=os.getpid(), hostname=HOST, command="a")
    with arc.transaction() as conn:
        conn.execute(
            sa.text(
                "UPDATE crawl_runs SET started_at = '2000-01-01T00:00:00+00:00'"
                " WHERE id = :id"
            ),
            {"id": run},
        )
    assert arc.mark_interrupted_runs("beritajakarta", HOST) == [run]


def test_failures_resolved_by_a_later_success(arc: Archive) -> None:
    run = arc.start_run("beritajakarta", pid=1, hostname=HOST, command="c")
    mirror_url = "http://127.0.0.1:8123/read/1/judul-1"
    key1 = {"language": "id", "site_article_id": "1"}  # as the caller computed it
    arc.record_failure(url=mirror_url, stage="fetch", reason="HTTP 503", run_id=run, at=OBSERVED, **key1)  # fmt: skip
    arc.record_failure(url=mirror_url, stage="fetch", reason="timeout", run_id=run, at=LATER, **key1)  # fmt: skip
    arc.record_failure(url="http://127.0.0.1:8123/berita/terkini?page=3", stage="fetch", reason="reset", run_id=run, at=LATER)  # fmt: skip
    arc.record_failure(url=link(2).url, stage="extract", reason="no title", run_id=None, at=LATER, site="beritajakarta", language="id", site_article_id="2")  # fmt: skip
    open_ = arc.unresolved_failures("beritajakarta")
    assert [(f["url"], f["reason"], f["attempts"], f["first_at"], f["language"], f["site_article_id"]) for f in open_] == [
        (mirror_url, "timeout", 2, OBSERVED, "id", "1"),
        ("http://127.0.0.1:8123/berita/terkini?page=3", "reset", 1, LATER, None, None),
        (link(2).url, "no title", 1, LATER, "id", "2"),
    ]  # fmt: skip
    assert arc.unresolved_failures("othersite") == []
    # saving article 1 (canonical URL) resolves the mirror-URL failures by key
    arc.save_article(article(1), observed_at="2025-02-12T00:00:00+00:00", run_id=run)
    assert (
        arc.resolve_failures(["http://127.0.0.1:8123/berita/terkini?page=3"], at=LATER)
        == 1
    )
    assert [f["url"] for f in arc.unresolved_failures()] == [link(2).url]
    resolved = list(arc.query("SELECT reason, resolved_at FROM failures WHERE url = :u ORDER BY id", u=mirror_url))  # fmt: skip
    assert resolved == [
        {"reason": "HTTP 503", "resolved_at": "2025-02-12T00:00:00+00:00"},
        {"reason": "timeout", "resolved_at": "2025-02-12T00:00:00+00:00"},
    ]
    with pytest.raises(InvalidRowError, match="failure stage"):
        arc.record_failure(url="x", stage="parse", reason=None, run_id=None, at=LATER)


def test_pages_compressed_deduplicated_and_linked(arc: Archive) -> None:
    body = ("<html><body>" + "Isi berita " * 500 + "</body></html>").encode()
    headers = {
        "Content-Type": "text/html; charset=UTF-8",
        b"ETag": [b'"abc"'],
        "Set-Cookie": "session=secret",
        "Date": "Mon, 10 Feb 2025 01:00:00 GMT",
    }
    url = "http://127.0.0.1:8123/read/1/judul-1"
    first = arc.save_page(url=url, final_url=url, fetched_at=OBSERVED, status=200, headers=headers, body=body, run_id=None)  # fmt: skip
    result = arc.save_article(
        article(1), observed_at=OBSERVED, run_id=None, page_id=first
    )
    again = arc.save_page(url=url, final_url=url, fetched_at=LATER, status=200, headers=headers, body=body, run_id=None)  # fmt: skip
    changed = arc.save_page(url=url, final_url=url, fetched_at=LATER, status=200, headers={}, body=body + b"!", run_id=None)  # fmt: skip
    assert (first, again, changed) == (1, 1, 2)
    raw = list(arc.query("SELECT id, sha256, length(body) AS size, body, fetch_count, last_fetched_at, article_id, headers FROM pages ORDER BY id"))  # fmt: skip
    assert raw[0]["size"] < len(body) / 10
    assert zlib.decompress(raw[0]["body"]) == body
    assert raw[0]["sha256"] == hashlib.sha256(body).hexdigest()
    assert (raw[0]["fetch_count"], raw[0]["last_fetched_at"], raw[0]["article_id"]) == (2, LATER, result.article_id)  # fmt: skip
    assert json.loads(raw[0]["headers"]) == {
        "content-type": "text/html; charset=UTF-8",
        "date": "Mon, 10 Feb 2025 01:00:00 GMT",
        "etag": '"abc"',
    }
    pages = list(arc.iter_pages())
    assert [(p["id"], p["body"], p["url"], p["status"]) for p in pages] == [
        (1, body, url, 200),
        (2, body + b"!", url, 200),
    ]
    assert [p["id"] for p in arc.iter_pages(since=LATER)] == [2]
    shown = arc.get_article(1)
    assert shown is not None
    assert [(p["id"], p["fetch_count"]) for p in shown["pages"]] == [(1, 2)]


def test_iter_pages_pages_through_many_rows_while_writing(arc: Archive) -> None:
    for i in range(250):
        arc.save_page(url=f"https://x/read/{i}", final_url=None, fetched_at=OBSERVED, status=200, headers={}, body=f"page {i}".encode(), run_id=None)  # fmt: skip
    seen = []
    for page in arc.iter_pages():
        seen.append(page["body"])
        if page["id"] == 1:  # writing mid-iteration (as reparse does) is fine
            arc.save_article(article(1), observed_at=OBSERVED, run_id=None)
    assert seen == [f"page {i}".encode() for i in range(250)]

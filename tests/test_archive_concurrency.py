"""Readers during a crawl never see "database is locked"; writers queue politely."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

from archive.store import open_archive
from tests.test_archive_support import OBSERVED, article

ROOT = Path(__file__).resolve().parents[1]

READER = r"""
import json, sys, time
from pathlib import Path
from archive.store import open_archive
from archive.search import search

path, stop = Path(sys.argv[1]), Path(sys.argv[2])
errors, counts, queries = [], [], 0
arc = open_archive(path, read_only=True)
print("ready", flush=True)
deadline = time.monotonic() + 60
while not stop.exists() and time.monotonic() < deadline:
    try:
        n = next(arc.query("SELECT COUNT(*) AS n FROM articles"))["n"]
        hits = search(arc, "berita", limit=5, sort="date")
        search(arc, "", reporter="budi santoso", limit=5)
        counts.append(n)
        queries += 1
    except Exception as exc:  # report, do not stop: every error counts
        errors.append(f"{type(exc).__name__}: {exc}")
counts.append(next(arc.query("SELECT COUNT(*) AS n FROM articles"))["n"])
arc.close()
print(json.dumps({"queries": queries, "errors": errors[:5], "n_errors": len(errors),
                  "first": counts[:1], "last": counts[-1:]}))
"""


def test_readers_and_a_second_writer_during_bulk_writes(tmp_path: Path) -> None:
    path = tmp_path / "warta.sqlite"
    stop = tmp_path / "stop"
    writer = open_archive(path)
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(path), str(stop)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout is not None
    assert reader.stdout.readline().strip() == "ready"

    side_errors: list[str] = []

    def side_writer() -> None:  # e.g. another process recording views
        other = open_archive(path)
        try:
            for i in range(60):
                other.save_page(
                    url=f"https://x/read/{i}",
                    final_url=None,
                    fetched_at=OBSERVED,
                    status=200,
                    headers={},
                    body=b"x" * 5000,
                    run_id=None,
                )
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            side_errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            other.close()

    thread = threading.Thread(target=side_writer)
    thread.start()
    body = " ".join(["berita", "jakarta", "warga"] * 300)
    for batch in range(40):
        items = [article(batch * 50 + i, body=body) for i in range(1, 51)]
        writer.save_articles(items, observed_at=OBSERVED, run_id=None)
    thread.join(timeout=60)
    stop.touch()
    out, _ = reader.communicate(timeout=60)
    writer.close()

    report = json.loads(out.strip().splitlines()[-1])
    assert report["errors"] == []
    assert report["n_errors"] == 0
    assert report["queries"] > 5
    assert report["last"] == [2000]
    assert side_errors == []
    with open_archive(path, read_only=True) as arc:
        assert next(arc.query("SELECT COUNT(*) AS n FROM pages"))["n"] == 60

"""One crawl per archive (crawler/lock.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from crawler.lock import CrawlLock, CrawlLocked, lock_path_for

HOLD_LOCK = """
import time
from pathlib import Path
from crawler.lock import CrawlLock
CrawlLock(Path({path!r})).acquire()
print("held", flush=True)
time.sleep(60)
"""


def test_second_lock_on_the_same_archive_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "warta.sqlite"
    with CrawlLock(archive), pytest.raises(CrawlLocked, match="another crawl"):
        CrawlLock(archive).acquire()


def test_lock_is_free_again_after_release(tmp_path: Path) -> None:
    archive = tmp_path / "warta.sqlite"
    with CrawlLock(archive):
        pass
    with CrawlLock(archive) as lock:
        assert lock.holder().startswith("pid ")
    assert lock_path_for(archive).exists()


def test_lock_of_a_killed_process_does_not_block(tmp_path: Path) -> None:
    archive = tmp_path / "warta.sqlite"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK.format(path=str(archive))],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(CrawlLocked):
        CrawlLock(archive).acquire()
    holder.kill()
    holder.wait()
    with CrawlLock(archive):
        pass

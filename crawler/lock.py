"""One crawl per archive at a time: an advisory lock file next to the archive.

The lock is held through ``fcntl.flock``, so the kernel releases it when the
process dies, even by ``kill -9``: a stale lock file never blocks a new crawl.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path
from types import TracebackType
from typing import Self


class CrawlLocked(RuntimeError):
    """Another crawl holds the archive's lock."""


def lock_path_for(archive: Path) -> Path:
    """``warta.sqlite`` -> ``warta.sqlite.lock``."""
    return archive.with_name(archive.name + ".lock")


class CrawlLock:
    """Lock on an archive for the duration of a crawl: exclusive, or ``shared``
    by the workers of frontier crawls (which still exclude a crawl on its own)."""

    def __init__(
        self,
        archive: Path,
        *,
        wait: bool = False,
        poll: float = 1.0,
        shared: bool = False,
    ) -> None:
        self.path = lock_path_for(archive)
        self.wait = wait
        self.poll = poll
        self.shared = shared
        self._fd: int | None = None

    def holder(self) -> str:
        """What the lock file says about the crawl holding it."""
        try:
            return self.path.read_text(encoding="utf-8").strip() or "unknown"
        except OSError:
            return "unknown"

    def acquire(self) -> None:
        """Take the lock, or raise CrawlLocked (waiting first when ``wait``)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        while True:
            try:
                mode = fcntl.LOCK_SH if self.shared else fcntl.LOCK_EX
                fcntl.flock(fd, mode | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not self.wait:
                    os.close(fd)
                    raise CrawlLocked(
                        f"another crawl is running on this archive ({self.holder()}); "
                        "use --wait to queue behind it"
                    ) from None
                time.sleep(self.poll)
        if not self.shared:  # shared holders leave the first writer's line
            os.ftruncate(fd, 0)
            os.write(
                fd,
                f"pid {os.getpid()} since {time.strftime('%Y-%m-%dT%H:%M:%S')}\n".encode(),
            )
        self._fd = fd

    def release(self) -> None:
        """Drop the lock (the file stays; it is harmless)."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> Self:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


class NoLock:
    """No lock: a PostgreSQL archive takes many concurrent writers."""

    def acquire(self) -> None:
        """Nothing to take."""

    def release(self) -> None:
        """Nothing to drop."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

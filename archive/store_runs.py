"""Crawl-run bookkeeping of an open archive (start, counters, end, listing)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from archive import runs as _runs
from archive.connection import ArchiveConnection
from archive.errors import InvalidRowError


class RunStore(ArchiveConnection):
    """The crawl-run methods of :class:`archive.store.Archive`."""

    def start_run(
        self,
        site: str,
        *,
        pid: int,
        hostname: str,
        command: str | Sequence[str],
        log_path: str | os.PathLike[str] | None = None,
        scope: str | None = None,
        crawl_id: str | None = None,
    ) -> int:
        """Start a ``running`` run, first marking this site's dead runs ``interrupted``.

        ``scope`` says what the run set out to fetch (see ``crawl_runs.scope``);
        ``crawl_id`` names the frontier crawl this worker's run belongs to.
        """
        with self.transaction() as conn:
            return _runs.start_run(
                conn,
                site,
                pid=pid,
                hostname=hostname,
                command=command,
                log_path=log_path,
                now=_runs.utc_now(),
                scope=scope,
                crawl_id=crawl_id,
            )

    def update_run(
        self,
        run_id: int,
        *,
        log_path: str | os.PathLike[str] | None = None,
        **counters: int,
    ) -> None:
        """Set run counters (absolute values: listing_pages, article_pages, new,
        updated, unchanged, failed, retries) and optionally the log path."""
        with self.transaction() as conn:
            _runs.update_run(
                conn, run_id, now=_runs.utc_now(), counters=counters, log_path=log_path
            )

    def finish_run(
        self, run_id: int, status: str, *, reason: str | None = None, **counters: int
    ) -> None:
        """End a run with ``finished``, ``degraded``, ``failed`` or ``interrupted``
        (and counters); ``reason`` (``crawl_runs.status_reason``) says why."""
        if status == "running":
            raise InvalidRowError("finish_run needs a final status, not 'running'")
        now = _runs.utc_now()
        with self.transaction() as conn:
            _runs.update_run(
                conn,
                run_id,
                now=now,
                status=status,
                finished_at=now,
                counters=counters,
                reason=reason,
            )

    def mark_interrupted_runs(self, site: str | None, hostname: str) -> list[int]:
        """Mark ``running`` runs on ``hostname`` whose process is gone; return ids."""
        with self.transaction() as conn:
            return _runs.mark_interrupted(conn, site, hostname)

    def list_runs(
        self, limit: int = 20, site: str | None = None
    ) -> list[dict[str, Any]]:
        """The latest crawl runs, newest first."""
        with self.read() as conn:
            return _runs.list_runs(conn, limit, site)

"""Crawl-run bookkeeping: ``crawl_runs`` rows, counters, interrupted-run detection."""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from archive.errors import InvalidRowError
from archive.schema import RUN_COUNTERS, RUN_STATUSES, crawl_runs
from archive.statements import inserted_id

_START_SLACK_S = 5.0  # clock-tick rounding between a run's row and its process


def utc_now() -> str:
    """The current UTC time as ISO 8601 text (seconds precision, ``+00:00``)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def _process_start(pid: int) -> tuple[float, str] | None:
    """(start time as epoch seconds, state letter) of ``pid`` from /proc, if any."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        boot = next(
            float(line.split()[1])
            for line in Path("/proc/stat").read_text().splitlines()
            if line.startswith("btime ")
        )
    except (OSError, StopIteration, ValueError, IndexError):
        return None
    fields = stat.rsplit(")", 1)[-1].split()
    try:
        ticks = int(fields[19])  # field 22 of /proc/<pid>/stat: starttime
    except (IndexError, ValueError):
        return None
    return boot + ticks / os.sysconf("SC_CLK_TCK"), fields[0]


def process_alive(pid: int | None, started_at: str | None) -> bool:
    """True if ``pid`` (on this host) is still the process that started a run.

    A missing pid, a zombie, or a process that started after the run did (the
    pid was reused) counts as gone.
    """
    if not pid or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by someone else
    info = _process_start(pid)
    if info is None:
        return True
    start, state = info
    if state in {"Z", "X"}:
        return False
    if started_at:
        try:
            run_start = datetime.fromisoformat(started_at).timestamp()
        except ValueError:
            return True
        return start <= run_start + _START_SLACK_S
    return True


def mark_interrupted(conn: sa.Connection, site: str | None, hostname: str) -> list[int]:
    """Mark ``running`` runs on ``hostname`` whose process is gone as ``interrupted``."""
    stmt = sa.select(
        crawl_runs.c.id,
        crawl_runs.c.pid,
        crawl_runs.c.started_at,
        crawl_runs.c.updated_at,
    ).where(crawl_runs.c.status == "running", crawl_runs.c.hostname == hostname)
    if site is not None:
        stmt = stmt.where(crawl_runs.c.site == site)
    marked = []
    for row in conn.execute(stmt).all():
        if not process_alive(row.pid, row.started_at):
            conn.execute(
                crawl_runs.update()
                .where(crawl_runs.c.id == row.id)
                .values(
                    status="interrupted",
                    finished_at=row.updated_at or row.started_at,
                    status_reason="the crawl process ended without closing its run",
                )
            )
            marked.append(row.id)
    return marked


def start_run(
    conn: sa.Connection,
    site: str,
    *,
    pid: int,
    hostname: str,
    command: str | Sequence[str],
    log_path: str | os.PathLike[str] | None,
    now: str,
    scope: str | None = None,
    crawl_id: str | None = None,
) -> int:
    """Insert a ``running`` row (after marking dead runs) and return its id."""
    if not site:
        raise InvalidRowError("a run needs a site")
    mark_interrupted(conn, site, hostname)
    text = command if isinstance(command, str) else shlex.join(command)
    result = conn.execute(
        crawl_runs.insert().values(
            site=site,
            started_at=now,
            updated_at=now,
            status="running",
            pid=pid,
            hostname=hostname,
            command=text,
            scope=scope,
            crawl_id=crawl_id,
            log_path=None if log_path is None else str(log_path),
        )
    )
    return inserted_id(result)


def _counters(counters: Mapping[str, Any]) -> dict[str, int]:
    unknown = set(counters) - set(RUN_COUNTERS)
    if unknown:
        raise InvalidRowError(
            f"unknown run counter(s): {sorted(unknown)}; known: {list(RUN_COUNTERS)}"
        )
    for name, value in counters.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise InvalidRowError(f"run counter {name} must be an int >= 0: {value!r}")
    return dict(counters)


def update_run(
    conn: sa.Connection,
    run_id: int,
    *,
    now: str,
    status: str | None = None,
    finished_at: str | None = None,
    counters: Mapping[str, Any],
    log_path: str | os.PathLike[str] | None = None,
    reason: str | None = None,
) -> None:
    """Set counters (absolute values) and optionally the status of a run (and
    ``status_reason``, why it ended so)."""
    values: dict[str, Any] = {**_counters(counters), "updated_at": now}
    if reason is not None:
        values["status_reason"] = reason
    if log_path is not None:
        values["log_path"] = str(log_path)
    if status is not None:
        if status not in RUN_STATUSES:
            raise InvalidRowError(
                f"run status must be one of {RUN_STATUSES}: {status!r}"
            )
        values["status"] = status
    if finished_at is not None:
        values["finished_at"] = finished_at
    result = conn.execute(
        crawl_runs.update().where(crawl_runs.c.id == run_id).values(values)
    )
    if result.rowcount == 0:
        raise InvalidRowError(f"no crawl run with id {run_id}")


def list_runs(
    conn: sa.Connection, limit: int, site: str | None
) -> list[dict[str, Any]]:
    """The latest runs, newest first, as dicts."""
    stmt = sa.select(crawl_runs).order_by(crawl_runs.c.id.desc()).limit(limit)
    if site is not None:
        stmt = stmt.where(crawl_runs.c.site == site)
    return [dict(row) for row in conn.execute(stmt).mappings()]


def run_site(conn: sa.Connection, run_id: int | None) -> str | None:
    """The site of a run (``None`` for no run or an unknown id)."""
    if run_id is None:
        return None
    stmt = sa.select(crawl_runs.c.site).where(crawl_runs.c.id == run_id)
    value = conn.execute(stmt).scalar_one_or_none()
    return None if value is None else str(value)

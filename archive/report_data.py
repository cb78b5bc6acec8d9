"""The numbers behind ``warta report``: read-only SQL over the archive.

Memory stays bounded on large archives: counts are grouped in SQL and the view
histogram is filled in chunks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np

from archive.store import Archive

TOP_NAMES = 15
GROWTH_ARTICLES = 8
HIST_BINS = 30

_WEEKS_SQL = """
SELECT date(substr(published_at, 1, 10), 'weekday 0', '-6 days') AS week,
       count(*) AS n
FROM articles
WHERE published_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'
GROUP BY week HAVING week IS NOT NULL ORDER BY week
"""
#: The same weeks on PostgreSQL (Monday-starting, as ``date_trunc`` gives).
_WEEKS_SQL_PG = """
SELECT to_char(date_trunc('week', substr(published_at, 1, 10)::date), 'YYYY-MM-DD')
       AS week, count(*) AS n
FROM articles
WHERE published_at ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}'
GROUP BY week ORDER BY week
"""
_TOP_SQL = """
SELECT {col} AS name, count(*) AS n FROM articles
WHERE {col} IS NOT NULL AND {col} != ''
GROUP BY {col} ORDER BY n DESC, name LIMIT :limit
"""
_MOST_VIEWED_SQL = """
SELECT a.id, a.title, a.views FROM articles AS a
WHERE a.views IS NOT NULL
  AND (SELECT count(DISTINCT v.observed_at) FROM view_counts AS v
       WHERE v.article_id = a.id) >= 2
ORDER BY a.views DESC, a.id LIMIT :limit
"""
_HISTORY_SQL = """
SELECT observed_at, max(views) AS views FROM view_counts
WHERE article_id = :article_id GROUP BY observed_at ORDER BY observed_at
"""


@dataclass
class Series:
    """One article's view history: its id, title and (time, views) points."""

    article_id: int
    title: str
    points: list[tuple[datetime, int]]


@dataclass
class ReportData:
    """Everything the charts and the page show, read from the archive."""

    headline: dict[str, Any]
    weeks: list[tuple[date, int]] = field(default_factory=list)
    view_bins: list[float] = field(default_factory=list)  # HIST_BINS + 1 edges
    view_counts: list[int] = field(default_factory=list)  # HIST_BINS counts
    reporters: list[tuple[str, int]] = field(default_factory=list)
    editors: list[tuple[str, int]] = field(default_factory=list)
    growth: list[Series] = field(default_factory=list)


def _scalar(arc: Archive, sql: str, **params: Any) -> Any:
    for row in arc.query(sql, **params):
        return next(iter(row.values()))
    return None


def _fill_weeks(rows: list[tuple[date, int]]) -> list[tuple[date, int]]:
    if not rows:
        return []
    counts = dict(rows)
    week, last = rows[0][0], rows[-1][0]
    filled = []
    while week <= last:
        filled.append((week, counts.get(week, 0)))
        week += timedelta(days=7)
    return filled


def _view_histogram(
    arc: Archive, low: int | None, top: int | None
) -> tuple[list[float], list[int]]:
    if low is None or top is None:
        return [], []
    start = math.log10(max(int(low), 1))
    stop = max(math.log10(max(int(top), 1) + 1), start + 1)
    edges = np.logspace(start, stop, HIST_BINS + 1)
    edges[0] = min(edges[0], max(int(low), 1))  # float rounding must not drop
    edges[-1] = max(edges[-1], int(top))  # the smallest or largest count
    counts = np.zeros(HIST_BINS, dtype=np.int64)
    chunk: list[int] = []

    def flush() -> None:
        # Zero views are drawn in the first bin (a log axis has no 0).
        values = np.clip(np.asarray(chunk, dtype=np.float64), 1, None)
        counts[:] += np.histogram(values, bins=edges)[0]
        chunk.clear()

    for row in arc.query("SELECT views FROM articles WHERE views IS NOT NULL"):
        chunk.append(int(row["views"]))
        if len(chunk) >= 50_000:
            flush()
    flush()
    return [float(e) for e in edges], [int(c) for c in counts]


def _parse_time(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def collect(arc: Archive) -> ReportData:
    """Read the numbers behind every chart (bounded memory on large archives)."""
    headline = {
        "articles": _scalar(arc, "SELECT count(*) FROM articles") or 0,
        "first_published": _scalar(
            arc, "SELECT substr(min(published_at), 1, 10) FROM articles"
        ),
        "last_published": _scalar(
            arc, "SELECT substr(max(published_at), 1, 10) FROM articles"
        ),
        "total_views": _scalar(arc, "SELECT sum(views) FROM articles") or 0,
        "min_views": _scalar(arc, "SELECT min(views) FROM articles"),
        "max_views": _scalar(arc, "SELECT max(views) FROM articles"),
        "reporters": _scalar(arc, "SELECT count(DISTINCT reporter) FROM articles") or 0,
        "editors": _scalar(arc, "SELECT count(DISTINCT editor) FROM articles") or 0,
        "view_observations": _scalar(arc, "SELECT count(*) FROM view_counts") or 0,
        "links": _scalar(arc, "SELECT count(*) FROM links") or 0,
        "crawl_runs": _scalar(arc, "SELECT count(*) FROM crawl_runs") or 0,
        "last_crawl": _scalar(arc, "SELECT max(finished_at) FROM crawl_runs"),
    }
    data = ReportData(headline=headline)
    weeks = [
        (date.fromisoformat(r["week"]), int(r["n"]))
        for r in arc.query(_WEEKS_SQL_PG if isinstance(arc.path, str) else _WEEKS_SQL)
    ]
    data.weeks = _fill_weeks(weeks)
    data.view_bins, data.view_counts = _view_histogram(
        arc, headline["min_views"], headline["max_views"]
    )
    for col, target in (("reporter", data.reporters), ("editor", data.editors)):
        sql = _TOP_SQL.format(col=col)
        target.extend((r["name"], int(r["n"])) for r in arc.query(sql, limit=TOP_NAMES))
    for row in list(arc.query(_MOST_VIEWED_SQL, limit=GROWTH_ARTICLES)):
        points = []
        for point in arc.query(_HISTORY_SQL, article_id=row["id"]):
            when = _parse_time(point["observed_at"])
            if when is not None:
                points.append((when, int(point["views"])))
        title = row["title"] or f"article {row['id']}"
        data.growth.append(Series(int(row["id"]), title, points))
    return data

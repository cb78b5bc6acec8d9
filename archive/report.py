"""``warta report``: PNG charts of the archive and an ``index.html`` showing them.

Data comes from read-only SQL over the archive (:func:`collect`); charts are
drawn with matplotlib's object API on the Agg canvas (no pyplot, no global
backend switch), so the command works without a display. Every chart renders
a "no data" panel instead of failing when the archive has nothing to show.
"""

from __future__ import annotations

import html
import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import click
import matplotlib.dates as mdates
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from archive.errors import ArchiveError
from archive.paths import default_archive_path
from archive.store import Archive, open_archive

TOP_NAMES = 15
GROWTH_ARTICLES = 8
HIST_BINS = 30
_DPI = 110

_WEEKS_SQL = """
SELECT date(substr(published_at, 1, 10), 'weekday 0', '-6 days') AS week,
       count(*) AS n
FROM articles
WHERE published_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'
GROUP BY week HAVING week IS NOT NULL ORDER BY week
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
        (date.fromisoformat(r["week"]), int(r["n"])) for r in arc.query(_WEEKS_SQL)
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


# -- charts -------------------------------------------------------------------


def _thousands(value: float, _pos: int) -> str:
    return f"{value:,.0f}"


def _no_data(ax: Axes, message: str) -> None:
    ax.text(
        0.5,
        0.5,
        message,
        ha="center",
        va="center",
        fontsize=13,
        color="#555555",
        transform=ax.transAxes,
        wrap=True,
    )
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


def _utc(when: datetime) -> datetime:
    """Naive UTC (numpy's datetime64 has no time zones)."""
    if when.tzinfo is None:
        return when
    return when.astimezone(UTC).replace(tzinfo=None)


def _date_axis(ax: Axes) -> None:
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    formatter = mdates.ConciseDateFormatter(locator)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(formatter)


def chart_weeks(ax: Axes, data: ReportData) -> None:
    """Bar chart: articles published per week (weeks start on Monday)."""
    ax.set_title("Articles published per week")
    if not data.weeks:
        _no_data(ax, "No data: no article has a publication date")
        return
    ax.bar(
        np.array([w for w, _ in data.weeks], dtype="datetime64[D]"),
        [n for _, n in data.weeks],
        width=6,
        align="edge",
        color="#3b6ea8",
    )
    _date_axis(ax)
    ax.set_xlabel("Week (starting Monday, publication date)")
    ax.set_ylabel("Articles")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="y", alpha=0.3)


def chart_views(ax: Axes, data: ReportData) -> None:
    """Histogram of the latest view counts on a log scale."""
    ax.set_title("Distribution of view counts (latest count per article)")
    if not data.view_counts or sum(data.view_counts) == 0:
        _no_data(ax, "No data: no article has a view count")
        return
    edges = data.view_bins
    widths = [b - a for a, b in itertools.pairwise(edges)]
    ax.bar(
        edges[:-1],
        data.view_counts,
        width=widths,
        align="edge",
        color="#d08c2c",
        edgecolor="white",
        linewidth=0.5,
    )
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(FuncFormatter(_thousands))
    ax.set_xlabel("Views (log scale)")
    ax.set_ylabel("Articles")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="y", alpha=0.3)


def _chart_names(ax: Axes, rows: list[tuple[str, int]], who: str) -> None:
    ax.set_title(f"Top {who}s by number of articles")
    if not rows:
        _no_data(ax, f"No data: no article names a {who}")
        return
    names = [n if len(n) <= 32 else n[:31] + "…" for n, _ in rows][::-1]
    counts = [c for _, c in rows][::-1]
    bars = ax.barh(names, counts, color="#4f9a6a")
    ax.bar_label(bars, labels=[f"{c:,}" for c in counts], padding=3, fontsize=8)
    ax.set_xlabel("Articles")
    ax.set_ylabel(who.capitalize())
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.margins(x=0.12)
    ax.tick_params(axis="y", labelsize=8)


def chart_reporters(ax: Axes, data: ReportData) -> None:
    """Horizontal bars: the reporters with most articles."""
    _chart_names(ax, data.reporters, "reporter")


def chart_editors(ax: Axes, data: ReportData) -> None:
    """Horizontal bars: the editors with most articles."""
    _chart_names(ax, data.editors, "editor")


def chart_growth(ax: Axes, data: ReportData) -> None:
    """Lines: view counts over time of the most viewed articles."""
    ax.set_title("View growth of the most viewed articles")
    series = [s for s in data.growth if len(s.points) >= 2]
    if not series:
        _no_data(ax, "No data: no article has been counted twice yet")
        return
    for s in series:
        label = s.title if len(s.title) <= 45 else s.title[:44] + "…"
        ax.plot(
            np.array([_utc(p[0]) for p in s.points], dtype="datetime64[s]"),
            [p[1] for p in s.points],
            marker="o",
            markersize=3,
            label=f"#{s.article_id} {label}",
        )
    _date_axis(ax)
    ax.set_xlabel("Observed at (UTC)")
    ax.set_ylabel("Views")
    ax.yaxis.set_major_formatter(FuncFormatter(_thousands))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)


@dataclass(frozen=True)
class Chart:
    """A chart file: name, drawing function, figure size and caption builder."""

    filename: str
    draw: Callable[[Axes, ReportData], None]
    size: tuple[float, float]
    caption: Callable[[ReportData], str]


def _caption_weeks(d: ReportData) -> str:
    if not d.weeks:
        return "No article has a publication date yet."
    week, most = max(d.weeks, key=lambda w: (w[1], w[0]))
    return (
        f"{sum(n for _, n in d.weeks):,} dated articles over {len(d.weeks)} weeks; "
        f"the busiest week started {week.isoformat()} ({most:,} articles)."
    )


def _caption_views(d: ReportData) -> str:
    counted = sum(d.view_counts)
    if not counted:
        return "No article has a view count yet."
    return (
        f"Latest view count of {counted:,} articles on a log scale, from "
        f"{d.headline['min_views']:,} to {d.headline['max_views']:,} views."
    )


def _caption_names(rows: list[tuple[str, int]], who: str) -> str:
    if not rows:
        return f"No article names a {who} yet."
    name, n = rows[0]
    return f"The {len(rows)} {who}s with most articles; {name} leads with {n:,}."


def _caption_growth(d: ReportData) -> str:
    series = [s for s in d.growth if len(s.points) >= 2]
    if not series:
        return "View history needs at least two crawls that counted the same article."
    return (
        f"View counts of the {len(series)} most viewed articles at each crawl "
        "that saw them (article pages and listings)."
    )


CHARTS: tuple[Chart, ...] = (
    Chart("articles_per_week.png", chart_weeks, (10, 4.2), _caption_weeks),
    Chart("views_distribution.png", chart_views, (10, 4.2), _caption_views),
    Chart(
        "top_reporters.png",
        chart_reporters,
        (9, 5.5),
        lambda d: _caption_names(d.reporters, "reporter"),
    ),
    Chart(
        "top_editors.png",
        chart_editors,
        (9, 5.5),
        lambda d: _caption_names(d.editors, "editor"),
    ),
    Chart("view_growth.png", chart_growth, (12, 5), _caption_growth),
)


def render_chart(chart: Chart, data: ReportData, path: Path) -> None:
    """Draw one chart to a PNG file."""
    fig = Figure(figsize=chart.size, layout="constrained")
    chart.draw(fig.subplots(), data)
    fig.savefig(path, dpi=_DPI, format="png")


_HEADLINE_LABELS = {
    "articles": "Articles",
    "first_published": "First published",
    "last_published": "Last published",
    "total_views": "Views (sum of latest counts)",
    "reporters": "Reporters",
    "editors": "Editors",
    "view_observations": "View-count observations",
    "links": "Links between articles",
    "crawl_runs": "Crawl runs",
    "last_crawl": "Last crawl finished (UTC)",
}


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def render_index(data: ReportData, archive_name: str) -> str:
    """The report page: headline numbers and every chart with its caption."""
    e = html.escape
    rows = "\n".join(
        f"<tr><th>{e(label)}</th><td>{e(_fmt(data.headline.get(key)))}</td></tr>"
        for key, label in _HEADLINE_LABELS.items()
    )
    figures = "\n".join(
        f'<figure><img src="{e(c.filename)}" alt="{e(c.filename[:-4])}">'
        f"<figcaption>{e(c.caption(data))}</figcaption></figure>"
        for c in CHARTS
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>warta report: {e(archive_name)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem;
       padding: 0 1rem; color: #222; }}
table {{ border-collapse: collapse; margin-bottom: 2rem; }}
th, td {{ text-align: left; padding: .25rem 1rem .25rem 0;
          border-bottom: 1px solid #ddd; }}
figure {{ margin: 0 0 2.5rem; }}
img {{ max-width: 100%; height: auto; border: 1px solid #eee; }}
figcaption {{ color: #555; margin-top: .4rem; }}
</style>
</head>
<body>
<h1>warta report: {e(archive_name)}</h1>
<table>
{rows}
</table>
{figures}
</body>
</html>
"""


def build_report(arc: Archive, out: Path) -> list[Path]:
    """Write every chart and ``index.html`` into ``out``; return the files."""
    out.mkdir(parents=True, exist_ok=True)
    data = collect(arc)
    written = []
    for chart in CHARTS:
        path = out / chart.filename
        render_chart(chart, data, path)
        written.append(path)
    index = out / "index.html"
    index.write_text(render_index(data, arc.path.name), encoding="utf-8")
    written.append(index)
    return written


@click.command("report")
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory for the PNG charts and index.html (created if missing).",
)
@click.option(
    "--archive",
    "archive_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Archive file (default: $WARTA_ARCHIVE or ./warta.sqlite).",
)
def report(out_dir: Path, archive_path: Path | None) -> None:
    """Draw charts of the archive (PNG) and an index.html that shows them."""
    path = archive_path if archive_path is not None else default_archive_path()
    try:
        with open_archive(path, read_only=True) as arc:
            files = build_report(arc, out_dir)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"cannot write the report: {exc}") from exc
    click.echo(f"Wrote {len(files)} files to {out_dir}; open {files[-1]}")


if __name__ == "__main__":
    report()

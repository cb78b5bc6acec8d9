"""The charts of ``warta report``, drawn with matplotlib's object API.

Figures are drawn on the Agg canvas without pyplot (no global backend switch,
no display needed). Every chart draws a "no data" panel instead of failing
when the archive has nothing to show.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import matplotlib.dates as mdates
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from archive.report_data import ReportData

DPI = 110


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


def render_chart(chart: Chart, data: ReportData, path: Path | IO[bytes]) -> None:
    """Draw one chart to a PNG file."""
    fig = Figure(figsize=chart.size, layout="constrained")
    chart.draw(fig.subplots(), data)
    fig.savefig(path, dpi=DPI, format="png")

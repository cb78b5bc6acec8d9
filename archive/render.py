"""Terminal rendering (rich) for the archive commands: tables, one article, stats."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from archive.schema import LINK_KINDS
from archive.search import SearchHit

_LINK_TITLES = {"related": "Related", "popular": "Popular", "read_also": "Read also"}


def console() -> Console:
    """A console on stdout; wide enough for tables when output is a pipe."""
    out = Console(soft_wrap=False)
    if not out.is_terminal:
        out = Console(width=max(out.width, 160), soft_wrap=False)
    return out


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def snippet_text(hit: SearchHit, *, bold: bool) -> Text:
    """The snippet with matches in bold (terminal) or ``[marked]`` (plain)."""
    if not bold:
        return Text(hit.snippet)
    text = Text()
    for part, highlighted in hit.segments():
        text.append(part, style="bold" if highlighted else None)
    return text


def hits_footer(
    shown: int, query: str, *, offset: int, total: int | None, capped: bool = False
) -> str:
    """``showing 1–20 of 137 for 'banjir'`` (``of more than N`` when the count
    stopped at its cap)."""
    suffix = f" for {query!r}" if query.strip() else ""
    if total is None:
        return f"{shown} result(s){suffix}"
    of = f"more than {total - 1:,}" if capped else f"{total:,}"
    if not shown:
        return f"no results from {offset + 1:,} on (of {of}){suffix}"
    return f"showing {offset + 1:,}–{offset + shown:,} of {of}{suffix}"


def hits_table(
    hits: Sequence[SearchHit],
    query: str,
    *,
    offset: int = 0,
    total: int | None = None,
    capped: bool = False,
) -> None:
    """Print search hits as a table (title and snippet per row) and a footer
    saying which of how many matches it shows."""
    out = console()
    if not hits and not total:
        out.print("No matching articles.")
        return
    footer = hits_footer(len(hits), query, offset=offset, total=total, capped=capped)
    if not hits:
        out.print(footer, highlight=False, markup=False)
        return
    table = Table(show_lines=True)
    for name, justify in (
        ("id", "right"),
        ("published", "left"),
        ("article", "left"),
        ("reporter", "left"),
        ("views", "right"),
        ("score", "right"),
    ):
        table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for hit in hits:
        cell = Text()
        cell.append(_text(hit.title), style="bold")
        cell.append("\n")
        cell.append_text(snippet_text(hit, bold=out.is_terminal))
        cell.append("\n" + hit.url, style="dim")
        table.add_row(
            str(hit.id),
            _text(hit.published_at),
            cell,
            Text(_text(hit.reporter)),
            _text(hit.views),
            "" if hit.score is None else f"{hit.score:.3g}",
        )
    out.print(table)
    out.print(footer, highlight=False, markup=False)


def article(data: dict[str, Any]) -> None:
    """Print one article: fields, body, links (in archive or not), view history."""
    out = console()
    title = Text()
    title.append(_text(data["title"]) or "(no title)", style="bold")
    out.print(title)
    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="dim")
    fields.add_column(overflow="fold")
    for name in (
        "id",
        "url",
        "site",
        "language",
        "site_article_id",
        "published_at",
        "reporter",
        "editor",
        "translator",
        "category",
        "views",
        "image_url",
        "image_caption",
        "photo_credit",
        "first_seen_at",
        "last_seen_at",
        "extractor_version",
    ):
        if data.get(name) is not None:
            fields.add_row(name, Text(_text(data[name])))
    if data.get("tags"):
        fields.add_row("tags", Text(", ".join(data["tags"])))
    if data.get("extraction_warnings"):
        fields.add_row("warnings", Text("; ".join(data["extraction_warnings"])))
    out.print(fields)
    if data.get("pull_quote"):
        out.print(Text("“" + data["pull_quote"] + "”", style="italic"))
    out.print()
    out.print(Text(_text(data.get("body")) or "(no body)"))
    for kind in LINK_KINDS:
        items = data.get(kind) or []
        if not items:
            continue
        table = Table(
            title=f"{_LINK_TITLES[kind]} ({len(items)})", title_justify="left"
        )
        for col in ("#", "in archive", "title", "published", "views", "url"):
            table.add_column(col, overflow="fold")
        for item in items:
            mark = f"yes (id {item['archive_id']})" if item["in_archive"] else "no"
            table.add_row(
                str(item["position"]),
                mark,
                Text(_text(item["title"])),
                Text(_text(item["published_at"])),
                Text(_text(item["views"])),
                Text(item["url"]),
            )
        out.print(table)
    history = data.get("view_history") or []
    table = Table(title=f"View history ({len(history)})", title_justify="left")
    for col in ("observed_at", "views", "source", "run"):
        table.add_column(col)
    for row in history:
        table.add_row(
            *(Text(_text(row[k])) for k in ("observed_at", "views", "source", "run_id"))
        )
    out.print(table)
    versions = data.get("versions") or []
    if versions:
        out.print(
            f"Earlier versions: {len(versions)} (replaced at "
            + ", ".join(v["replaced_at"] for v in versions)
            + ")",
            markup=False,
            highlight=False,
        )
    if data.get("pages"):
        out.print(
            f"Stored pages: {len(data['pages'])} (latest fetched "
            f"{data['pages'][-1]['last_fetched_at'] or data['pages'][-1]['fetched_at']})",
            markup=False,
            highlight=False,
        )


def _counts(title: str, rows: Sequence[dict[str, Any]], label: str) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(label, overflow="fold")
    table.add_column("articles", justify="right")
    for row in rows:
        table.add_row(Text(_text(row["value"]) or "(none)"), str(row["count"]))
    return table


def stats(data: dict[str, Any]) -> None:
    """Print archive statistics."""
    out = console()
    totals = Table(title="Totals", title_justify="left")
    totals.add_column("table")
    totals.add_column("rows", justify="right")
    for name, value in data["totals"].items():
        totals.add_row(name, str(value))
    out.print(totals)
    out.print(_counts("By site", data["by_site"], "site"))
    out.print(_counts("By language", data["by_language"], "language"))
    out.print(_counts("By month published", data["by_month"], "month"))
    out.print(_counts("Top categories", data["by_category"], "category"))
    out.print(_counts("Top reporters", data["by_reporter"], "reporter"))
    runs(data["latest_runs"], title="Latest runs")


def _duration(row: dict[str, Any]) -> str:
    end = row.get("finished_at") or row.get("updated_at")
    if not end or not row.get("started_at"):
        return ""
    try:
        seconds = (
            datetime.fromisoformat(end) - datetime.fromisoformat(row["started_at"])
        ).total_seconds()
    except (TypeError, ValueError):
        return ""
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


def _short_time(value: str | None) -> str:
    """``2025-02-10T01:02:03+00:00`` -> ``2025-02-10 01:02``."""
    return "" if not value else value[:16].replace("T", " ")


def group_by_crawl(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Runs in their order, except that the workers of one frontier crawl
    (same ``crawl_id``) are listed together, where the crawl's first run is."""
    groups: dict[object, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row.get("crawl_id") or ("run", row["id"]), []).append(row)
    return [row for group in groups.values() for row in group]


def runs(rows: Sequence[dict[str, Any]], title: str = "Crawl runs") -> None:
    """Print crawl runs as a table."""
    out = console()
    if not rows:
        out.print("No crawl runs yet.")
        return
    table = Table(title=title, title_justify="left")
    # (header, row key or None for computed, right-justified)
    columns = (
        ("id", "id", True),
        ("crawl", None, False),
        ("site", "site", False),
        ("status", "status", False),
        ("started (UTC)", None, False),
        ("took", None, True),
        ("pages list/art", None, True),
        ("new/upd/same", None, True),
        ("failed", "failed", True),
        ("retries", "retries", True),
        ("pid@host", None, False),
        ("reason", None, False),
    )
    for header, _, right in columns:
        table.add_column(
            header,
            justify="right" if right else "left",
            no_wrap=header not in ("pid@host", "reason"),
            overflow="fold",
        )
    for row in group_by_crawl(rows):
        cells = []
        for header, key, _ in columns:
            if key is not None:
                cells.append(_text(row[key]))
            elif header == "crawl":
                cells.append(_text(row.get("crawl_id")))
            elif header == "took":
                cells.append(_duration(row))
            elif header == "pages list/art":
                cells.append(f"{row['listing_pages']}/{row['article_pages']}")
            elif header == "new/upd/same":
                cells.append(f"{row['new']}/{row['updated']}/{row['unchanged']}")
            elif header == "pid@host":
                cells.append(f"{_text(row['pid'])}@{_text(row['hostname'])}")
            elif header == "reason":
                cells.append(_text(row.get("status_reason")))
            else:
                cells.append(_short_time(row["started_at"]))
        table.add_row(*(Text(cell) for cell in cells))
    out.print(table)

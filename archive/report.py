"""``warta report``: PNG charts of the archive and an ``index.html`` showing them.

The numbers come from :mod:`archive.report_data`, the charts from
:mod:`archive.charts` (matplotlib, imported only when a report is built so
other ``warta`` commands start fast).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from archive.location import file_of, name_of
from archive.output_dir import open_directory_files, plan_directory
from archive.paths import archive_option

if TYPE_CHECKING:
    from archive.report_data import ReportData
    from archive.store import Archive

REPORT_MARK = b"<title>warta report: "
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
    from archive.charts import CHARTS

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


def is_report(directory: Path) -> bool:
    """Whether ``directory`` holds an earlier ``warta report`` (its index.html)."""
    try:
        with (directory / "index.html").open("rb") as handle:
            return REPORT_MARK in handle.read(4096)
    except OSError:
        return False


def build_report(arc: Archive, out: Path) -> list[Path]:
    """Write every chart and ``index.html`` into ``out``; return the files.

    The files are put in place together once all are drawn; on an error none
    is (the directory, if this call created it, is removed again).
    """
    from archive.charts import CHARTS, render_chart
    from archive.report_data import collect

    data = collect(arc)
    names = [chart.filename for chart in CHARTS] + ["index.html"]
    with open_directory_files(
        out, names, archive=file_of(arc.path), label=str(out)
    ) as streams:
        for chart, stream in zip(CHARTS, streams, strict=False):
            render_chart(chart, data, stream)
        streams[-1].write(render_index(data, name_of(arc.path)).encode("utf-8"))
    return [out / name for name in names]


@click.command("report")
@click.option(
    "--out",
    "out_dir",
    required=True,
    metavar="DIR",
    help="Directory for the PNG charts and index.html (created if missing; "
    "a non-empty one must hold an earlier report, or give --force).",
)
@archive_option()
@click.option(
    "--force",
    is_flag=True,
    help="Write into a non-empty directory that holds no earlier report "
    "(replaces only the report's own files).",
)
def report(out_dir: str, archive_path: Path, force: bool) -> None:
    """Draw charts of the archive (PNG) and an index.html that shows them."""
    from archive.store import open_archive

    directory = plan_directory(out_dir, force=force, is_own=is_report)
    with open_archive(archive_path, read_only=True) as arc:
        files = build_report(arc, directory)
    click.echo(f"Wrote {len(files)} files to {out_dir}; open {files[-1]}")


if __name__ == "__main__":
    report()

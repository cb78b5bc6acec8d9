"""Write the archive's stored raw pages as a standard WARC file (warcio).

Each stored page becomes one ``response`` record with its original HTTP status
and the headers warta kept, dated when it was fetched, so pywb, the Wayback
machine tooling or any WARC reader can replay it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from http import HTTPStatus
from pathlib import Path
from typing import IO, Any

import click
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.dates import Period, utc_text
from archive.location import file_of
from archive.options import FETCHED_SINCE, FORCE
from archive.output import choose_format, open_output, plan_output
from archive.paths import existing_archive_option
from archive.store import open_archive

WARC_FORMATS: tuple[str, ...] = ("warc", "warc.gz")
SOFTWARE = "warta (https://github.com/warta-archive/warta)"


def _status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"


def _warc_date(fetched_at: str) -> str:
    """``2026-11-28T10:00:00+00:00`` -> ``2026-11-28T10:00:00Z`` (WARC-Date form)."""
    return fetched_at.replace("+00:00", "Z")


def write_warc(pages: Iterable[dict[str, Any]], out: Path) -> int:
    """Write ``pages`` (dicts from ``Archive.iter_pages``) to ``out``; return the count.

    ``.gz`` compresses each record. No safety checks: the command uses
    :mod:`archive.output`.
    """
    gzip = out.name.endswith(".gz")
    with out.open("wb") as stream:
        return write_warc_stream(pages, stream, gzip=gzip, filename=out.name)


def write_warc_stream(
    pages: Iterable[dict[str, Any]], stream: IO[bytes], *, gzip: bool, filename: str
) -> int:
    """Write ``pages`` as WARC records to a binary ``stream``; return the count."""
    count = 0
    writer = WARCWriter(stream, gzip=gzip)
    info = writer.create_warcinfo_record(
        filename, {"software": SOFTWARE, "format": "WARC File Format 1.1"}
    )
    writer.write_record(info)
    for page in pages:
        headers = [
            (name, value)
            for name, value in (page.get("headers") or {}).items()
            if name.lower()
            not in ("content-length", "transfer-encoding", "content-encoding")
        ]
        http_headers = StatusAndHeaders(
            _status_line(int(page["status"])), headers, protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            page.get("final_url") or page["url"],
            "response",
            payload=io.BytesIO(page["body"]),
            length=len(page["body"]),
            http_headers=http_headers,
            warc_headers_dict={"WARC-Date": _warc_date(page["fetched_at"])},
        )
        writer.write_record(record)
        count += 1
    return count


@click.command("export-warc")
@existing_archive_option
@click.option(
    "--out",
    required=True,
    metavar="FILE|-",
    help="The WARC file to write (.warc.gz compresses each record), or - for stdout.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(WARC_FORMATS),
    default=None,
    help="warc or warc.gz [default: from --out's name; required for -].",
)
@FORCE
@FETCHED_SINCE
def export_warc(
    archive_path: Path, out: str, fmt: str | None, force: bool, since: Period | None
) -> None:
    """Write the stored raw pages as a WARC file for other archive tools."""
    target = plan_output(out, archive=file_of(archive_path), force=force)
    fmt = choose_format(out, fmt, WARC_FORMATS, binary=WARC_FORMATS)
    name = "stdout.warc" if target.kind == "stdout" else Path(out).name
    after = utc_text(since.start()) if since else None
    with (
        open_archive(archive_path, read_only=True) as arc,
        open_output(target) as stream,
    ):
        count = write_warc_stream(
            arc.iter_pages(since=after),
            stream,
            gzip=fmt == "warc.gz",
            filename=name,
        )
    click.echo(f"{count} pages written to {target.name}", err=True)

"""``warta reparse``: re-extract the archive from its stored raw pages (no network).

Only the latest stored page of each article (and of each URL that never became
an article) is read again, with the current extractor, and saved through the
same archive API as a crawl: changed content keeps its previous version in
``article_versions``; pages that still fail are recorded in ``failures``.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from archive.dates import Period, utc_text
from archive.options import FETCHED_SINCE
from archive.paths import archive_option
from archive.store import Archive, open_archive
from pipelines.extract_command import decode_html
from pipelines.extraction import extract_or_reason
from pipelines.extractors import EXTRACTOR_VERSION
from pipelines.extractors.api import article_identity

LATEST_PAGES_SQL = """
SELECT p.id FROM pages p
WHERE p.id = (SELECT max(q.id) FROM pages q WHERE q.url = p.url)
  AND (p.article_id IS NULL
       OR p.id = (SELECT max(r.id) FROM pages r WHERE r.article_id = p.article_id))
"""


@dataclass
class ReparseReport:
    """What a re-extraction changed."""

    pages: int = 0
    changed: int = 0
    unchanged: int = 0
    new: int = 0
    failed: int = 0
    fields: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        """One paragraph for the terminal."""
        fields = ", ".join(f"{name} {n}" for name, n in self.fields.most_common())
        return (
            f"Re-extracted {self.pages} pages with extractor {EXTRACTOR_VERSION}: "
            f"{self.changed} articles changed, {self.unchanged} unchanged, "
            f"{self.new} new, {self.failed} failed."
            + (f"\nChanged fields: {fields}." if fields else "")
        )


def latest_pages(arc: Archive, since: str | None) -> Iterator[dict[str, Any]]:
    """Stored pages, oldest first, skipping those a later fetch superseded."""
    keep = {row["id"] for row in arc.query(LATEST_PAGES_SQL)}
    for page in arc.iter_pages(since=since):
        if page["id"] in keep:
            yield page


def reparse(arc: Archive, *, since: str | None = None) -> ReparseReport:
    """Re-extract every latest stored page and save the result."""
    report = ReparseReport()
    for page in latest_pages(arc, since):
        report.pages += 1
        url = page.get("final_url") or page["url"]
        html = decode_html(page["body"], page["headers"].get("content-type"))
        article, reason = extract_or_reason(html, url)
        if article is not None:
            result = arc.save_article(
                dataclasses.asdict(article),
                observed_at=page["fetched_at"],
                run_id=page["run_id"],
                page_id=page["id"],
            )
            if result.status == "updated":
                report.changed += 1
                report.fields.update(result.changed)
            elif result.status == "new":
                report.new += 1
            else:
                report.unchanged += 1
            continue
        report.failed += 1
        language, site_article_id = article_identity(url) or (None, None)
        arc.record_failure(
            url=url, stage="extract", reason=reason or "no article", run_id=page["run_id"],
            at=page["fetched_at"], language=language, site_article_id=site_article_id,
        )  # fmt: skip
    return report


@click.command("reparse")
@archive_option("write")
@FETCHED_SINCE
def reparse_command(archive_path: Path, since: Period | None) -> None:
    """Re-extract the archive from its stored pages with the current extractor."""
    with open_archive(archive_path) as arc:
        report = reparse(arc, since=utc_text(since.start()) if since else None)
    click.echo(report.summary())

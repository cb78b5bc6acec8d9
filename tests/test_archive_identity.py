"""The archive joins on the identities it is given, for any site.

A made-up second portal whose URLs carry no id (its ``site_article_id`` is the
canonical URL, as for a portal without a profile): its view counts, link
targets and failures are matched exactly as Berita Jakarta's are, though the
archive has no rule for its URLs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from archive.store import Archive
from tests.test_archive_support import LATER, OBSERVED, article, new_archive

SITE = "contohkota.go.id"
ORIGIN = "https://contohkota.go.id"
MIRROR = "http://127.0.0.1:8124"  # the same pages served by a local mirror


def canonical(slug: str) -> str:
    return f"{ORIGIN}/berita/2025/02/{slug}/"


def city_article(slug: str, **fields: Any) -> dict[str, Any]:
    """An article of the second site; its id is its canonical URL."""
    return article(
        1, url=canonical(slug), site=SITE, site_article_id=canonical(slug), **fields
    )


def city_link(slug: str, language: str | None = "id", **fields: Any) -> dict[str, Any]:
    """A link to ``slug`` as the page shows it (a mirror URL) with its identity."""
    return {
        "url": f"{MIRROR}/berita/2025/02/{slug}/?utm_source=terkait",
        "target_language": language,
        "target_site_article_id": canonical(slug),
        **fields,
    }


def observed(slug: str, views: int, source: str = "listing") -> dict[str, Any]:
    """A view count seen next to a link to ``slug`` (mirror URL, identity given)."""
    return {
        "url": f"{MIRROR}/berita/2025/02/{slug}/",
        "views": views,
        "source": source,
        "site": SITE,
        "language": "id",
        "site_article_id": canonical(slug),
    }


@pytest.fixture
def arc(tmp_path: Path) -> Any:
    archive = new_archive(tmp_path)
    yield archive
    archive.close()


def test_link_targets_of_a_second_site_are_in_archive(arc: Archive) -> None:
    first = city_article("jalan-baru")
    first["related"] = [
        city_link("pasar-murah", title="Pasar murah"),
        city_link("taman-kota", language=None, title="Taman kota"),  # no language
        city_link("belum-diarsipkan", title="Belum"),
    ]
    # the same id on another site: links join within their article's site
    elsewhere = article(
        4, site="othersite", url="https://other.example/4", site_article_id=canonical("taman-kota")
    )  # fmt: skip
    arc.save_articles(
        [first, city_article("pasar-murah"), city_article("taman-kota"), elsewhere],
        observed_at=OBSERVED,
        run_id=None,
    )
    got = arc.get_article(canonical("jalan-baru"))
    assert got is not None
    assert [(r["title"], r["in_archive"], r["archive_id"]) for r in got["related"]] == [
        ("Pasar murah", True, 2),
        ("Taman kota", True, 3),
        ("Belum", False, None),
    ]


def test_view_counts_of_a_second_site_are_matched(arc: Archive) -> None:
    run = arc.start_run(SITE, pid=1, hostname="h", command="c")
    arc.save_articles(
        [city_article("jalan-baru", views=10), city_article("pasar-murah", views=20)],
        observed_at=OBSERVED,
        run_id=run,
    )
    kept = arc.record_views(
        [observed("jalan-baru", 15), observed("pasar-murah", 25, "related")],
        observed_at=LATER,
        run_id=run,
    )
    assert kept == 2
    rows = list(
        arc.query(
            "SELECT a.site_article_id AS id, v.views, v.source FROM view_counts v"
            " JOIN articles a ON a.id = v.article_id ORDER BY v.id"
        )
    )
    assert rows == [
        {"id": canonical("jalan-baru"), "views": 10, "source": "article"},
        {"id": canonical("pasar-murah"), "views": 20, "source": "article"},
        {"id": canonical("jalan-baru"), "views": 15, "source": "listing"},
        {"id": canonical("pasar-murah"), "views": 25, "source": "related"},
    ]
    got = arc.get_article(f"{MIRROR}/x", ref=(SITE, "id", canonical("pasar-murah")))
    assert got is not None
    assert got["views"] == 25


def test_failures_of_a_second_site_are_resolved_by_their_key(arc: Archive) -> None:
    run = arc.start_run(SITE, pid=1, hostname="h", command="c")
    failed_url = f"{MIRROR}/berita/2025/02/jalan-baru/?page=1"
    arc.record_failure(
        url=failed_url,
        stage="fetch",
        reason="HTTP 503",
        run_id=run,
        at=OBSERVED,
        language="id",
        site_article_id=canonical("jalan-baru"),
    )
    arc.record_failure(
        url=f"{MIRROR}/berita/", stage="fetch", reason="reset", run_id=run, at=OBSERVED
    )
    [failure, listing] = arc.unresolved_failures(SITE)
    assert (failure["site"], failure["language"], failure["site_article_id"]) == (
        SITE,
        "id",
        canonical("jalan-baru"),
    )
    assert (listing["language"], listing["site_article_id"]) == (None, None)
    # the same id on another site resolves nothing
    arc.save_article(
        article(2, site="othersite", site_article_id=canonical("jalan-baru")),
        observed_at=LATER,
        run_id=None,
    )
    assert len(arc.unresolved_failures(SITE)) == 2
    arc.save_article(city_article("jalan-baru"), observed_at=LATER, run_id=run)
    assert [f["url"] for f in arc.unresolved_failures(SITE)] == [f"{MIRROR}/berita/"]

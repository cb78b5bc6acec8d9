"""End to end: ``warta crawl generic`` and ``warta crawl jabar`` over the mirror's portals.

One crawl per portal (a subprocess of the real CLI against the loopback
mirror), compared by path with the mirror's ground truth: the mirror's
canonical URLs name the real hosts, so a generic crawl stores the mirror URL.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from mirror.server import MirrorServer
from tests.crawl_helpers import path_of, rows, runs, warta

pytestmark = pytest.mark.e2e

ARTICLES = 24  # more than one listing page and one post sitemap
FIELDS = ("title", "published_at", "reporter", "editor", "views")


def _crawl(spider: str, mirror: MirrorServer, archive: Path, *extra: str) -> None:
    base = ("--base-url", mirror.url, "--archive", str(archive))
    result = warta("crawl", spider, *base, *extra, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def _archived(archive: Path) -> dict[str, dict[str, Any]]:
    found = [dict(r) for r in rows(archive, "SELECT * FROM articles")]
    paths = Counter(urlsplit(a["url"]).path for a in found)
    assert [p for p, n in paths.items() if n > 1] == []  # each article once
    return {urlsplit(a["url"]).path: a for a in found}


def _mismatches(
    archived: dict[str, dict[str, Any]],
    truth: list[dict[str, Any]],
    fields: tuple[str, ...],
) -> list[tuple[str, str, Any, Any]]:
    return [
        (t["path"], name, archived[t["path"]].get(name), t[name])
        for t in truth
        for name in fields
        if archived[t["path"]].get(name) != t[name]
    ]


@dataclass
class GenericRuns:
    """Two generic crawls of the WordPress portal into one archive."""

    mirror_url: str
    archive: Path
    truth: list[dict[str, Any]]
    non_articles: set[str]
    fetched_again: set[str]


@pytest.fixture(scope="module")
def generic(tmp_path_factory: pytest.TempPathFactory) -> GenericRuns:
    archive = tmp_path_factory.mktemp("generic") / "warta.sqlite"
    with MirrorServer(ARTICLES, portal="wordpress") as mirror:
        _crawl("generic", mirror, archive)
        before = mirror.request_counts()
        _crawl("generic", mirror, archive, "--refresh-days", "0")
        after = mirror.request_counts()
        return GenericRuns(
            mirror.url,
            archive,
            mirror.ground_truth(),
            set(mirror.non_article_paths()),
            {p for p in after if after[p] != before.get(p, 0)},
        )


def test_generic_crawl_archives_every_wordpress_article_and_nothing_else(
    generic: GenericRuns,
) -> None:
    archived = _archived(generic.archive)
    assert sorted(archived) == sorted(t["path"] for t in generic.truth)
    assert set(archived).isdisjoint(generic.non_articles)
    assert {a["site"] for a in archived.values()} == {"127.0.0.1"}
    assert {a["url"] for a in archived.values()} == {
        generic.mirror_url + t["path"] for t in generic.truth
    }
    assert [a["title"] for a in archived.values()] == [
        next(t["title"] for t in generic.truth if t["path"] == path)
        for path in archived
    ]
    assert rows(generic.archive, "SELECT url, reason FROM failures") == []
    first, second = runs(generic.archive)
    assert first["status"] == "finished"
    # the re-run fetches no article again and finds nothing new
    assert generic.fetched_again.isdisjoint(t["path"] for t in generic.truth)
    assert (second["status"], second["new"], second["article_pages"]) == (
        "finished", 0, 0,
    )  # fmt: skip


def test_generic_crawl_reads_every_wordpress_field(generic: GenericRuns) -> None:
    assert _mismatches(_archived(generic.archive), generic.truth, FIELDS) == []


def test_jabar_crawl_archives_every_article_once_with_its_labels(
    tmp_path: Path,
) -> None:
    archive = tmp_path / "warta.sqlite"
    with MirrorServer(ARTICLES, portal="jabar") as mirror:
        truth = mirror.ground_truth()
        _crawl("jabar", mirror, archive)
    archived = _archived(archive)
    assert sorted(archived) == sorted(path_of(t["url"]) for t in truth)
    assert {a["site"] for a in archived.values()} == {"jabar"}
    assert _mismatches(archived, truth, (*FIELDS, "category")) == []
    assert rows(archive, "SELECT url, reason FROM failures") == []

"""End to end: `warta crawl` against the bundled mirror, compared with its ground truth."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from mirror.server import MirrorServer
from tests.crawl_helpers import crawl, field_mismatches, rows, warta

pytestmark = pytest.mark.e2e

ARTICLES = 150


@pytest.fixture(scope="module")
def mirror() -> Iterator[MirrorServer]:
    with MirrorServer(articles=ARTICLES) as server:
        yield server


@pytest.fixture(scope="module")
def crawled(mirror: MirrorServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    archive = tmp_path_factory.mktemp("e2e") / "warta.sqlite"
    result = crawl(mirror.url, archive)
    assert "finished" in result.stdout, result.stdout + result.stderr
    return archive


def test_every_mirror_article_is_archived_exactly_once(
    crawled: Path, mirror: MirrorServer
) -> None:
    archived = [
        (r["language"], r["site_article_id"])
        for r in rows(crawled, "SELECT language, site_article_id FROM articles")
    ]
    expected = {(a["language"], a["site_article_id"]) for a in mirror.ground_truth()}
    assert (len(archived), set(archived)) == (ARTICLES, expected)


def test_archived_fields_equal_ground_truth(
    crawled: Path, mirror: MirrorServer
) -> None:
    assert field_mismatches(crawled, mirror.ground_truth())[:5] == []


def test_related_links_equal_ground_truth(crawled: Path, mirror: MirrorServer) -> None:
    links = rows(
        crawled,
        "SELECT a.url AS article, l.url AS url FROM links l "
        "JOIN articles a ON a.id = l.article_id WHERE l.kind = 'related' "
        "ORDER BY a.url, l.position",
    )
    got: dict[str, list[str]] = {}
    for link in links:
        got.setdefault(link["article"], []).append(link["url"])
    expected = {
        a["url"]: [link["url"] for link in a["related"]]
        for a in mirror.ground_truth()
        if a["related"]
    }
    assert got == expected


def test_search_finds_archived_articles(crawled: Path, mirror: MirrorServer) -> None:
    article = next(a for a in mirror.ground_truth() if a["language"] == "id")
    result = warta(
        "search", article["title"], "--archive", str(crawled), "--format", "json"
    )
    hits = json.loads(result.stdout)
    assert hits[0]["url"] == article["url"]


def test_crawl_run_is_recorded_as_finished(crawled: Path) -> None:
    run = rows(crawled, "SELECT status, new, failed FROM crawl_runs")[0]
    assert (run["status"], run["new"], run["failed"]) == ("finished", ARTICLES, 0)


def test_crawl_leaves_the_search_index_merged(crawled: Path) -> None:
    # 150 one-article transactions add FTS5 segments; the run's end merges them
    segments = rows(crawled, "SELECT count(DISTINCT segid) AS n FROM articles_fts_idx")
    assert segments[0]["n"] == 1

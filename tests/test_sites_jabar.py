"""Tests for Portal Jabar's identity and discovery rules (sites/jabar.py)."""

from __future__ import annotations

import json
import re
import urllib.request
from urllib.parse import urlsplit

import pytest

from mirror import MirrorServer
from sites import jabar

SLUG = "jembatan-baru-di-garut"


@pytest.mark.parametrize(
    "url",
    [
        f"https://jabarprov.go.id/berita/{SLUG}",
        f"https://www.jabarprov.go.id/berita/{SLUG}/",
        f"http://jabarprov.go.id/berita/{SLUG}?utm_source=x#top",
        f"http://127.0.0.1:8123/berita/{SLUG}",
        f"/berita/{SLUG}",
    ],
)
def test_article_urls(url: str) -> None:
    assert jabar.article_ref(url) == ("id", SLUG)
    assert jabar.canonical_url(url) == f"https://jabarprov.go.id/berita/{SLUG}"
    assert jabar.is_article_url(url)
    assert not jabar.is_listing_url(url)


@pytest.mark.parametrize(
    ("url", "listing"),
    [
        ("https://jabarprov.go.id/berita", True),
        ("https://jabarprov.go.id/berita?page=3", True),
        ("https://jabarprov.go.id/berita/", True),
        ("https://jabarprov.go.id/berita/tags/jabar-juara", True),
        ("https://jabarprov.go.id/berita/tags/jabar-juara?page=2", True),
        ("https://jabarprov.go.id/berita/tags", False),
        ("https://jabarprov.go.id/berita/tags/", False),
        ("https://jabarprov.go.id/", False),
        ("https://jabarprov.go.id/v1/public/news?per_page=50&page=1", False),
        (f"https://jabarprov.go.id/v1/public/news/slug/{SLUG}", False),
        (f"https://jabarprov.go.id/berita/{SLUG}/komentar", False),
        ("https://jabarprov.go.id/profil", False),
    ],
)
def test_other_pages_are_not_articles(url: str, listing: bool) -> None:
    assert jabar.article_ref(url) is None
    assert jabar.canonical_url(url) is None
    assert jabar.is_listing_url(url) is listing


def test_slug_percent_encoding_is_normalised() -> None:
    assert (
        jabar.article_slug("https://jabarprov.go.id/berita/ca%C3%B1on") == "ca%C3%B1on"
    )
    assert jabar.article_slug("https://jabarprov.go.id/berita/a%20b") == "a%20b"


def test_api_paths() -> None:
    assert jabar.api_listing_path(3, 20) == "/v1/public/news?per_page=20&page=3"
    assert jabar.api_article_path(SLUG) == f"/v1/public/news/slug/{SLUG}"


def test_discovery_finds_every_article_of_the_mirror() -> None:
    """The listing and API paths answer, and name only article URLs, all of them."""
    with MirrorServer(12, portal="jabar", seed=2) as mirror:
        expected = {t["url"] for t in mirror.ground_truth()}
        (listing,) = jabar.LISTINGS
        html = _get(mirror.url + listing)
        from_listing = {
            jabar.canonical_url(href)
            for href in re.findall(r'href="([^"]+)"', html)
            if jabar.is_article_url(href)
        }
        (api,) = jabar.API_LISTINGS
        records = json.loads(_get(mirror.url + api))["data"]
        from_api = {jabar.canonical_url(f"/berita/{r['slug']}") for r in records}
        one = json.loads(_get(mirror.url + jabar.api_article_path(records[0]["slug"])))
    assert len(from_listing) == 10  # the first listing page
    assert from_listing < expected
    assert from_api == expected
    assert one["data"]["slug"] == records[0]["slug"]
    host = urlsplit(next(iter(expected))).hostname
    assert host in jabar.HOSTS


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        text: str = response.read().decode("utf-8")
        return text

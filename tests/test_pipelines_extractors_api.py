"""The extractors give every link its target's identity (the archive parses no URL)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.items import Link
from pipelines.extract_command import decode_html
from pipelines.extractors import extract_article, extract_listing, link_to_dict
from pipelines.extractors.api import article_identity, article_ref, identify_link
from sites import ArticleRef, profile_named

FIXTURES = Path(__file__).parent / "fixtures" / "pages" / "beritajakarta"
CANON = "https://m.beritajakarta.id"


def _html(name: str) -> str:
    return decode_html((FIXTURES / f"{name}.html").read_bytes())


@pytest.mark.parametrize(
    ("name", "kind", "slug", "identity"),
    [
        ("m-read-2025-mirror", "related",
         "halte-pengumpan-baru-dibangun-di-tujuh-kelurahan", ("id", "142988")),
        ("m-en-read-translator", "read_also",
         "mobile-library-visits-thousand-islands", ("en", "27230")),
        ("www-read", "popular",
         "pemprov-tambah-ruang-terbuka-hijau-di-cengkareng", ("id", "134210")),
    ],
)  # fmt: skip
def test_article_links_carry_their_targets_identity(
    name: str, kind: str, slug: str, identity: tuple[str, str]
) -> None:
    spec = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    article = extract_article(_html(name), spec["url"])
    first = getattr(article, kind)[0]
    assert first.url.endswith(f"/{identity[1]}/{slug}")
    assert (first.target_language, first.target_site_article_id) == identity


def test_listing_items_carry_their_identity() -> None:
    items = extract_listing(_html("m-listing-terkini"), f"{CANON}/berita/terkini")
    assert (
        items[0].url,
        items[0].target_language,
        items[0].target_site_article_id,
    ) == (
        f"{CANON}/read/160430/jakarta-siapkan-1000-tempat-sampah-terpilah",
        "id",
        "160430",
    )
    assert all(item.target_site_article_id for item in items)


def test_identify_link_and_the_pinned_json_keys() -> None:
    other = identify_link(Link(url=f"{CANON}/kategori/pemerintahan", title="x"))
    assert (other.target_language, other.target_site_article_id) == (None, None)
    # a mirror's URL names a Berita Jakarta article when the site is known
    berita = profile_named("beritajakarta")
    mirror = identify_link(Link(url="http://127.0.0.1:8123/en/read/42/slug"), berita)
    assert (mirror.target_language, mirror.target_site_article_id) == ("en", "42")
    assert article_identity("http://127.0.0.1:8123/read/7", "beritajakarta") == (
        "id",
        "7",
    )
    # `warta extract` keeps its link keys: the identity is not part of them
    assert list(link_to_dict(mirror)) == ["url", "title", "published_at", "views", "reporter"]  # fmt: skip


@pytest.mark.parametrize(
    ("url", "site", "ref"),
    [
        (f"{CANON}/read/7/x", None, ArticleRef("beritajakarta", "id", "7")),
        ("https://www.beritajakarta.id/en/read/8", None, ArticleRef("beritajakarta", "en", "8")),
        ("https://jabarprov.go.id/berita/jalan-baru", None, ArticleRef("jabar", "id", "jalan-baru")),
        ("http://127.0.0.1:8123/berita/jalan-baru", "jabar", ArticleRef("jabar", "id", "jalan-baru")),
        # any other host: the generic rule (site = host without www., the normalised URL)
        ("https://www.surabaya.go.id/id/berita/81234/banjir?utm_source=x#top", None,
         ArticleRef("surabaya.go.id", None, "https://www.surabaya.go.id/id/berita/81234/banjir")),
        ("http://127.0.0.1:8123/read/7", None,
         ArticleRef("127.0.0.1", None, "http://127.0.0.1:8123/read/7")),
        ("http://127.0.0.1:8123/read/7", "no-such-site",
         ArticleRef("127.0.0.1", None, "http://127.0.0.1:8123/read/7")),
        (f"{CANON}/kategori/ekonomi", None, None),
        ("mailto:humas@surabaya.go.id", None, None),
    ],
)  # fmt: skip
def test_article_ref_by_profile_or_the_generic_rule(
    url: str, site: str | None, ref: ArticleRef | None
) -> None:
    assert article_ref(url, site) == ref

"""``extract_article`` reads every portal through its profile's reader, any other
portal through the profile-free reader (issue 10, items 1 and 4)."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from crawler.items import Article
from mirror import MirrorServer
from pipelines.extract_command import decode_html, extract
from pipelines.extractors import NotAnArticle, extract_article
from pipelines.extractors.any_portal import page_language
from pipelines.extractors.api import profile_for_page, reader_named
from pipelines.extractors.dom import Document, parse

PAGES = Path(__file__).parent / "fixtures" / "pages"
SURABAYA = PAGES / "surabaya" / "id-berita-81234.html"
SURABAYA_URL = (
    "https://www.surabaya.go.id/id/berita/81234/"
    "sentra-kuliner-baru-di-kenjeran-buka-setiap-malam"
)
BERITA = PAGES / "beritajakarta" / "m-read-2022.html"
BERITA_URL = (
    "https://m.beritajakarta.id/read/96204/dewan-minta-pengerukan-waduk-dipercepat"
)
MIRROR_FIELDS = ("title", "published_at", "reporter", "editor", "views", "category")


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return decode_html(response.read(), response.headers.get("Content-Type"))


def _read_mirror(portal: str) -> list[tuple[dict[str, Any], Article]]:
    with MirrorServer(24, portal=portal, seed=5) as mirror:
        return [
            (
                truth,
                extract_article(
                    _get(mirror.url + truth["path"]), mirror.url + truth["path"]
                ),
            )
            for truth in mirror.ground_truth()
        ]


@pytest.fixture(scope="module")
def surabaya() -> Article:
    return extract_article(
        decode_html(SURABAYA.read_bytes()), SURABAYA_URL + "?utm_source=wa#top"
    )


@pytest.fixture(scope="module")
def jabar_mirror() -> list[tuple[dict[str, Any], Article]]:
    return _read_mirror("jabar")


@pytest.fixture(scope="module")
def wordpress_mirror() -> list[tuple[dict[str, Any], Article]]:
    return _read_mirror("wordpress")


# -- a portal without a profile: a Next.js page (Surabaya) --------------------------
@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("url", SURABAYA_URL),  # the fetched URL, normalised: the page names no canonical
        ("site", "surabaya.go.id"),
        ("site_article_id", SURABAYA_URL),
        ("language", "id"),
        ("title", "Sentra Kuliner Baru di Kenjeran Buka Setiap Malam"),  # not <title>
        ("published_at", "2024-12-02T19:30:00+07:00"),  # created_at, the page shows "2 hari yang lalu"
        ("reporter", None),  # no byline shown or declared
        ("authors", []),
        ("editor", None),
        ("views", 1287),
        ("category", "Ekonomi"),
        ("tags", ["UMKM", "Kenjeran"]),
        ("image_url", "https://www.surabaya.go.id/storage/news/kenjeran-kuliner.jpg"),
        ("extraction_warnings", ["no reporter"]),
        ("extractor_version", "reader-1.1.0"),
    ],
)  # fmt: skip
def test_surabaya_page_field(surabaya: Article, field: str, expected: object) -> None:
    assert getattr(surabaya, field) == expected


def test_surabaya_page_body(surabaya: Article) -> None:
    paragraphs = (surabaya.body or "").split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("Pemerintah Kota Surabaya membuka sentra kuliner")
    assert "Beranda" not in (surabaya.body or "")


def test_warta_extract_reads_a_portal_without_a_profile() -> None:
    result = CliRunner().invoke(extract, [str(SURABAYA), "--url", SURABAYA_URL])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (
        data["site"],
        data["title"],
        data["views"],
        data["authors"],
        data["tags"],
    ) == (
        "surabaya.go.id",
        "Sentra Kuliner Baru di Kenjeran Buka Setiap Malam",
        1287,
        [],
        ["UMKM", "Kenjeran"],
    )


def test_warta_extract_reads_a_wordpress_mirror_page(tmp_path: Path) -> None:
    with MirrorServer(6, portal="wordpress", seed=5) as mirror:
        truth = next(t for t in mirror.ground_truth() if t["authors"])
        url = mirror.url + truth["path"]
        with urllib.request.urlopen(url, timeout=10) as response:
            (tmp_path / "page.html").write_bytes(response.read())
    result = CliRunner().invoke(extract, [str(tmp_path / "page.html"), "--url", url])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # the canonical link names the real host, not the mirror's: the fetched URL is kept
    assert (data["url"], data["site"], data["site_article_id"]) == (
        url,
        "127.0.0.1",
        url,
    )
    assert (data["title"], data["language"]) == (truth["title"], "id")
    assert data["reporter"] == ", ".join(data["authors"])


# -- dispatch -----------------------------------------------------------------------
def test_berita_jakarta_keeps_its_reader_on_any_of_its_hosts_and_on_a_mirror() -> None:
    html = decode_html(BERITA.read_bytes())
    mirror_url = (
        "http://127.0.0.1:8123/read/96204/dewan-minta-pengerukan-waduk-dipercepat"
    )
    for url in (BERITA_URL, mirror_url, ""):  # a mirror's page names its canonical URL
        assert profile_for_page(Document(html), url).name == "beritajakarta"
        article = extract_article(html, url)
        assert (article.url, article.site, article.site_article_id, article.reporter) == (
            BERITA_URL, "beritajakarta", "96204", "Dimas Prakoso"
        )  # fmt: skip
        assert article.authors == ["Dimas Prakoso"]


def test_a_crawl_names_its_site_whatever_the_page_declares() -> None:
    """A Berita Jakarta page without a canonical link, fetched from a mirror."""
    html = decode_html(BERITA.read_bytes()).replace('rel="canonical"', 'rel="x"')
    html = html.replace('property="og:url"', 'property="x"')
    url = "http://127.0.0.1:8123/read/96204/dewan-minta-pengerukan-waduk-dipercepat"
    assert (
        profile_for_page(Document(html), url).name == "127.0.0.1"
    )  # generic: nothing names it
    assert extract_article(html, url, "beritajakarta").site_article_id == "96204"


def test_a_page_without_any_url_is_refused() -> None:
    with pytest.raises(NotAnArticle, match="give the page's URL"):
        extract_article(SURABAYA.read_text(encoding="utf-8"), "")


def test_readers_are_resolved_by_name_once() -> None:
    first = reader_named("pipelines.extractors.sites.jabar:extract")
    assert first is reader_named("pipelines.extractors.sites.jabar:extract")
    with pytest.raises(TypeError, match="not a function"):
        reader_named("pipelines.extractors.sites.jabar:EXTRACTOR_VERSION")


@pytest.mark.parametrize(
    ("head", "language"),
    [
        ('<html lang="en-US">', "en"),
        ('<html lang="id-ID">', "id"),
        ('<html lang="in">', "id"),  # the old ISO 639 code for Indonesian
        ('<html><head><meta property="og:locale" content="en_GB">', "en"),
        ("<html>", "id"),
        ('<html lang="">', "id"),
    ],
)
def test_page_language(head: str, language: str) -> None:
    assert page_language(parse(head + "<body><p>x</p></body></html>")) == language


# -- the mirror's portals against their ground truth -------------------------------
@pytest.mark.parametrize("field", [*MIRROR_FIELDS, "authors", "tags"])
def test_jabar_mirror_pages_equal_their_ground_truth(
    jabar_mirror: list[tuple[dict[str, Any], Article]], field: str
) -> None:
    assert [getattr(a, field) for _, a in jabar_mirror] == [
        t[field] for t, _ in jabar_mirror
    ]


def test_jabar_mirror_pages_have_the_portals_identity(
    jabar_mirror: list[tuple[dict[str, Any], Article]],
) -> None:
    assert [(a.site, a.url) for _, a in jabar_mirror] == [("jabar", t["url"]) for t, _ in jabar_mirror]  # fmt: skip


@pytest.mark.parametrize("field", [*MIRROR_FIELDS, "authors", "tags"])
def test_wordpress_mirror_pages_equal_their_ground_truth(
    wordpress_mirror: list[tuple[dict[str, Any], Article]], field: str
) -> None:
    assert [getattr(a, field) for _, a in wordpress_mirror] == [t[field] for t, _ in wordpress_mirror]  # fmt: skip


def test_wordpress_mirror_pages_are_compared_by_path(
    wordpress_mirror: list[tuple[dict[str, Any], Article]],
) -> None:
    """The pages' canonical URLs name the real host: the mirror's URL is the identity."""
    assert [urlsplit(a.url).path for _, a in wordpress_mirror] == [t["path"] for t, _ in wordpress_mirror]  # fmt: skip
    assert {a.site for _, a in wordpress_mirror} == {"127.0.0.1"}
    assert all(a.site_article_id == a.url for _, a in wordpress_mirror)

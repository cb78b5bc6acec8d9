"""Tests for the Portal Jabar reader (pipelines/extractors/sites/jabar.py, jabar_page.py).

Mirror pages (fetched over loopback) are compared with the mirror's ground
truth, one field per assertion, both as served (state + labels) and with the
``__NUXT__`` state cut out (labels only). Small hand-written pages and API
records check the label variants with hand-written expected values.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from crawler.items import Link
from mirror import MirrorServer
from pipelines.extractors.dom import Document
from pipelines.extractors.errors import NotAnArticle
from pipelines.extractors.sites import jabar
from pipelines.extractors.sites.jabar import JabarNews, read_api_item, read_page

ARTICLES = 24  # > 1 listing page (10 per page)
SAMPLE = range(0, ARTICLES, 3)  # eight articles, with and without a Peliput
STATE = re.compile(r"<script>window\.__NUXT__=.*?</script>", re.DOTALL)
ARTICLE_FIELDS = (
    "url", "title", "published_at", "reporter", "editor", "views", "category", "body",
)  # fmt: skip
EXTRA_FIELDS = ("writer", "peliput", "tags", "shares", "authors")


def fetch(base: str, path: str) -> str:
    with urllib.request.urlopen(base + path, timeout=10) as response:
        text: str = response.read().decode("utf-8")
        return text


@pytest.fixture(scope="module")
def mirror() -> Iterator[MirrorServer]:
    with MirrorServer(ARTICLES, portal="jabar", seed=7) as server:
        yield server


@pytest.fixture(scope="module")
def truth(mirror: MirrorServer) -> list[dict[str, Any]]:
    return mirror.ground_truth()


@pytest.fixture(scope="module")
def read(mirror: MirrorServer, truth: list[dict[str, Any]]) -> dict[Any, JabarNews]:
    """``{(index, source): news}``: every sampled page, as served and labels only."""
    found: dict[Any, JabarNews] = {}
    for index in SAMPLE:
        url = mirror.url + truth[index]["path"]
        html = fetch(mirror.url, truth[index]["path"])
        found[index, "page"] = read_page(Document(html), url)
        found[index, "labels"] = read_page(Document(STATE.sub("", html)), url)
    return found


def _value(news: JabarNews, name: str) -> Any:
    return getattr(news, name) if name in EXTRA_FIELDS else getattr(news.article, name)


def test_sample_has_pages_with_and_without_a_peliput(
    truth: list[dict[str, Any]],
) -> None:
    counts = {bool(truth[i]["peliput"]) for i in SAMPLE}
    assert counts == {True, False}


@pytest.mark.parametrize("source", ["page", "labels"])
@pytest.mark.parametrize("name", ARTICLE_FIELDS + EXTRA_FIELDS)
@pytest.mark.parametrize("index", SAMPLE)
def test_mirror_page_field(
    read: dict[Any, JabarNews],
    truth: list[dict[str, Any]],
    index: int,
    name: str,
    source: str,
) -> None:
    expected = truth[index][name]
    if name == "published_at" and source == "labels":
        expected = expected[:10]  # the page shows the day only
    assert _value(read[index, source], name) == expected


@pytest.mark.parametrize("source", ["page", "labels"])
@pytest.mark.parametrize("index", SAMPLE)
def test_mirror_page_identity(
    read: dict[Any, JabarNews], truth: list[dict[str, Any]], index: int, source: str
) -> None:
    article = read[index, source].article
    slug = truth[index]["path"].removeprefix("/berita/")
    assert (article.site, article.language, article.site_article_id) == (
        "jabar",
        "id",
        slug,
    )
    assert article.image_url == f"https://cdn.jabarprov.go.id/news/{slug}.jpg"
    assert (article.related, article.read_also) == ([], [])
    assert article.extractor_version == jabar.EXTRACTOR_VERSION


@pytest.mark.parametrize("index", SAMPLE)
def test_mirror_page_news_id_comes_from_the_state(
    read: dict[Any, JabarNews], truth: list[dict[str, Any]], index: int
) -> None:
    assert read[index, "page"].news_id == truth[index]["site_article_id"]
    assert read[index, "labels"].news_id is None


def test_served_pages_warn_only_of_what_they_lack(
    read: dict[Any, JabarNews], truth: list[dict[str, Any]]
) -> None:
    expected = {i: [] if truth[i]["editor"] else ["no editor"] for i in SAMPLE}
    assert {i: read[i, "page"].article.extraction_warnings for i in SAMPLE} == expected
    assert sorted(map(len, expected.values())) != [0] * len(SAMPLE)


def test_pages_without_state_say_so(read: dict[Any, JabarNews]) -> None:
    assert read[0, "labels"].article.extraction_warnings == [
        "no readable __NUXT__ state: fields read from the page"
    ]


@pytest.mark.parametrize("name", ARTICLE_FIELDS + EXTRA_FIELDS)
def test_api_record_field(
    mirror: MirrorServer, truth: list[dict[str, Any]], name: str
) -> None:
    record = json.loads(fetch(mirror.url, "/v1/public/news/slug/" + _slug(truth, 4)))
    assert _value(read_api_item(record), name) == truth[4][name]


def test_api_listing_records_have_every_field_but_the_body(
    mirror: MirrorServer, truth: list[dict[str, Any]]
) -> None:
    listing = json.loads(fetch(mirror.url, "/v1/public/news?per_page=50&page=1"))
    by_url = {t["url"]: t for t in truth}
    read = [read_api_item(record) for record in listing["data"]]
    assert len(read) == ARTICLES
    for news in read:
        expected = by_url[news.article.url]
        assert (news.article.title, news.article.reporter, news.tags) == (
            expected["title"],
            expected["reporter"],
            expected["tags"],
        )
        assert news.article.body is None
        no_editor = [] if expected["editor"] else ["no editor"]
        assert news.article.extraction_warnings == [*no_editor, "no body"]


def _slug(truth: list[dict[str, Any]], index: int) -> str:
    return str(truth[index]["path"]).removeprefix("/berita/")


@pytest.mark.parametrize("path", ["/berita", "/berita?page=2", "/"])
def test_listing_pages_are_not_articles(mirror: MirrorServer, path: str) -> None:
    with pytest.raises(NotAnArticle, match="not a Portal Jabar article URL"):
        jabar.extract(Document(fetch(mirror.url, path)), mirror.url + path)


def test_tag_pages_are_not_articles(mirror: MirrorServer) -> None:
    path = next(p for p in mirror.non_article_paths() if "/tags/" in p)
    with pytest.raises(NotAnArticle, match="not a Portal Jabar article URL"):
        jabar.extract(Document(fetch(mirror.url, path)), mirror.url + path)


def test_a_listing_served_at_an_article_url_is_not_an_article(
    mirror: MirrorServer,
) -> None:
    html = fetch(mirror.url, "/berita")
    with pytest.raises(NotAnArticle, match="listing page with 10 items"):
        jabar.extract(Document(html), "https://jabarprov.go.id/berita/some-story")
    with pytest.raises(NotAnArticle, match="no news record and no headline"):
        jabar.extract(Document(STATE.sub("", html)), "https://jabarprov.go.id/berita/x")


def test_the_not_found_page_is_not_an_article(mirror: MirrorServer) -> None:
    html = urllib.request.urlopen  # the mirror answers 404: read its body
    try:
        html(mirror.url + "/berita/no-such-story", timeout=10)
    except urllib.error.HTTPError as error:
        page = error.read().decode()
    else:  # pragma: no cover - the mirror has no such story
        pytest.fail("expected a 404")
    with pytest.raises(NotAnArticle, match="'Halaman tidak ditemukan'"):
        jabar.extract(Document(page), mirror.url + "/berita/no-such-story")


# -- hand-written pages -----------------------------------------------------------
LABELS_ONLY = """<!doctype html><html><head><title>Judul | Jabarprov</title>
<meta name="og:url" content="https://jabarprov.go.id/berita/jembatan-baru-di-garut">
</head><body>
<header><a href="/">Beranda</a><a href="/berita">Berita</a></header>
<ol><li><a href="/">Beranda</a> » </li><li><a href="/berita">Berita</a> » </li>
<li>Infrastruktur</li></ol>
<section><h1>Jembatan  Baru di Garut Dibuka</h1>
<span>Selasa, 14 Maret 2023</span>
<div><span>Penulis :</span> <b>Dewi  Lestari</b></div>
<div><span>Peliput</span><span> : Agus Salim dan Rina Marlina</span></div>
<div><p><i></i>12.345 kali</p><p>Berita ini dilihat</p></div>
<div><p>7 kali</p><p>Berita ini dibagikan</p></div>
<img src="/images/jembatan.jpg" alt="Jembatan">
<div><p>Paragraf pertama tentang jembatan.</p><p>Baca juga:
<a href="/berita/jalan-tol-cisumdawu">Jalan Tol Cisumdawu</a></p>
<p>Paragraf kedua, lebih panjang dari yang pertama.</p></div>
<p><strong>Editor</strong></p><p>Budi Santika</p>
<p>Tags:</p><a href="/berita/tags/garut">#Garut</a><a href="/berita/tags/jembatan">Jembatan</a>
</section>
<section><h2>Berita Terkait</h2>
<a href="https://jabarprov.go.id/berita/tol-dibuka?utm=x">Tol Dibuka</a>
<a href="/berita/tags/garut">Garut</a></section>
<footer><p>Jabarprov</p></footer></body></html>"""

STATE_ONLY = """<html><head><title>x</title></head><body><div id="__nuxt"></div>
<script>window.__NUXT__=(function(a,b,c,d,e){return {layout:"default",data:[{news:{
id:77,title:"Gubernur \\u002F Wagub Tinjau Banjir",slug:"gubernur-tinjau-banjir",
content:"\\u003Cp\\u003ESatu.\\u003C\\u002Fp\\u003E\\u003Cp\\u003EDua \\"kutip\\".\\u003C\\u002Fp\\u003E",
image:{url:"\\u002Fstorage\\u002Fbanjir.png"},category:{name:d},tags:[{tag:d},{tag:"Banjir"}],
author:{name:"Sri Wahyuni",role:"Penulis"},reporter:[{name:"Andi"},{name:"Sri Wahyuni"}],
editor:{name:e},views:"1.204",shared:c,published_at:"2023-01-02T03:04:05.000000Z"}}],
error:a,serverRendered:b}}(null,true,5,"Bencana","Mira Juwita"));</script></body></html>"""

NO_PELIPUT = """<html><body><h1>Pasar Murah di Depok</h1>
<p>Rabu, 1 Februari 2023</p><p>Penulis: Hendi Gunawan</p>
<p>Dilihat 45 kali</p>
<article><p>Isi berita pasar murah.</p></article>
<p><strong>Editor: </strong> Asep Sunarya</p></body></html>"""


def test_labels_only_page() -> None:
    news = read_page(
        Document(LABELS_ONLY), "http://127.0.0.1:9/berita/jembatan-baru-di-garut/"
    )
    article = news.article
    assert article.url == "https://jabarprov.go.id/berita/jembatan-baru-di-garut"
    assert article.site_article_id == "jembatan-baru-di-garut"
    assert article.title == "Jembatan Baru di Garut Dibuka"
    assert article.published_at == "2023-03-14"
    assert news.writer == "Dewi Lestari"
    assert news.peliput == ["Agus Salim", "Rina Marlina"]
    assert article.reporter == "Dewi Lestari, Agus Salim, Rina Marlina"
    assert article.editor == "Budi Santika"
    assert article.views == 12345
    assert news.shares == 7
    assert article.category == "Infrastruktur"
    assert news.tags == ["Garut", "Jembatan"]
    assert article.image_url == "http://127.0.0.1:9/images/jembatan.jpg"
    assert article.body == (
        "Paragraf pertama tentang jembatan.\n\n"
        "Baca juga: Jalan Tol Cisumdawu\n\n"
        "Paragraf kedua, lebih panjang dari yang pertama."
    )
    assert article.read_also == [
        Link(
            url="https://jabarprov.go.id/berita/jalan-tol-cisumdawu",
            title="Jalan Tol Cisumdawu",
        )
    ]
    assert article.related == [
        Link(url="https://jabarprov.go.id/berita/tol-dibuka", title="Tol Dibuka")
    ]


def test_state_only_page() -> None:
    news = read_page(
        Document(STATE_ONLY),
        "https://www.jabarprov.go.id/berita/gubernur-tinjau-banjir",
    )
    article = news.article
    assert article.url == "https://jabarprov.go.id/berita/gubernur-tinjau-banjir"
    assert article.title == "Gubernur / Wagub Tinjau Banjir"
    assert article.published_at == "2023-01-02T10:04:05+07:00"
    assert news.writer == "Sri Wahyuni"
    assert news.peliput == ["Andi", "Sri Wahyuni"]
    assert article.reporter == "Sri Wahyuni, Andi"  # a name given twice counts once
    assert article.editor == "Mira Juwita"
    assert article.views == 1204
    assert news.shares == 5
    assert article.category == "Bencana"
    assert news.tags == ["Bencana", "Banjir"]
    assert news.news_id == "77"
    assert article.image_url == "https://www.jabarprov.go.id/storage/banjir.png"
    assert article.body == 'Satu.\n\nDua "kutip".'
    assert article.extraction_warnings == []


def test_page_without_a_peliput() -> None:
    article = jabar.extract(
        Document(NO_PELIPUT), "https://jabarprov.go.id/berita/pasar-murah"
    )
    assert (article.reporter, article.editor) == ("Hendi Gunawan", "Asep Sunarya")
    assert (article.published_at, article.views) == ("2023-02-01", 45)
    assert article.body == "Isi berita pasar murah."
    assert article.extraction_warnings == [
        "no readable __NUXT__ state: fields read from the page"
    ]


def test_an_empty_label_takes_no_name_from_the_next_label() -> None:
    html = NO_PELIPUT.replace(
        "<p>Penulis: Hendi Gunawan</p>", "<p>Penulis:</p><p>Peliput</p><p>Ani</p>"
    )
    article = jabar.extract(
        Document(html), "https://jabarprov.go.id/berita/pasar-murah"
    )
    assert (article.reporter, article.editor) == ("Ani", "Asep Sunarya")


def test_state_for_another_slug_is_not_used() -> None:
    html = STATE_ONLY.replace("<body>", "<body>" + NO_PELIPUT[12:-14])
    article = jabar.extract(
        Document(html), "https://jabarprov.go.id/berita/pasar-murah"
    )
    assert (article.title, article.reporter) == (
        "Pasar Murah di Depok",
        "Hendi Gunawan",
    )
    assert "no news record in the __NUXT__ state" in article.extraction_warnings[0]


def test_api_record_by_hand() -> None:
    record = {
        "data": {
            "id": 9,
            "slug": "sekolah-rusak-diperbaiki",
            "title": " Sekolah  Rusak Diperbaiki ",
            "content": "<p>Isi.</p>",
            "author": "Yanti Kusmiati",
            "reporter": "Ilham Fauzan, Rani Oktaviani",
            "editor": "Budi Santika",
            "views": 0,
            "shared": None,
            "category": "Pendidikan",
            "tags": ["Sekolah"],
            "published_at": "2023-05-06 07:08:09",
        }
    }
    news = read_api_item(record)
    assert news.article.url == "https://jabarprov.go.id/berita/sekolah-rusak-diperbaiki"
    assert news.article.title == "Sekolah Rusak Diperbaiki"
    assert news.article.published_at == "2023-05-06T07:08:09+07:00"
    assert news.article.reporter == "Yanti Kusmiati, Ilham Fauzan, Rani Oktaviani"
    assert (news.article.editor, news.article.views, news.shares) == (
        "Budi Santika",
        0,
        None,
    )
    assert (news.article.category, news.tags, news.news_id) == (
        "Pendidikan",
        ["Sekolah"],
        "9",
    )
    assert news.article.body == "Isi."


@pytest.mark.parametrize("record", [{}, {"slug": ""}, {"slug": "a/b"}, {"data": []}])
def test_api_record_without_a_slug_is_not_an_article(record: dict[str, Any]) -> None:
    with pytest.raises(NotAnArticle, match="without an article slug"):
        jabar.extract_api_item(record)

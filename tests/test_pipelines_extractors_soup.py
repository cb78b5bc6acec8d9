"""The BeautifulSoup side of the extractors: the desktop (www) path and its fallbacks.

The www reader reads a ``BeautifulSoup(html, "lxml")``; the mobile hot path an
lxml tree. These tests pin that split, and that both trees read the same.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from bs4 import Tag

from pipelines.extract_command import decode_html
from pipelines.extractors import extract_article
from pipelines.extractors.blocks import render
from pipelines.extractors.dom import parse, text_of
from pipelines.extractors.errors import NotAnArticle
from pipelines.extractors.generic import (
    extract_image_url,
    extract_meta,
    extract_published_at,
    extract_title,
)
from pipelines.extractors.sites import beritajakarta_read
from pipelines.extractors.sites import beritajakarta_www as www
from pipelines.extractors.soup import parse_soup, tag_text

FIXTURES = Path(__file__).parent / "fixtures" / "pages" / "beritajakarta"
PAGES = sorted(FIXTURES.glob("*.html"))
WWW_PAGE = FIXTURES / "www-read.html"
BASE = "https://www.beritajakarta.id/read/1/x"


def _html(path: Path) -> str:
    return decode_html(path.read_bytes())


def _url(path: Path) -> str:
    return str(json.loads(path.with_suffix(".json").read_text("utf-8"))["url"])


def test_parse_soup_uses_the_lxml_builder() -> None:
    """house style: one named builder; html.parser would merge nested <p>."""
    soup = parse_soup("<body><p>satu<p>dua</p></p></body>")
    assert soup.builder.NAME == "lxml"
    assert [tag_text(p) for p in soup.find_all("p")] == ["satu", "dua"]


@pytest.mark.parametrize(
    "html",
    [
        "https://www.beritajakarta.id/read/1/x",  # looks like a URL
        "halaman.html",  # looks like a file name
        '<?xml version="1.0"?><rss><item>x</item></rss>',  # XML, not HTML
    ],
)
def test_parse_soup_is_quiet_about_unusual_input(html: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        parse_soup(html)


@pytest.mark.parametrize(
    "html",
    [
        (
            '<p>Buka <i>timeline</i><!-- x --> di <i class="material-icons">photo</i>'
            "laman<br>resmi&nbsp;kami</p>"
        ),
        "<p>a<script>var s;</script>b<style>p{}</style>c <b>d</b>\u200be</p>",
        '<p><span class="x material-icons-outlined">event</span>Kamis <br/>pagi</p>',
        "<p>  \n </p>",
        "<p></p>",
    ],
)
def test_tag_text_reads_like_text_of(html: str) -> None:
    lxml_p = parse(html).find(".//p")
    soup_p = parse_soup(html).find("p")
    assert isinstance(soup_p, Tag)
    assert tag_text(soup_p) == text_of(lxml_p)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_render_reads_lxml_and_soup_alike(path: Path) -> None:
    """The same blocks from BeautifulSoup's tree as from lxml's, on every fixture."""
    html = _html(path)
    body = parse(html).find("body")
    soup = parse_soup(html)
    assert body is not None
    assert soup.body is not None
    assert render(soup.body) == render(body)


def test_www_reading_leaves_the_soup_unchanged() -> None:
    soup = parse_soup(_html(WWW_PAGE))
    before = soup.decode()
    page = www.read_soup(soup)
    assert page is not None
    www.to_article(page, soup, url=BASE, article_id="1", language="id", base_url=BASE)
    assert soup.decode() == before


def test_only_the_www_path_builds_a_soup(monkeypatch: pytest.MonkeyPatch) -> None:
    """The mobile hot path never pays for a BeautifulSoup parse."""
    calls: list[int] = []

    def counting(html: str) -> object:
        calls.append(len(html))
        return parse_soup(html)

    monkeypatch.setattr(beritajakarta_read, "parse_soup", counting)
    mobile = FIXTURES / "m-read-2022.html"
    extract_article(_html(mobile), _url(mobile))
    assert calls == []
    extract_article(_html(WWW_PAGE), _url(WWW_PAGE))
    assert len(calls) == 1


def test_not_an_article_at_an_article_url_through_the_soup() -> None:
    with pytest.raises(NotAnArticle, match="no article content"):
        extract_article("Halaman tidak ditemukan", BASE)


OL = '<ol class="breadcrumb"><li>Beranda</li><li>Ekonomi</li></ol>'
UL = '<ul class="breadcrumbs"><li>Home</li><li>Sosial</li></ul>'
NESTED = '<ul class="site-breadcrumb"><li>A<ol class="breadcrumb"><li>B</li></ol></li>'


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (OL + UL, ["Beranda", "Ekonomi", "Home", "Sosial"]),
        (UL + OL.replace("breadcrumb", "breadcrumb x"),
         ["Home", "Sosial", "Beranda", "Ekonomi"]),
        (NESTED + "<li>C</li></ul>", ["AB", "B", "C"]),
        ('<ul class="breadcrumb"><li>A</li></ul><ul class="breadcrumb"><li>B</li></ul>',
         ["A"]),
        ('<ul class="menu"><li>A</li></ul>', []),
    ],
)  # fmt: skip
def test_breadcrumb_items_first_ol_and_ul_in_page_order(
    html: str, expected: list[str]
) -> None:
    soup = parse_soup(f"<html><body>{html}</body></html>")
    assert [tag_text(li) for li in www.breadcrumb_items(soup)] == expected


HEADS = [
    '<meta property="og:title" content=" Judul  OG "><title>T</title>',
    '<meta name="og:image" content="/img/a.jpg"><title> Judul\u00a0Title </title>',
    '<meta itemprop="datePublished" content="2024-01-02T03:04:05+07:00">',
    '<meta name="pubdate" content="Selasa, 16 Januari 2024">',
    '<meta property="twitter:image:src" content="https://x.test/t.png">',
    "",
]
BODIES = [
    "<h1>\u00a0</h1><h1>Kedua</h1>",  # XPath sees NBSP as text: the first h1 wins
    "<h1> </h1><h1>Judul <i class='material-icons'>photo</i>H1</h1>",
    "<h1><script>x</script></h1><h1>Lain</h1>",
    "<p>tanpa judul</p>",
]


@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize("body", BODIES)
def test_fallbacks_read_either_tree_alike(head: str, body: str) -> None:
    """The og/meta cascade gives the same answer on lxml's tree and on the soup."""
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    doc, soup = parse(html), parse_soup(html)
    assert extract_title(soup) == extract_title(doc)
    assert extract_image_url(soup, BASE) == extract_image_url(doc, BASE)
    assert extract_published_at(soup) == extract_published_at(doc)
    assert extract_meta(soup, "og:title") == extract_meta(doc, "og:title")


@pytest.mark.parametrize(
    ("head", "body", "title", "image", "published"),
    [
        (HEADS[0], BODIES[3], "Judul OG", None, None),
        (HEADS[1], BODIES[3], "Judul Title", "https://www.beritajakarta.id/img/a.jpg",
         None),
        (HEADS[2], BODIES[1], "Judul H1", None, "2024-01-02T03:04:05+07:00"),
        (HEADS[3], BODIES[3], None, None, "2024-01-16"),
        (HEADS[4], BODIES[2], None, "https://x.test/t.png", None),
    ],
)  # fmt: skip
def test_fallbacks_on_the_soup(
    head: str, body: str, title: str | None, image: str | None, published: str | None
) -> None:
    soup = parse_soup(f"<html><head>{head}</head><body>{body}</body></html>")
    assert extract_title(soup) == title
    assert extract_image_url(soup, BASE) == image
    assert extract_published_at(soup) == published

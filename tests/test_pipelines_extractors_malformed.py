"""Extractor helpers on malformed input: deep trees, malformed URLs, wrapped links."""

from __future__ import annotations

import pytest

from pipelines.extractors import NotAnArticle, extract_article
from pipelines.extractors.blocks import render
from pipelines.extractors.dom import first_line, parse
from pipelines.extractors.generic import absolute, article_link, base_url_of
from pipelines.extractors.soup import parse_soup, tag_text
from sites.beritajakarta import canonical_article_url

BASE = "https://m.beritajakarta.id/read/1/x"
DEEP = 5_000  # BeautifulSoup keeps every level; Python recurses about 1,000 deep


def test_blocks_render_a_tree_deeper_than_python_recursion() -> None:
    soup = parse_soup("<body>" + "<div>" * DEEP + "teks" + "</div>" * DEEP + "</body>")
    assert [block.text for block in render(soup)] == ["teks"]


def test_soup_text_of_a_deep_tree() -> None:
    soup = parse_soup("<body><p>" + "<span>" * DEEP + "teks" + "</span>" * DEEP)
    assert tag_text(soup.body) == "teks"


def test_a_deep_page_is_an_answer_not_a_crash() -> None:
    html = "<html><body><h1>Judul</h1>" + "<div>" * DEEP + "</body></html>"
    with pytest.raises(NotAnArticle):
        extract_article(html, BASE)


@pytest.mark.parametrize(
    "href", ["http://[x/a", "//[::1/read/5/y", "https://[oops]:x/read/5/y"]
)
def test_malformed_urls_are_no_links(href: str) -> None:
    assert absolute(href, BASE) is None
    assert article_link(href, BASE, canonical_article_url) is None


def test_a_malformed_base_href_is_ignored() -> None:
    doc = parse('<html><head><base href="http://[x/"></head><body></body></html>')
    assert base_url_of(doc, BASE) == BASE


def test_a_malformed_canonical_link_falls_back_to_the_url() -> None:
    html = (
        '<html><head><link rel="canonical" href="http://[x/read/9/z"></head><body>'
        '<div class="news-read"><div class="content"><h1>Judul</h1>'
        '<div class="content-body"><p>Isi berita.</p></div></div></div></body></html>'
    )
    assert extract_article(html, BASE).site_article_id == "1"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<a>Judul</a>", "Judul"),
        ("<a><p>Judul</p></a>", "Judul"),
        ("<a><div><h2>Judul <b>tebal</b></h2><div>Senin 12</div></div></a>", "Judul tebal"),
        ('<a><img src="x.jpg"><h3>Judul</h3><small>Senin</small></a>', "Judul"),
        ('<a><i class="material-icons">person</i> Nama</a>', "Nama"),
        ("<a>Judul<br>baris dua</a>", "Judul baris dua"),
        ("<a> <p> </p><p>Judul</p><p>lain</p></a>", "Judul"),
    ],
)  # fmt: skip
def test_first_line_of_a_link(html: str, expected: str) -> None:
    anchor = next(parse(f"<html><body>{html}</body></html>").iter("a"))
    assert first_line(anchor) == expected

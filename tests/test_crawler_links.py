"""Link discovery on listing and article pages (crawler/links.py)."""

from __future__ import annotations

from datetime import date

import pytest

from crawler.links import PageLinks, find_links, listing_date

PAGE = "http://127.0.0.1:8000/berita/terkini?page=2"


def test_article_links_absolute_deduplicated_by_id_in_page_order() -> None:
    html = """<html><body>
      <a href="http://127.0.0.1:8000/read/20/b">B</a>
      <a href="/read/10/a">A</a>
      <a href="http://127.0.0.1:8000/read/20/b"><img></a>
      <a href="https://www.beritajakarta.id/read/10/other-slug">A again</a>
      <a href="/en/read/10/english">EN</a>
    </body></html>"""
    assert find_links(html, PAGE).articles == [
        "http://127.0.0.1:8000/read/20/b",
        "http://127.0.0.1:8000/read/10/a",
        "http://127.0.0.1:8000/en/read/10/english",
    ]


def test_links_inside_comments_and_amphtml_are_ignored() -> None:
    html = """<html><head>
      <link rel="amphtml" href="https://m.beritajakarta.id/read/5/Title With Spaces">
      </head><body><!-- <a href="read/99/commented">x</a> --></body></html>"""
    assert find_links(html, PAGE).articles == []


def test_pagination_links_exclude_current_page_and_placeholders() -> None:
    html = """<ul class="pagination">
      <li class="waves-effect"><a href="/berita/terkini">1</a></li>
      <li class="active"><a href="/berita/terkini?page=2">2</a></li>
      <li class="waves-effect"><a href="/berita/terkini?page=3">3</a></li>
      <li class="disabled"><a href="#!">&gt;</a></li></ul>"""
    assert find_links(html, PAGE).next_pages == [
        "http://127.0.0.1:8000/berita/terkini",
        "http://127.0.0.1:8000/berita/terkini?page=3",
    ]


def test_rel_next_outside_pagination_is_followed() -> None:
    html = '<a rel="next" href="/kategori/ekonomi?page=3">next</a>'
    assert find_links(html, PAGE).next_pages == [
        "http://127.0.0.1:8000/kategori/ekonomi?page=3"
    ]


def test_offsite_pagination_is_not_followed() -> None:
    html = '<ul class="pagination"><a href="https://example.org/?page=2">2</a></ul>'
    assert find_links(html, PAGE).next_pages == []


def test_empty_or_broken_html_gives_no_links() -> None:
    assert find_links("", PAGE).articles == []
    assert find_links("   ", PAGE).next_pages == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("access_time Selasa, 04 Februari 2025 10:36 WIB", date(2025, 2, 4)),
        ("Kamis, 10 Nopember 2015", date(2015, 11, 10)),
        ("Friday, September 7th 2018 14:05 WIB", date(2018, 9, 7)),
        ("08-10-2026", date(2026, 10, 8)),
        ("Rp 29,313 M 2090", None),
        ("31 Februari 2025", None),
    ],
)
def test_listing_date(text: str, expected: date | None) -> None:
    assert listing_date(text) == expected


def test_listing_item_dates_in_page_order() -> None:
    html = """<ul class="list-index">
      <li class="row"><h2><a href="/read/2/b">2.090 Logistik</a></h2>
        <div class="list-info"><span>Selasa, 04 Februari 2025 10:36 WIB</span></div></li>
      <li class="row"><h2><a href="/read/1/a">A</a></h2></li></ul>"""
    assert find_links(html, PAGE).item_dates == [date(2025, 2, 4), None]


def test_listed_articles_are_those_inside_the_listing_items() -> None:
    html = """<ul class="list-index"><li class="row"><h2><a href="/read/2/b">B</a></h2></li></ul>
      <div class="news-grey"><ol class="slides"><li><a href="/read/9/popular">P</a></li></ol></div>"""
    links = find_links(html, PAGE)
    assert (links.listed, len(links.articles)) == (
        ["http://127.0.0.1:8000/read/2/b"],
        2,
    )


def test_an_article_page_gives_its_links_but_no_pagination_or_item_dates() -> None:
    html = """<ul class="list-index"><li class="row"><h2><a href="/read/2/b">B</a></h2>
        <div class="list-info"><span>Selasa, 04 Februari 2025 10:36 WIB</span></div></li></ul>
      <a href="/read/9/popular">P</a>
      <ul class="pagination"><a href="/berita/terkini?page=3">3</a></ul>"""
    links = find_links(html, PAGE, listing=False)
    assert links == PageLinks(
        articles=[
            "http://127.0.0.1:8000/read/2/b",
            "http://127.0.0.1:8000/read/9/popular",
        ],
        next_pages=[],
        listed=["http://127.0.0.1:8000/read/2/b"],
        item_dates=[],
    )

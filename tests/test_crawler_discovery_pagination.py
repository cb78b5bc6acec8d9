"""Table tests for crawler/discovery/pagination.py: next listing pages of a page."""

from __future__ import annotations

import pytest

from crawler.discovery.pagination import listing_base, next_pages

H = "https://contohkota.go.id"


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize(
    ("html", "url", "expected"),
    [
        (  # <link rel=next> first, then <a rel=next>
            page('<a rel="next" href="/page/3/">»</a>', '<link rel="next" href="/page/2/">'),
            f"{H}/",
            [f"{H}/page/2/", f"{H}/page/3/"],
        ),
        (  # WordPress numbered block; the current page and the article are left out
            page(
                '<nav class="navigation pagination"><div class="nav-links">'
                '<a class="page-numbers" href="/category/sosial/">1</a>'
                '<span class="page-numbers current">2</span>'
                '<a class="page-numbers" href="/category/sosial/page/3/">3</a>'
                '<a href="/2024/11/04/bazar-umkm-sukamaju/">artikel</a></div></nav>'
            ),
            f"{H}/category/sosial/page/2/",
            [f"{H}/category/sosial/", f"{H}/category/sosial/page/3/"],
        ),
        (  # Bootstrap ul.pagination with ?page=N; the off-site mirror link is dropped
            page(
                '<ul class="pagination"><li><a href="?page=1">1</a></li>'
                '<li class="active"><a href="?page=2">2</a></li>'
                '<li><a href="?page=3">3</a></li>'
                '<li><a href="https://other.go.id/berita?page=3">x</a></li></ul>'
            ),
            "https://jabarprov.go.id/berita?page=2",
            ["https://jabarprov.go.id/berita?page=1", "https://jabarprov.go.id/berita?page=3"],
        ),
        (  # a page-N variant of the same listing outside any block; other listings not
            page(
                '<a href="/berita/terkini?page=2">Berikutnya</a>'
                '<a href="/kategori/ekonomi?page=2">Ekonomi</a>'
                '<a href="/berita/terkini?page=3&amp;utm_source=x">3</a>'
            ),
            "https://m.beritajakarta.id/berita/terkini",
            [
                "https://m.beritajakarta.id/berita/terkini?page=2",
                "https://m.beritajakarta.id/berita/terkini?page=3",
            ],
        ),
        (  # Joomla ?start=N
            page('<div class="pagination"><a href="/arsip?start=10">2</a></div>'),
            f"{H}/arsip",
            [f"{H}/arsip?start=10"],
        ),
        (  # www. and scheme differences are the same site
            page('<link rel="next" href="http://www.contohkota.go.id/page/2/">'),
            f"{H}/",
            ["http://www.contohkota.go.id/page/2/"],
        ),
        (  # never an article, never a search or feed, never off-site
            page(
                '<a rel="next" href="/2024/11/05/judul-berita-berikutnya/">»</a>'
                '<div class="pagination"><a href="/?s=banjir&amp;paged=2">2</a>'
                '<a href="/feed/">rss</a><a href="https://x.org/page/2/">2</a></div>'
            ),
            f"{H}/2024/11/04/judul-berita-ini/",
            [],
        ),
        (  # a page without pagination
            page('<a href="/profil/">Profil</a><a href="/category/a/">A</a>'),
            f"{H}/",
            [],
        ),
        ("", f"{H}/", []),
    ],
)  # fmt: skip
def test_next_pages(html, url, expected):
    assert next_pages(html, url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"{H}/page/4/", f"{H}/"),
        (f"{H}/category/sosial/page/2/", f"{H}/category/sosial/"),
        (f"{H}/category/sosial/page/2", f"{H}/category/sosial/"),
        ("https://j.go.id/berita?page=3", "https://j.go.id/berita"),
        ("https://j.go.id/berita?kategori=a&page=3", "https://j.go.id/berita?kategori=a"),
        (f"{H}/arsip?start=20", f"{H}/arsip"),
        (f"{H}/2024/11/04/a-b-c/", f"{H}/2024/11/04/a-b-c/"),
    ],
)  # fmt: skip
def test_listing_base(url, expected):
    assert listing_base(url) == expected

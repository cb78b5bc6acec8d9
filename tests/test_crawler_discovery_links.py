"""Table tests for crawler/discovery/links.py: same-site links and the canonical URL."""

from __future__ import annotations

import pytest

from crawler.discovery.links import SiteLinks, canonical_link, site_links

H = "https://contohkota.go.id"
PAGE = f"""<html><head><title>Kota Contoh</title></head><body>
<nav><a href="/">Beranda</a><a href="/profil/">Profil</a>
<a href="/category/kesehatan/">Kesehatan</a><a href="/?s=">Cari</a></nav>
<article><h2><a href="/2024/11/08/warga-tanam-200-pohon/">Warga</a></h2>
<a href="/2024/11/08/warga-tanam-200-pohon/#comments">2 komentar</a>
<a href="{H}/2024/11/07/posyandu-layani-balita/?utm_source=wa">Posyandu</a></article>
<!-- <a href="/2024/01/01/hidden-in-a-comment/">x</a> -->
<a href="https://www.contohkota.go.id/tag/umkm/">UMKM</a>
<a href="https://facebook.com/sharer.php?u=/2024/11/08/warga/">Bagikan</a>
<a href="/wp-content/uploads/laporan.pdf">PDF</a><a href="javascript:void(0)">x</a>
</body></html>"""


def test_site_links_articles_in_page_order_each_once():
    links = site_links(PAGE, f"{H}/")
    assert links.articles == [
        f"{H}/2024/11/08/warga-tanam-200-pohon/",
        f"{H}/2024/11/07/posyandu-layani-balita/",
    ]


def test_site_links_listings_same_site_without_static_or_search():
    links = site_links(PAGE, f"{H}/")
    assert links.listings == [
        f"{H}/",
        f"{H}/category/kesehatan/",
        "https://www.contohkota.go.id/tag/umkm/",
    ]


def test_site_links_honours_base_href():
    html = '<html><head><base href="https://m.beritajakarta.id/"></head><body>'
    html += '<a href="read/142433/judul-berita">x</a></body></html>'
    links = site_links(html, "https://m.beritajakarta.id/berita/terkini")
    assert links.articles == ["https://m.beritajakarta.id/read/142433/judul-berita"]


@pytest.mark.parametrize("html", ["", "  ", b"", "<html></html>"])
def test_site_links_of_empty_pages(html):
    assert site_links(html, f"{H}/") == SiteLinks([], [])


@pytest.mark.parametrize(
    ("head", "url", "expected"),
    [
        ('<link rel="canonical" href="/2024/11/08/a-b-c/?utm_source=x">', f"{H}/?p=1",
         f"{H}/2024/11/08/a-b-c/"),
        ('<link rel="canonical" href="https://www.contohkota.go.id/a-b-c-d/">', f"{H}/x",
         "https://www.contohkota.go.id/a-b-c-d/"),
        ('<meta name="og:url" content="https://jabarprov.go.id/berita/a-b-c">',
         "https://jabarprov.go.id/berita/a-b-c?utm_medium=x",
         "https://jabarprov.go.id/berita/a-b-c"),
        ('<meta property="og:url" content="/berita/x-y-z">', "https://jabarprov.go.id/a",
         "https://jabarprov.go.id/berita/x-y-z"),
        (('<link rel="canonical" href="https://contohkota.go.id/a/">'
         '<meta property="og:url" content="http://127.0.0.1:8000/a/">'),
         "http://127.0.0.1:8000/a/", "http://127.0.0.1:8000/a/"),
        ('<link rel="canonical" href="https://contohkota.go.id/a/">',
         "http://127.0.0.1:8000/a/", None),
        ('<link rel="stylesheet" href="/style.css">', f"{H}/a", None),
        ("", f"{H}/a", None),
    ],
)  # fmt: skip
def test_canonical_link(head, url, expected):
    html = f"<html><head>{head}</head><body><p>x</p></body></html>"
    assert canonical_link(html, url) == expected

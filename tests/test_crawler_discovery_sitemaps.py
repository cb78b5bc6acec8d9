"""Table tests for crawler/discovery/sitemaps.py: indexes, url sets, news, gzip, bad XML."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta, timezone

import pytest

from crawler.discovery._xml import gunzip
from crawler.discovery.sitemaps import (
    lists_posts,
    parse_sitemap,
    well_known_sitemaps,
)

SITEMAP_URL = "https://contohkota.go.id/sitemap_index.xml"
WIB = timezone(timedelta(hours=7))
YOAST_INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/xsl" href="//contohkota.go.id/main-sitemap.xsl"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://contohkota.go.id/post-sitemap.xml</loc>
    <lastmod>2024-11-08T09:15:00+07:00</lastmod></sitemap>
  <sitemap><loc>https://contohkota.go.id/post-sitemap2.xml</loc></sitemap>
  <sitemap><loc>https://contohkota.go.id/page-sitemap.xml</loc></sitemap>
</sitemapindex>
"""
URLSET = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url><loc> https://contohkota.go.id/2024/11/04/bazar-umkm/ </loc>
    <lastmod>2024-11-04</lastmod>
    <image:image><image:loc>https://contohkota.go.id/a.jpg</image:loc></image:image></url>
  <url><loc>https://contohkota.go.id/2024/11/05/posyandu/#x</loc></url>
  <url><loc>https://contohkota.go.id/2024/11/04/bazar-umkm/</loc></url>
  <url><loc>/relatif/</loc><lastmod>not a date</lastmod></url>
  <url><lastmod>2024-11-04</lastmod></url>
</urlset>
"""
NEWS = """<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
  xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://jabarprov.go.id/berita/warga-tanam-pohon</loc>
<news:news><news:publication><news:name>Jabarprov</news:name>
<news:language>id</news:language></news:publication>
<news:publication_date>2024-11-07T10:30:00+07:00</news:publication_date>
<news:title>Warga Tanam Pohon</news:title></news:news></url>
</urlset>"""


def test_index_gives_child_sitemaps_in_order():
    sitemap = parse_sitemap(YOAST_INDEX, SITEMAP_URL)
    assert sitemap.kind == "sitemapindex"
    assert [e.url for e in sitemap.sitemaps] == [
        "https://contohkota.go.id/post-sitemap.xml",
        "https://contohkota.go.id/post-sitemap2.xml",
        "https://contohkota.go.id/page-sitemap.xml",
    ]
    assert sitemap.pages == []


def test_index_entry_lastmod_keeps_its_offset():
    first = parse_sitemap(YOAST_INDEX, SITEMAP_URL).sitemaps[0]
    assert first.lastmod == datetime(2024, 11, 8, 9, 15, tzinfo=WIB)


def test_urlset_pages_are_normalised_once_each():
    sitemap = parse_sitemap(URLSET, SITEMAP_URL)
    assert sitemap.kind == "urlset"
    assert sitemap.sitemaps == []
    assert [e.url for e in sitemap.pages] == [
        "https://contohkota.go.id/2024/11/04/bazar-umkm/",
        "https://contohkota.go.id/2024/11/05/posyandu/",
        "https://contohkota.go.id/relatif/",
    ]


def test_urlset_lastmod_date_only_is_midnight_utc():
    pages = parse_sitemap(URLSET, SITEMAP_URL).pages
    assert pages[0].lastmod == datetime(2024, 11, 4, tzinfo=UTC)
    assert pages[1].lastmod is None
    assert pages[2].lastmod is None  # "not a date"


def test_news_sitemap_publication_date():
    entry = parse_sitemap(NEWS, SITEMAP_URL).pages[0]
    assert entry.url == "https://jabarprov.go.id/berita/warga-tanam-pohon"
    assert entry.lastmod is None
    assert entry.published == datetime(2024, 11, 7, 10, 30, tzinfo=WIB)
    assert entry.date == datetime(2024, 11, 7, 10, 30, tzinfo=WIB)


def test_gzipped_bytes_are_read():
    sitemap = parse_sitemap(gzip.compress(URLSET.encode()), SITEMAP_URL + ".gz")
    assert len(sitemap.pages) == 3


def test_corrupt_gzip_gives_an_unknown_empty_sitemap():
    sitemap = parse_sitemap(b"\x1f\x8b\x08\x00garbage", SITEMAP_URL)
    assert sitemap.kind == "unknown"
    assert sitemap.pages == []


def test_truncated_xml_keeps_what_was_recovered():
    cut = URLSET[: URLSET.index("posyandu") + 20]
    pages = parse_sitemap(cut, SITEMAP_URL).pages
    assert [e.url for e in pages][:1] == [
        "https://contohkota.go.id/2024/11/04/bazar-umkm/"
    ]


@pytest.mark.parametrize(
    "body",
    [
        "",
        "   ",
        "<html><body>404 Not Found</body></html>",
        '{"urls": []}',
        "<rss><channel></channel></rss>",
        b"\x00\x01\x02",
    ],
)
def test_non_sitemaps_are_unknown(body):
    sitemap = parse_sitemap(body, SITEMAP_URL)
    assert sitemap.kind == "unknown"
    assert sitemap.sitemaps == []
    assert sitemap.pages == []


def test_entities_are_not_expanded():
    body = """<?xml version="1.0"?>
<!DOCTYPE urlset [
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY secret SYSTEM "file:///etc/hostname">
]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://x.go.id/&c;</loc></url>
<url><loc>https://x.go.id/&secret;</loc></url>
</urlset>"""
    urls = [e.url for e in parse_sitemap(body, SITEMAP_URL).pages]
    # the references stay unexpanded text: no billion laughs, no file read
    assert urls == ["https://x.go.id/&c", "https://x.go.id/&secret"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x.go.id/post-sitemap.xml", True),
        ("https://x.go.id/post-sitemap2.xml", True),
        ("https://x.go.id/wp-sitemap-posts-post-1.xml", True),
        ("https://x.go.id/news-sitemap.xml", True),
        ("https://x.go.id/sitemap-2024-11.xml.gz", True),
        ("https://x.go.id/page-sitemap.xml", False),
        ("https://x.go.id/category-sitemap.xml", False),
        ("https://x.go.id/post_tag-sitemap.xml", False),
        ("https://x.go.id/author-sitemap.xml", False),
        ("https://x.go.id/wp-sitemap-posts-page-1.xml", False),
        ("https://x.go.id/wp-sitemap-taxonomies-category-1.xml", False),
        ("https://x.go.id/wp-sitemap-taxonomies-post_tag-1.xml", False),
        ("https://x.go.id/wp-sitemap-users-1.xml", False),
    ],
)
def test_lists_posts(url, expected):
    assert lists_posts(url) is expected


def test_well_known_sitemaps():
    assert well_known_sitemaps("https://www.x.go.id/berita/") == [
        "https://www.x.go.id/sitemap.xml",
        "https://www.x.go.id/sitemap_index.xml",
        "https://www.x.go.id/wp-sitemap.xml",
    ]


def test_gunzip_stops_at_the_size_cap():
    bomb = gzip.compress(b"<urlset>" + b" " * 100_000)
    assert len(gunzip(bomb, limit=1000)) == 1000
    assert gunzip(b"<urlset/>") == b"<urlset/>"

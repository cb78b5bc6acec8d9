"""Table tests for crawler/discovery/feeds.py: RSS 2.0, RSS 1.0, Atom, announced feeds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from crawler.discovery.feeds import announced_feeds, parse_feed, well_known_feeds

FEED_URL = "https://contohkota.go.id/feed/"
WIB = timezone(timedelta(hours=7))
RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Kota Contoh</title><link>https://contohkota.go.id</link>
<atom:link href="https://contohkota.go.id/feed/" rel="self" type="application/rss+xml"/>
<item><title>Warga Tanam 200 Pohon</title>
  <atom:link href="https://elsewhere.example/x" rel="related"/>
  <link>https://contohkota.go.id/2024/11/08/warga-tanam-200-pohon/?utm_source=rss</link>
  <pubDate>Fri, 08 Nov 2024 09:15:00 +0700</pubDate></item>
<item><title>Tanpa Tautan</title>
  <guid isPermaLink="true">https://contohkota.go.id/?p=42</guid>
  <dc:date>2024-11-07T08:00:00+07:00</dc:date></item>
<item><title>GUID bukan tautan</title><guid isPermaLink="false">post-41</guid></item>
<item><title>Duplikat</title>
  <link>https://contohkota.go.id/2024/11/08/warga-tanam-200-pohon/</link></item>
<item><title>Tanggal rusak</title><link>/2024/11/06/relatif/</link>
  <pubDate>kemarin</pubDate></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Jabar</title>
<link href="https://jabarprov.go.id/"/>
<entry><title>Banjir Surut</title>
  <link rel="replies" href="https://jabarprov.go.id/berita/banjir-surut#comments"/>
  <link rel="alternate" type="text/html" href="https://jabarprov.go.id/berita/banjir-surut"/>
  <updated>2024-11-09T01:00:00Z</updated><published>2024-11-08T20:00:00Z</published></entry>
<entry><title>Hanya Updated</title><link href="/berita/hanya-updated"/>
  <updated>2024-11-07T12:00:00+07:00</updated></entry>
</feed>"""
RDF = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
  xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://x.go.id/"><title>X</title></channel>
<item rdf:about="https://x.go.id/berita/satu-dua-tiga"><title>Satu</title>
  <link>https://x.go.id/berita/satu-dua-tiga</link><dc:date>2024-11-01</dc:date></item>
</rdf:RDF>"""


def test_rss_item_links_in_feed_order_each_once():
    assert [i.url for i in parse_feed(RSS, FEED_URL)] == [
        "https://contohkota.go.id/2024/11/08/warga-tanam-200-pohon/",
        "https://contohkota.go.id/?p=42",
        "https://contohkota.go.id/2024/11/06/relatif/",
    ]


def test_rss_dates_and_titles():
    items = parse_feed(RSS, FEED_URL)
    assert items[0].published == datetime(2024, 11, 8, 9, 15, tzinfo=WIB)
    assert items[0].title == "Warga Tanam 200 Pohon"
    assert items[1].published == datetime(2024, 11, 7, 8, 0, tzinfo=WIB)
    assert items[2].published is None


def test_atom_alternate_link_and_published_date():
    items = parse_feed(ATOM.encode(), "https://jabarprov.go.id/feed.atom")
    assert [i.url for i in items] == [
        "https://jabarprov.go.id/berita/banjir-surut",
        "https://jabarprov.go.id/berita/hanya-updated",
    ]
    assert items[0].published == datetime(2024, 11, 8, 20, 0, tzinfo=UTC)
    assert items[1].published == datetime(2024, 11, 7, 12, 0, tzinfo=WIB)
    assert items[0].title == "Banjir Surut"


def test_rss_1_0_rdf_items():
    items = parse_feed(RDF, "https://x.go.id/rss")
    assert [i.url for i in items] == ["https://x.go.id/berita/satu-dua-tiga"]
    assert items[0].published == datetime(2024, 11, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    "body",
    [
        "",
        "<html><head><title>Not a feed</title></head></html>",
        (
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
            "<loc>https://x.go.id/a</loc></url></urlset>"
        ),
        b"\xff\xfe\x00junk",
    ],
)
def test_non_feeds_give_no_items(body):
    assert parse_feed(body, FEED_URL) == []


def test_truncated_feed_keeps_the_items_before_the_cut():
    cut = RSS[: RSS.index("Tanpa Tautan")]
    assert [i.url for i in parse_feed(cut, FEED_URL)] == [
        "https://contohkota.go.id/2024/11/08/warga-tanam-200-pohon/"
    ]


PAGE = """<!DOCTYPE html><html><head>
<link rel="alternate" type="application/rss+xml" title="Feed" href="/feed/">
<link rel="alternate" type="application/rss+xml" title="Komentar" href="/comments/feed/">
<link rel="alternate" type="application/atom+xml" href="https://x.go.id/atom.xml">
<link rel="Alternate" type="application/RSS+XML; charset=UTF-8" href="/feed/">
<link rel="alternate" hreflang="en" href="/en/">
<link rel="alternate" type="application/json+oembed" href="/wp-json/oembed">
<link rel="stylesheet" type="application/rss+xml" href="/not-a-feed">
</head><body><!-- <link rel="alternate" type="application/rss+xml" href="/hidden"> -->
</body></html>"""


def test_announced_feeds():
    assert announced_feeds(PAGE, "https://x.go.id/berita/") == [
        "https://x.go.id/feed/",
        "https://x.go.id/comments/feed/",
        "https://x.go.id/atom.xml",
    ]


@pytest.mark.parametrize("html", ["", "   ", b"", "<html></html>"])
def test_announced_feeds_of_empty_pages(html):
    assert announced_feeds(html, "https://x.go.id/") == []


def test_well_known_feeds():
    assert well_known_feeds("https://x.go.id/berita/terkini") == [
        "https://x.go.id/feed/"
    ]

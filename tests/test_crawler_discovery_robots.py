"""Table tests for crawler/discovery/robots.py: the Sitemap: lines of a robots.txt."""

from __future__ import annotations

import pytest

from crawler.discovery.robots import sitemap_urls

ROBOTS_URL = "https://contohkota.go.id/robots.txt"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "User-agent: *\nDisallow: /wp-admin/\n\nSitemap: https://contohkota.go.id/sitemap_index.xml\n",
            ["https://contohkota.go.id/sitemap_index.xml"],
        ),
        ("sitemap: /wp-sitemap.xml", ["https://contohkota.go.id/wp-sitemap.xml"]),
        ("  SITEMAP :  news.xml  # the news one", ["https://contohkota.go.id/news.xml"]),
        (
            "Sitemap: https://cdn.example.com/s.xml\r\nSitemap: /a.xml\r\nSitemap: /a.xml",
            ["https://cdn.example.com/s.xml", "https://contohkota.go.id/a.xml"],
        ),
        ("User-agent: *\nDisallow: /sitemap.xml\n# Sitemap: /hidden.xml", []),
        ("Sitemap:\nSitemap: ftp://x/s.xml", []),
        ("", []),
    ],
)  # fmt: skip
def test_sitemap_urls(text, expected):
    assert sitemap_urls(text, ROBOTS_URL) == expected


def test_sitemap_urls_reads_bytes_with_bad_utf8():
    body = b"Sitemap: /s.xml\n\xff\xfe garbage\n"
    assert sitemap_urls(body, ROBOTS_URL) == ["https://contohkota.go.id/s.xml"]

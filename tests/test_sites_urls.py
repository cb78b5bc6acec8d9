"""Table tests for sites/urls.py: one normalisation, one same-site rule."""

from __future__ import annotations

import pytest

from sites.urls import normalize_url, same_site, site_of

BASE = "https://contohkota.go.id/berita/"


@pytest.mark.parametrize(
    ("url", "base", "expected"),
    [
        ("/a/?b=2&a=1", BASE, "https://contohkota.go.id/a/?a=1&b=2"),
        ("x/#top", BASE, "https://contohkota.go.id/berita/x/"),
        ("?utm_source=fb&utm_medium=x&id=3", BASE, "https://contohkota.go.id/berita/?id=3"),
        ("https://X.go.id/p?fbclid=abc&gclid=1", None, "https://x.go.id/p"),
        ("HTTP://WWW.X.GO.ID:80/A", None, "http://www.x.go.id/A"),
        ("https://x.go.id:443", None, "https://x.go.id/"),
        ("http://127.0.0.1:8000/a b", None, "http://127.0.0.1:8000/a%20b"),
        ("https://x.go.id/berita?s=", None, "https://x.go.id/berita?s="),
        ("//cdn.x.go.id/a", BASE, "https://cdn.x.go.id/a"),
        ("mailto:humas@x.go.id", BASE, None),
        ("javascript:void(0)", BASE, None),
        ("#comments", BASE, None),
        ("ftp://x.go.id/file", None, None),
        ("", BASE, None),
        ("http://x.go.id:99999/", None, None),
    ],
)  # fmt: skip
def test_normalize_url(url, base, expected):
    assert normalize_url(url, base) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.contohkota.go.id/a", "contohkota.go.id"),
        ("http://Jabarprov.go.id:8080/", "jabarprov.go.id"),
        ("https://m.beritajakarta.id/read/1/x", "m.beritajakarta.id"),
        ("not a url", ""),
    ],
)
def test_site_of(url, expected):
    assert site_of(url) == expected


@pytest.mark.parametrize(
    ("url", "base", "expected"),
    [
        ("https://www.x.go.id/a", "http://x.go.id/", True),
        ("http://x.go.id:80/a", "https://x.go.id/", True),
        ("https://X.GO.ID/a", "https://x.go.id/", True),
        ("http://127.0.0.1:8001/a", "http://127.0.0.1:8001/", True),
        ("http://127.0.0.1:8002/a", "http://127.0.0.1:8001/", False),
        ("https://sub.x.go.id/a", "https://x.go.id/", False),
        ("https://x.go.id.evil.com/a", "https://x.go.id/", False),
        ("mailto:a@x.go.id", "https://x.go.id/", False),
    ],
)
def test_same_site(url, base, expected):
    assert same_site(url, base) is expected

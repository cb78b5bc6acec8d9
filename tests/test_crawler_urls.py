"""Article identity and canonical URLs (crawler/urls.py)."""

from __future__ import annotations

import pytest

from crawler.urls import is_loopback, rebase
from sites.beritajakarta import article_key, canonical_article_url


@pytest.mark.parametrize(
    ("url", "key"),
    [
        (
            "https://m.beritajakarta.id/read/142433/pelanggan-transjakarta",
            ("id", "142433"),
        ),
        ("https://www.beritajakarta.id/read/131329/pemkot-jakpus", ("id", "131329")),
        ("https://desain.beritajakarta.id/read/102454/ratusan", ("id", "102454")),
        (
            "http://www.beritajakarta.id/read/51945/petugas#.Wg4DvtR95kg",
            ("id", "51945"),
        ),
        ("https://m.beritajakarta.id/en/read/53027/city-wins", ("en", "53027")),
        ("http://127.0.0.1:8000/read/7/x", ("id", "7")),
        ("https://m.beritajakarta.id/read/131329/Pemkot%20Jakpus", ("id", "131329")),
        ("https://m.beritajakarta.id/kategori/transportasi", None),
        ("https://m.beritajakarta.id/video/play/24558/satpol", None),
        ("https://m.beritajakarta.id/read/abc/x", None),
    ],
)
def test_article_key(url: str, key: tuple[str, str] | None) -> None:
    assert article_key(url) == key


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        (
            "http://www.beritajakarta.id/read/51945/petugas-pelayanan#.Wg4DvtR95kg",
            "https://m.beritajakarta.id/read/51945/petugas-pelayanan",
        ),
        (
            "http://127.0.0.1:9/en/read/53027/city-wins?x=1",
            "https://m.beritajakarta.id/en/read/53027/city-wins",
        ),
        ("https://m.beritajakarta.id/read/5", "https://m.beritajakarta.id/read/5"),
        ("https://m.beritajakarta.id/berita/terkini", None),
    ],
)
def test_canonical_article_url(url: str, canonical: str | None) -> None:
    assert canonical_article_url(url) == canonical


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:8000", True),
        ("http://127.5.6.7/", True),
        ("http://localhost:80/", True),
        ("http://[::1]:8080/", True),
        ("https://m.beritajakarta.id", False),
        ("http://10.0.0.1/", False),
    ],
)
def test_is_loopback(url: str, loopback: bool) -> None:
    assert is_loopback(url) is loopback


def test_rebase_keeps_path_and_query() -> None:
    assert (
        rebase(
            "https://m.beritajakarta.id/berita/terkini?page=2", "http://127.0.0.1:5/"
        )
        == "http://127.0.0.1:5/berita/terkini?page=2"
    )

"""``warta extract FILE --url URL`` through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipelines.extract_command import decode_html, extract

FIXTURES = Path(__file__).parent / "fixtures" / "pages" / "beritajakarta"


# The keys and order issue 3 pins for `warta extract`; issue 10 adds the byline's
# names as a list and the page's tags, at the end.
CONTRACT_KEYS = [
    "url", "site", "site_article_id", "language", "title", "published_at", "reporter",
    "editor", "translator", "views", "category", "image_url", "image_caption",
    "photo_credit", "body", "pull_quote", "related", "popular", "read_also",
    "extraction_warnings", "authors", "tags",
]  # fmt: skip


def test_prints_one_json_object_with_the_documented_keys() -> None:
    result = CliRunner().invoke(
        extract,
        [str(FIXTURES / "m-read-2015.html"), "--url",
         "http://127.0.0.1:8123/read/20118/taman-kota-di-cakung-mulai-ditata"],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == CONTRACT_KEYS
    assert (
        data["url"]
        == "https://m.beritajakarta.id/read/20118/taman-kota-di-cakung-mulai-ditata"
    )
    assert data["views"] == 4217
    assert result.stderr == ""


def test_output_is_not_ascii_escaped() -> None:
    result = CliRunner().invoke(extract, [str(FIXTURES / "m-read-2025-mirror.html")])
    assert result.exit_code == 0, result.stderr
    assert "“Kami akan evaluasi" in result.stdout
    assert "\\u201c" not in result.stdout


def test_url_defaults_to_the_canonical_link() -> None:
    result = CliRunner().invoke(extract, [str(FIXTURES / "m-read-php-notice.html")])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["site_article_id"] == "150321"


@pytest.mark.parametrize(
    ("page", "url"),
    [
        ("m-listing-terkini.html", "http://127.0.0.1:8123/berita/terkini?page=2"),
        ("m-error-404.html", "https://m.beritajakarta.id/read/999999/tidak-ada"),
        ("m-read-missing.html", "https://m.beritajakarta.id/read/999998/sudah-dihapus"),
    ],
)
def test_not_an_article_fails_cleanly(page: str, url: str) -> None:
    result = CliRunner().invoke(extract, [str(FIXTURES / page), "--url", url])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: not an article: ")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("path", "code", "message"),
    [
        ("does-not-exist.html", 2, "Error: no such file: "),  # usage: names nothing
        (".", 1, "Error: cannot read "),  # names something unreadable
    ],
)
def test_unreadable_file_fails_cleanly(
    tmp_path: Path, path: str, code: int, message: str
) -> None:
    result = CliRunner().invoke(extract, [str(tmp_path / path), "--url", "x"])
    assert result.exit_code == code
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1


def test_empty_file_is_not_an_article(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    result = CliRunner().invoke(
        extract, [str(empty), "--url", "https://m.beritajakarta.id/read/1/x"]
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "empty document" in result.stderr


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        ("Kamis “kutip”".encode(), None, "Kamis “kutip”"),
        ('<meta charset="windows-1252">Caf\xe9'.encode("cp1252"), None, "Café"),
        ("Café".encode("latin-1"), "text/html; charset=iso-8859-1", "Café"),
        (b"\xef\xbb\xbfBOM utf-8", None, "BOM utf-8"),
    ],
)
def test_decode_like_production(
    body: bytes, content_type: str | None, expected: str
) -> None:
    assert decode_html(body, content_type).endswith(expected)

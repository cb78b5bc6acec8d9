"""lxml helpers of the mobile hot path: the text serialiser shortcut and body reading."""

from __future__ import annotations

import threading

import pytest

from pipelines.extractors import dom
from pipelines.extractors.dom import parse, plain_text, text_of
from pipelines.extractors.sites.beritajakarta import extract_body


@pytest.mark.parametrize(
    "html",
    [
        "<p>Jakarta <b>tebal</b> dan <i>miring</i>, &nbsp;“kutip”\u200b.</p>",
        "<p>a<!-- komentar -->b<script>var s;</script>c<span>d<span>e</span></span></p>",
        "<p>  spasi \n\t banyak  </p>",
        "<p></p>",
    ],
)
def test_plain_text_is_itertext_normalised(html: str) -> None:
    p = parse(html).find(".//p")
    expected = " ".join("".join(p.itertext()).replace("\u200b", "").split())
    assert plain_text(p) == expected


def test_body_paragraphs_take_the_careful_walk_only_where_needed() -> None:
    body = parse(
        '<div class="content-body">'
        "<p>biasa <b>tebal</b><script>x</script></p>"
        "<p>baris<span>satu<br>dua</span></p>"
        '<p>ikon <i class="material-icons">photo</i>hilang</p>'
        '<p>teks <a class="read-also" href="/read/2/x">Baca juga</a> lanjut</p>'
        '<blockquote>"kutipan"</blockquote><a class="read-also" href="/read/3/y">B</a>'
        "<p>akhir</p></div>"
    ).find(".//div")
    assert extract_body(body) == (
        "biasa tebalx\n\nbarissatu dua\n\nikon hilang\n\nteks lanjut\n\nakhir"
    )
    assert text_of(body.find("p")) == "biasa tebal"  # the careful walk drops scripts


def test_parse_from_several_threads() -> None:
    """Each thread parses with its own parser (lxml parsers are per thread)."""
    results: dict[int, str] = {}

    def work(n: int) -> None:
        for _ in range(50):
            root = parse(f"<html><body><h1>judul {n}</h1></body></html>")
        results[n] = text_of(root.find(".//h1"))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {n: f"judul {n}" for n in range(4)}


def test_a_handed_over_tree_is_taken_once_for_that_very_text() -> None:
    html = "<html><body><p>satu</p></body></html>"
    tree = dom.parse(html)
    dom.hand_over(html, tree)
    assert dom.parse(html.encode().decode()) is not tree  # equal text, other object
    dom.hand_over(html, tree)
    assert dom.parse(html) is tree
    assert dom.parse(html) is not tree  # never given out twice

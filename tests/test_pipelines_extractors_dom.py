"""lxml helpers of the mobile hot path (the text serialiser shortcut, body
reading) and :class:`Document`: a page is parsed at most once, not at all when
its tree is given."""

from __future__ import annotations

import sys
import threading
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from crawler.items import FetchedPage
from crawler.links import parse_page
from mirror import MirrorServer
from pipelines.extract_command import decode_html
from pipelines.extraction import extract_page
from pipelines.extractors import NotAnArticle, extract_article, extract_listing
from pipelines.extractors.dom import Document, parse, plain_text, text_of
from pipelines.extractors.sites.beritajakarta import extract_body

PAGES = Path(__file__).parent / "fixtures" / "pages"
MOBILE = PAGES / "beritajakarta" / "m-read-2022.html"
MOBILE_URL = (
    "https://m.beritajakarta.id/read/96204/dewan-minta-pengerukan-waduk-dipercepat"
)
MIRROR_URL = "http://127.0.0.1:8123/read/96204/dewan-minta-pengerukan-waduk-dipercepat"
MOBILE_TITLE = "Dewan Minta Pengerukan Waduk Dipercepat"
SURABAYA_URL = (
    "https://www.surabaya.go.id/id/berita/81234/"
    "sentra-kuliner-baru-di-kenjeran-buka-setiap-malam"
)
OWN_PACKAGES = frozenset({"crawler", "pipelines", "sites"})
#: Text in which lxml's HTML parser finds no document.
NO_DOCUMENT = "<!-- hanya komentar -->"


def _html(path: Path) -> str:
    return decode_html(path.read_bytes())


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text warta's own code has lxml parse from now on, in order.

    Counted at ``etree.fromstring``, so a reader that calls lxml itself counts
    too. Not counted: the fallbacks trafilatura and htmldate, which parse the
    page with their own parser (``lxml.html``) and prune their tree.
    """
    seen: list[str] = []
    original = etree.fromstring

    def counting(text: Any, *args: Any, **kwargs: Any) -> Any:
        caller = sys._getframe(1).f_globals.get("__name__", "")
        if caller.partition(".")[0] in OWN_PACKAGES:
            seen.append(text)
        return original(text, *args, **kwargs)

    monkeypatch.setattr(etree, "fromstring", counting)
    return seen


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


def test_a_document_parses_on_first_use_and_only_once(parses: list[str]) -> None:
    document = Document("<html><body><p>satu</p></body></html>")
    assert parses == []
    root = document.root
    assert document.root is root
    assert parses == [document.html]


def test_a_document_keeps_its_failure_instead_of_parsing_again(
    parses: list[str],
) -> None:
    document = Document(" \n ")
    for _ in range(2):
        with pytest.raises(NotAnArticle, match="empty document"):
            _ = document.root
    assert parses == []  # an empty page is refused before lxml is asked
    document = Document(NO_DOCUMENT)
    for _ in range(2):
        with pytest.raises(NotAnArticle, match="empty document"):
            _ = document.root
    assert parses == [NO_DOCUMENT]


def test_a_given_tree_is_read_instead_of_the_html(parses: list[str]) -> None:
    """A tree of other text than the html proves which one the reader read."""
    html = _html(MOBILE)
    retitled = html.replace(MOBILE_TITLE, "Judul dari pohon")
    assert retitled != html
    tree = parse_page(retitled)  # the crawl's link discovery parses this way
    parses.clear()
    assert extract_article(html, MOBILE_URL).title == MOBILE_TITLE
    given = extract_article(html, MOBILE_URL, tree=tree)
    assert given.title == "Judul dari pohon"
    assert parses == [html]  # the first call's parse; none for the given tree


def test_the_pipeline_reads_the_spiders_tree_once_and_lets_it_go(
    parses: list[str],
) -> None:
    html = _html(MOBILE)
    page = FetchedPage(
        url=MOBILE_URL,
        final_url=MOBILE_URL,
        status=200,
        headers={},
        body=html.encode(),
        encoding="utf-8",
        fetched_at="2026-12-07T00:00:00+00:00",
        site="beritajakarta",
    )
    page.tree = parse_page(page.text.replace(MOBILE_TITLE, "Judul dari pohon"))
    parses.clear()
    extract_page(page)
    assert page.article is not None
    assert page.article.title == "Judul dari pohon"
    assert page.tree is None
    assert parses == []


def test_a_listing_is_read_from_the_given_tree(parses: list[str]) -> None:
    html = "<html><body><p>kosong</p></body></html>"
    listing = _html(PAGES / "beritajakarta" / "m-listing-terkini.html")
    url = "https://m.beritajakarta.id/berita/terkini"
    tree = parse_page(listing)
    parses.clear()
    links = extract_listing(html, url, tree=tree)
    assert parses == []
    assert links == extract_listing(listing, url)
    assert len(links) > 0
    assert parses == [listing]


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("beritajakarta/m-read-2022.html", MOBILE_URL),  # the profile from the URL
        ("beritajakarta/m-read-2022.html", MIRROR_URL),  # ... from the page
        ("surabaya/id-berita-81234.html", SURABAYA_URL),  # the profile-free reader
    ],
)
def test_extraction_parses_a_page_at_most_once(
    parses: list[str], name: str, url: str
) -> None:
    html = _html(PAGES / name)
    article = extract_article(html, url)
    assert parses.count(html) == 1  # (a reader may parse fragments: JSON-LD bodies)
    tree = parse_page(html)
    parses.clear()
    assert extract_article(html, url, tree=tree) == article
    assert parses.count(html) == 0


def test_a_jabar_page_from_a_mirror_is_parsed_once(parses: list[str]) -> None:
    """The page names its portal (og:url): dispatch and reader share one parse."""
    with MirrorServer(3, portal="jabar", seed=7) as mirror:
        path = mirror.ground_truth()[0]["path"]
        with urllib.request.urlopen(mirror.url + path, timeout=10) as response:
            html = response.read().decode("utf-8")
    parses.clear()
    article = extract_article(html, mirror.url + path)
    assert article.site == "jabar"
    assert parses.count(html) == 1  # (and the record's body, a fragment)

"""Small inline-HTML unit tests for the extractor helpers."""

from __future__ import annotations

import pytest

from crawler.items import Article
from pipelines.extractors import NotAnArticle, extract_article, extract_listing
from pipelines.extractors.api import article_to_dict, missing_field_warnings
from pipelines.extractors.blocks import Block, render
from pipelines.extractors.dom import parse, text_of
from pipelines.extractors.generic import (
    absolute,
    article_link,
    extract_canonical,
    extract_meta,
    extract_title,
)
from pipelines.extractors.labels import heading_kind, parse_byline, parse_photo_credit
from pipelines.extractors.sites.beritajakarta import span_parts
from pipelines.extractors.sites.beritajakarta_www import (
    parse_date_views,
    parse_meta_line,
    read_page,
)
from pipelines.extractors.text import (
    clean,
    clean_name,
    normalize_space,
    strip_icon_words,
)
from sites.beritajakarta import canonical_article_url

URL = "https://m.beritajakarta.id/read/1/judul"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  a \u00a0 b\n\tc  ", "a b c"),
        ("kata\u200bkata", "katakata"),
        ("", ""),
    ],
)
def test_normalize_space(text: str, expected: str) -> None:
    assert normalize_space(text) == expected


def test_clean_never_returns_empty_string() -> None:
    assert clean(" \u00a0 ") is None
    assert clean(None) is None
    assert clean(" x ") == "x"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("access_time Kamis, 06 Februari 2025", "Kamis, 06 Februari 2025"),
        ("person Nurito", "Nurito"),
        ("remove_red_eye 2619", "2619"),
        ("photo Andri - Beritajakarta.id", "Andri - Beritajakarta.id"),
        ("personal data", "personal data"),
    ],
)
def test_strip_icon_words(text: str, expected: str) -> None:
    assert strip_icon_words(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Andri Widiyanto - Beritajakarta.id", "Andri Widiyanto"),
        ("Istimewa - Beritajakarta.id", "Istimewa"),
        ("Nurito\u00a0-\u00a0beritajakarta.id ", "Nurito"),
        ("(Foto: Wuri Setyaningsih)", "Wuri Setyaningsih"),
        ("(Foto: doc)", "doc"),
        ("Foto : Humas", "Humas"),
        ("", None),
        (" - Beritajakarta.id", None),
    ],
)
def test_parse_photo_credit(text: str, expected: str | None) -> None:
    assert parse_photo_credit(text) == expected


def test_clean_name_strips_icon_and_suffix() -> None:
    assert clean_name("person Nurito - Beritajakarta.id") == "Nurito"


@pytest.mark.parametrize(
    ("text", "reporter", "editor", "translator"),
    [
        ("Reporter : Aldi Geri Lumban Tobing", "Aldi Geri Lumban Tobing", None, None),
        ("Editor : Andry", None, "Andry", None),
        ("Reporter: Wuri Setyaningsih Editor: Andry", "Wuri Setyaningsih", "Andry", None),
        ("Reported by Erna Martiyanti | Translated by Nugroho Adibrata",
         "Erna Martiyanti", None, "Nugroho Adibrata"),
        ("Reported by Erna Martiyanti", "Erna Martiyanti", None, None),
        ("Reporter: X Translator: Y", "X", None, "Y"),
    ],
)  # fmt: skip
def test_parse_byline(
    text: str, reporter: str | None, editor: str | None, translator: str | None
) -> None:
    byline = parse_byline(text)
    assert (byline.reporter, byline.editor, byline.translator) == (
        reporter,
        editor,
        translator,
    )
    assert byline.unlabelled == []


def test_parse_byline_keeps_unlabelled_text() -> None:
    assert parse_byline("Nurito").unlabelled == ["Nurito"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Berita Terkait", "related"),
        ("BERITA TERKAIT", "related"),
        ("Linked News", "related"),
        ("Berita Terpopuler", "popular"),
        ("BERITA POPULER", "popular"),
        ("Popular News indeks", "popular"),
        ("Indeks Berita", None),
        ("Berita terkait pemilu hari ini", None),
    ],
)
def test_heading_kind(text: str, kind: str | None) -> None:
    assert heading_kind(text) == kind


def test_span_parts_takes_icon_and_direct_text() -> None:
    span = parse(
        '<span><i class="material-icons">access_time</i> Kamis, 06 Februari 2025</span>'
    ).find(".//span")
    assert span_parts(span) == ("access_time", "Kamis, 06 Februari 2025")


def test_span_parts_without_icon() -> None:
    span = parse("<span>Nurito <b>Jr</b></span>").find(".//span")
    assert span_parts(span) == (None, "Nurito Jr")


def test_text_of_keeps_italics_drops_icons_and_comments() -> None:
    p = parse(
        '<p>Buka <i>timeline</i><!-- x --> di <i class="material-icons">photo</i>'
        "laman<br>resmi&nbsp;kami</p>"
    ).find(".//p")
    assert text_of(p) == "Buka timeline di laman resmi kami"


def test_parse_rejects_empty_documents() -> None:
    with pytest.raises(NotAnArticle, match="empty document"):
        parse("   ")


def test_parse_accepts_xml_declaration_in_text() -> None:
    doc = parse(
        '<?xml version="1.0" encoding="utf-8"?><html><body><h1>x</h1></body></html>'
    )
    assert text_of(doc.find(".//h1")) == "x"


def test_canonical_found_without_head_scope() -> None:
    """A PHP notice before the doctype puts <link> into <body>."""
    doc = parse(
        "<div><h4>A PHP Error was encountered</h4></div><!doctype html><html><head>"
        '<link rel="canonical" href="https://m.beritajakarta.id/read/5/x">'
        '<meta property="og:title" content="Judul"></head><body></body></html>'
    )
    assert extract_canonical(doc) == "https://m.beritajakarta.id/read/5/x"
    assert extract_meta(doc, "og:title") == "Judul"
    assert extract_title(doc) == "Judul"


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("http://127.0.0.1:8123/read/142430/ini-upaya", "https://m.beritajakarta.id/read/142430/ini-upaya"),
        ("/read/7/x#.Wg4Dv", "https://m.beritajakarta.id/read/7/x"),
        ("https://www.beritajakarta.id/en/read/9/y/", "https://m.beritajakarta.id/en/read/9/y"),
        ("https://m.beritajakarta.id/read/7/x", "https://m.beritajakarta.id/read/7/x"),
        ("/kategori/ekonomi", "https://www.beritajakarta.id/kategori/ekonomi"),
        ("#", None),
        ("", None),
    ],
)  # fmt: skip
def test_article_link(href: str, expected: str | None) -> None:
    base = "https://www.beritajakarta.id/read/1/z"
    assert article_link(href, base, canonical_article_url) == expected


def test_absolute_ignores_javascript_links() -> None:
    assert absolute("javascript:void(0)", URL) is None


def test_render_blocks_order_images_links_quotes() -> None:
    doc = parse(
        "<body><h1>Judul</h1><div>Selasa, 07 November 2023 <span>Reporter: A</span></div>"
        '<img src="/a.jpg" alt=" Alt "><blockquote><p>Kutipan</p></blockquote>'
        '<p><a href="/read/2/x">Baca</a></p><p>teks <a href="/read/3/y">tautan</a></p>'
        '<p style="display: none">tersembunyi</p><script>var x;</script></body>'
    )
    assert render(doc) == [
        Block("Judul", "h1"),
        Block("Selasa, 07 November 2023 Reporter: A", "div"),
        Block("Alt", "img", None, "/a.jpg"),
        Block("Kutipan", "p", quote=True),
        Block("Baca", "p", "/read/2/x", link_only=True),
        Block("teks tautan", "p", "/read/3/y"),
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Selasa, 16 Januari 2024 Reporter: X Editor: Y 7266",
         ("2024-01-16", "X", "Y", None, 7266)),
        ("Friday, September 7th 2018 Reporter: X Translator: Y 1433",
         ("2018-09-07", "X", None, "Y", 1433)),
        ("Kamis, 11 Januari 2024 15:20 WIB Reporter: Siti Editor: Hendra 5.310",
         ("2024-01-11T15:20:00+07:00", "Siti", "Hendra", None, 5310)),
        ("Reporter:Wuri Editor:Andry", (None, "Wuri", "Andry", None, None)),
    ],
)  # fmt: skip
def test_parse_meta_line(line: str, expected: tuple[object, ...]) -> None:
    meta = parse_meta_line(line)
    assert meta is not None
    assert (
        meta.published_at,
        meta.reporter,
        meta.editor,
        meta.translator,
        meta.views,
    ) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Kamis, 02 November 2023 7135", ("2023-11-02", 7135)),
        ("Minggu, 02 November 2025 1.153", ("2025-11-02", 1153)),
        ("Kamis, 02 November 2023", ("2023-11-02", None)),
        ("2.090 Logistik Pemilu Didistribusikan di Jakpus", None),
        ("57 ASN Pemkot Jakpus Disosialisasikan Netralitas Pemilu", None),
    ],
)
def test_parse_date_views(line: str, expected: tuple[str, int | None] | None) -> None:
    assert parse_date_views(line) == expected


def test_read_page_without_byline_or_date_is_none() -> None:
    assert (
        read_page([Block("404 Page Not Found", "h1"), Block("Not here", "p")]) is None
    )


def test_missing_field_warnings_for_a_bare_article() -> None:
    article = Article(url=URL, site="beritajakarta", site_article_id="1", language="id")
    assert missing_field_warnings(article) == [
        "no title", "no date", "no reporter", "no view count", "no body", "no editor"
    ]  # fmt: skip


def test_english_articles_do_not_expect_an_editor() -> None:
    article = Article(url=URL, site="beritajakarta", site_article_id="1", language="en")
    assert "no editor" not in missing_field_warnings(article)


MINIMAL = (
    '<html><head><link rel="canonical" href="https://m.beritajakarta.id/read/77/x">'
    '<meta property="og:title" content="Judul dari og"></head><body>'
    '<div class="news-read"><div class="content">'
    '<div class="content-info"><span><i class="material-icons">access_time</i>'
    " Kamis, 06 Februari 2025 kemarin</span>"
    '<span><i class="material-icons">remove_red_eye</i> banyak</span>'
    '<span><i class="material-icons">person</i> Nurito</span></div>'
    '<div class="content-body"></div></div></div></body></html>'
)


def test_article_with_missing_and_unreadable_fields_is_still_returned() -> None:
    article = extract_article(MINIMAL, "http://127.0.0.1:8123/read/77/x")
    result = article_to_dict(article)
    assert result["url"] == "https://m.beritajakarta.id/read/77/x"
    assert result["title"] == "Judul dari og"  # no h1: og:title fallback
    assert (result["published_at"], result["views"], result["reporter"]) == (
        None,
        None,
        "Nurito",
    )
    assert result["body"] is None
    assert result["extraction_warnings"] == [
        "unreadable date: 'Kamis, 06 Februari 2025 kemarin'",
        "unreadable view count: 'banyak'",
        "unlabelled byline: 'Nurito'",
        "no date",
        "no view count",
        "no body",
        "no editor",
    ]


@pytest.mark.parametrize(
    ("html", "url", "reason"),
    [
        ("", URL, "empty document"),
        ("<html><body><p>x</p></body></html>", "https://m.beritajakarta.id/about",
         "not an article URL"),
        ("<html><body><p>x</p></body></html>", "", "not an article URL"),
        ("<html><body><h1>Oops</h1></body></html>", URL, "no article content"),
    ],
)  # fmt: skip
def test_not_an_article_reasons(html: str, url: str, reason: str) -> None:
    with pytest.raises(NotAnArticle, match=reason):
        extract_article(html, url)


def test_not_an_article_is_a_value_error() -> None:
    assert issubclass(NotAnArticle, ValueError)


def test_extract_listing_of_nothing_is_empty() -> None:
    assert extract_listing("", URL) == []
    assert extract_listing("<html><body><p>x</p></body></html>", URL) == []


NO_ICONS = (
    '<html><body><div class="news-read"><div class="content"><h1>Judul</h1>'
    '<div class="content-info"><span>Selasa, 10 November 2015 20:49 WIB</span>'
    "<span>3.569</span><span>Reporter : Nurito</span><span>Editor : Widodo</span></div>"
    '<div class="content-body"><p>Isi.</p></div></div></div>'
    '<div class="news-list"><div class="header"><span class="title">Berita Terkait'
    '</span></div><ul class="list-index"><li class="row"><h2><a href="/read/5/x">Lain'
    '</a></h2><div class="list-info"><span>Kamis, 05 November 2015 21:46 WIB</span>'
    "<span>7591</span><span>Nurito</span></div></li></ul></div></body></html>"
)


def test_spans_without_icons_are_told_apart_by_content() -> None:
    article = extract_article(NO_ICONS, "https://m.beritajakarta.id/read/9/judul")
    assert (article.published_at, article.views, article.reporter, article.editor) == (
        "2015-11-10T20:49:00+07:00",
        3569,
        "Nurito",
        "Widodo",
    )
    assert [(r.url, r.published_at, r.views, r.reporter) for r in article.related] == [
        (
            "https://m.beritajakarta.id/read/5/x",
            "2015-11-05T21:46:00+07:00",
            7591,
            "Nurito",
        )
    ]
    assert article.extraction_warnings == []

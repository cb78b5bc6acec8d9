"""Table tests for crawler/discovery/classify.py: the URL-shape rule, rule by rule."""

from __future__ import annotations

import pytest

from crawler.discovery.classify import UrlKind, classify_url, classify_with_rule

H = "https://contohkota.go.id"


@pytest.mark.parametrize(
    ("url", "kind", "rule"),
    [
        # 1. neither: no page, machinery, search
        ("mailto:humas@contohkota.go.id", "neither", "scheme"),
        (f"{H}/wp-content/uploads/2024/11/foto.jpg", "neither", "file"),
        (f"{H}/dokumen/apbd-2024-kota-contoh-final.pdf", "neither", "file"),
        (f"{H}/sitemap_index.xml", "neither", "file"),
        (f"{H}/feed/", "neither", "machinery"),
        (f"{H}/2024/11/04/bazar-umkm-sukamaju/feed/", "neither", "machinery"),
        (f"{H}/category/kesehatan/feed/", "neither", "machinery"),
        (f"{H}/wp-login.php", "neither", "machinery"),
        (f"{H}/wp-json/wp/v2/posts", "neither", "machinery"),
        (f"{H}/login", "neither", "machinery"),
        (f"{H}/?s=pelayanan", "neither", "machinery"),
        (f"{H}/search/banjir", "neither", "machinery"),
        (f"{H}/cari?q=banjir", "neither", "machinery"),
        (f"{H}/2024/11/04/bazar/?replytocom=12", "neither", "machinery"),
        # 2. article by a strong shape
        (f"{H}/2024/11/04/bazar-umkm-sukamaju-diikuti-12-pelaku-usaha/", "article", "date-path"),
        (f"{H}/2024/11/04/bazar/", "article", "date-path"),
        (f"{H}/2024/11/judul-berita-besar.html", "article", "date-path"),
        (f"{H}/berita/2024/11/04/walikota-resmikan-pasar", "article", "date-path"),
        ("https://m.beritajakarta.id/read/142433/sudin-perhubungan-tertibkan-parkir", "article", "id-then-slug"),
        ("https://m.beritajakarta.id/en/read/53003/jakarta-barat-water-agency", "article", "id-then-slug"),
        ("https://surabaya.go.id/id/berita/81234/wali-kota-tinjau", "article", "id-then-slug"),
        ("https://news.detik.com/berita/d-7123456/judul-berita", "article", "id-then-slug"),
        (f"{H}/berita/12345-pemkot-salurkan-bantuan-pangan", "article", "id-in-slug"),
        (f"{H}/pemkot-salurkan-bantuan-pangan-123456.html", "article", "id-in-slug"),
        (f"{H}/?p=42", "article", "shortlink"),
        # 3. listing
        (f"{H}/", "listing", "home"),
        (f"{H}/page/2/", "listing", "marker"),
        (f"{H}/category/kesehatan/", "listing", "marker"),
        (f"{H}/category/kesehatan/page/3/", "listing", "marker"),
        (f"{H}/tag/pelayanan-publik/", "listing", "marker"),
        (f"{H}/author/wulan-sari-dewi/", "listing", "marker"),
        (f"{H}/penulis/wulan-sari-dewi-binti-ahmad", "listing", "marker"),
        ("https://jabarprov.go.id/berita/tags/pelayanan-publik", "listing", "marker"),
        ("https://m.beritajakarta.id/kategori/jakarta-hari-ini", "listing", "marker"),
        ("https://m.beritajakarta.id/wilayah/jakarta-pusat", "listing", "marker"),
        (f"{H}/2024/", "listing", "date-archive"),
        (f"{H}/2024/11/", "listing", "date-archive"),
        (f"{H}/2024/11/04/", "listing", "date-archive"),
        ("https://jabarprov.go.id/berita?page=2", "listing", "page-query"),
        ("https://m.beritajakarta.id/berita/terkini?page=2", "listing", "page-query"),
        (f"{H}/arsip-berita?start=20", "listing", "page-query"),
        ("https://jabarprov.go.id/berita", "listing", "news-section"),
        ("https://m.beritajakarta.id/berita/terkini", "listing", "news-section"),
        (f"{H}/news/siaran-pers", "listing", "news-section"),
        # 4. neither: static pages
        (f"{H}/profil/", "neither", "static"),
        (f"{H}/kontak/", "neither", "static"),
        (f"{H}/visi-misi/", "neither", "static"),
        (f"{H}/tentang", "neither", "static"),
        (f"{H}/profil/sejarah/", "neither", "static"),
        (f"{H}/struktur-organisasi", "neither", "static"),
        (f"{H}/ppid/daftar-informasi-publik-setiap-saat/", "neither", "static"),
        (f"{H}/galeri", "neither", "static"),
        (f"{H}/video", "neither", "static"),
        ("https://m.beritajakarta.id/about", "neither", "static"),
        # 5. article by a headline slug
        ("https://jabarprov.go.id/berita/bazar-umkm-kota-banjar-diikuti-803-pelaku-usaha", "article", "headline-slug"),
        (f"{H}/berita/banjir-rob-surut", "article", "headline-slug"),
        (f"{H}/warga-cilimus-baru-tanam-pohon/", "article", "headline-slug"),
        (f"{H}/warga_cilimus_baru_tanam.html", "article", "headline-slug"),
        # 6. listing by default
        ("https://m.beritajakarta.id/latest-news", "listing", "default"),
        ("https://m.beritajakarta.id/infografis", "listing", "default"),
        (f"{H}/layanan-publik/", "listing", "default"),
        (f"{H}/pemkot/pengumuman-lelang", "listing", "default"),
    ],
)  # fmt: skip
def test_classify_with_rule(url, kind, rule):
    assert classify_with_rule(url) == (UrlKind(kind), rule)


@pytest.mark.parametrize(
    ("url", "rule"),
    [
        ("", "scheme"),
        ("not a url", "scheme"),
        ("http://[::1/", "malformed"),
        ("https://contohkota.go.id/%zz/%%", "default"),
    ],
)
def test_classify_junk_without_raising(url, rule):
    assert classify_with_rule(url)[1] == rule


def test_kinds_compare_as_their_names():
    assert classify_url("https://x.go.id/profil/") == "neither"
    assert str(UrlKind.ARTICLE) == "article"

"""The profile-free reader on small hand-written pages in the portals' styles.

Expected values are written from what each page shows; one test per field.
"""

from __future__ import annotations

import pytest

from pipelines.extractors.dom import Document
from pipelines.extractors.errors import NotAnArticle
from pipelines.extractors.reader import ReadArticle, ReadLink, read_article
from pipelines.extractors.reader.bylines import split_names

WORDPRESS_URL = "https://www.diskominfo.contohkab.go.id/2024/12/02/pasar-rakyat-dibuka/?utm_source=x"
WORDPRESS = """<!doctype html><html lang="id"><head>
<title>Pasar Rakyat Dibuka Kembali - Diskominfo Kabupaten Contoh</title>
<link rel="canonical" href="https://diskominfo.contohkab.go.id/2024/12/02/pasar-rakyat-dibuka/">
<meta property="og:type" content="article">
<meta property="og:site_name" content="Diskominfo Kabupaten Contoh">
<meta property="og:title" content="Pasar Rakyat Dibuka Kembali - Diskominfo Kabupaten Contoh">
<meta property="og:image" content="/wp-content/uploads/2024/12/pasar.jpg">
<meta property="article:published_time" content="2024-12-02T07:30:00+00:00">
<meta property="article:section" content="Ekonomi">
<meta property="article:tag" content="pasar">
<meta property="article:tag" content="UMKM">
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
 {"@type": "WebPage", "@id": "https://diskominfo.contohkab.go.id/2024/12/02/pasar-rakyat-dibuka/"},
 {"@type": "Article", "headline": "Pasar Rakyat Dibuka Kembali",
  "datePublished": "2024-12-02T14:30:00+07:00", "dateModified": "2024-12-03T08:00:00+07:00",
  "author": {"@id": "https://diskominfo.contohkab.go.id/#/schema/person/1"},
  "articleSection": ["Ekonomi"], "keywords": ["pasar", "UMKM"]},
 {"@type": "Person", "@id": "https://diskominfo.contohkab.go.id/#/schema/person/1",
  "name": "Rina Wulandari"}]}</script>
</head><body>
<header><a href="/">Diskominfo Kabupaten Contoh</a></header>
<article><h1 class="entry-title">Pasar Rakyat Dibuka Kembali</h1>
<div class="entry-content">
<p>Pemerintah Kabupaten Contoh membuka kembali pasar rakyat di alun-alun kota setelah renovasi
selama enam bulan. Sebanyak 120 pedagang kembali menempati los yang telah diperbaiki.</p>
<p>Bupati meminta pedagang menjaga kebersihan dan ketertiban pasar agar pengunjung nyaman.</p>
</div>
<div class="related"><h3>Berita Terkait</h3><ul>
<li><a href="/2024/11/20/jalan-desa-diperbaiki/">Jalan Desa Diperbaiki Sebelum Musim Hujan</a></li>
<li><a href="https://diskominfo.contohkab.go.id/2024/11/18/posyandu/">Posyandu Keliling Sasar 30 Desa</a></li>
</ul></div></article>
<footer>Hak cipta 2024</footer></body></html>"""

LABELS_URL = "https://kotacontoh.go.id/berita/read/5521/banjir-surut"
LABELS = """<html><head><title>Banjir di Kelurahan Sukamaju Mulai Surut | Portal Kota Contoh</title>
</head><body><div class="top">Portal Kota Contoh</div>
<div class="content"><h1>Banjir di Kelurahan Sukamaju Mulai Surut</h1>
<div class="info"><span>Senin, 2 Desember 2024 14:30 WIB</span>
<span><i class="fa fa-eye"></i> Dibaca 1.234 kali</span></div>
<div class="byline">Penulis: Ani Suryani, Dedi Kurniawan | Editor: Budi Santoso</div>
<p>Genangan air di Kelurahan Sukamaju mulai surut sejak Senin pagi. Petugas Dinas Sumber Daya
Air mengerahkan enam pompa mobile untuk mempercepat penyedotan air ke saluran utama kota.</p>
<p>Warga yang mengungsi di masjid setempat mulai kembali ke rumah untuk membersihkan lumpur.</p>
<p>Baca juga: <a href="/berita/read/5520/pompa-air">Enam Pompa Air Dikerahkan ke Sukamaju</a></p>
<p>Lurah Sukamaju mengimbau warga tetap waspada karena hujan diperkirakan turun lagi malam ini.</p>
<p class="tags">Tag: banjir</p></div>
<div class="sidebar"><h4>Berita Populer</h4><a href="/berita/read/1/x">Berita Lama yang Populer Sekali</a></div>
</body></html>"""

NEXT_URL = "https://www.surabaya.go.id/id/berita/81234/taman-kota-baru"
NEXT = """<html><head><title>Pemerintah Kota Surabaya</title></head><body>
<div id="__next"><div class="news-title">Taman Kota Baru Dibuka untuk Warga</div>
<div>Senin | 2 hari yang lalu</div><div class="news-body"><p>Taman kota baru seluas dua
hektare di kawasan timur resmi dibuka untuk warga.</p></div></div>
<script id="__NEXT_DATA__" type="application/json">{"props": {"pageProps": {"detail": {
 "id": 81234, "title": "Taman Kota Baru Dibuka untuk Warga",
 "content": "<p>Taman kota baru seluas dua hektare di kawasan timur resmi dibuka untuk warga.</p><p>Taman dilengkapi jalur pejalan kaki, area bermain anak dan lampu tenaga surya yang menyala sepanjang malam sehingga warga dapat berolahraga dengan aman.</p>",
 "created_at": "2024-12-02 09:15:00", "viewed_count": 4321,
 "feature_image": "/storage/taman.jpg",
 "category": [{"name": "Pembangunan"}], "tag": [{"name": "taman"}, {"name": "ruang terbuka"}]}},
 "page": "/id/berita/[id]/[slug]"}}</script></body></html>"""

JABAR_URL = "https://jabarprov.go.id/berita/jembatan-baru"
JABAR = """<html><head><title>Jembatan Baru Hubungkan Dua Desa</title>
<meta name="og:title" content="Jembatan Baru Hubungkan Dua Desa">
<meta name="og:url" content="https://jabarprov.go.id/berita/jembatan-baru"></head><body>
<nav><a href="/">Beranda</a></nav>
<h1>Jembatan Baru Hubungkan Dua Desa</h1>
<p>Kamis, 5 Desember 2024 10:05 WITA</p>
<div><span>Penulis:</span> <span>Siti Aminah</span></div>
<div><span>Peliput:</span> <span>Joko Prasetyo</span></div>
<div><strong>2.019 kali</strong><div>Berita ini dilihat</div></div>
<div class="article__body"><p>Jembatan gantung sepanjang 80 meter kini menghubungkan dua desa
yang sebelumnya terpisah sungai. Anak sekolah tidak lagi harus memutar sejauh tujuh kilometer.</p>
<p>Pembangunan jembatan dibiayai bantuan keuangan provinsi dan dikerjakan selama empat bulan.</p></div>
<p><strong>Editor: </strong> Rahmat Hidayat</p></body></html>"""

# a labels-only WordPress theme: the article's own <header> holds one long meta line
# (byline, editor, date with time and zone, eye icon + "Dibaca N kali"); term links
# carry rel="category tag" / rel="tag"; the sidebar's tag cloud is page chrome
META_LINE_URL = "https://kotacontoh.go.id/2024/11/04/lomba-sains/"
META_LINE = """<html lang="id"><head><title>Lomba Sains Pelajar Digelar di Balai Kota - Kota Contoh</title></head>
<body><header class="site-header"><p>Kota Contoh</p><p>Selasa, 5 November 2024 08:00 WIB</p>
<nav><a href="/">Beranda</a></nav></header>
<main><article><header class="entry-header">
<div><a href="/category/pendidikan/" rel="category tag">Pendidikan</a></div>
<h1 class="entry-title">Lomba Sains Pelajar Digelar di Balai Kota</h1>
<div class="entry-meta"><span>Penulis: <a href="/author/a/" rel="author">Nurul Azizah</a>,
<a href="/author/b/" rel="author">Galih Pambudi</a>, <a href="/author/c/" rel="author">Yohanes
Kristianto</a> | Editor: Lilis Suryani</span>
<span><i class="fa fa-calendar"></i> Senin, 4 November 2024 15:02 WITA</span>
<span><i class="fa fa-eye"></i> Dibaca 21.308 kali</span></div></header>
<div class="entry-content"><p>Sebanyak 160 pelajar dari sekolah di kawasan Sindangsari mengikuti
lomba sains yang digelar Dinas Pendidikan Kota Contoh di balai kota pada Senin pagi.</p>
<p>Pemenang akan mewakili daerah pada tingkat provinsi, kata kepala dinas kepada wartawan.
Lomba diikuti siswa sekolah dasar dan menengah pertama dari seluruh kecamatan di kota ini.</p>
</div><footer class="entry-footer">Kategori: <a href="/category/pendidikan/" rel="category tag"
>Pendidikan</a> Tag: <a href="/tag/sekolah/" rel="tag">Sekolah</a>, <a href="/tag/apbd/"
rel="tag">APBD</a></footer></article></main>
<aside><h2>Tag</h2><a href="/tag/banjir/" rel="tag">Banjir</a></aside></body></html>"""

# the same layout with a numeric date right after the editor's name and an eye
# icon before "N views" on the long meta line
NUMERIC_META_URL = "https://kotacontoh.go.id/2024/11/04/pelatihan-umkm/"
NUMERIC_META = """<html lang="id"><head><title>Pelatihan UMKM Dibuka untuk Warga Kelurahan - Kota Contoh</title></head>
<body><article><header><h1>Pelatihan UMKM Dibuka untuk Warga Kelurahan</h1>
<div>Penulis: Teguh Santoso, Rahmawati Kusumaningrum | Editor: Heru Prabowo 04/11/2024
<i class="fa fa-eye"></i> 1.913 views</div></header>
<p>Dinas Koperasi dan UMKM Kota Contoh membuka pelatihan pemasaran daring bagi pelaku usaha
kecil di setiap kelurahan mulai pekan depan, dengan kuota tiga puluh peserta per kelas.</p>
<p>Pendaftaran dibuka di kantor kelurahan masing-masing hingga akhir bulan ini. Peserta
membawa fotokopi KTP dan surat keterangan usaha dari kelurahan tempat usahanya berada.</p>
</article></body></html>"""

# a German blog: the date line above the headline writes its day with a dot
DOTTED_DAY_URL = "https://beispiel.blogspot.com/2017/09/rezension.html"
DOTTED_DAY = """<html lang="de"><head><title>Rezension: Sehnsucht</title></head><body>
<div class="post"><h2 class="date-header">Samstag, 9. September 2017</h2>
<h3 class="post-title">Rezension: Sehnsucht</h3>
<p>Erscheinungsdatum: 14.08.2017</p>
<p>Der zweite Band der Reihe erzählt die Geschichte weiter, die im ersten Band begann, und
führt die beiden Hauptfiguren nach vielen Umwegen endlich wieder zusammen. Die Autorin schreibt
gewohnt flüssig und mit viel Gefühl für die leisen Töne zwischen den Zeilen ihrer Figuren.</p>
</div></body></html>"""

PROFILE = """<html><head><title>Profil Kota | Portal Kota Contoh</title></head><body>
<h1>Profil Kota</h1><p>Kota Contoh terletak di pesisir utara dengan luas 120 kilometer persegi
dan penduduk sekitar 800 ribu jiwa. Kota ini terbagi atas 10 kecamatan dan 50 kelurahan yang
dipimpin oleh seorang wali kota dan wakil wali kota yang dipilih langsung oleh rakyat setiap lima
tahun sekali. Visi kota adalah menjadi kota pesisir yang maju, sejahtera dan berkelanjutan.</p>
</body></html>"""

LISTING = """<html><head><title>Berita - Portal Kota Contoh</title>
<script type="application/ld+json">{"@type": "CollectionPage", "name": "Berita"}</script>
</head><body><h1>Berita</h1><ul>
<li><a href="/berita/read/3/a">Wali Kota Resmikan Taman Baru di Pusat Kota</a> 02-12-2024</li>
<li><a href="/berita/read/2/b">Pasar Murah Digelar di Sepuluh Kecamatan Pekan Ini</a> 01-12-2024</li>
</ul></body></html>"""

EMPTY = "<html><head></head><body><div></div></body></html>"

PAGES = {
    "wordpress": (WORDPRESS, WORDPRESS_URL),
    "labels": (LABELS, LABELS_URL),
    "next": (NEXT, NEXT_URL),
    "jabar": (JABAR, JABAR_URL),
    "meta-line": (META_LINE, META_LINE_URL),
    "numeric-meta": (NUMERIC_META, NUMERIC_META_URL),
    "dotted-day": (DOTTED_DAY, DOTTED_DAY_URL),
}

EXPECTED = [
    ("wordpress", "title", "Pasar Rakyat Dibuka Kembali"),
    ("wordpress", "published_at", "2024-12-02T14:30:00+07:00"),
    ("wordpress", "modified_at", "2024-12-03T08:00:00+07:00"),
    ("wordpress", "authors", ["Rina Wulandari"]),
    ("wordpress", "reporter", "Rina Wulandari"),
    ("wordpress", "editor", None),
    ("wordpress", "category", "Ekonomi"),
    ("wordpress", "tags", ["pasar", "UMKM"]),
    ("wordpress", "site", "diskominfo.contohkab.go.id"),
    (
        "wordpress",
        "canonical_url",
        "https://diskominfo.contohkab.go.id/2024/12/02/pasar-rakyat-dibuka/",
    ),
    (
        "wordpress",
        "image_url",
        "https://www.diskominfo.contohkab.go.id/wp-content/uploads/2024/12/pasar.jpg",
    ),
    (
        "wordpress",
        "related",
        [
            ReadLink(
                "https://www.diskominfo.contohkab.go.id/2024/11/20/jalan-desa-diperbaiki/",
                "Jalan Desa Diperbaiki Sebelum Musim Hujan",
            ),
            ReadLink(
                "https://diskominfo.contohkab.go.id/2024/11/18/posyandu/",
                "Posyandu Keliling Sasar 30 Desa",
            ),
        ],
    ),
    ("wordpress", "views", None),
    ("labels", "title", "Banjir di Kelurahan Sukamaju Mulai Surut"),
    ("labels", "published_at", "2024-12-02T14:30:00+07:00"),
    ("labels", "authors", ["Ani Suryani", "Dedi Kurniawan"]),
    ("labels", "reporter", "Ani Suryani, Dedi Kurniawan"),
    ("labels", "editor", "Budi Santoso"),
    ("labels", "views", 1234),
    ("labels", "site", "kotacontoh.go.id"),
    ("labels", "canonical_url", LABELS_URL),
    (
        "labels",
        "related",
        [
            ReadLink(
                "https://kotacontoh.go.id/berita/read/5520/pompa-air",
                "Enam Pompa Air Dikerahkan ke Sukamaju",
            )
        ],
    ),
    ("next", "title", "Taman Kota Baru Dibuka untuk Warga"),
    ("next", "published_at", "2024-12-02T09:15:00+07:00"),
    ("next", "views", 4321),
    ("next", "category", "Pembangunan"),
    ("next", "tags", ["taman", "ruang terbuka"]),
    ("next", "image_url", "https://www.surabaya.go.id/storage/taman.jpg"),
    ("next", "authors", []),
    ("next", "site", "surabaya.go.id"),
    ("jabar", "title", "Jembatan Baru Hubungkan Dua Desa"),
    ("jabar", "published_at", "2024-12-05T10:05:00+08:00"),
    ("jabar", "authors", ["Siti Aminah", "Joko Prasetyo"]),
    ("jabar", "editor", "Rahmat Hidayat"),
    ("jabar", "views", 2019),
    ("jabar", "canonical_url", "https://jabarprov.go.id/berita/jembatan-baru"),
    # the article's own <header> is not page chrome; a long meta line's date
    # keeps its time and zone (WITA = +08:00), not the page header's date
    ("meta-line", "published_at", "2024-11-04T15:02:00+08:00"),
    # the byline ends where the editor label starts; the editor where the date does
    ("meta-line", "authors", ["Nurul Azizah", "Galih Pambudi", "Yohanes Kristianto"]),
    ("meta-line", "editor", "Lilis Suryani"),
    # "Dibaca N kali" on a line too long for the looser forms
    ("meta-line", "views", 21308),
    # rel="category tag" names the category, rel="tag" the tags (not the sidebar's)
    ("meta-line", "category", "Pendidikan"),
    ("meta-line", "tags", ["Sekolah", "APBD"]),
    # a numeric date after the editor's name ends the name
    ("numeric-meta", "editor", "Heru Prabowo"),
    ("numeric-meta", "authors", ["Teguh Santoso", "Rahmawati Kusumaningrum"]),
    ("numeric-meta", "published_at", "2024-11-04"),
    # the text after an eye icon: "N views"
    ("numeric-meta", "views", 1913),
    ("numeric-meta", "category", None),
    ("numeric-meta", "tags", []),
    # "9. September 2017": a day written with a dot is a date line
    ("dotted-day", "published_at", "2017-09-09"),
]


@pytest.fixture(scope="module")
def articles() -> dict[str, ReadArticle]:
    return {
        name: read_article(Document(html), url) for name, (html, url) in PAGES.items()
    }


@pytest.mark.parametrize(
    ("page", "field", "expected"),
    EXPECTED,
    ids=[f"{page}:{field}" for page, field, _ in EXPECTED],
)
def test_field(
    articles: dict[str, ReadArticle], page: str, field: str, expected: object
) -> None:
    assert getattr(articles[page], field) == expected


@pytest.mark.parametrize(
    ("page", "contains"),
    [
        ("wordpress", "Sebanyak 120 pedagang kembali menempati los"),
        ("labels", "mengerahkan enam pompa mobile"),
        ("next", "lampu tenaga surya yang menyala sepanjang malam"),
        ("jabar", "Jembatan gantung sepanjang 80 meter"),
    ],
)
def test_body_contains(
    articles: dict[str, ReadArticle], page: str, contains: str
) -> None:
    assert contains in (articles[page].body or "")


def test_body_leaves_out_the_footer(articles: dict[str, ReadArticle]) -> None:
    assert "Hak cipta" not in (articles["wordpress"].body or "")


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        (PROFILE, "no date near the headline"),
        (LISTING, "declared a CollectionPage, not an article"),
        (EMPTY, "no headline and no body"),
    ],
    ids=["static-profile", "listing", "empty"],
)
def test_not_an_article(html: str, reason: str) -> None:
    with pytest.raises(NotAnArticle, match=reason):
        read_article(Document(html), "https://kotacontoh.go.id/profil")


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("Agung Wibisono 04/11/2024", ["Agung Wibisono"]),  # a numeric date ends it
        ("Galih Pambudi Dibaca 1.913 kali", ["Galih Pambudi"]),  # so does a count
        ("Zuletzt geändert am: 15.10.2021", []),  # a label whose value was cut off
    ],
)
def test_split_names(value: str, names: list[str]) -> None:
    assert split_names(value) == names

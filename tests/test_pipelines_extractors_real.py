"""The real saved pages (``../shared/pages/beritajakarta``) against reference §9.

One test per (page, field). The pages are read in place, never copied; the
whole module is skipped when that folder is absent. Expected values are
typed from ``../shared/reference/beritajakarta.md`` §9.
"""

from __future__ import annotations

import html as html_lib
from pathlib import Path
from typing import Any

import pytest

from crawler.items import Article
from pipelines.extract_command import decode_html
from pipelines.extractors import NotAnArticle, article_to_dict, extract_article
from pipelines.extractors.blocks import Block
from pipelines.extractors.sites.beritajakarta_www import (
    parse_credit_line,
    parse_date_views,
    parse_meta_line,
    read_section,
)

SHARED = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "pages" / "beritajakarta"
)
pytestmark = pytest.mark.skipif(
    not SHARED.is_dir(),
    reason=f"real Berita Jakarta pages not available at {SHARED} (shared folder absent)",
)

M = "https://m.beritajakarta.id/read/"
IMG = "https://multimedia.beritajakarta.id/photo/2014_508c75c8507a2ae5223dfd2faeb98122/"


def _popular(first_views: int, last_views: int) -> list[dict[str, Any]]:
    """§9.4: the site-wide popular block (two view counts differ by capture)."""
    return [
        {"url": M + "155970/petugas-berhasil-evakuasi-jenazah-di-kali-ciliwung",
         "title": "Petugas Berhasil Evakuasi Jenazah di Kali Ciliwung",
         "published_at": "2026-10-08", "views": first_views, "reporter": "Nurito"},
        {"url": M + "155914/sudin-kesehatan-jakpus-sidak-dua-klinik-kecantikan-diduga-ilegal",
         "title": "Sudin Kesehatan Jakpus Sidak Dua Klinik Kecantikan Diduga Ilegal",
         "published_at": "2026-10-06", "views": 1455, "reporter": "Folmer"},
        {"url": M + "155859/inflasi-jakarta-013-persen-daging-ayam-cabai-dan-beras-jadi-penyumbang-utama",
         "title": "Inflasi Jakarta 0,13 Persen, Daging Ayam, Cabai, dan Beras Jadi Penyumbang Utama",
         "published_at": "2026-10-03", "views": 1194, "reporter": "Fakhrizal Fakhri"},
        {"url": M + "155863/yuk-kunjungi-festival-palang-pintu-xvii-di-jalan-kemang-raya",
         "title": "Yuk Kunjungi Festival Palang Pintu XVII di Jalan Kemang Raya",
         "published_at": "2026-10-03", "views": 1074, "reporter": "Tiyo Surya Sakti"},
        {"url": M + "155967/rencana-pengadaan-tanah-pembangunan-mrt-segmen-thamrin-kwitang-terus-disosialisasikan",
         "title": "Rencana Pengadaan Tanah Pembangunan MRT Segmen Thamrin-Kwitang Terus Disosialisasikan",
         "published_at": "2026-10-08", "views": last_views, "reporter": "Aldi Geri Lumban Tobing"},
    ]  # fmt: skip


EXPECTED: dict[str, dict[str, Any]] = {
    "m-read-142433": {
        "url": M + "142433/pelanggan-transjakarta-tembus-371-juta-di-2024",
        "site": "beritajakarta",
        "site_article_id": "142433",
        "language": "id",
        "title": "Pelanggan Transjakarta Tembus 371 Juta di 2024",
        "published_at": "2025-02-06T14:50:00+07:00",
        "reporter": "Aldi Geri Lumban Tobing",
        "editor": "Erikyanri Maulana",
        "translator": None,
        "views": 2619,
        "category": "Transportasi",
        "image_url": IMG + "7eb041ac1c4f64a5ce4170a46d63c437.jpg",
        "image_caption": "Pelanggan Transjakarta Tembus 371 Juta di 2024, Subsidi Per Penumpang Semakin Efisien",
        "photo_credit": "Andri Widiyanto",
        "pull_quote": '"ini adalah capaian tertinggi,"',
        "read_also": [{"url": M + "142430/ini-upaya-transjakarta-perkuat-sterilisasi-jalur-busway",
                       "title": "Ini Upaya Transjakarta Perkuat Sterilisasi Jalur Busway"}],
        "related": [
            {"url": M + "142364/transjakarta-tambah-pemberhentian-baru-rute-pulogebang-pulogadung-via-pik",
             "title": "Transjakarta Tambah Pemberhentian Baru Rute Pulogebang-Pulogadung via PIK",
             "published_at": "2025-02-04T10:36:00+07:00", "views": 2060,
             "reporter": "Aldi Geri Lumban Tobing"},
            {"url": M + "142277/transjakarta-modifikasi-jalur-di-sekitar-manggarai",
             "title": "Transjakarta Modifikasi Jalur di Sekitar Manggarai",
             "published_at": "2025-01-30T11:58:00+07:00", "views": 3562,
             "reporter": "Aldi Geri Lumban Tobing"},
        ],
        "popular": _popular(5815, 876),
        "extraction_warnings": [],
    },
    "m-read-95243": {
        "url": M + "95243/pendataan-kjp-plus-tahap-i-tahun-2022-dimulai",
        "site": "beritajakarta",
        "site_article_id": "95243",
        "language": "id",
        "title": "Pendataan KJP Plus Tahap I Tahun 2022 Dimulai",
        "published_at": "2022-02-14T11:49:00+07:00",
        "reporter": "Aldi Geri Lumban Tobing",
        "editor": "Andry",
        "translator": None,
        "views": 5573,
        "category": "Pendidikan",
        "image_url": IMG + "690f430e33eda3a957aa6c6b71d6ca89.jpg",
        "image_caption": "Pendataan KJP Plus Tahap I Tahun 2022 Dimulai",
        "photo_credit": "Istimewa",
        "pull_quote": "Data DTKS yang kami terima pasti akan diproses",
        "read_also": [{"url": M + "93699/dinas-pendidikan-percepat-pencairan-kjp-plus-tahap-ii",
                       "title": "Dinas Pendidikan Percepat Pencairan KJP Plus Tahap II"}],
        "related": [
            {"url": M + "92126/horeedana-kjp-plus-tahap-pertama-sudah-cair",
             "title": "Horee...Dana KJP Plus Tahap Pertama Sudah Cair",
             "published_at": "2021-09-14T18:54:00+07:00", "views": 5249, "reporter": "Nurito"},
            {"url": M + "92562/dinsos-lakukan-pemutakhiran-dtks-untuk-kjp-plus-tahap-dua",
             "title": "Dinsos Lakukan Pemutakhiran DTKS untuk KJP Plus Tahap Dua",
             "published_at": "2021-10-05T11:20:00+07:00", "views": 3913,
             "reporter": "Aldi Geri Lumban Tobing"},
        ],
        "popular": _popular(5819, 877),
        "extraction_warnings": [],
    },
    "m-read-19952": {
        "url": M + "19952/rehab-total-4-puskesmas-kelurahan-dikebut",
        "site": "beritajakarta",
        "site_article_id": "19952",
        "language": "id",
        "title": "Rehab Total 4 Puskesmas Kelurahan Dikebut",
        "published_at": "2015-11-10T20:49:00+07:00",
        "reporter": "Nurito",
        "editor": "Widodo Bogiarto",
        "translator": None,
        "views": 3569,
        "category": "Pembangunan",
        "image_url": IMG + "fbe53a255256ac550e9077503361b0fd.jpg",
        "image_caption": "Rehab Total 4 Puskesmas Kelurahan Dikebut",
        "photo_credit": "Nurito",
        "pull_quote": "Kondisi empat puskesmas sudah sangat tidak layak",
        "read_also": [{"url": M + "19672/rehab-30-gedung-sekolah-dki-alokasikan-dana-rp-29313-m",
                       "title": "Rehab 30 Gedung Sekolah, DKI Alokasikan Dana Rp 29,313 M"}],
        "related": [
            {"url": M + "19611/gedung-sdn-makasar-08-dan-09-direhab",
             "title": "Gedung SDN Makasar 08 dan 09 Direhab",
             "published_at": "2015-11-05T21:46:00+07:00", "views": 7591, "reporter": "Nurito"},
            {"url": M + "17518/rehab-puskesmas-tanjung-priok-rampung-desember",
             "title": "Rehab Puskesmas Tanjung Priok Rampung Desember",
             "published_at": "2015-10-05T19:38:00+07:00", "views": 4912,
             "reporter": "TP Moan Simanjuntak"},
        ],
        "popular": _popular(5819, 877),
        "extraction_warnings": [],
    },
}  # fmt: skip

BODY: dict[str, dict[str, Any]] = {
    "m-read-142433": {
        "paragraphs": 9,
        "first": "PT Transjakarta mencatat lonjakan jumlah pelanggan yang signifikan sepanjang tahun 2024, serta berhasil meningkatkan efisiensi penggunaan subsidi.",
        "last": "“PT Transjakarta akan terus berupaya meningkatkan efisiensi dan kualitas layanan agar semakin banyak masyarakat beralih ke transportasi umum,” tandasnya.",
        "contains": ["“Kalau kita lihat dari beberapa tahun terakhir, ini adalah capaian tertinggi kita.",
                     "Rp3,6 – Rp3,7 triliun"],
        "excludes": ['"ini adalah capaian tertinggi,"', "Ini Upaya Transjakarta Perkuat"],
    },
    "m-read-95243": {
        "paragraphs": 16,
        "first": "Pemerintah Provinsi (Pemprov) DKI Jakarta melalui Dinas Pendidikan (Disdik) mulai membuka pendataan Kartu Jakarta Pintar (KJP) Plus Tahap I Tahun 2022.",
        "last": "Informasi lebih lanjut dapat menghubungi P4OP Disdik DKI Jakarta pada nomor telepon 021-857-1012 atau kunjungi website kjp.jakarta.go.id.",
        "paragraph_8": "Berikut mekanisme dan timeline pendataan KJP Plus Tahap I Tahun 2022:",
        "contains": ["Waluyo Hadi mengatakan, peserta didik"],
        "excludes": ["\u00a0", "Data DTKS yang kami terima pasti akan diproses\n",
                     "Dinas Pendidikan Percepat Pencairan"],
    },
    "m-read-19952": {
        "paragraphs": 4,
        "first": "Proses rehab total empat puskesmas kelurahan di Jakarta Timur terus dikebut. Saat ini proses pembangunannya baru berjalan sekitar 50 persen. Ditargetkan pada pertengahan Desember mendatang pembangunannya sudah selesai.",
        "last_starts": "Untuk mengecek perkembangan di lapangan,",
        "last_ends": "sehingga selesai tepat waktu.",
        "paragraph_3_contains": "dibangun sekitar tahun 1980 an sehingga banyak yang rusak",
        "contains": [],
        "excludes": ["Rehab 30 Gedung Sekolah", "Kondisi empat puskesmas sudah sangat tidak layak\n"],
    },
}  # fmt: skip


@pytest.fixture(scope="module")
def real() -> dict[str, Article]:
    """The three real mobile articles, decoded as production does, extracted once."""
    pages = {}
    for name, expected in EXPECTED.items():
        html = decode_html((SHARED / f"{name}.html").read_bytes())
        pages[name] = extract_article(html, expected["url"])
    return pages


@pytest.mark.parametrize(
    ("name", "field"),
    [pytest.param(n, f, id=f"{n}:{f}") for n, e in EXPECTED.items() for f in e],
)
def test_real_field(real: dict[str, Article], name: str, field: str) -> None:
    assert article_to_dict(real[name])[field] == EXPECTED[name][field]


def _body_checks() -> list[Any]:
    params = []
    for name, spec in BODY.items():
        for key, value in spec.items():
            if isinstance(value, list):
                for index, text in enumerate(value):
                    params.append(
                        pytest.param(name, key, text, id=f"{name}:body_{key}[{index}]")
                    )
            else:
                params.append(pytest.param(name, key, value, id=f"{name}:body_{key}"))
    return params


@pytest.mark.parametrize(("name", "check", "value"), _body_checks())
def test_real_body(real: dict[str, Article], name: str, check: str, value: Any) -> None:
    body = real[name].body or ""
    paragraphs = body.split("\n\n")
    if check == "paragraphs":
        assert len(paragraphs) == value
    elif check == "first":
        assert paragraphs[0] == value
    elif check == "last":
        assert paragraphs[-1] == value
    elif check == "last_starts":
        assert paragraphs[-1].startswith(value)
    elif check == "last_ends":
        assert paragraphs[-1].endswith(value)
    elif check == "paragraph_8":
        assert paragraphs[7] == value
    elif check == "paragraph_3_contains":
        assert value in paragraphs[2]
    elif check == "contains":
        assert value in body
    else:
        assert value not in body


def test_real_mirror_url_gives_canonical(real: dict[str, Article]) -> None:
    """Fetched from a mirror with a share hash: the canonical link still wins."""
    html = decode_html((SHARED / "m-read-142433.html").read_bytes())
    article = extract_article(html, "http://127.0.0.1:8123/read/142433/x#.Wg4DvtR95kg")
    assert article.url == EXPECTED["m-read-142433"]["url"]


def test_info_pangan_is_not_an_article() -> None:
    html = decode_html((SHARED / "m-info-pangan.html").read_bytes())
    with pytest.raises(NotAnArticle, match="not an article URL"):
        extract_article(html, "https://m.beritajakarta.id/info-pangan")


def test_info_pangan_with_an_article_url_is_not_an_article() -> None:
    """Even when fetched from an article-looking URL, its markup is no article."""
    html = decode_html((SHARED / "m-info-pangan.html").read_bytes())
    with pytest.raises(NotAnArticle, match="no article content"):
        extract_article(html, "https://m.beritajakarta.id/read/1/info")


# ---------------------------------------------------------------------------
# The desktop seed page: text only (§6.1, §9.5)

SEED_URL = "https://www.beritajakarta.id/read/131329/pemkot-jakpus-sosialisasikan-peraturan-kampanye-pemilu-2024"
SEED_RELATED = [
    ("2.090 Logistik Pemilu Didistribusikan di Jakpus", "2023-11-02", 7135),
    ("57 ASN Pemkot Jakpus Disosialisasikan Netralitas Pemilu", "2023-11-02", 7893),
    (
        "Dinas Dukcapil DKI Raih Penghargaan Layanan Prima di Rakornas",
        "2023-10-26",
        7498,
    ),
]
SEED_POPULAR = [
    ("Kebakaran di Pondok Pinang Diduga Dipicu Korsleting", "2025-11-02", 1153),
    (
        "Ketua DPRD Dukung Relaksasi Pajak untuk Jaga Daya Beli Warga",
        "2025-11-02",
        1045,
    ),
    (
        "Pramono Minta Transjakarta Tingkatkan Layanan Sistem Pembayaran",
        "2025-10-30",
        1540,
    ),
    (
        "Waspada, Hujan Deras Berpotensi Guyur Jakarta Pagi dan Siang Hari",
        "2025-11-02",
        834,
    ),
    ("Pramono Bakal Tinjau Tanggul Baswedan Besok", "2025-11-03", 486),
]
SEED_ALTS = [
    "Ribuan Logistik Pemilu 2024 Tiba di Jakarta Pusat",
    "BKD Provinsi DKI Jakarta Gelar Sosialisasi SKB Pada ASN Wali Kota Jakarta PusaT",
    "Dinas Dukcapil DKI Raih Penghargaan Layanan Prima di Rakornas",
    "Petugas memadamkan kebakaran rumah di Pondok Pinang",
    "Ketua DPRD Dukung Relaksasi Pajak untuk Jaga Daya Beli Warga",
    "Seorang penumpang melakukan tap in di Halte Transjakarta Rawamangun",
    "Sejumlah kendaraan melintas saat cuaca hujan di pagi hari",
    "Pramono memberikan keterangan pers setelah pembukaan Job Fair Disabilitas 2025",
]
SEED_IMAGE = "https://multimedia.beritajakarta.id/photo/seed/131329.jpg"


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    """The rendering's non-empty lines (line 1 is a header, line 2 empty)."""
    text = (SHARED / "www-seed-article.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines()[2:] if line.strip()]


def test_seed_meta_line(seed_lines: list[str]) -> None:
    meta = parse_meta_line(seed_lines[1])
    assert meta is not None
    assert (
        meta.published_at,
        meta.reporter,
        meta.editor,
        meta.translator,
        meta.views,
    ) == (
        "2023-11-07",
        "Wuri Setyaningsih",
        "Andry",
        None,
        6475,
    )


def test_seed_headline_and_alt_are_not_meta_lines(seed_lines: list[str]) -> None:
    assert parse_meta_line(seed_lines[0]) is None
    assert parse_meta_line(seed_lines[2]) is None


def test_seed_photo_credit(seed_lines: list[str]) -> None:
    assert parse_credit_line(seed_lines[3]) == "Wuri Setyaningsih"
    assert parse_credit_line(seed_lines[4]) is None  # the lead paragraph


def test_seed_date_views_lines(seed_lines: list[str]) -> None:
    found = [parse_date_views(line) for line in seed_lines]
    pairs = [pair for pair in found if pair is not None]
    expected = [(date, views) for _, date, views in SEED_RELATED + SEED_POPULAR]
    assert pairs == expected


def test_seed_sections_from_lines(seed_lines: list[str]) -> None:
    """The line-level section reader on the text alone (no links: no URLs)."""
    start = seed_lines.index("BERITA TERKAIT")
    middle = seed_lines.index("BERITA POPULER")
    end = seed_lines.index("Bagikan ke :")
    alts = set(SEED_ALTS)

    def blocks(lines: list[str]) -> list[Block]:
        return [
            Block(
                line.strip(), "img" if line.strip() in alts and index % 3 == 0 else "p"
            )
            for index, line in enumerate(lines)
        ]

    related = read_section(blocks(seed_lines[start + 1 : middle]))
    popular = read_section(blocks(seed_lines[middle + 1 : end]))
    assert [(i.title, i.published_at, i.views) for i in related] == SEED_RELATED
    assert [(i.title, i.published_at, i.views) for i in popular] == SEED_POPULAR


def _seed_html(lines: list[str]) -> str:
    """An HTML page built from the seed's lines, in their order: h1 for the
    headline, an img for each image-alt line, h2 for section headings, a linked
    h3 for related/popular titles (placeholder ids), <p> for everything else."""
    esc = html_lib.escape
    out = [
        "<!doctype html><html lang='id'><head><title>Berita Jakarta</title></head><body>"
    ]
    section_line = -1
    credit_at = next(i for i, line in enumerate(lines) if line.startswith("(Foto:"))
    for index, line in enumerate(lines):
        if index == 0:
            out.append(f"<h1>{esc(line)}</h1>")
        elif index == credit_at - 1:
            out.append(f'<img src="{SEED_IMAGE}" alt="{esc(line)}">')
        elif line.strip() in ("BERITA TERKAIT", "BERITA POPULER"):
            out.append(f"<h2>{esc(line)}</h2>")
            section_line = 0
        elif line.startswith("Bagikan"):
            section_line = -1
            out.append(f"<div>{esc(line)}</div>")
        elif section_line >= 0:
            kind = section_line % 3
            section_line += 1
            if kind == 0:
                out.append(f'<img src="/thumb/{index}.jpg" alt="{esc(line)}">')
            elif kind == 1:
                out.append(
                    f'<h3><a href="/read/{900000 + index}/item-{index}">{esc(line)}</a></h3>'
                )
            else:
                out.append(f"<p>{esc(line)}</p>")
        else:
            out.append(f"<p>{esc(line)}</p>")
    out.append("</body></html>")
    return "\n".join(out)


@pytest.fixture(scope="module")
def seed_article(seed_lines: list[str]) -> Article:
    return extract_article(_seed_html(seed_lines), SEED_URL)


SEED_EXPECTED: dict[str, Any] = {
    "url": "https://m.beritajakarta.id/read/131329/pemkot-jakpus-sosialisasikan-peraturan-kampanye-pemilu-2024",
    "site_article_id": "131329",
    "language": "id",
    "title": "Pemkot Jakpus Sosialisasikan Peraturan Kampanye Pemilu 2024",
    "published_at": "2023-11-07",
    "reporter": "Wuri Setyaningsih",
    "editor": "Andry",
    "translator": None,
    "views": 6475,
    "category": None,
    "image_url": SEED_IMAGE,
    "image_caption": "Pemkot Jakpus Gelar Rakor dan Sosialisasi Peraturan Kampanye Pemilu 2024",
    "photo_credit": "Wuri Setyaningsih",
    "pull_quote": "Semoga upaya ini membuat Pemilu di masa kampanye aman dan lancar",
    "read_also": [],
    "extraction_warnings": [],
}  # fmt: skip


@pytest.mark.parametrize("field", list(SEED_EXPECTED), ids=lambda f: f"www-seed:{f}")
def test_seed_field(seed_article: Article, field: str) -> None:
    assert article_to_dict(seed_article)[field] == SEED_EXPECTED[field]


@pytest.mark.parametrize(
    ("field", "expected"),
    [("related", SEED_RELATED), ("popular", SEED_POPULAR)],
    ids=["www-seed:related", "www-seed:popular"],
)
def test_seed_lists(seed_article: Article, field: str, expected: list[Any]) -> None:
    links = getattr(seed_article, field)
    assert [(link.title, link.published_at, link.views) for link in links] == expected
    assert all(link.url.startswith(M) and link.reporter is None for link in links)


def test_seed_body(seed_article: Article) -> None:
    paragraphs = (seed_article.body or "").split("\n\n")
    assert len(paragraphs) == 9
    assert paragraphs[0] == (
        "Pemerintah Kota (Pemkot) Jakarta Pusat menggelar rapat koordinasi (rakor) "
        "sekaligus sosialisasi Peraturan Kampanye Pemilihan Umum (Pemilu) 2024 yang "
        "diikuti 200 peserta di kantor wali kota setempat."
    )
    assert paragraphs[-1] == (
        '“Semoga upaya ini membuat Pemilu di masa kampanye aman dan lancar," tandasnya.'
    )


def test_seed_body_keeps_site_typos(seed_article: Article) -> None:
    body = seed_article.body or ""
    assert "sosialisasi ini jug diperlukan" in body
    assert body.count("Senentara itu") == 1
    assert "Ia berharap, dengan sosialisasi ini" in body  # double space collapsed

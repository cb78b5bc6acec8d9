"""Deterministic synthetic articles for the archive benchmark.

Words follow a Zipf distribution over a 20 000-word vocabulary: Indonesian
function words take the top ranks, common newsroom words the next ones, and
topical words (what people search for) sit where they occur in about 1-12 % of
the articles, as topics do in a city news archive.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from typing import Any

SITE = "beritajakarta"
ORIGIN = "https://m.beritajakarta.id"


def _words(text: str) -> list[str]:
    return text.split()


# Function words take the top Zipf ranks, common newsroom words the next ones;
# topical words (what people search for) sit at ranks 300-3000, i.e. in about
# 1-12 % of the articles, as topics do in a city news archive.
_STOP_WORDS = _words("""
yang dan di ini itu dengan untuk dari dalam akan pada tidak juga ke karena oleh
sudah bisa ada telah
""")
_COMMON_WORDS = _words("""
kami para warga jakarta kota provinsi dki pemerintah dinas kepala wilayah
kegiatan program layanan masyarakat tahun hari bulan minggu pihak menurut
mengatakan menjelaskan sebanyak lebih masih agar serta setiap secara
""")
_TOPICAL_WORDS = _words("""
pelaksanaan pembangunan kelurahan kecamatan suku utara selatan barat timur pusat
kepulauan seribu gubernur wali camat lurah petugas satpol pp damkar puskesmas
rumah sakit sekolah siswa guru pasar pedagang jalan banjir genangan pompa sungai
sampah bank kebersihan transjakarta mrt lrt halte penumpang angkutan umum
vaksinasi kesehatan posyandu balita stunting pangan harga beras cabai bawang
anggaran apbd bantuan sosial kjp lansia disabilitas taman ruang terbuka hijau
pohon penghijauan polusi udara emisi uji kendaraan parkir trotoar jembatan
rusun hunian pemukiman kebakaran gedung izin usaha umkm pelatihan kerja
""")
TOPICAL_RANKS = (300, 3000)
_SYLLABLES = _words(
    "ba be bi bo bu da de di do du ga ge gi go gu ha ka ke ki ko ku la le li lo lu "
    "ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su "
    "ta te ti to tu wa we wi ya yu ja ju ca ci co ng ny an in un er ar"
)
VOCABULARY_SIZE = 20_000
BODY_WORDS = (250, 550)
REPORTERS = [f"Reporter {chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(60)]
EDITORS = [f"Redaktur {i:02d}" for i in range(15)]
CATEGORIES = [
    "Pemerintahan", "Ekonomi", "Kesehatan", "Pendidikan", "Lingkungan",
    "Transportasi", "Sosial", "Budaya", "Olahraga", "Hukum", "Pariwisata", "Teknologi",
]  # fmt: skip


def _vocabulary(seed: int) -> list[str]:
    rng = random.Random(seed)
    head = list(dict.fromkeys(_STOP_WORDS + _COMMON_WORDS))
    seen = set(head) | set(_TOPICAL_WORDS)
    synthetic: list[str] = []
    while len(head) + len(synthetic) + len(_TOPICAL_WORDS) < VOCABULARY_SIZE:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            synthetic.append(word)
    words = head + synthetic
    low, high = TOPICAL_RANKS
    step = (high - low) // len(_TOPICAL_WORDS)
    for j, word in enumerate(_TOPICAL_WORDS):
        words.insert(low + j * step, word)
    return words


class Corpus:
    """Deterministic synthetic articles with Zipf-distributed words."""

    def __init__(self, seed: int = 7) -> None:
        self.seed = seed
        self.words = _vocabulary(seed)
        weights = [1.0 / rank for rank in range(1, len(self.words) + 1)]
        total = sum(weights)
        acc, self.cum = 0.0, []
        for w in weights:
            acc += w / total
            self.cum.append(acc)

    def _text(self, rng: random.Random, n: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum, k=n)

    def article(self, index: int, rng: random.Random, total: int) -> dict[str, Any]:
        """Article number ``index`` (0-based) as an ``Article`` dict."""
        language = "en" if index % 10 == 9 else "id"
        site_id = 200_000 + index
        title_words = self._text(rng, rng.randint(6, 11))
        title = " ".join(title_words).capitalize()
        sentences = []
        words = self._text(rng, rng.randint(*BODY_WORDS))
        for start in range(0, len(words), 18):
            sentences.append(" ".join(words[start : start + 18]).capitalize() + ".")
        paragraphs = [
            " ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)
        ]
        # Published dates run 2014 → 2025 in index order, like a real archive.
        day = 16_071 + (index * 4_200) // max(total, 1)  # 2014-01-01 + n days
        date = time.strftime("%Y-%m-%d", time.gmtime(day * 86_400))
        prefix = "/en" if language == "en" else ""
        slug = "-".join(title_words[:6])
        url = f"{ORIGIN}{prefix}/read/{site_id}/{slug}"

        def link(offset: int) -> dict[str, Any]:
            target = 200_000 + max(index - offset, 0)
            return {
                "url": f"{ORIGIN}/read/{target}/artikel-{target}",
                "title": f"Artikel {target}",
                "published_at": None,
                "views": rng.randint(10, 5_000),
                "reporter": None,
            }

        return {
            "url": url,
            "site": SITE,
            "site_article_id": str(site_id),
            "language": language,
            "title": title,
            "published_at": f"{date}T{rng.randint(6, 21):02d}:{rng.choice(('00', '30'))}:00+07:00",
            "reporter": REPORTERS[int(rng.paretovariate(1.3)) % len(REPORTERS)],
            "editor": EDITORS[rng.randrange(len(EDITORS))],
            "translator": "Penerjemah" if language == "en" else None,
            "views": int(rng.paretovariate(1.1) * 60),
            "category": CATEGORIES[rng.randrange(len(CATEGORIES))],
            "image_url": f"https://multimedia.beritajakarta.id/photo/{site_id}.jpg",
            "image_caption": " ".join(self._text(rng, 8)).capitalize(),
            "photo_credit": "Fotografer",
            "body": "\n\n".join(paragraphs),
            "pull_quote": None,
            "related": [link(o) for o in (1, 2, 3)],
            "popular": [link(o) for o in (10, 20, 30, 40, 50)],
            "read_also": [link(5)],
            "extraction_warnings": [],
            "extractor_version": "bench-1",
        }

    def batch(self, start: int, size: int, total: int) -> list[dict[str, Any]]:
        """Articles ``start..start+size-1`` of an archive of ``total``: the
        batch :meth:`batches` yields at ``start`` (batches of ``size``)."""
        rng = random.Random(self.seed * 1_000_003 + start)
        return [
            self.article(i, rng, total) for i in range(start, min(total, start + size))
        ]

    def batches(self, total: int, size: int) -> Iterator[list[dict[str, Any]]]:
        """Articles ``0..total-1`` in batches (same output on every call)."""
        for start in range(0, total, size):
            yield self.batch(start, size, total)

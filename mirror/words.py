"""Fixed vocab for the mirror: sections, regions, people and date names (all invented people)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    """A listing section: URL slug plus the text the site displays for it."""

    slug: str
    name: str


# Indonesian categories, in the order of the real side menu (reference §7.1).
CATEGORIES: tuple[Section, ...] = (
    Section("ekonomi", "Ekonomi"),
    Section("pembangunan", "Pembangunan"),
    Section("pemerintahan", "Pemerintahan"),
    Section("kesra", "Kesra"),
    Section("pendidikan", "Pendidikan"),
    Section("fokus", "Fokus"),
    Section("lintas-kota", "Lintas Kota"),
    Section("wisata", "Wisata"),
    Section("kesehatan", "Kesehatan"),
    Section("pemberdayaan-perempuan", "Pemberdayaan Perempuan"),
    Section("jakarta-hari-ini", "Jakarta Hari Ini"),
    Section("olahraga", "Olahraga"),
    Section("transportasi", "Transportasi"),
    Section("bumd", "BUMD"),
    Section("legislatif", "DPRD"),
)
CATEGORY_BY_SLUG = {c.slug: c for c in CATEGORIES}

# How often each category is drawn (same order as CATEGORIES).
CATEGORY_WEIGHTS = (9, 9, 12, 7, 6, 3, 5, 4, 6, 3, 4, 3, 8, 3, 6)

WILAYAH: tuple[Section, ...] = (
    Section("jakarta-pusat", "Jakarta Pusat"),
    Section("jakarta-utara", "Jakarta Utara"),
    Section("jakarta-barat", "Jakarta Barat"),
    Section("jakarta-selatan", "Jakarta Selatan"),
    Section("jakarta-timur", "Jakarta Timur"),
    Section("kepulauan-seribu", "Kepulauan Seribu"),
)
WILAYAH_BY_SLUG = {w.slug: w for w in WILAYAH}

WILAYAH_SHORT = {
    "jakarta-pusat": "Jakpus",
    "jakarta-utara": "Jakut",
    "jakarta-barat": "Jakbar",
    "jakarta-selatan": "Jaksel",
    "jakarta-timur": "Jaktim",
    "kepulauan-seribu": "Kepulauan Seribu",
}

# Public place names (kecamatan / kelurahan / islands) per region.
PLACES = {
    "jakarta-pusat": ("Gambir", "Tanah Abang", "Menteng", "Senen", "Cempaka Putih",
                      "Johar Baru", "Kemayoran", "Sawah Besar"),
    "jakarta-utara": ("Koja", "Cilincing", "Tanjung Priok", "Penjaringan",
                      "Pademangan", "Kelapa Gading"),
    "jakarta-barat": ("Cengkareng", "Kalideres", "Kebon Jeruk", "Grogol Petamburan",
                      "Tambora", "Palmerah", "Kembangan", "Taman Sari"),
    "jakarta-selatan": ("Kebayoran Baru", "Pasar Minggu", "Tebet", "Cilandak",
                        "Jagakarsa", "Pancoran", "Mampang Prapatan", "Setiabudi"),
    "jakarta-timur": ("Cakung", "Duren Sawit", "Jatinegara", "Kramat Jati", "Makasar",
                      "Pulo Gadung", "Ciracas", "Pasar Rebo"),
    "kepulauan-seribu": ("Pulau Pramuka", "Pulau Tidung", "Pulau Kelapa",
                         "Pulau Harapan", "Pulau Untung Jawa", "Pulau Panggang"),
}  # fmt: skip

# English edition sections (shown in the breadcrumb; no listing of their own).
EN_CATEGORIES: tuple[Section, ...] = (
    Section("city-government", "City Government"),
    Section("economy", "Economy"),
    Section("development", "Development"),
    Section("health", "Health"),
    Section("education", "Education"),
    Section("transportation", "Transportation"),
    Section("tourism", "Tourism"),
    Section("environment", "Environment"),
)
EN_CATEGORY_BY_SLUG = {c.slug: c for c in EN_CATEGORIES}

# People: invented names. Reporters and editors come from small pools so that a
# search by reporter returns a meaningful share of the archive.
REPORTERS = (
    "Rina Kusumawati", "Dimas Prasetyo", "Ayu Lestari Putri", "Fajar Nugroho",
    "Hendra Saputra", "Siti Rahmawati", "Yoga Pratama", "Maria Ulfah",
)  # fmt: skip
EDITORS = ("Bambang Wicaksono", "Dewi Anggraini", "Rudi Hartanto", "Andri", "Lusiana")
TRANSLATORS = ("Nadia Paramitha", "Kevin Halim", "Sari Wulandari")
PHOTOGRAPHERS = ("Agus Setiawan", "Reza Mahendra", "Tri Wahyuni")
SPEAKERS = (
    "Syamsul Bahri", "Eko Susilo", "Lina Marlina", "Taufik Hidayat", "Yuliana Sari",
    "Bonifasius Manurung", "Ahmad Fauzi", "Ratna Dewi", "Gunawan Sitompul",
    "Irwan Setiadi", "Nur Aini", "Sutrisno", "Made Arya Wirawan", "Dian Permatasari",
)  # fmt: skip

HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember")  # fmt: skip
EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")  # fmt: skip

# Headline variants used as a longer image alt ("img@alt may differ from the headline").
ALT_TAILS_ID = (", Warga Sambut Positif", ", Ditargetkan Rampung Tahun Ini",
                ", Pengawasan Diperketat", " Hari Ini", ", Petugas Siaga")  # fmt: skip
ALT_TAILS_EN = (", Residents Welcome It", " This Week", ", Monitoring Tightened")

# Shapes of the CodeIgniter notice the real site sometimes prints before <!doctype>.
PHP_NOTICES = (
    ("Notice", "Undefined index: banner_popup", "controllers/Read.php", 118),
    ("Notice", "Undefined variable: cuaca", "views/templates/header.php", 41),
    ("Warning", "Trying to access array offset on value of type null",
     "controllers/Read.php", 203),
)  # fmt: skip

"""Invented municipal news for the extra portals, generated lazily per article index.

Story ``i`` depends only on ``(newsroom, seed, i)``, so a portal of a million
articles costs nothing to build and each page is computed when first asked for.
Headlines are unique by construction: the index is mapped one-to-one onto a
(topic, headline variant, place, number) combination.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from mirror.fmt import id_thousands, slugify
from mirror.words import BULAN, HARI, Section


@dataclass(frozen=True)
class Topic:
    """One story shape; ``{place}``, ``{n}``, ``{area}``, ``{big}`` are filled per story."""

    category: str
    titles: tuple[str, str]
    lead: str
    facts: tuple[str, ...]
    quotes: tuple[str, ...]
    role: str


TOPICS: tuple[Topic, ...] = (
    Topic("pemerintahan",
          ("Pemerintah Tertibkan {n} Bangunan Liar di {place}",
           "{n} Bangunan Liar di {place} Ditertibkan Petugas Gabungan"),
          "Pemerintah {area} menertibkan {n} bangunan liar yang berdiri di atas saluran air kawasan {place}.",
          ("Penertiban melibatkan Satpol PP, petugas kecamatan dan unsur kepolisian.",
           "Pemilik bangunan telah menerima surat peringatan sebanyak tiga kali.",
           "Material bongkaran langsung diangkut menggunakan truk milik dinas."),
          ("Penertiban ini demi kelancaran aliran air saat musim hujan",
           "Kami sudah melakukan sosialisasi jauh hari sebelumnya"),
          "Kepala Satpol PP {area}"),
    Topic("kesehatan",
          ("Posyandu di {place} Layani {n} Balita dalam Sepekan",
           "{n} Balita Ikuti Imunisasi Serentak di {place}"),
          "Dinas Kesehatan {area} mencatat {n} balita mengikuti imunisasi dan penimbangan di posyandu kawasan {place}.",
          ("Layanan dibuka setiap hari kerja mulai pukul 08.00 WIB.",
           "Kader posyandu juga memberikan makanan tambahan bergizi.",
           "Cakupan imunisasi dasar lengkap telah mencapai {big} anak tahun ini."),
          ("Imunisasi adalah perlindungan paling dasar bagi anak-anak kita",
           "Kami mengajak orang tua rutin datang ke posyandu"),
          "Kepala Dinas Kesehatan {area}"),
    Topic("pendidikan",
          ("{n} Pelajar {place} Ikuti Lomba Sains Tingkat Kota",
           "Lomba Sains di {place} Diikuti {n} Pelajar"),
          "Sebanyak {n} pelajar dari sekolah di kawasan {place} mengikuti lomba sains yang digelar Dinas Pendidikan {area}.",
          ("Lomba mencakup bidang matematika, fisika dan biologi.",
           "Pemenang akan mewakili daerah pada tingkat provinsi.",
           "Panitia juga menggelar pelatihan bagi guru pendamping."),
          ("Lomba ini mengasah kemampuan berpikir kritis para pelajar",
           "Bakat seperti ini harus terus kami bina"),
          "Kepala Dinas Pendidikan {area}"),
    Topic("ekonomi",
          ("Bazar UMKM {place} Diikuti {n} Pelaku Usaha",
           "{n} Pelaku UMKM Ramaikan Bazar di {place}"),
          "Bazar usaha mikro, kecil dan menengah (UMKM) di {place} diikuti {n} pelaku usaha binaan Pemerintah {area}.",
          ("Produk yang dijual mulai dari makanan olahan, batik hingga kerajinan tangan.",
           "Selama tiga hari, transaksi bazar tercatat mencapai Rp {big} juta.",
           "Peserta juga mendapat pelatihan pemasaran daring dan pengemasan."),
          ("Antusiasme pengunjung menunjukkan produk UMKM kita mampu bersaing",
           "Pendampingan tetap berlanjut setelah bazar selesai"),
          "Kepala Dinas Koperasi dan UMKM {area}"),
    Topic("infrastruktur",
          ("Perbaikan Jalan {n} Meter di {place} Rampung",
           "Jalan Rusak di {place} Diperbaiki Sepanjang {n} Meter"),
          "Dinas Pekerjaan Umum {area} merampungkan perbaikan jalan sepanjang {n} meter di kawasan {place}.",
          ("Perbaikan dilakukan dengan pengaspalan ulang dan pembuatan saluran tepi jalan.",
           "Pengerjaan dilakukan malam hari agar tidak mengganggu lalu lintas.",
           "Anggaran perbaikan berasal dari APBD tahun berjalan."),
          ("Kami ingin warga bisa beraktivitas dengan aman dan nyaman",
           "Pengawasan kualitas kami lakukan setiap hari"),
          "Kepala Dinas Pekerjaan Umum {area}"),
    Topic("lingkungan",
          ("{n} Pohon Ditanam di Bantaran Sungai {place}",
           "Warga {place} Tanam {n} Pohon Bersama Pemerintah"),
          "Pemerintah {area} bersama warga menanam {n} pohon di bantaran sungai kawasan {place}.",
          ("Jenis pohon yang ditanam antara lain trembesi, mahoni dan buah-buahan.",
           "Bibit berasal dari persemaian milik Dinas Lingkungan Hidup.",
           "Penanaman melibatkan pelajar, komunitas dan aparatur kelurahan."),
          ("Pohon-pohon ini akan menahan erosi dan menyejukkan lingkungan",
           "Kami minta warga ikut merawat pohon yang sudah ditanam"),
          "Kepala Dinas Lingkungan Hidup {area}"),
    Topic("sosial",
          ("{n} Paket Sembako Dibagikan kepada Warga {place}",
           "Warga {place} Terima {n} Paket Bantuan Pangan"),
          "Dinas Sosial {area} menyalurkan {n} paket sembako kepada warga kurang mampu di {place}.",
          ("Setiap paket berisi beras, minyak goreng, gula dan telur.",
           "Penerima bantuan telah diverifikasi oleh pendamping sosial.",
           "Penyaluran dilakukan di kantor kelurahan dengan antrean tertib."),
          ("Bantuan ini diharapkan meringankan beban warga",
           "Kami pastikan bantuan tepat sasaran"),
          "Kepala Dinas Sosial {area}"),
    Topic("pariwisata",
          ("Festival Kuliner {place} Targetkan {n} Pengunjung",
           "{n} Pengunjung Datangi Festival Kuliner di {place}"),
          "Festival kuliner tradisional digelar di {place} dan ditargetkan menarik {n} pengunjung per hari.",
          ("Festival menghadirkan puluhan stan makanan khas daerah.",
           "Pengunjung juga disuguhi pertunjukan seni tradisional.",
           "Panitia menyediakan kantong parkir di sekitar lokasi."),
          ("Festival ini menjadi etalase kuliner khas daerah kita",
           "Kami ingin pariwisata menggerakkan ekonomi warga"),
          "Kepala Dinas Pariwisata {area}"),
)  # fmt: skip

NUMBERS = range(12, 912)  # the {n} slot: keeps (topic, variant, place, n) one-to-one
_REPEAT = re.compile(r"(.*)-bagian-([1-9][0-9]*)")
_STRIDE = 7919  # a prime: index * stride spreads consecutive stories over topics


@dataclass(frozen=True)
class Newsroom:
    """Everything that makes one portal's stories its own (all people invented)."""

    key: str
    area: str
    places: tuple[str, ...]
    categories: tuple[Section, ...]  # one per topic category slug
    tags: tuple[Section, ...]
    writers: tuple[str, ...]
    editors: tuple[str, ...]
    first: datetime


@dataclass(frozen=True)
class Story:
    """One article's facts, independent of how a portal marks it up."""

    index: int
    title: str
    slug: str
    published: datetime
    authors: tuple[str, ...]
    editor: str | None
    views: int
    shares: int
    category: Section
    tags: tuple[Section, ...]
    paragraphs: tuple[str, ...]
    excerpt: str
    related: tuple[int, ...]  # indexes of earlier stories, newest first
    read_also: int | None  # an earlier story linked inside the body
    read_also_after: int  # paragraph index the inline link follows
    structured: bool  # a portal may give this story structured data
    numeric_date: bool  # a portal may show this story's date as dd/mm/yyyy


class Stories:
    """The stories of one portal: ``len()`` of them, oldest first, made on demand."""

    def __init__(self, newsroom: Newsroom, count: int, *, seed: int = 0) -> None:
        """No story is generated here; :meth:`get` makes (and caches) one."""
        if count < 0:
            raise ValueError(f"articles must be 0 or more, got {count}")
        self.newsroom = newsroom
        self.seed = seed
        self.count = count
        self.get = lru_cache(maxsize=4096)(self._make)
        self._groups: dict[tuple[str, str], list[int]] | None = None
        self._shapes = {  # headline slug with the number as "num" -> its parts
            slugify(t.titles[v].format(place=place, n="num")): (k, v, p)
            for k, t in enumerate(TOPICS)
            for v in (0, 1)
            for p, place in enumerate(newsroom.places)
        }

    def __len__(self) -> int:
        """How many stories are published."""
        return self.count

    def grow(self, count: int) -> range:
        """Publish ``count`` newer stories; return their indexes."""
        if count < 0:
            raise ValueError(f"cannot grow by a negative number of articles: {count}")
        self.count += count
        self._groups = None
        return range(self.count - count, self.count)

    def newest_first(self) -> range:
        """Every index, newest first."""
        return range(self.count - 1, -1, -1)

    def having(self, kind: str, slug: str) -> list[int]:
        """Indexes whose ``category``, ``tag`` or ``author`` has this slug, newest first.

        The groups are made in one pass over every story (cached until growth).
        """
        if self._groups is None:
            groups: dict[tuple[str, str], list[int]] = {}
            for i in self.newest_first():
                authors, _, tags = self.people(i)
                keys = [("category", self._topic(i)[0].category)]
                keys += [("tag", t.slug) for t in tags]
                keys += [("author", slugify(a)) for a in authors]
                for key in keys:
                    groups.setdefault(key, []).append(i)
            self._groups = groups
        return self._groups.get((kind, slug), [])

    def title(self, index: int) -> str:
        """Story ``index``'s headline (cheap: no random draws)."""
        topic, variant, place, number = self._topic(index)
        slots = {"place": self.newsroom.places[place], "n": id_thousands(number)}
        title = topic.titles[variant].format(**slots)
        combos = len(TOPICS) * 2 * len(self.newsroom.places) * len(NUMBERS)
        if index >= combos:  # past the one-to-one range: number the repeats
            title += f" (Bagian {index // combos + 1})"
        return title

    def people(
        self, index: int
    ) -> tuple[tuple[str, ...], str | None, tuple[Section, ...]]:
        """Story ``index``'s authors, editor and tags (one small random stream)."""
        room = self.newsroom
        rng = random.Random(f"warta-portal:{room.key}:{self.seed}:{index}:people")
        authors = tuple(rng.sample(room.writers, rng.choices((1, 2, 3), (6, 3, 1))[0]))
        editor = rng.choice(room.editors) if rng.random() < 0.8 else None
        return authors, editor, tuple(rng.sample(room.tags, rng.randint(1, 3)))

    def index_of(self, slug: str) -> int | None:
        """The index of the story with this slug: :meth:`_topic` run backwards."""
        match = _REPEAT.fullmatch(slug)
        base, repeat = (match[1], int(match[2] or 1)) if match else (slug, 1)
        digits = re.findall(r"[0-9]+", base)
        shape = self._shapes.get(re.sub(r"[0-9]+", "num", base))
        if len(digits) != 1 or shape is None or int(digits[0]) not in NUMBERS:
            return None
        number = int(digits[0])
        topic, variant, place = shape
        places = len(self.newsroom.places)
        code = ((number - NUMBERS.start) * places + place) * 2 + variant
        code = code * len(TOPICS) + topic
        combos = len(TOPICS) * 2 * places * len(NUMBERS)
        index = (code - self.seed) * pow(_STRIDE, -1, combos) % combos
        index += (repeat - 1) * combos
        if index >= self.count or slugify(self.title(index)) != slug:
            return None
        return index

    def _topic(self, index: int) -> tuple[Topic, int, int, int]:
        combos = len(TOPICS) * 2 * len(self.newsroom.places) * len(NUMBERS)
        code = (index * _STRIDE + self.seed) % combos
        code, topic = divmod(code, len(TOPICS))
        code, variant = divmod(code, 2)
        number, place = divmod(code, len(self.newsroom.places))
        return TOPICS[topic], variant, place, NUMBERS[number]

    def _make(self, index: int) -> Story:
        room = self.newsroom
        rng = random.Random(f"warta-portal:{room.key}:{self.seed}:{index}")
        topic, _, place_index, number = self._topic(index)
        slots = {
            "place": room.places[place_index],
            "n": id_thousands(number),
            "area": room.area,
            "big": id_thousands(rng.randint(1200, 98000)),
        }
        title = self.title(index)
        when = room.first + timedelta(hours=5 * index, minutes=rng.randint(0, 239))
        authors, editor, tags = self.people(index)
        paragraphs = _paragraphs(rng, topic, slots, when)
        earlier = list(range(max(0, index - 20), index))[::-1]
        related = tuple(
            sorted(rng.sample(earlier, min(len(earlier), rng.randint(0, 3))))[::-1]
        )
        read_also = rng.choice(earlier) if earlier and rng.random() < 0.5 else None
        return Story(
            index=index, title=title, slug=slugify(title), published=when,
            authors=authors, editor=editor, views=rng.randint(40, 25000),
            shares=rng.randint(0, 400),
            category=next(c for c in room.categories if c.slug == topic.category),
            tags=tags, paragraphs=paragraphs, excerpt=paragraphs[0],
            related=related, read_also=read_also,
            read_also_after=rng.randint(0, len(paragraphs) - 2),
            structured=index % 2 == 0, numeric_date=rng.random() < 0.4,
        )  # fmt: skip


def _paragraphs(
    rng: random.Random, topic: Topic, slots: dict[str, str], when: datetime
) -> tuple[str, ...]:
    speaker = rng.choice(SPEAKERS)
    role = topic.role.format(**slots)
    day = f"{HARI[when.weekday()]} ({when.day}/{when.month})"
    first, second = rng.sample(topic.quotes, 2)
    facts = rng.sample(topic.facts, rng.randint(1, len(topic.facts)))
    return (
        topic.lead.format(**slots),
        f"“{first},” kata {role}, {speaker}, {day}.",
        *(fact.format(**slots) for fact in facts),
        f"Menurut {speaker}, kegiatan serupa digelar lagi {BULAN[when.month % 12]}.",
        f"“{second},” pungkasnya.",
    )


SPEAKERS = (
    "Hadi Kurniawan", "Sri Handayani", "Asep Saepudin", "Neneng Suryani",
    "Dadang Hermawan", "Euis Komariah", "Yusuf Maulana", "Tati Rohaeti",
)  # fmt: skip

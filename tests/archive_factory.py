"""A realistic synthetic archive built through the archive API, for tests.

Deterministic for a given seed: the same articles, links and view history
every time (only ``crawl_runs`` start/finish times come from the clock). The
returned :class:`FactoryArchive` keeps the article dicts as saved so tests can
compute expected results independently of SQL.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from archive.store import open_archive

SITE = "beritajakarta"
ORIGIN = "https://m.beritajakarta.id"
REPORTERS = (
    "Nurito",
    "Rudi Hermawan",
    "Aldi Geri Lumban Tobing",
    "Budhi Firmansyah Surapati",
    "Anita Karyati",
)
EDITORS = ("Toni Riyanto", "Andry", "Erikyanri Maulana")
CATEGORIES = (
    "Pemerintahan",
    "Ekonomi",
    "Kesehatan",
    "Pendidikan",
    "Lingkungan",
    "Transportasi",
)
PLACES = (
    "Jakarta Pusat",
    "Jakarta Utara",
    "Jakarta Barat",
    "Jakarta Selatan",
    "Jakarta Timur",
    "Kepulauan Seribu",
)
# topic -> (Indonesian title phrase, Indonesian sentence, English phrase, sentence)
TOPICS: dict[str, tuple[str, str, str, str]] = {
    "banjir": (
        "Penanganan Banjir",
        "Petugas menyiagakan pompa untuk mengatasi banjir di permukiman warga.",
        "Banjir Response",
        "Crews readied pumps to drain the banjir from residential streets.",
    ),
    "transjakarta": (
        "Layanan Transjakarta",
        "Jumlah pelanggan Transjakarta terus meningkat setiap bulan.",
        "Transjakarta Service",
        "Transjakarta ridership keeps rising every month.",
    ),
    "sampah": (
        "Pengelolaan Sampah",
        "Warga diajak memilah sampah rumah tangga sejak dari rumah.",
        "Sampah Management",
        "Residents are asked to sort household sampah at home.",
    ),
    "vaksinasi": (
        "Vaksinasi Warga",
        "Puskesmas membuka layanan vaksinasi tanpa pendaftaran.",
        "Vaksinasi Drive",
        "Health centres opened vaksinasi without registration.",
    ),
    "sekolah": (
        "Renovasi Sekolah",
        "Pembangunan gedung sekolah ditargetkan rampung akhir tahun.",
        "Sekolah Renovation",
        "Work on the sekolah building should finish by the end of the year.",
    ),
    "pasar": (
        "Revitalisasi Pasar",
        "Pedagang pasar menempati kios baru yang lebih bersih.",
        "Pasar Revitalisation",
        "Pasar traders moved into cleaner new stalls.",
    ),
}
FILLER_ID = (
    "Kegiatan ini dipantau langsung oleh camat setempat.",
    "Pihaknya berharap warga ikut menjaga fasilitas umum.",
    "Langkah tersebut merupakan bagian dari program kerja tahun ini.",
    "Koordinasi dengan lurah dan RW terus dilakukan.",
)
FILLER_EN = (
    "The district head monitored the activity in person.",
    "Officials hope residents will help look after public facilities.",
    "The step is part of this year's work programme.",
)
OBSERVATIONS = (
    "2024-07-01T02:00:00+00:00",
    "2024-07-08T02:00:00+00:00",
    "2024-07-15T02:00:00+00:00",
)
START = date(2024, 1, 1)
UNARCHIVED_ID_BASE = 90_000  # related links to these ids point outside the archive
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class FactoryArchive:
    """The built archive: its path, the articles as last saved, their ids."""

    path: Path | str  # a SQLite file or a PostgreSQL URL
    articles: list[dict[str, Any]]
    ids: dict[str, int]  # url -> articles.id
    topics: dict[str, str]  # url -> topic key
    views_by_run: list[dict[str, int]] = field(default_factory=list)  # url -> views

    def article(self, url: str) -> dict[str, Any]:
        """The saved article dict with this URL."""
        return next(a for a in self.articles if a["url"] == url)

    def words(self, url: str) -> set[str]:
        """Lower-cased words of the indexed columns (title, body, reporter, editor)."""
        a = self.article(url)
        text = " ".join(a[k] or "" for k in ("title", "body", "reporter", "editor"))
        return {w.lower() for w in _WORD.findall(text)}

    def matching(self, word: str) -> set[int]:
        """Ids of the articles whose indexed text contains ``word``."""
        return {self.ids[u] for u in self.ids if word.lower() in self.words(u)}


def article_url(language: str, site_id: int, title: str) -> str:
    """Canonical URL of a synthetic article."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    prefix = "/en" if language == "en" else ""
    return f"{ORIGIN}{prefix}/read/{site_id}/{slug}"


def _published(rng: random.Random, index: int, total: int) -> str | None:
    if index == total - 1:
        return None  # one article without a date
    day = START + timedelta(days=index * 180 // max(total, 1))
    if index % 7 == 3:
        return day.isoformat()  # date only, as old pages show
    return f"{day.isoformat()}T{rng.randrange(6, 22):02d}:{rng.choice((0, 15, 30, 45)):02d}:00+07:00"


def _make_articles(
    rng: random.Random, total: int
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    rows: list[dict[str, Any]] = []
    topics: dict[str, str] = {}
    topic_keys = list(TOPICS)
    for index in range(total):
        language = "en" if index % 10 == 9 else "id"
        topic = topic_keys[index % len(topic_keys)]
        id_title, id_sentence, en_title, en_sentence = TOPICS[topic]
        place = PLACES[rng.randrange(len(PLACES))]
        if language == "en":
            site_id = 53_000 + index
            title = f"{en_title} in {place} No. {index}"
            filler = rng.sample(FILLER_EN, 2)
            body = "\n\n".join([en_sentence, *filler])
        else:
            site_id = 150_000 + index
            title = f"{id_title} di {place} Nomor {index}"
            filler = rng.sample(FILLER_ID, 2)
            body = "\n\n".join([id_sentence, *filler])
        url = article_url(language, site_id, title)
        topics[url] = topic
        rows.append(
            article_row(
                url=url,
                site=SITE,
                site_article_id=str(site_id),
                language=language,
                title=title,
                published_at=_published(rng, index, total),
                reporter=REPORTERS[rng.randrange(len(REPORTERS))],
                editor=EDITORS[rng.randrange(len(EDITORS))],
                translator="Nugroho" if language == "en" else None,
                views=int(rng.paretovariate(1.1) * 80),
                category=CATEGORIES[rng.randrange(len(CATEGORIES))],
                image_url=f"https://multimedia.beritajakarta.id/photo/{site_id}.jpg",
                image_caption=f"{place}.",
                photo_credit="Reza Hapiz",
                body=body,
            )
        )
    return rows, topics


def article_row(**fields: Any) -> dict[str, Any]:
    """A factory article: ``fields``, no pull quote, no links, no warnings."""
    return {
        **fields,
        "pull_quote": None,
        "related": [],
        "popular": [],
        "read_also": [],
        "extraction_warnings": [],
        "extractor_version": "factory-1",
    }


def _link(target: dict[str, Any]) -> dict[str, Any]:
    """A link to ``target`` with its identity, as the extractor gives it."""
    return {
        "url": target["url"],
        "title": target["title"],
        "published_at": target["published_at"],
        "views": target["views"],
        "reporter": None,
        "target_language": target["language"],
        "target_site_article_id": target["site_article_id"],
    }


def _add_links(rng: random.Random, rows: list[dict[str, Any]]) -> None:
    by_language: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_language.setdefault(row["language"], []).append(row)
    popular = sorted(rows, key=lambda r: (-(r["views"] or 0), r["url"]))[:4]
    for index, row in enumerate(rows):
        peers = [r for r in by_language[row["language"]] if r is not row]
        related = [_link(t) for t in rng.sample(peers, min(3, len(peers)))]
        if index % 3 == 0:  # a link to an article the archive does not hold
            missing = UNARCHIVED_ID_BASE + index
            prefix = "/en" if row["language"] == "en" else ""
            related.append(
                {
                    "url": f"{ORIGIN}{prefix}/read/{missing}/tidak-diarsipkan",
                    "title": "Artikel yang belum diarsipkan",
                    "published_at": None,
                    "views": 12,
                    "reporter": None,
                    "target_language": row["language"],
                    "target_site_article_id": str(missing),
                }
            )
        row["related"] = related
        row["popular"] = [_link(t) for t in popular if t is not row]
        if peers and index % 2 == 0:
            row["read_also"] = [_link(rng.choice(peers))]


def build_archive(
    path: Path | str, *, articles: int = 60, seed: int = 4, views: bool = True
) -> FactoryArchive:
    """Build an archive at ``path`` with ``articles`` articles crawled three times.

    Each crawl run saves every article with a higher view count (so
    ``view_counts`` has a history); the last run also changes one title (an
    ``article_versions`` row) and records listing view counts. With
    ``views=False`` no article carries a view count (no view history at all).
    """
    rng = random.Random(seed)
    rows, topics = _make_articles(rng, articles)
    if not views:
        for row in rows:
            row["views"] = None
    _add_links(rng, rows)
    ids: dict[str, int] = {}
    views_by_run: list[dict[str, int]] = []
    growth = {row["url"]: rng.uniform(0.05, 0.6) for row in rows}
    base = {row["url"]: row["views"] for row in rows}
    with open_archive(path) as arc:
        for run_index, observed_at in enumerate(OBSERVATIONS):
            run_id = arc.start_run(
                SITE, pid=0, hostname="factory", command=["factory", str(run_index)]
            )
            for row in rows:
                if base[row["url"]] is not None:
                    factor = 1 + growth[row["url"]] * run_index
                    row["views"] = int(base[row["url"]] * factor)
            if run_index == len(OBSERVATIONS) - 1 and rows:
                rows[0]["title"] = rows[0]["title"] + " (Diperbarui)"
            results = arc.save_articles(
                [dict(row) for row in rows], observed_at=observed_at, run_id=run_id
            )
            for row, result in zip(rows, results, strict=True):
                ids[row["url"]] = result.article_id
            if views and run_index == len(OBSERVATIONS) - 1:
                listing = [
                    {
                        "url": r["url"],
                        "views": r["views"] + 5,
                        "source": "listing",
                        "site": r["site"],
                        "language": r["language"],
                        "site_article_id": r["site_article_id"],
                    }
                    for r in rows[:5]
                    if r["views"] is not None
                ]
                arc.record_views(listing, observed_at=observed_at, run_id=run_id)
                for row in rows[:5]:
                    if row["views"] is not None:
                        row["views"] += 5  # the listing's count is the latest
            views_by_run.append(
                {r["url"]: r["views"] for r in rows if r["views"] is not None}
            )
            statuses = [result.status for result in results]
            arc.finish_run(
                run_id,
                "finished",
                article_pages=len(rows),
                new=statuses.count("new"),
                updated=statuses.count("updated"),
                unchanged=statuses.count("unchanged"),
            )
    return FactoryArchive(
        path=path,
        articles=[dict(row) for row in rows],
        ids=ids,
        topics=topics,
        views_by_run=views_by_run,
    )


def build_empty_archive(path: Path) -> Path:
    """Create an archive with the schema and no rows."""
    with open_archive(path):
        pass
    return path

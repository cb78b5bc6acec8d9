"""The mirror's invented, deterministic site: articles, listings and ground truth.

Article ``i`` (0-based creation order, oldest first) is generated from its own
seeded RNG and the state left by articles ``0..i-1`` only, so
``build_site(n)`` followed by ``grow(k)`` equals ``build_site(n + k)``.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from mirror.compose import compose, headline, slot_values, topics_for
from mirror.fmt import WIB, iso, slugify
from mirror.markup import ERAS, build_body
from mirror.words import (
    ALT_TAILS_EN,
    ALT_TAILS_ID,
    CATEGORIES,
    CATEGORY_WEIGHTS,
    EDITORS,
    EN_CATEGORIES,
    PHOTOGRAPHERS,
    PHP_NOTICES,
    REPORTERS,
    TRANSLATORS,
    WILAYAH,
    Section,
)

CANONICAL_ORIGIN = "https://m.beritajakarta.id"
IMAGE_DIR = (
    "https://multimedia.beritajakarta.id/photo/2014_508c75c8507a2ae5223dfd2faeb98122"
)
ID_START = 140_000  # first Indonesian id is ID_START + a small gap
EN_START = 53_000  # the English edition has its own id sequence
FIRST_TIME = datetime(2026, 3, 2, 6, 0, tzinfo=WIB)
GROUND_TRUTH_KEYS = (
    "url", "site", "site_article_id", "language", "title", "published_at", "reporter",
    "editor", "translator", "views", "category", "image_url", "image_caption",
    "photo_credit", "body", "pull_quote", "related", "popular", "read_also",
    "extraction_warnings",
)  # fmt: skip

Key = tuple[str, int]


@dataclass(eq=False)
class MirrorArticle:
    """One article of the mirror, with everything needed to render and to check it."""

    index: int
    language: str
    id: int
    title: str
    slug: str
    published: datetime
    show_time: bool
    reporter: str
    editor: str | None
    translator: str | None
    views: int
    category: Section | None
    wilayah: Section | None
    image_url: str
    image_alt: str
    photo_credit: str
    era: int
    blocks: tuple[str | None, ...]
    paragraphs: tuple[str, ...]
    pull_quote: str | None
    description: str
    related_keys: tuple[Key, ...]
    read_also_key: Key | None
    php_notice: tuple[str, str, str, int] | None

    @property
    def key(self) -> Key:
        """``(language, id)``: the article's identity."""
        return (self.language, self.id)

    @property
    def path(self) -> str:
        """``/read/{id}/{slug}`` or ``/en/read/{id}/{slug}``."""
        prefix = "/en/read/" if self.language == "en" else "/read/"
        return f"{prefix}{self.id}/{self.slug}"

    @property
    def canonical_url(self) -> str:
        """The article's URL on ``https://m.beritajakarta.id``."""
        return CANONICAL_ORIGIN + self.path


class Site:
    """All articles of the mirror plus the derived listings; grows newest-last."""

    def __init__(self, *, seed: int = 0, english_every: int = 5) -> None:
        """Create an empty site; use :meth:`grow` (or :func:`build_site`) to fill it."""
        self.seed = seed
        self.english_every = english_every
        self.articles: list[MirrorArticle] = []
        self.version = 0  # bumped on every change (growth, counted views)
        self._by_key: dict[Key, MirrorArticle] = {}
        self._titles: set[str] = set()
        self._last_id = {"id": ID_START, "en": EN_START}
        self._last_time = FIRST_TIME
        self._history: dict[tuple[str, str | None], list[MirrorArticle]] = {}
        self._latest: dict[str, list[MirrorArticle]] = {"id": [], "en": []}
        # derived lists, valid for one version (rebuilt per request, they cost
        # O(articles) each: minutes of serving at 50,000 articles)
        self._derived: dict[tuple[str, str], list[MirrorArticle] | None] = {}
        self._derived_version = -1

    # -- growth -------------------------------------------------------------
    def grow(self, count: int) -> list[MirrorArticle]:
        """Add ``count`` articles, each newer than every existing one."""
        if count < 0:
            raise ValueError(f"cannot grow by a negative number of articles: {count}")
        added = [self._make(len(self.articles)) for _ in range(count)]
        for language in ("id", "en"):
            self._latest[language] = [
                a for a in reversed(self.articles) if a.language == language
            ]
        self.version += 1
        return added

    def _make(self, index: int) -> MirrorArticle:
        rng = random.Random(f"warta-mirror:{self.seed}:{index}")
        every = self.english_every
        language = "en" if every > 0 and (index + 1) % every == 0 else "id"
        english = language == "en"
        article_id = self._last_id[language] + rng.randint(1, 3 if english else 7)
        when = self._last_time + timedelta(minutes=rng.randint(60, 420))
        if not 6 <= when.hour < 22:  # the newsroom publishes from 06:00 to 22:00 WIB
            morning = when if when.hour < 6 else when + timedelta(days=1)
            when = morning.replace(hour=6, minute=rng.randint(0, 59))
        era = ERAS[index % len(ERAS)]
        if english:
            category = rng.choice(EN_CATEGORIES) if rng.random() < 0.7 else None
            wilayah = None
        else:
            category = rng.choices(CATEGORIES, weights=CATEGORY_WEIGHTS)[0]
            wilayah = rng.choice(WILAYAH)
        for _ in range(8):  # re-draw a headline already used (keeps searches clean)
            topic = rng.choice(topics_for(language, category))
            slots = slot_values(rng, language, wilayah, era, when)
            title = headline(rng, topic, slots)
            if title not in self._titles:
                break
        draft = compose(
            rng,
            language=language,
            topic=topic,
            slots=slots,
            title=title,
            era=era,
            when=when,
        )
        reporter = rng.choice(REPORTERS)
        editor = None if english or rng.random() < 0.15 else rng.choice(EDITORS)
        translator = rng.choice(TRANSLATORS) if english and rng.random() < 0.7 else None
        show_time = not english or rng.random() >= 0.2
        digest = hashlib.blake2b(
            f"{self.seed}:{language}:{article_id}".encode(), digest_size=16
        ).hexdigest()
        alt = _alt_text(rng, draft.title, english)
        credit = (
            "Istimewa" if rng.random() < 0.2 else rng.choice((*PHOTOGRAPHERS, reporter))
        )
        notice = rng.choice(PHP_NOTICES) if rng.random() < 0.1 else None
        group = (language, category.slug if category else None)
        same_group = self._history.get(group, [])[-6:][::-1]
        wanted = rng.choices((0, 1, 2, 3), weights=(15, 20, 40, 25))[0]
        picks = sorted(
            rng.sample(range(len(same_group)), min(wanted, len(same_group)))
        )  # keep newest first
        related = tuple(same_group[i].key for i in picks)
        read_also = self._pick_read_also(rng, language, group)
        paras = draft.paras
        after = rng.randint(1, len(paras) - 1) if read_also else None
        body = build_body(
            paras, era=era, rng=rng, pull_quote=draft.pull_quote, read_also_after=after
        )
        article = MirrorArticle(
            index=index, language=language, id=article_id, title=draft.title,
            slug=slugify(draft.title), published=when, show_time=show_time,
            reporter=reporter, editor=editor, translator=translator,
            views=rng.randint(150, 9800), category=category, wilayah=wilayah,
            image_url=f"{IMAGE_DIR}/{digest}.jpg", image_alt=alt, photo_credit=credit,
            era=era, blocks=body.blocks, paragraphs=body.paragraphs,
            pull_quote=body.pull_quote, description=body.description,
            related_keys=related, read_also_key=read_also, php_notice=notice,
        )  # fmt: skip
        self.articles.append(article)
        self._by_key[article.key] = article
        self._titles.add(article.title)
        self._last_id[language] = article_id
        self._last_time = when
        self._history.setdefault(group, []).append(article)
        self._history.setdefault((language, "*"), []).append(article)
        return article

    def _pick_read_also(
        self, rng: random.Random, language: str, group: tuple[str, str | None]
    ) -> Key | None:
        everything = self._history.get((language, "*"), [])[-20:]
        if not everything or rng.random() >= 0.65:
            return None
        same = self._history.get(group, [])[-20:]
        pool = same if same and rng.random() < 0.7 else everything
        return rng.choice(pool).key

    # -- queries ------------------------------------------------------------
    def get(self, language: str, article_id: int) -> MirrorArticle | None:
        """The article with this identity, or ``None``."""
        return self._by_key.get((language, article_id))

    def latest(self, language: str) -> list[MirrorArticle]:
        """Articles of one language, newest first."""
        return self._latest[language]

    def _memo(
        self, key: tuple[str, str], make: Callable[[], list[MirrorArticle] | None]
    ) -> list[MirrorArticle] | None:
        if self._derived_version != self.version:
            self._derived.clear()
            self._derived_version = self.version
        if key not in self._derived:
            self._derived[key] = make()
        return self._derived[key]

    def listing(self, base: str) -> list[MirrorArticle] | None:
        """Articles of a listing path (newest first), or ``None`` if no such listing."""
        return self._memo(("listing", base), lambda: self._listing(base))

    def _listing(self, base: str) -> list[MirrorArticle] | None:
        if base == "/berita/terkini":
            return self._latest["id"]
        if base == "/latest-news":
            return self._latest["en"]
        kind, _, slug = base.strip("/").partition("/")
        if kind == "kategori" and any(c.slug == slug for c in CATEGORIES):
            return [
                a for a in self._latest["id"] if a.category and a.category.slug == slug
            ]
        if kind == "wilayah" and any(w.slug == slug for w in WILAYAH):
            return [
                a for a in self._latest["id"] if a.wilayah and a.wilayah.slug == slug
            ]
        return None

    @staticmethod
    def listing_bases() -> list[str]:
        """Every listing path the mirror serves."""
        return [
            "/berita/terkini",
            "/latest-news",
            *(f"/kategori/{c.slug}" for c in CATEGORIES),
            *(f"/wilayah/{w.slug}" for w in WILAYAH),
        ]

    def popular(self, language: str) -> list[MirrorArticle]:
        """The site-wide popular block: the 5 most-viewed articles of a language."""

        def most_viewed() -> list[MirrorArticle]:
            by_views = sorted(
                self._latest[language], key=lambda a: (-a.views, -a.index)
            )
            return by_views[:5]

        ranked = self._memo(("popular", language), most_viewed)
        return list(ranked or [])

    def related(self, article: MirrorArticle) -> list[MirrorArticle]:
        """The article's "Berita Terkait" items (earlier, same category, newest first)."""
        return [self._by_key[key] for key in article.related_keys]

    def read_also(self, article: MirrorArticle) -> MirrorArticle | None:
        """The older article linked inline from the body, if any."""
        return self._by_key[article.read_also_key] if article.read_also_key else None

    def count_view(self, article: MirrorArticle) -> None:
        """Record one fetch of ``article`` (the real site counts page views)."""
        article.views += 1
        self.version += 1

    # -- ground truth ---------------------------------------------------------
    def ground_truth(self) -> list[dict[str, Any]]:
        """What a perfect extractor returns for every article page, oldest first."""
        popular = {lang: self.popular(lang) for lang in ("id", "en")}
        return [self._truth(a, popular[a.language]) for a in self.articles]

    def _truth(self, a: MirrorArticle, popular: list[MirrorArticle]) -> dict[str, Any]:
        read_also = self.read_also(a)
        return {
            "url": a.canonical_url,
            "site": "beritajakarta",
            "site_article_id": str(a.id),
            "language": a.language,
            "title": a.title,
            "published_at": iso(a.published, show_time=a.show_time),
            "reporter": a.reporter,
            "editor": a.editor,
            "translator": a.translator,
            "views": a.views,
            "category": a.category.name if a.category else None,
            "image_url": a.image_url,
            "image_caption": a.image_alt.strip(),
            "photo_credit": a.photo_credit,
            "body": "\n\n".join(a.paragraphs),
            "pull_quote": a.pull_quote,
            "related": [_link(r, date_only=False) for r in self.related(a)],
            "popular": [_link(p, date_only=True) for p in popular],
            "read_also": (
                [{"url": read_also.canonical_url, "title": read_also.title}]
                if read_also
                else []
            ),
            "extraction_warnings": [],
        }


def _link(a: MirrorArticle, *, date_only: bool) -> dict[str, Any]:
    published = iso(a.published, show_time=a.show_time and not date_only)
    return {
        "url": a.canonical_url,
        "title": a.title,
        "published_at": published,
        "views": a.views,
        "reporter": a.reporter,
    }


def _alt_text(rng: random.Random, title: str, english: bool) -> str:
    roll = rng.random()
    if roll < 0.4:
        return title
    if roll < 0.6:
        return " " + title
    if roll < 0.8:
        return title + " "
    tail = rng.choice(ALT_TAILS_EN if english else ALT_TAILS_ID)
    return f"{' ' if rng.random() < 0.5 else ''}{title}{tail}"


def build_site(articles: int, *, seed: int = 0, english_every: int = 5) -> Site:
    """Build the mirror's site: ``articles`` articles in all, every ``english_every``-th English."""
    if articles < 0:
        raise ValueError(f"articles must be 0 or more, got {articles}")
    if english_every < 0:
        raise ValueError(
            f"english_every must be 0 (no English) or more, got {english_every}"
        )
    site = Site(seed=seed, english_every=english_every)
    site.grow(articles)
    return site

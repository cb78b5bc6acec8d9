"""Berita Jakarta (beritajakarta.id), the Jakarta government's news portal.

Identity is ``(language, numeric id)``: the ``www.``, ``m.`` and ``desain.``
hosts, ``http``/``https``, share-hash suffixes, mirrors and slugs all name the
same article, stored under its canonical ``https://m.beritajakarta.id`` URL.
Discovery: the mobile site's listings (latest, English, categories, regions),
paginated by ``ul.pagination``. Reader: the mobile and desktop templates in
:mod:`pipelines.extractors.sites.beritajakarta`.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from sites.profile import ArticleRef, Discovery, SiteProfile

SITE = "beritajakarta"
CANONICAL_ORIGIN = "https://m.beritajakarta.id"
SITE_HOSTS = frozenset(
    {
        "beritajakarta.id",
        "www.beritajakarta.id",
        "m.beritajakarta.id",
        "desain.beritajakarta.id",
    }
)
CATEGORY_SLUGS = (
    "ekonomi", "pembangunan", "pemerintahan", "kesra", "pendidikan", "fokus",
    "lintas-kota", "wisata", "kesehatan", "pemberdayaan-perempuan",
    "jakarta-hari-ini", "olahraga", "transportasi", "bumd", "legislatif",
)  # fmt: skip
REGION_SLUGS = (
    "jakarta-pusat", "jakarta-utara", "jakarta-barat", "jakarta-selatan",
    "jakarta-timur", "kepulauan-seribu",
)  # fmt: skip
LISTING_PATHS = (
    "/berita/terkini",
    "/latest-news",
    *(f"/kategori/{slug}" for slug in CATEGORY_SLUGS),
    *(f"/wilayah/{slug}" for slug in REGION_SLUGS),
)

_ARTICLE_PATH = re.compile(r"^/(?:(?P<en>en)/)?read/(?P<id>\d+)(?:/(?P<slug>[^?#]*))?")
# The common form, nothing to quote (the extractors' hot path): just rebase.
_PLAIN_ARTICLE = re.compile(
    r"https?://[^/?#@\[\]]+(?P<path>/(?:en/)?read/[0-9]+(?:/[A-Za-z0-9._~%-]+)?)"
)


def article_key(url: str) -> tuple[str, str] | None:
    """Return ``(language, id)`` for an article URL, or ``None`` for other pages."""
    match = _ARTICLE_PATH.match(urlsplit(url).path)
    if match is None:
        return None
    return ("en" if match["en"] else "id", match["id"])


def article_ref(url: str) -> ArticleRef | None:
    """The article's identity, from any host or form of its URL."""
    key = article_key(url)
    return None if key is None else ArticleRef(SITE, *key)


def is_article_url(url: str) -> bool:
    """True for ``/read/<id>/…`` and ``/en/read/<id>/…`` URLs on any host."""
    return article_key(url) is not None


def canonical_article_url(url: str) -> str | None:
    """Rewrite an article URL to ``https://m.beritajakarta.id/...`` without query or hash.

    The slug is kept as given (percent-encoded); ``None`` if ``url`` is not an
    article URL.
    """
    plain = _PLAIN_ARTICLE.fullmatch(url)
    if plain is not None:
        return CANONICAL_ORIGIN + plain["path"]
    parts = urlsplit(url)
    match = _ARTICLE_PATH.match(parts.path)
    if match is None:
        return None
    prefix = "/en/read/" if match["en"] else "/read/"
    slug = match["slug"] or ""
    path = prefix + match["id"] + ("/" + quote(slug, safe="/%-._~") if slug else "")
    return CANONICAL_ORIGIN + path.rstrip("/")


PROFILE = SiteProfile(
    name=SITE,
    title="Berita Jakarta",
    hosts=SITE_HOSTS,
    default_base_url=CANONICAL_ORIGIN,
    article_ref=article_ref,
    canonical_url=canonical_article_url,
    reader="pipelines.extractors.sites.beritajakarta_read:extract",
    discovery=Discovery(listings=LISTING_PATHS),
)

"""Portal Jabar (``jabarprov.go.id``, West Java province): identity and discovery rules.

An article is ``/berita/{slug}``; its identity is ``("id", slug)`` (the slug is
the only id the URL carries; the numeric id lives in the page's state and the
API) and its canonical URL ``https://jabarprov.go.id/berita/{slug}``. The
listing ``/berita`` (``?page=N``), tag pages ``/berita/tags/{tag}`` and the JSON
API under ``/v1/public/news`` are not articles. Paths are matched on any host,
so a mirror's URLs name the same articles; which hosts the portal answers on is
:data:`HOSTS`. What the real pages carry: ../shared/reference/portals.md.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode, urlsplit

from sites.profile import ArticleRef, Discovery, SiteProfile

NAME = "jabar"
TITLE = "Portal Jabar"
LANGUAGE = "id"  # the portal publishes in Indonesian only
HOSTS = frozenset({"jabarprov.go.id", "www.jabarprov.go.id"})
CANONICAL_ORIGIN = "https://jabarprov.go.id"
DEFAULT_BASE_URL = CANONICAL_ORIGIN

# Discovery, as plain data (paths under the base URL)
LISTINGS = ("/berita",)  # paginated by ?page=N (rel=next)
SITEMAPS: tuple[str, ...] = ()  # robots.txt names none
FEEDS: tuple[str, ...] = ()
API_PAGE_SIZE = 50
API_LISTINGS = (f"/v1/public/news?per_page={API_PAGE_SIZE}&page=1",)
API_ARTICLE = "/v1/public/news/slug/{slug}"
TAG_PREFIX = "/berita/tags/"

# one path segment after /berita/; "tags" alone is the tag index, not an article
_ARTICLE_PATH = re.compile(r"^/berita/(?P<slug>(?!tags/?$)[A-Za-z0-9._~%-]+)/?$")


def article_ref(url: str) -> tuple[str, str] | None:
    """``(language, slug)`` for an article URL on any host; ``None`` for other pages."""
    slug = article_slug(url)
    return None if slug is None else (LANGUAGE, slug)


def article_slug(url: str) -> str | None:
    """The slug of ``/berita/{slug}`` (percent-encoding normalised), else ``None``."""
    match = _ARTICLE_PATH.match(urlsplit(url).path)
    if match is None:
        return None
    return quote(match["slug"], safe="%-._~")


def is_article_url(url: str) -> bool:
    """True for ``/berita/{slug}``; False for listings, tag pages, the API, the rest."""
    return article_slug(url) is not None


def canonical_url(url: str) -> str | None:
    """``https://jabarprov.go.id/berita/{slug}`` (no query, fragment or ``/``); else ``None``."""
    slug = article_slug(url)
    return None if slug is None else f"{CANONICAL_ORIGIN}/berita/{slug}"


def is_listing_url(url: str) -> bool:
    """True for ``/berita`` (any ``?page=N``) and ``/berita/tags/{tag}``."""
    path = urlsplit(url).path.rstrip("/")
    if path == "/berita":
        return True
    rest = path.removeprefix(TAG_PREFIX)
    return rest != path and bool(rest) and "/" not in rest


def api_listing_path(page: int, per_page: int = API_PAGE_SIZE) -> str:
    """``/v1/public/news?per_page=N&page=P``: one page of the newest-first API list."""
    return "/v1/public/news?" + urlencode({"per_page": per_page, "page": page})


def api_article_path(slug: str) -> str:
    """The API path of one article's record."""
    return API_ARTICLE.format(slug=quote(slug, safe="%-._~"))


def _ref(url: str) -> ArticleRef | None:
    key = article_ref(url)
    return None if key is None else ArticleRef(NAME, *key)


PROFILE = SiteProfile(
    name=NAME,
    title=TITLE,
    hosts=HOSTS,
    default_base_url=DEFAULT_BASE_URL,
    article_ref=_ref,
    canonical_url=canonical_url,
    reader="pipelines.extractors.sites.jabar:extract",
    discovery=Discovery(listings=LISTINGS, api=API_LISTINGS),
)

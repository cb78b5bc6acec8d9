"""Map a request path to what the mirror serves (no sockets here)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from mirror.content import MirrorArticle, Site
from mirror.render import page_count

_ARTICLE = re.compile(r"^/(?:(?P<en>en)/)?read/(?P<id>\d+)(?:/.*)?$")


@dataclass(frozen=True)
class Route:
    """What a path names: ``kind`` is article, listing, home, robots, admin or missing."""

    kind: str
    key: str = ""  # the fault/cache key: canonical article path or listing page URL
    article: MirrorArticle | None = None
    base: str = ""
    page: int = 1


def resolve(site: Site, raw_path: str) -> Route:
    """Resolve a raw request path (with query) against the site."""
    parts = urlsplit(raw_path)
    path = parts.path
    if path == "/robots.txt":
        return Route("robots")
    if path.startswith("/__mirror__/"):
        return Route("admin", key=path)
    if path in ("/", ""):
        return Route("home", key="/")
    match = _ARTICLE.match(path)
    if match:
        article = site.get("en" if match["en"] else "id", int(match["id"]))
        if article is None:
            return Route("missing")
        return Route("article", key=article.path, article=article)
    base = path.rstrip("/") or path
    if site.listing(base) is None:
        return Route("missing")
    values = parse_qs(parts.query).get("page", ["1"])
    if len(values) != 1 or not values[0].isascii() or not values[0].isdigit():
        return Route("missing")
    page = int(values[0])
    key = base if page == 1 else f"{base}?page={page}"
    return Route("listing", key=key, base=base, page=page)


def listing_keys(site: Site) -> list[str]:
    """Every listing page URL path (``/berita/terkini``, ``/berita/terkini?page=2`` …)."""
    keys = []
    for base in site.listing_bases():
        articles = site.listing(base) or []
        keys.append(base)
        keys.extend(f"{base}?page={n}" for n in range(2, page_count(len(articles)) + 1))
    return keys


def fault_candidates(site: Site) -> list[str]:
    """Paths that may be chosen to fail once: every article and every listing page."""
    return [a.path for a in site.articles] + listing_keys(site)

"""Pure URL rules for Berita Jakarta: article identity and canonical URLs.

Article identity is ``(language, numeric id)``: the ``www.``, ``m.`` and
``desain.`` hosts, ``http``/``https``, share-hash suffixes, mirrors and slugs
all name the same article. No Scrapy import: extractors use this module too.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import quote, urlsplit

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

_ARTICLE_PATH = re.compile(r"^/(?:(?P<en>en)/)?read/(?P<id>\d+)(?:/(?P<slug>[^?#]*))?")


def article_key(url: str) -> tuple[str, str] | None:
    """Return ``(language, id)`` for an article URL, or ``None`` for other pages."""
    match = _ARTICLE_PATH.match(urlsplit(url).path)
    if match is None:
        return None
    return ("en" if match["en"] else "id", match["id"])


def is_article_url(url: str) -> bool:
    """True for ``/read/<id>/…`` and ``/en/read/<id>/…`` URLs on any host."""
    return article_key(url) is not None


def canonical_article_url(url: str) -> str | None:
    """Rewrite an article URL to ``https://m.beritajakarta.id/...`` without query or hash.

    The slug is kept as given (percent-encoded); ``None`` if ``url`` is not an
    article URL.
    """
    parts = urlsplit(url)
    match = _ARTICLE_PATH.match(parts.path)
    if match is None:
        return None
    prefix = "/en/read/" if match["en"] else "/read/"
    slug = match["slug"] or ""
    path = prefix + match["id"] + ("/" + quote(slug, safe="/%-._~") if slug else "")
    return CANONICAL_ORIGIN + path.rstrip("/")


def rebase(url: str, base_url: str) -> str:
    """Point a site URL at ``base_url`` (a mirror), keeping path and query."""
    parts = urlsplit(url)
    target = base_url.rstrip("/")
    rest = parts.path + (f"?{parts.query}" if parts.query else "")
    return target + rest


def is_loopback(url: str) -> bool:
    """True when ``url`` names this machine (127.0.0.0/8, ``localhost``, ``[::1]``)."""
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False

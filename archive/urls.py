"""Article identity from a URL, for matching observations to archived articles.

The archive may not import ``crawler``; this is the small part of the URL rules it
needs: ``/read/<id>/…`` is ``("id", id)`` and ``/en/read/<id>/…`` is ``("en", id)``
on any host (canonical, ``www.``, ``desain.`` or a local mirror).
"""

from __future__ import annotations

import re

_ARTICLE_URL = re.compile(
    r"^(?:[A-Za-z][A-Za-z0-9+.-]*:)?(?://[^/?#]*)?"  # optional scheme and host
    r"/(?:(?P<en>en)/)?read/(?P<id>\d+)(?:[/?#]|$)"
)


def article_key(url: str) -> tuple[str, str] | None:
    """Return ``(language, site_article_id)`` for an article URL, else ``None``."""
    match = _ARTICLE_URL.match(url.strip())
    if match is None:
        return None
    return ("en" if match["en"] else "id", match["id"])

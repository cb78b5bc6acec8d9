"""The sitemaps a robots.txt declares (``Sitemap:`` lines, any case, any place).

Relative values are resolved against the robots.txt URL; duplicates and values
that are not http(s) URLs are dropped.
"""

from __future__ import annotations

import re

from sites.urls import normalize_url

_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.IGNORECASE)


def sitemap_urls(robots_txt: str | bytes, robots_url: str) -> list[str]:
    """Normalised URLs of the ``Sitemap:`` lines, in file order, each once."""
    if isinstance(robots_txt, bytes):
        robots_txt = robots_txt.decode("utf-8", errors="replace")
    found: list[str] = []
    for line in robots_txt.splitlines():
        match = _SITEMAP_LINE.match(line.split("#", 1)[0])
        url = normalize_url(match[1], robots_url) if match else None
        if url is not None and url not in found:
            found.append(url)
    return found

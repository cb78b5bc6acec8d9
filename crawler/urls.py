"""URL helpers of the crawl that know no site: mirrors (rebase) and loopback.

A site's own URL rules (identity, canonical URLs) live in its profile under
``sites/``.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit


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

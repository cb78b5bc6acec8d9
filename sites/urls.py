"""One URL normalisation and the same-site rule: discovery, profiles and extractors.

:func:`normalize_url` makes a link absolute, keeps only http(s), drops tracking
parameters (``utm_*``, ``fbclid`` …) and the default port, then applies
:func:`w3lib.url.canonicalize_url` (fragment stripped, query sorted, escaping
made uniform). Two URLs are on the same site when their hosts are equal once
``www.`` is ignored, whatever the scheme.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid"}
)
TRACKING_PREFIXES = ("utm_",)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def normalize_url(url: str, base: str | None = None) -> str | None:
    """The absolute, canonical form of ``url`` (joined to ``base``); None if not http(s).

    >>> normalize_url("/a/?utm_source=x&b=2&a=1#top", "https://Example.go.id/x")
    'https://example.go.id/a/?a=1&b=2'
    """
    url = url.strip()
    if not url or url.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return None
    absolute = urljoin(base, url) if base else url
    try:
        parts = urlsplit(absolute)
        port = parts.port
    except ValueError:  # a malformed port or IPv6 literal
        return None
    if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname:
        return None
    netloc = parts.hostname.lower()
    if ":" in netloc:  # IPv6 literal
        netloc = f"[{netloc}]"
    if port is not None and port != _DEFAULT_PORTS[parts.scheme.lower()]:
        netloc += f":{port}"
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _is_tracking(k)
        ]
    )
    cleaned = urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", query, ""))
    return canonicalize_url(cleaned)


def site_of(url: str) -> str:
    """The site a URL belongs to: its host, lower case, without ``www.``."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def _site_key(url: str) -> tuple[str, int | None] | None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    if port == _DEFAULT_PORTS[scheme]:
        port = None
    return site_of(url), port


def same_site(url: str, base_url: str) -> bool:
    """Whether ``url`` is on ``base_url``'s site (``www.`` and http/https ignored)."""
    key = _site_key(url)
    return key is not None and key == _site_key(base_url)

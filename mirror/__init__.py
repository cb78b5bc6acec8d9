"""A deterministic offline mirror of news portals (Berita Jakarta, a WordPress city
portal, Portal Jabar) for tests and demos.

Stdlib only: it must not import scrapy, pipelines or archive.
"""

from __future__ import annotations

from mirror.content import MirrorArticle, Site, build_site
from mirror.faults import FAULT_KINDS
from mirror.server import MirrorError, MirrorServer, run_mirror

__all__ = [
    "FAULT_KINDS",
    "MirrorArticle",
    "MirrorError",
    "MirrorServer",
    "Site",
    "build_site",
    "run_mirror",
]

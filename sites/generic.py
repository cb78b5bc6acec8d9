"""Any portal without a profile of its own: identity by canonical URL.

A generic site is named by its host without ``www.``; an article's identity is
its canonical URL, normalised (:func:`sites.urls.normalize_url`), with no
language known from the URL (the page tells it). Discovery is by rule: robots.txt
``Sitemap:`` lines, the usual sitemap and feed paths, and the home page as a
listing. The reader is the profile-free one.
"""

from __future__ import annotations

from sites.profile import ArticleRef, Discovery, SiteProfile
from sites.urls import normalize_url, site_of

READER = "pipelines.extractors.any_portal:extract"
DISCOVERY = Discovery(
    listings=("/",),
    sitemaps=("/sitemap.xml", "/sitemap_index.xml", "/wp-sitemap.xml"),
    feeds=("/feed/",),
    robots_sitemaps=True,
)


def canonical_url(url: str) -> str | None:
    """The normalised absolute http(s) URL; ``None`` for anything else."""
    return normalize_url(url)


def article_ref(url: str) -> ArticleRef | None:
    """``(host without www., None, normalised URL)``; ``None`` for a non-http(s) URL."""
    canonical = canonical_url(url)
    if canonical is None:
        return None
    return ArticleRef(site_of(canonical), None, canonical)


def generic_profile(base_url: str) -> SiteProfile:
    """A profile for the portal at ``base_url`` (``ValueError`` if not http(s))."""
    canonical = normalize_url(base_url)
    if canonical is None:
        raise ValueError(f"not an http(s) URL: {base_url!r}")
    host = site_of(canonical)
    return SiteProfile(
        name=host,
        title=host,
        hosts=frozenset({host, f"www.{host}"}),
        default_base_url=canonical,
        article_ref=article_ref,
        canonical_url=canonical_url,
        reader=READER,
        discovery=DISCOVERY,
    )

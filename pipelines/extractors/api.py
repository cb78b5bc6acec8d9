"""Entry points: ``extract_article``, ``extract_listing``, ``article_to_dict``.

Dispatch by site profile: ``extract_article`` picks the profile of the URL's
host (or, for a page fetched from elsewhere such as a mirror, of the host its
canonical link or ``og:url`` names) and runs that profile's ``reader``
(``"module:function"``, imported once, called with the page as a
:class:`~pipelines.extractors.dom.Document` and its URL); a page of any other
host goes to the profile-free reader (:mod:`.any_portal`). The page is parsed
at most once for all of it, and not at all when the caller gives its ``tree``. Identities of URLs (links, view
observations, failures) come from the same profiles (:func:`article_ref`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import fields
from functools import cache
from typing import Any

from crawler.items import Article, Link
from pipelines.extractors import generic
from pipelines.extractors.dom import Document, Element
from pipelines.extractors.errors import NotAnArticle
from pipelines.extractors.sites import beritajakarta as mobile
from pipelines.extractors.sites.beritajakarta_read import (
    EXTRACTOR_VERSION,
    missing_field_warnings,
)
from sites import ArticleRef, SiteProfile, all_profiles, generic_profile
from sites import profile_for_url as _profile_by_host

__all__ = [
    "ARTICLE_KEYS",
    "EXTRACTOR_VERSION",
    "article_identity",
    "article_ref",
    "article_to_dict",
    "extract_article",
    "extract_listing",
    "identify_link",
    "link_to_dict",
    "missing_field_warnings",
    "profile_for_page",
    "reader_named",
]

Reader = Callable[[Document, str], Article]

#: The ``warta extract`` JSON keys: every Article field but the extractor version.
ARTICLE_KEYS = tuple(f.name for f in fields(Article) if f.name != "extractor_version")


def extract_article(
    html: str, url: str, site: str | None = None, *, tree: Element | None = None
) -> Article:
    """Extract every field of an article page; raise :class:`NotAnArticle` otherwise.

    ``site`` names the profile when the caller knows it (a crawl of that site);
    otherwise :func:`profile_for_page` chooses. ``tree`` is the page already
    parsed (:class:`~pipelines.extractors.dom.Document`), if the caller has it.
    """
    document = Document(html, tree)
    profile = all_profiles().get(site or "") or profile_for_page(document, url)
    article = reader_named(profile.reader)(document, url)
    for link in (*article.related, *article.popular, *article.read_also):
        identify_link(link, profile)
    return article


def profile_for_page(document: Document, url: str) -> SiteProfile:
    """The profile of ``url``'s host, else of the host the page's canonical link or
    ``og:url`` names (a mirror's page), else a generic profile for ``url``."""
    profile = _profile_by_host(url) if url else None
    if profile is not None:
        return profile
    try:
        doc: Element | None = document.root
    except NotAnArticle:
        doc = None
    if doc is not None:
        for declared in (generic.extract_canonical(doc), _og_url(doc)):
            if declared and (found := _profile_by_host(declared.strip())):
                return found
    if not url:
        raise NotAnArticle("not an article URL: (none): give the page's URL")
    try:
        return generic_profile(url)
    except ValueError:
        raise NotAnArticle(f"not an article URL: {url}") from None


def _og_url(doc: Any) -> str | None:
    return generic.extract_meta(doc, "og:url")


@cache
def reader_named(name: str) -> Reader:
    """The function a profile's ``reader`` names (``"module:function"``), imported once."""
    module_name, _, attribute = name.partition(":")
    reader = getattr(importlib.import_module(module_name), attribute, None)
    if not callable(reader):
        raise TypeError(f"site reader {name!r} is not a function")
    return reader  # type: ignore[no-any-return]


def extract_listing(html: str, url: str, *, tree: Element | None = None) -> list[Link]:
    """The items of a listing page (title, canonical URL, date, views, reporter);
    ``tree`` is the page already parsed, if the caller has it."""
    try:
        doc = Document(html, tree).root
    except NotAnArticle:
        return []
    links = mobile.extract_listing(doc, generic.base_url_of(doc, url))
    return [identify_link(link) for link in links]


def article_ref(url: str, site: str | None = None) -> ArticleRef | None:
    """The identity of an article URL, by the profile named ``site`` when given,
    else by the profile of the URL's host, else by the generic rule."""
    profiles = all_profiles()
    profile = profiles.get(site) if site else None
    profile = profile or _profile_by_host(url)
    if profile is not None:
        return profile.article_ref(url)
    try:
        return generic_profile(url).article_ref(url)
    except ValueError:
        return None


def article_identity(
    url: str, site: str | None = None
) -> tuple[str | None, str] | None:
    """``(language, site_article_id)`` of an article URL (see :func:`article_ref`)."""
    ref = article_ref(url, site)
    return None if ref is None else (ref.language, ref.site_article_id)


def identify_link(link: Link, profile: SiteProfile | None = None) -> Link:
    """Set the link's target identity from its URL (by ``profile`` when given)."""
    ref = profile.article_ref(link.url) if profile else article_ref(link.url)
    link.target_language, link.target_site_article_id = (
        (ref.language, ref.site_article_id) if ref else (None, None)
    )
    return link


def article_to_dict(article: Article) -> dict[str, Any]:
    """The ``warta extract`` JSON object: fixed keys, in the documented order."""
    result: dict[str, Any] = {}
    for key in ARTICLE_KEYS:
        value = getattr(article, key)
        if key in ("related", "popular"):
            value = [link_to_dict(link) for link in value]
        elif key == "read_also":
            value = [{"url": link.url, "title": link.title} for link in value]
        elif key == "extraction_warnings":
            value = list(value)
        result[key] = value
    return result


def link_to_dict(link: Link) -> dict[str, Any]:
    """A related/popular item as ``{url, title, published_at, views, reporter}``."""
    return {
        "url": link.url,
        "title": link.title,
        "published_at": link.published_at,
        "views": link.views,
        "reporter": link.reporter,
    }

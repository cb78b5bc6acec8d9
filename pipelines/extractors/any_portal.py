"""Any portal without a reader of its own: the profile-free reader as an :class:`Article`.

The generic profile's ``reader`` (:data:`sites.generic.READER`). Field rules:

* ``url`` and ``site_article_id``: the page's canonical URL (``<link
  rel=canonical>`` or ``og:url`` when on the fetched URL's site, else the fetched
  URL), normalised by :func:`sites.urls.normalize_url`: the identity
  :func:`sites.generic.article_ref` gives the same URL before any fetch;
* ``site``: the host without ``www.``;
* ``language``: ``<html lang>``, else ``og:locale``, else ``"id"``;
* ``reporter``: ``authors`` joined with ``", "``; ``tags`` as declared;
* ``body``: the reader's text, one paragraph per line, blank lines between.
"""

from __future__ import annotations

import re

from crawler.items import Article, Link
from pipelines.extractors.dom import Document, Element, xpath
from pipelines.extractors.errors import NotAnArticle
from pipelines.extractors.generic import extract_meta
from pipelines.extractors.reader import ReadArticle, read_article
from sites.generic import article_ref

EXTRACTOR_VERSION = "reader-1.1.0"
DEFAULT_LANGUAGE = "id"
EXPECTED = ("title", "published_at", "reporter", "body")

_HTML_LANG = xpath("/html/@lang | /html/@xml:lang")
_LANGUAGE = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*$")
_OLD_CODES = {"in": "id", "ind": "id", "eng": "en"}  # ISO 639 forms seen in pages


def extract(document: Document, url: str) -> Article:
    """Every field the profile-free reader finds; :class:`NotAnArticle` otherwise."""
    read = read_article(document, url)
    ref = article_ref(read.canonical_url) or article_ref(url)
    if ref is None:
        raise NotAnArticle(f"not an http(s) URL: {url or '(none)'}")
    article = Article(
        url=ref.site_article_id,
        site=ref.site,
        site_article_id=ref.site_article_id,
        language=page_language(document.root),
        title=read.title,
        published_at=read.published_at,
        reporter=read.reporter,
        editor=read.editor,
        views=read.views,
        category=read.category,
        image_url=read.image_url,
        body=_paragraphs(read.body),
        related=_links(read),
        extractor_version=EXTRACTOR_VERSION,
        authors=list(read.authors),
        tags=list(dict.fromkeys(read.tags)),
    )
    article.extraction_warnings = [
        f"no {'date' if name == 'published_at' else name}"
        for name in EXPECTED
        if getattr(article, name) is None
    ]
    return article


def page_language(doc: Element) -> str:
    """The page's language: ``<html lang>``, ``og:locale``, else ``"id"``."""
    candidates = [str(value) for value in _HTML_LANG(doc)]
    candidates.append(extract_meta(doc, "og:locale") or "")
    for value in candidates:
        match = _LANGUAGE.match(value.strip())
        if match:
            code = match[1].lower()
            return _OLD_CODES.get(code, code)
    return DEFAULT_LANGUAGE


def _paragraphs(body: str | None) -> str | None:
    """The archive's body form: paragraphs separated by one blank line."""
    if not body:
        return None
    return "\n\n".join(line.strip() for line in body.splitlines() if line.strip())


def _links(read: ReadArticle) -> list[Link]:
    return [Link(url=link.url, title=link.title or None) for link in read.related]


__all__ = ["EXTRACTOR_VERSION", "extract", "page_language"]

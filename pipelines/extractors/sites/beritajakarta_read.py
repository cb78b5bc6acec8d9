"""Berita Jakarta's reader (its profile's ``reader``): mobile or desktop template.

Every page is parsed once with lxml (canonical link, ``<base>``, the template
test). A page with ``div.news-read`` is the mobile template (Indonesian or
English by URL), read from that lxml tree: the hot path. Otherwise the
label-anchored desktop reader tries it on a BeautifulSoup of the page (a cold
path); a page neither recognises, or whose template holds neither a headline
nor body text (a missing record), raises :class:`NotAnArticle` with a one-line
reason. Why each path uses which parser: :mod:`pipelines.extractors.dom`.
"""

from __future__ import annotations

from crawler.items import Article
from pipelines.extractors import generic
from pipelines.extractors.dom import Document, Element, first, text_of, xpath
from pipelines.extractors.errors import NotAnArticle
from pipelines.extractors.sites import beritajakarta as mobile
from pipelines.extractors.sites import beritajakarta_www as www
from pipelines.extractors.soup import parse_soup
from sites.beritajakarta import article_key, canonical_article_url

EXTRACTOR_VERSION = "1.0.0"
# Fields every article is expected to have; a missing one becomes a warning.
EXPECTED_FIELDS = ("title", "published_at", "reporter", "views", "body")
EXPECTED_FIELDS_ID = ("editor",)  # Indonesian pages name an editor
# What an empty record's <title>/og:title says instead of a headline.
SITE_NAMES = frozenset({"berita jakarta", "beritajakarta", "beritajakarta.id"})

_H1 = xpath("descendant::h1[normalize-space()][1]")
_TITLE = xpath("descendant::title[1]")


def extract(document: Document, url: str) -> Article:
    """Every field of a Berita Jakarta article page; :class:`NotAnArticle` otherwise."""
    doc = document.root
    canonical = generic.extract_canonical(doc)
    page_url = _article_url(canonical, url)
    key = article_key(page_url) if page_url else None
    if page_url is None or key is None:
        raise NotAnArticle(f"not an article URL: {canonical or url or '(none)'}")
    language, article_id = key
    base_url = generic.base_url_of(doc, url or page_url)
    news_read = mobile.find_article(doc)
    if news_read is not None:
        article = mobile.extract(
            doc,
            news_read,
            url=page_url,
            article_id=article_id,
            language=language,
            base_url=base_url,
        )
    else:
        soup = parse_soup(document.html)
        page = www.read_soup(soup)
        if page is None:
            raise NotAnArticle(_not_an_article_reason(doc, base_url))
        article = www.to_article(
            page,
            soup,
            url=page_url,
            article_id=article_id,
            language=language,
            base_url=base_url,
        )
    _reject_empty(article)
    article.authors = article.reporter.split(", ") if article.reporter else []
    article.extractor_version = EXTRACTOR_VERSION
    article.extraction_warnings.extend(missing_field_warnings(article))
    return article


def _reject_empty(article: Article) -> None:
    """Raise :class:`NotAnArticle` for a page with neither a headline nor body text.

    The site serves a missing record as the article template with every field
    empty (often after PHP notices), its ``<title>`` empty or the site's name.
    A page with a headline but no body is still an article (warned "no body").
    """
    if article.body:
        return
    title = article.title
    if not title or title.casefold() in SITE_NAMES:
        raise NotAnArticle("empty article template (no headline, no body text)")


def missing_field_warnings(article: Article) -> list[str]:
    """``"no reporter"``-style warnings for expected fields the page lacked."""
    expected = EXPECTED_FIELDS + (
        EXPECTED_FIELDS_ID if article.language == "id" else ()
    )
    names = {"published_at": "date", "views": "view count"}
    return [
        f"no {names.get(name, name)}"
        for name in expected
        if getattr(article, name) is None
    ]


def _article_url(canonical: str | None, url: str) -> str | None:
    """The canonical link when it names an article, else the given URL, canonicalised."""
    if canonical:
        resolved = generic.canonical_or_none(canonical, canonical_article_url)
        if resolved is not None:
            return resolved
    return generic.canonical_or_none(url, canonical_article_url) if url else None


def _not_an_article_reason(doc: Element, base_url: str) -> str:
    listing = mobile.extract_listing(doc, base_url)
    if listing:
        return f"listing page with {len(listing)} items, no article body"
    heading = text_of(first(_H1(doc))) or text_of(first(_TITLE(doc)))
    shown = f": {heading[:80]!r}" if heading else ""
    return f"no article content (no headline with date or byline){shown}"

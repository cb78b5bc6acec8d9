"""Portal Jabar (jabarprov.go.id) reader: an article page, or one JSON API record.

A page is read from two sources: the news record in its ``window.__NUXT__``
state (the same record the public API serves: :mod:`pipelines.extractors.nuxt`)
and the visible page, by labels (:mod:`.jabar_page`). The record wins where it
has a value (it is exact: the full time, the plain view count); the page fills
what the record lacks, so a page whose state is missing or unreadable still
gives every field it shows (and a warning says so).

Field rules:

* ``reporter``: the byline's names in page order, joined with ", ": the
  writer (``Penulis``, the record's ``author``) first, then the reporters
  (``Peliput``, the record's ``reporter``); a name given twice counts once.
  ``editor`` is the ``Editor:`` line after the body (the record's ``editor``),
  never part of ``reporter``.
* ``published_at``: the record's time in WIB (``+07:00``) when it has one, else
  the day the page shows (``2022-11-07``).
* ``site_article_id`` is the URL's slug (known before any fetch); the portal's
  numeric id is :attr:`JabarNews.news_id`.
* ``authors`` is the byline's names as a list, ``tags`` the page's tags; shares
  and the writer/peliput split have no :class:`Article` field: :func:`read_page`
  returns them beside the article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urljoin

from crawler.items import Article
from pipelines.extractors.dates import parse_date
from pipelines.extractors.dom import Document, Element, parse
from pipelines.extractors.errors import NotAnArticle
from pipelines.extractors.numbers import parse_views
from pipelines.extractors.nuxt import find_nuxt_state
from pipelines.extractors.sites.jabar_page import (
    PageFields,
    meta,
    paragraphs,
    read_visible,
    split_names,
)
from pipelines.extractors.text import clean, clean_name
from sites import jabar as profile

EXTRACTOR_VERSION = "jabar-1.0.0"
SITE = profile.NAME
WIB = timezone(timedelta(hours=7))
EXPECTED = ("title", "published_at", "reporter", "editor", "views", "body")


@dataclass(kw_only=True)
class JabarNews:
    """An article plus what :class:`Article` has no field for."""

    article: Article
    writer: str | None = None  # Penulis
    peliput: list[str] = field(default_factory=list)  # Peliput, in page order
    tags: list[str] = field(default_factory=list)
    shares: int | None = None
    news_id: str | None = None  # the portal's numeric id (state / API only)

    @property
    def authors(self) -> list[str]:
        """The byline's names in page order: writer, then reporters."""
        return _names(self.writer, self.peliput)


def extract(document: Document, url: str) -> Article:
    """Every field of an article page; :class:`NotAnArticle` for any other page."""
    return read_page(document, url).article


def read_page(document: Document, url: str) -> JabarNews:
    """:func:`extract` with tags, shares, the writer/reporter split and the news id."""
    doc = document.root
    canonical = _canonical(doc, url)
    slug = profile.article_slug(canonical)
    if slug is None:
        raise NotAnArticle(f"not a Portal Jabar article URL: {url or '(none)'}")
    warnings: list[str] = []
    record = _state_record(document.html, slug, warnings)
    page = read_visible(doc, url or canonical)
    if record is None and not page.has_article_signs():
        shown = f": {page.title[:80]!r}" if page.title else ""
        raise NotAnArticle(f"no news record and no headline with a byline{shown}")
    news = _merge(record_fields(record, url or canonical) if record else None, page)
    news.article.url = canonical
    news.article.site_article_id = slug
    news.article.extraction_warnings[:0] = warnings
    return _lists(news)


def extract_api_item(obj: dict[str, Any], *, base_url: str | None = None) -> Article:
    """The article of one JSON API record (``data`` of ``/v1/public/news/slug/…``)."""
    return read_api_item(obj, base_url=base_url).article


def read_api_item(obj: dict[str, Any], *, base_url: str | None = None) -> JabarNews:
    """:func:`extract_api_item` with tags, shares, the writer/reporter split and id.

    A listing record (``/v1/public/news?…``) has no ``content``: its body is
    ``None``. :class:`NotAnArticle` when the record has no usable slug.
    """
    if not isinstance(obj, dict):
        raise NotAnArticle("API record is not an object")
    obj = obj["data"] if isinstance(obj.get("data"), dict) else obj
    slug = obj.get("slug")
    canonical = profile.canonical_url(f"/berita/{slug}") if slug else None
    if not isinstance(slug, str) or canonical is None:
        raise NotAnArticle(f"API record without an article slug: {slug!r}")
    news = record_fields(obj, base_url or profile.CANONICAL_ORIGIN)
    news.article.url = canonical
    news.article.site_article_id = profile.article_slug(canonical) or slug
    news.article.extraction_warnings = _missing(news.article)
    return _lists(news)


def _lists(news: JabarNews) -> JabarNews:
    """Copy the byline's names and the tags into the article."""
    news.article.authors = news.authors
    news.article.tags = list(news.tags)
    return news


def record_fields(record: dict[str, Any], base_url: str) -> JabarNews:
    """A news record (state or API) as :class:`JabarNews` (url/id filled by callers)."""
    writer = _person(record.get("author")) or _person(record.get("writer"))
    peliput = split_names(_people(record.get("reporter")))
    content = record.get("content")
    body = _html_text(content) if isinstance(content, str) else None
    image = _text(record.get("image"))
    if isinstance(record.get("image"), dict):
        image = _text(record["image"].get("url"))
    article = Article(
        url="",
        site=SITE,
        site_article_id="",
        language=profile.LANGUAGE,
        title=_text(record.get("title")),
        published_at=wib_time(_text(record.get("published_at"))),
        reporter=", ".join(_names(writer, peliput)) or None,
        editor=_person(record.get("editor")),
        views=_count(record.get("views")),
        category=_person(record.get("category")),
        image_url=urljoin(base_url, image) if image else None,
        body=body,
        extractor_version=EXTRACTOR_VERSION,
    )
    tags = [t for t in (_tag(x) for x in _list(record.get("tags"))) if t]
    news_id = record.get("id")
    return JabarNews(
        article=article,
        writer=writer,
        peliput=peliput,
        tags=list(dict.fromkeys(tags)),
        shares=_count(record.get("shared", record.get("shares"))),
        news_id=str(news_id) if isinstance(news_id, (int, str)) and news_id else None,
    )


def wib_time(value: str | None) -> str | None:
    """ISO 8601 in WIB (``+07:00``, the portal's zone); a date stays a date."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return parse_date(value)
    if len(value) <= len("2022-11-07"):
        return moment.date().isoformat()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=WIB)
    return moment.astimezone(WIB).replace(microsecond=0).isoformat()


# -- the page -------------------------------------------------------------------
def _canonical(doc: Element, url: str) -> str:
    """``og:url`` when it names an article (the page has no canonical link), else ``url``."""
    og_url = meta(doc, "og:url")
    return (
        (og_url and profile.canonical_url(og_url))
        or profile.canonical_url(url)
        or (url or "")
    )


def _state_record(html: str, slug: str, warnings: list[str]) -> dict[str, Any] | None:
    """The state's news record for ``slug``; :class:`NotAnArticle` for a listing's state."""
    state = find_nuxt_state(html)
    if state is None:
        warnings.append("no readable __NUXT__ state: fields read from the page")
        return None
    holders = [*_list(state.get("data")), *_dict(state.get("fetch")).values()]
    for holder in holders:
        for value in _dict(holder).values():
            if isinstance(value, dict) and value.get("slug") == slug:
                return value
            if isinstance(value, list) and any(
                isinstance(v, dict) and "slug" in v for v in value
            ):
                raise NotAnArticle(f"listing page with {len(value)} items")
    warnings.append("no news record in the __NUXT__ state: fields read from the page")
    return None


def _merge(record: JabarNews | None, page: PageFields) -> JabarNews:
    """The record's values, the page's where the record has none."""
    news = record or JabarNews(
        article=Article(url="", site=SITE, site_article_id="", language="id")
    )
    article = news.article
    article.extractor_version = EXTRACTOR_VERSION
    article.title = article.title or page.title
    article.published_at = article.published_at or page.day
    news.writer = news.writer or page.writer
    news.peliput = news.peliput or page.peliput
    article.reporter = ", ".join(news.authors) or None
    article.editor = article.editor or page.editor
    article.views = article.views if article.views is not None else page.views
    news.shares = news.shares if news.shares is not None else page.shares
    article.category = article.category or page.category
    article.image_url = article.image_url or page.image_url
    article.body = article.body or page.body
    article.related = page.related
    article.read_also = page.read_also
    news.tags = news.tags or page.tags
    article.extraction_warnings = _missing(article)
    return news


def _missing(article: Article) -> list[str]:
    names = {"published_at": "date", "views": "view count"}
    return [f"no {names.get(n, n)}" for n in EXPECTED if getattr(article, n) is None]


# -- record values ----------------------------------------------------------------
def _html_text(content: str) -> str | None:
    if not content.strip():
        return None
    return "\n\n".join(paragraphs(parse(f"<div>{content}</div>"))) or None


def _names(writer: str | None, peliput: list[str]) -> list[str]:
    names: list[str] = []
    for name in ([writer] if writer else []) + peliput:
        if name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return names


def _person(value: Any) -> str | None:
    """A name given as text or as ``{name: …}``."""
    if isinstance(value, dict):
        value = value.get("name")
    return clean_name(value) if isinstance(value, str) else None


def _people(value: Any) -> str | None:
    """Names given as text, ``{name}`` or a list of either, as one "A, B" text."""
    if isinstance(value, list):
        names = [_person(v) for v in value]
        return ", ".join(n for n in names if n) or None
    return _person(value)


def _tag(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("tag", value.get("name"))
    return clean(value) if isinstance(value, str) else None


def _count(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    return parse_views(value) if isinstance(value, str) else None


def _text(value: Any) -> str | None:
    return clean(value) if isinstance(value, str) else None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}

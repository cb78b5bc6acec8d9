"""The reader: page HTML + URL in, a :class:`ReadArticle` out. Pure: no I/O, no clock.

Each field is taken from the strongest source that has it:

* structured data: JSON-LD article node, app state (``__NEXT_DATA__``, JSON
  ``__NUXT__``), OpenGraph / ``article:*`` meta, microdata;
* visible labels and lines: bylines (a labelled byline beats a structured
  ``author``, which some portals fill with the editor), the date line under
  the headline, view counts, related blocks;
* author/byline elements (class, ``itemprop``, ``rel``) when no label or
  declaration names anyone; htmldate when no date is declared or shown;
  trafilatura for the body when the page declares none.

What is an article (:func:`read_article`; :func:`read_page` reads any page):
a page with neither a headline nor a body is not one; a page that declares
an article (a JSON-LD article type, ``og:type=article``,
``article:published_time``, or an app-state record with a title, a date and
a body) is one; a page that declares only a collection,
profile, contact, about or search page is not; otherwise a page is an
article when it shows a date near its headline, has at least
``MIN_BODY`` characters of body text, and the lines after its headline are
not mostly links (a listing).
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urljoin, urlsplit

from w3lib.url import canonicalize_url

from pipelines.extractors.dom import Document, Element, xpath
from pipelines.extractors.errors import NotAnArticle
from pipelines.extractors.reader.body import (
    DECLARED_BODY_MIN,
    fallback_authors,
    read_body,
)
from pipelines.extractors.reader.bylines import (
    author_elements,
    clean_author,
    read_bylines,
    split_names,
)
from pipelines.extractors.reader.dates import (
    agree_with_url,
    htmldate_guess,
    normalise_date,
    visible_date,
)
from pipelines.extractors.reader.lines import Line, page_lines
from pipelines.extractors.reader.meta import meta_found, read_meta
from pipelines.extractors.reader.model import Found, ReadArticle
from pipelines.extractors.reader.related import read_related
from pipelines.extractors.reader.structured import (
    read_app_state,
    read_json_ld,
    read_microdata,
)
from pipelines.extractors.reader.title import choose_title, key, page_title
from pipelines.extractors.reader.views import read_views

MIN_BODY = 300
_NOT_ARTICLE_TYPES = re.compile(
    r"(?:Collection|Profile|Contact|About|SearchResults|Item)Page$|^(?:ItemList|WebSite)$"
)
_LD_TYPES = xpath(
    "//script[contains(translate(@type, 'LDJSON', 'ldjson'), 'ld+json')]/text()"
)
_LD_TYPE = re.compile(r'"@type"\s*:\s*\[?\s*"([A-Za-z:/.]+)"')
_BREADCRUMB = xpath(
    "//*[contains(@class, 'breadcrumb')]//a | //*[@itemtype and"
    " contains(@itemtype, 'BreadcrumbList')]//*[@itemprop='name']"
)


def read_article(
    document: Document, url: str, *, latest: date | None = None
) -> ReadArticle:
    """Read an article page; :class:`NotAnArticle` for any other page.

    ``latest`` is the latest acceptable publication date (the fetch date,
    when known); without it no date is rejected as being in the future.
    """
    article, declared, dated = _read(document, url, latest)
    reason = _not_an_article(document.root, article, declared, dated)
    if reason is not None:
        raise NotAnArticle(reason)
    return article


def read_page(
    document: Document, url: str, *, latest: date | None = None
) -> ReadArticle:
    """Read any page as if it were an article (no article test: for measuring)."""
    return _read(document, url, latest)[0]


def _read(
    document: Document, url: str, latest: date | None
) -> tuple[ReadArticle, bool, bool]:
    doc, html = document.root, document.html
    meta = read_meta(doc)
    ld, state, micro = read_json_ld(doc), read_app_state(doc), read_microdata(doc)
    tags = meta_found(meta)
    declared = Found().fill(ld).fill(state).fill(tags).fill(micro)
    lines = page_lines(doc)
    site = _site(url)
    site_names = [
        *meta.all("og:site_name"),
        *meta.all("application-name"),
        site,
        site.split(".")[0],
    ]
    title = choose_title(
        doc,
        [t for t in (ld.title, tags.title, state.title, micro.title) if t]
        + [t for t in [page_title(doc)] if t],
        site_names,
    )
    start = _headline_index(lines, title)
    published = next(
        (
            d
            for d in map(
                normalise_date,
                (ld.published, state.published, tags.published, micro.published),
            )
            if d
        ),
        None,
    )
    shown = visible_date(lines, start)
    dated = bool(published or shown)
    published = published or shown
    bylines = read_bylines(lines)
    structured_authors = ld.authors or state.authors or micro.authors or tags.authors
    authors = (
        bylines.writers or _people(structured_authors, site_names) or meta.rel_authors
    )
    authors = authors or bylines.by
    editor = ", ".join(bylines.editors) or ld.editor or state.editor
    if not authors:
        authors = _people(fallback_authors(html, url, latest), site_names)
    if not authors:
        authors = _people(author_elements(doc), site_names)
    authors = [clean_author(a) for a in authors]
    long_enough = declared.body and len(declared.body) >= DECLARED_BODY_MIN
    body = (declared.body if long_enough else None) or read_body(html, url)
    published = published or normalise_date(htmldate_guess(html, url, latest))
    published = agree_with_url(published, url)
    category, keywords = declared.category or _breadcrumb(doc, title), declared.tags
    if editor and authors:
        authors = [a for a in authors if key(a) != key(editor)] or authors
    article = ReadArticle(
        url=url,
        canonical_url=_canonical(
            meta.canonical or declared.url, meta.get("og:url"), url
        ),
        site=site,
        title=title,
        body=body,
        authors=authors,
        editor=editor or None,
        published_at=published,
        modified_at=normalise_date(declared.modified),
        views=declared.views if declared.views is not None else read_views(lines, doc),
        category=category,
        tags=keywords,
        image_url=urljoin(url, declared.image) if declared.image else None,
        description=declared.description,
        related=read_related(lines, url),
        article_type=declared.kind,
    )
    is_declared = bool(
        ld.kind
        or (tags.kind or "").lower() == "article"
        or tags.published
        or (state.title and state.published and state.body)
    )
    return article, is_declared, dated


def _site(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def _canonical(canonical: str | None, og_url: str | None, url: str) -> str:
    """``rel=canonical`` or ``og:url`` when on the page's own site, else ``url``."""
    for candidate in (canonical, og_url):
        if candidate:
            absolute = urljoin(url, candidate)
            if _site(absolute) == _site(url) and absolute.startswith("http"):
                return canonicalize_url(absolute)
    return canonicalize_url(url)


def _headline_index(lines: list[Line], title: str | None) -> int:
    if title:
        wanted = key(title)
        for index, line in enumerate(lines):
            if line.heading and key(line.text) == wanted:
                return index
    return 0


def _people(names: list[str], site_names: list[str]) -> list[str]:
    """Names that are people: split "A and B", drop the site's own name."""
    sites = {key(n) for n in site_names if key(n)}
    people: list[str] = []
    for raw in names:
        for name in split_names(raw) or [raw]:
            k = key(name)
            if k and not any(s in k or k in s for s in sites) and name not in people:
                people.append(name)
    return people


def _breadcrumb(doc: Element, title: str | None) -> str | None:
    """The last breadcrumb item before the headline (Beranda › Berita › Category)."""
    names = [n for n in (" ".join(e.itertext()).strip() for e in _BREADCRUMB(doc)) if n]
    if title:
        names = [n for n in names if key(n) != key(title)]
    if len(names) >= 2:
        return " ".join(names[-1].split())
    return None


def _not_an_article(
    doc: Element, article: ReadArticle, declared: bool, dated: bool
) -> str | None:
    """Why the page is not an article, or ``None`` (rule: the module docstring)."""
    if not article.title and not article.body:
        return "no headline and no body"
    if declared:
        return None
    types = [str(t) for text in _LD_TYPES(doc) for t in _LD_TYPE.findall(str(text))]
    if types and all(_NOT_ARTICLE_TYPES.search(t) for t in types):
        return f"declared a {types[0]}, not an article"
    if not dated:
        return "no date near the headline"
    if len(article.body or "") < MIN_BODY:
        return f"body shorter than {MIN_BODY} characters"
    return None

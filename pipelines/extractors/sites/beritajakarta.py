"""Berita Jakarta mobile template (``m.beritajakarta.id``), Indonesian and English.

Selectors follow the real pages (reference §3.3): ``div.news-read`` holds the
image, credit, ``h1``, ``div.content-info`` spans and ``div.content-body``;
``div.news-list`` blocks hold related ("Berita Terkait" / "Linked News"),
popular ("Berita Terpopuler" / "Popular News") and listing items. Spans are
classified by their icon word, so a missing span (no editor) shifts nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from crawler.items import Article, Link
from pipelines.extractors import generic
from pipelines.extractors.dates import parse_date
from pipelines.extractors.dom import (
    Element,
    attr,
    cls,
    first,
    first_line,
    first_match,
    has_class,
    is_icon,
    plain_text,
    text_of,
    xpath,
)
from pipelines.extractors.labels import (
    Byline,
    heading_kind,
    parse_byline,
    parse_photo_credit,
)
from pipelines.extractors.numbers import parse_views
from pipelines.extractors.text import clean_name, normalize_space
from sites.beritajakarta import CANONICAL_ORIGIN, canonical_article_url

# Fast paths first (the real layout: children of <body>), whole-document fallbacks.
_NEWS_READ_FAST = xpath(f"/html/body/div[{cls('news-read')}][1]")
_NEWS_READ = xpath(f"descendant::div[{cls('news-read')}][1]")
_NEWS_LISTS = xpath(f"descendant::div[{cls('news-list')}]")
_NEWS_LISTS_NEAR = xpath(
    f"following-sibling::div[{cls('news-list')}]"
    f" | following-sibling::div/div[{cls('news-list')}]"
)
_NEWS_LISTS_AFTER = xpath(f"following::div[{cls('news-list')}]")
_BREADCRUMB = f"ul[{cls('breadcrumbs')}][1]/li[{cls('active')}][last()]"
_CATEGORY_FAST = xpath(f"/html/body/div/{_BREADCRUMB}")
_CATEGORY_BEFORE = xpath(f"preceding::{_BREADCRUMB}")
_CREDIT = xpath(f"div[{cls('image-info')}][1]/span[1]")
_INFO_SPANS = xpath(f"descendant::div[{cls('content-info')}][1]/span")
_BODY = xpath(f"descendant::div[{cls('content-body')}][1]")
_READ_ALSO = xpath(f"descendant::a[{cls('read-also')}][@href]")
# exact fast path: a block's first child element is its first descendant one
_HEADING_FAST = xpath(f"*[1][{cls('header')}]/*[{cls('title')}][1]")
_HEADING = xpath(f"descendant::*[{cls('header')}][1]/*[{cls('title')}][1]")

ARTICLE_PREFIXES = (CANONICAL_ORIGIN + "/read/", CANONICAL_ORIGIN + "/en/read/")
DATE_ICONS = frozenset({"access_time", "schedule", "today", "event", "date_range"})
VIEW_ICONS = frozenset({"remove_red_eye", "visibility"})
PERSON_ICONS = frozenset({"person", "account_circle"})


def find_article(doc: Element) -> Element | None:
    """The ``div.news-read`` of an article page, or ``None``."""
    return first_match(doc, _NEWS_READ_FAST, _NEWS_READ)


def extract(
    doc: Element,
    news_read: Element,
    *,
    url: str,
    article_id: str,
    language: str,
    base_url: str,
) -> Article:
    """Every field of a mobile article page (``news_read`` from :func:`find_article`)."""
    warnings: list[str] = []
    info = extract_info(news_read, warnings)
    image = next(news_read.iterchildren("img"), None)
    body = first(_BODY(news_read))
    related, popular = extract_lists(lists_after(news_read), base_url)
    return Article(
        url=url,
        site="beritajakarta",
        site_article_id=article_id,
        language=language,
        title=text_of(next(news_read.iterdescendants("h1"), None))
        or generic.extract_title(doc),
        published_at=info.published_at,
        reporter=info.byline.reporter,
        editor=info.byline.editor,
        translator=info.byline.translator,
        views=info.views,
        category=extract_category(news_read),
        image_url=generic.absolute(attr(image, "src"), base_url)
        or generic.extract_image_url(doc, base_url),
        image_caption=attr(image, "alt"),
        photo_credit=extract_photo_credit(news_read),
        body=extract_body(body),
        pull_quote=extract_pull_quote(body),
        related=related,
        popular=popular,
        read_also=extract_read_also(body, base_url),
        extraction_warnings=warnings,
    )


def lists_after(news_read: Element) -> list[Element]:
    """The ``div.news-list`` blocks after the article (siblings first: the real layout)."""
    near: list[Element] = _NEWS_LISTS_NEAR(news_read)
    if len(near) >= 2:
        return near
    return _NEWS_LISTS_AFTER(news_read)  # type: ignore[no-any-return]


@dataclass
class Info:
    """What ``div.content-info`` says: date, views and the byline."""

    published_at: str | None
    views: int | None
    byline: Byline


def span_parts(span: Element) -> tuple[str | None, str]:
    """``(icon word, text)`` of an info span: ``("access_time", "Kamis, 06 …")``."""
    if len(span) == 1:  # the usual shape: <span><i class="material-icons">…</i> …
        child = span[0]
        if child.tag == "i" and is_icon(child):
            text = child.tail or ""
            if span.text:
                text = span.text + text
            return (child.text or "").strip() or None, normalize_space(text)
    icon: str | None = None
    parts = [span.text or ""]
    for child in span:
        if icon is None and child.tag == "i" and is_icon(child):
            icon = (child.text or "").strip() or None
        else:
            parts.append(text_of(child))
        parts.append(child.tail or "")
    return icon, normalize_space("".join(parts))


def extract_info(news_read: Element, warnings: list[str]) -> Info:
    """Date, views, reporter, editor, translator from the ``content-info`` spans.

    Spans are told apart by icon (``access_time``, ``remove_red_eye``,
    ``person``); a span without one by what its text parses as.
    """
    info = Info(published_at=None, views=None, byline=Byline())
    for span in _INFO_SPANS(news_read):
        icon, text = span_parts(span)
        if not text:
            continue
        date = parse_date(text) if icon in DATE_ICONS or icon is None else None
        views = parse_views(text) if icon in VIEW_ICONS or icon is None else None
        if icon in DATE_ICONS or date is not None:
            info.published_at = info.published_at or date
            if date is None:
                warnings.append(f"unreadable date: {text!r}")
        elif icon in VIEW_ICONS or views is not None:
            info.views = views
            if views is None:
                warnings.append(f"unreadable view count: {text!r}")
        else:
            parse_byline(text, into=info.byline)
    for name in info.byline.unlabelled:
        if info.byline.reporter is None:
            info.byline.reporter = name
        warnings.append(f"unlabelled byline: {name!r}")
    return info


def extract_photo_credit(news_read: Element) -> str | None:
    """``div.image-info`` span: ``Andri Widiyanto - Beritajakarta.id`` → the name."""
    span = first(_CREDIT(news_read))
    return None if span is None else parse_photo_credit(span_parts(span)[1])


def extract_category(news_read: Element) -> str | None:
    """The breadcrumb's active item ("Transportasi", "DPRD"); ``None`` if absent.

    The breadcrumbs precede ``div.news-read``; search backwards from it.
    """
    active = first_match(news_read, _CATEGORY_FAST, _CATEGORY_BEFORE)
    category = text_of(active) or None
    if category is None or category.casefold() in {"beranda", "home"}:
        return None
    return category


def _body_skip(element: Element) -> bool:
    return is_icon(element) or has_class(element, "read-also")


def extract_body(body: Element | None) -> str | None:
    """Direct ``<p>`` children of ``div.content-body``, blank-line separated.

    Not ``p.text-justify``: lxml closes the 2015 pages' outer ``<p>`` early.
    The pull-quote (``<blockquote>``) and ``a.read-also`` are siblings, so left out.
    A paragraph is read by libxml2's text serialiser unless it holds a ``<br>``,
    an icon or a read-also link (then by the careful walk of :func:`text_of`).
    """
    if body is None:
        return None
    careful = _careful_children(body)
    paragraphs = [
        text_of(p, _body_skip) if p in careful else plain_text(p)
        for p in body.iterchildren("p")
    ]
    text = "\n\n".join(p for p in paragraphs if p)
    return text or None


def _careful_children(body: Element) -> set[Element]:
    """Children of ``body`` holding a ``<br>``, an icon or a read-also link.

    One pass over the whole body (not one per paragraph). The set keeps these
    elements alive, so lxml hands out the same objects again when iterating.
    """
    careful: set[Element] = set()
    for element in body.iterdescendants("br", "i", "a"):
        if element.tag == "br" or _body_skip(element):
            child = element
            while (parent := child.getparent()) is not None and parent is not body:
                child = parent
            careful.add(child)
    return careful


def extract_pull_quote(body: Element | None) -> str | None:
    """The ``<blockquote>`` text as shown (quotation marks kept)."""
    if body is None:
        return None
    for quote in body.iterdescendants("blockquote"):
        text = text_of(quote) or None
        if text:
            return text
    return None


def extract_read_also(body: Element | None, base_url: str) -> list[Link]:
    """Inline ``a.read-also`` links of the body, in page order."""
    if body is None:
        return []
    links = []
    for anchor in _READ_ALSO(body):
        url = generic.article_link(anchor.get("href"), base_url, canonical_article_url)
        if url:
            links.append(Link(url=url, title=text_of(anchor) or None))
    return links


def extract_lists(
    blocks: list[Element], base_url: str
) -> tuple[list[Link], list[Link]]:
    """Related and popular items of ``div.news-list`` blocks, told by their heading."""
    related: list[Link] = []
    popular: list[Link] = []
    for block in blocks:
        kind = block_kind(block)
        if kind == "related":
            related.extend(extract_items(block, base_url))
        elif kind == "popular":
            popular.extend(extract_items(block, base_url))
    return related, popular


def block_kind(block: Element) -> str | None:
    """``"related"``/``"popular"`` for a ``div.news-list`` by its heading, else ``None``."""
    return heading_kind(text_of(first_match(block, _HEADING_FAST, _HEADING)))


def extract_listing(doc: Element, base_url: str) -> list[Link]:
    """Items of listing blocks (``Indeks Berita``, ``Latest News``), not related/popular."""
    if find_article(doc) is not None:
        return []
    items: list[Link] = []
    for block in _NEWS_LISTS(doc):
        if block_kind(block) is None:
            items.extend(extract_items(block, base_url))
    return items


def extract_items(block: Element, base_url: str) -> list[Link]:
    """One :class:`Link` per list item: title link, then date, views, reporter spans.

    In each ``<li>``, the title is the first link with text to an article (the
    image link has no text; pagination links are no articles); the spans after
    it carry icons (``access_time``, ``remove_red_eye``, ``person``) or sit in
    a ``div.*-info``. One pass over the block's ``li``/``a``/``span`` elements
    (spans first: most elements are spans).
    """
    links: list[Link] = []
    link: Link | None = None
    for element in block.iter("li", "a", "span"):
        tag = element.tag
        if tag == "span":
            if link is None:
                continue
            icon, text = span_parts(element)
            if not text:
                continue
            if icon in DATE_ICONS:
                link.published_at = parse_date(text)
            elif icon in VIEW_ICONS:
                link.views = parse_views(text)
            elif icon in PERSON_ICONS:
                link.reporter = clean_name(text)
            elif icon is not None or "info" in (element.getparent().get("class") or ""):
                _fill_untagged(link, text)
        elif tag == "a":
            if link is None and (title := first_line(element)):
                url = generic.article_link(
                    element.get("href"), base_url, canonical_article_url
                )
                if url is not None and url.startswith(ARTICLE_PREFIXES):
                    link = Link(url=url, title=title)
                    links.append(link)
        else:  # li
            link = None
    return links


def _fill_untagged(link: Link, text: str) -> None:
    """An info span without a known icon: a date, a count, else the reporter."""
    if link.published_at is None and (date := parse_date(text)):
        link.published_at = date
    elif link.views is None and (views := parse_views(text)) is not None:
        link.views = views
    elif link.reporter is None:
        link.reporter = clean_name(text)

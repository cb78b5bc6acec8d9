"""Berita Jakarta desktop template (``www.``/``desain.``): label-anchored.

No www HTML was ever captured (reference §6), so nothing here depends on
classes: the page is parsed with BeautifulSoup (``"lxml"`` builder; a cold
path, see :mod:`pipelines.extractors.dom`), rendered as text blocks in reading
order (:mod:`pipelines.extractors.blocks`) and read the way the seed page
shows it::

    <h1 title>
    {date} Reporter: {name} Editor: {name} {views}   (one line or several)
    <img alt = caption>
    (Foto: {credit})
    paragraphs … (a short line repeated later in the text = pull-quote)
    BERITA TERKAIT   [image alt] / title link / {date} {views}  × n
    BERITA POPULER   [image alt] / title link / {date} {views}  × n
    Bagikan ke :
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Tag

from crawler.items import Article, Link
from pipelines.extractors import generic
from pipelines.extractors.blocks import Block, render
from pipelines.extractors.dates import parse_date, search_date
from pipelines.extractors.labels import heading_kind, parse_byline, parse_photo_credit
from pipelines.extractors.numbers import parse_views
from pipelines.extractors.soup import class_string, tag_text
from pipelines.extractors.text import clean, normalize_space
from sites.beritajakarta import canonical_article_url

_LABEL = re.compile(
    r"\b(?:Reporter|Editor|Translator|Penerjemah)\s*:|\b(?:Reported|Translated)\s+by\b",
    re.IGNORECASE,
)
_ENDS_WITH_LABEL = re.compile(
    r"(?:\b(?:Reporter|Editor|Translator|Penerjemah)\s*:|\b(?:Reported|Translated)\s+by)\s*$",
    re.IGNORECASE,
)
_TRAILING_COUNT = re.compile(r"(?:^|\s)(?P<views>[0-9]{1,3}(?:[.,][0-9]{3})+|[0-9]+)$")
_TIME_ONLY = re.compile(
    r"(?:pukul\s+)?[0-9]{1,2}[:.][0-9]{2}(?:\s*WIB)?", re.IGNORECASE
)
_CREDIT = re.compile(r"\(?\s*Foto\s*:.*", re.IGNORECASE)
_SECTION_END = re.compile(
    r"^(?:bagikan(?:\s+ke)?|share(?:\s+(?:to|this))?)\b|\+\s*indeks$", re.IGNORECASE
)
_FINAL = ".!?…"
_QUOTES = "\"'“”‘’«»"


@dataclass
class MetaLine:
    """The date/byline/views line under the headline."""

    published_at: str | None = None
    reporter: str | None = None
    editor: str | None = None
    translator: str | None = None
    views: int | None = None


@dataclass
class SectionItem:
    """A related or popular item as the page shows it (ids only in the link)."""

    title: str
    href: str | None = None
    published_at: str | None = None
    views: int | None = None
    image_alt: str | None = None


@dataclass
class WwwPage:
    """Everything read from the blocks of a desktop article page."""

    title: str | None = None
    meta: MetaLine = field(default_factory=MetaLine)
    image_src: str | None = None
    image_alt: str | None = None
    photo_credit: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    pull_quote: str | None = None
    read_also: list[Block] = field(default_factory=list)
    related: list[SectionItem] = field(default_factory=list)
    popular: list[SectionItem] = field(default_factory=list)


def parse_meta_line(text: str) -> MetaLine | None:
    """``Selasa, 07 November 2023 Reporter: X Editor: Y 6475`` → its fields.

    ``None`` when the line has no ``Reporter:``/``Editor:``/``Translator:`` label.
    """
    text = normalize_space(text)
    label = _LABEL.search(text)
    if label is None:
        return None
    head, tail = text[: label.start()], text[label.start() :]
    meta = MetaLine(published_at=search_date(head))
    count = _TRAILING_COUNT.search(tail)
    if count is not None:
        meta.views = parse_views(count["views"])
        tail = tail[: count.start()]
    byline = parse_byline(tail)
    meta.reporter, meta.editor, meta.translator = (
        byline.reporter,
        byline.editor,
        byline.translator,
    )
    return meta


def parse_date_views(text: str) -> tuple[str, int | None] | None:
    """``Kamis, 02 November 2023 7135`` → ``("2023-11-02", 7135)``; a bare date too."""
    text = normalize_space(text)
    if not text or not (
        text[-1].isdigit() or text.upper().endswith(("WIB", "WITA", "WIT"))
    ):
        return None  # such a line ends with the year, the time zone or the count
    head, _, tail = text.rpartition(" ")
    if tail[-1].isdigit() and (views := parse_views(tail)) is not None:
        date = parse_date(head)  # the usual "{date} {views}"
        if date is not None:
            return date, views
    date = parse_date(text)  # a date alone (its year is the last token)
    return None if date is None else (date, None)


def parse_credit_line(text: str) -> str | None:
    """``(Foto: Wuri Setyaningsih)`` → ``Wuri Setyaningsih``; ``None`` for other lines."""
    text = normalize_space(text)
    if not _CREDIT.fullmatch(text):
        return None
    return parse_photo_credit(text)


def read_soup(soup: BeautifulSoup) -> WwwPage | None:
    """Read a desktop article from its soup (the ``<body>``'s blocks)."""
    body = soup.body
    return read_page(render(body if body is not None else soup))


def read_page(blocks: Sequence[Block]) -> WwwPage | None:
    """Read a desktop article from its blocks; ``None`` if it shows no article."""
    label_at = next(
        (i for i, b in enumerate(blocks) if not b.is_image and _LABEL.search(b.text)),
        None,
    )
    h1s = [i for i, b in enumerate(blocks) if b.tag == "h1"]
    if label_at is not None:
        before = [i for i in h1s if i < label_at]
        title_at = before[-1] if before else (h1s[0] if h1s else None)
    else:
        title_at = h1s[0] if h1s else None
    page = WwwPage(title=blocks[title_at].text if title_at is not None else None)
    if label_at is not None:
        meta_end = _read_meta(blocks, page, label_at, title_at)
    elif title_at is not None and _date_after(blocks, title_at, page):
        meta_end = title_at + 2
    else:
        return None
    body_at = _read_image_and_credit(blocks, page, meta_end)
    markers = [_section_marker(block.text) for block in blocks[body_at:]]
    body_end = body_at + next(
        (i for i, marker in enumerate(markers) if marker is not None), len(markers)
    )
    _read_body(blocks[body_at:body_end], page)
    _read_sections(blocks, body_end, markers[body_end - body_at :], page)
    return page


def _read_meta(
    blocks: Sequence[Block], page: WwwPage, label_at: int, title_at: int | None
) -> int:
    """Join the date line(s), the label line and the lines of labels/views after it."""
    lines = [blocks[label_at].text]
    index = label_at - 1
    floor = title_at if title_at is not None and title_at < label_at else label_at - 3
    while index > floor and len(lines) < 4:
        block = blocks[index]
        if not block.is_image:
            if not (search_date(block.text) or _TIME_ONLY.fullmatch(block.text)):
                break
            lines.insert(0, block.text)
        index -= 1
    end = label_at + 1
    while end < len(blocks) and end - label_at <= 6:
        block = blocks[end]
        awaiting_value = _ENDS_WITH_LABEL.search(lines[-1]) is not None
        if block.is_image or not (
            awaiting_value
            or _LABEL.match(block.text)
            or parse_views(block.text) is not None
        ):
            break
        end += 1
        lines.append(block.text)
    page.meta = parse_meta_line(" ".join(lines)) or MetaLine()
    return end


def _date_after(blocks: Sequence[Block], title_at: int, page: WwwPage) -> bool:
    """No byline labels: an article still shows a line that is just its date."""
    following = blocks[title_at + 1 : title_at + 2]
    date = parse_date(following[0].text) if following else None
    page.meta.published_at = date
    return date is not None


def _read_image_and_credit(blocks: Sequence[Block], page: WwwPage, start: int) -> int:
    """Main image (first image after the meta line) and ``(Foto: …)`` credit."""
    body_at = start
    for index in range(start, min(start + 4, len(blocks))):
        block = blocks[index]
        if block.is_image and page.image_src is None:
            page.image_src, page.image_alt = block.src, block.text or None
            body_at = index + 1
        elif (credit := parse_credit_line(block.text)) is not None:
            page.photo_credit = credit
            body_at = index + 1
            break
        elif not block.is_image:
            break
    return body_at


def _section_marker(text: str) -> str | None:
    """``"related"``/``"popular"`` for a section heading, ``"end"`` for the share
    block or a site-wide ``+indeks`` block, else ``None`` (short lines only)."""
    if len(text) > 60:
        return None
    kind = heading_kind(text)
    if kind is None and _SECTION_END.search(text):
        return "end"
    return kind


def _read_body(blocks: Sequence[Block], page: WwwPage) -> None:
    """Paragraphs; a ``<blockquote>`` or a repeated short line is the pull-quote."""
    paragraphs: list[str] = []
    for block in blocks:
        if block.is_image:
            continue
        if block.quote:
            page.pull_quote = page.pull_quote or block.text
        elif block.link_only and block.href and "/read/" in block.href:
            page.read_also.append(block)
        else:
            paragraphs.append(block.text)
    if page.pull_quote is None:
        for index, text in enumerate(paragraphs[:-1]):
            if _is_repeated_short_line(text, paragraphs[index + 1 :]):
                page.pull_quote = text
                del paragraphs[index]
                break
    page.paragraphs = paragraphs


def _is_repeated_short_line(text: str, later: Sequence[str]) -> bool:
    bare = text.strip(_QUOTES + " ,")
    if len(bare) > 200 or len(bare) < 12 or bare[-1] in _FINAL:
        return False
    needle = bare.casefold()
    return any(needle in paragraph.casefold() for paragraph in later)


def _read_sections(
    blocks: Sequence[Block],
    start: int,
    markers: Sequence[str | None],
    page: WwwPage,
) -> None:
    """Each related/popular heading's items, up to the next heading or end marker.

    ``markers[i]`` is :func:`_section_marker` of ``blocks[start + i]``.
    """
    kind: str | None = None
    first_item = 0
    for offset, marker in enumerate([*markers, "end"]):
        if marker is None:
            continue
        if kind is not None:
            items = read_section(blocks[start + first_item : start + offset])
            (page.related if kind == "related" else page.popular).extend(items)
        if marker == "end" and offset > 0:
            return
        kind, first_item = (None if marker == "end" else marker), offset + 1


def read_section(blocks: Sequence[Block]) -> list[SectionItem]:
    """Items of a related/popular section: [image] / title / ``{date} {views}``."""
    items: list[SectionItem] = []
    pending: Block | None = None
    image: Block | None = None
    for block in blocks:
        if block.is_image:
            image = block
            continue
        date_views = parse_date_views(block.text)
        if date_views is not None and pending is not None:
            href = pending.href or (image.href if image is not None else None)
            alt = image.text or None if image is not None else None
            items.append(SectionItem(pending.text, href, *date_views, image_alt=alt))
            pending = image = None
        elif date_views is None:
            views = parse_views(block.text) if block.text[-1].isdigit() else None
            if (
                views is not None
                and pending is None
                and items
                and items[-1].views is None
            ):
                items[-1].views = views
            else:
                pending = block
    return items


def breadcrumb_items(soup: Tag) -> list[Tag]:
    """The ``<li>`` of the first ``ol`` and the first ``ul`` whose class names a
    breadcrumb (``class*=breadcrumb``: ``breadcrumbs`` too), in page order."""
    found: dict[str, Tag] = {}
    for node in soup.descendants:  # plain iteration: BeautifulSoup's find() is slow
        if (
            isinstance(node, Tag)
            and node.name in ("ol", "ul")
            and node.name not in found
            and "breadcrumb" in class_string(node)
        ):
            found[node.name] = node
            if len(found) == 2:
                break
    lists = list(found.values())
    if not lists:
        return []
    if len(lists) == 1:
        return [
            li for li in lists[0].children if isinstance(li, Tag) and li.name == "li"
        ]
    # both: one pass in page order keeps their items in page order (even nested)
    return [
        node
        for node in soup.descendants
        if isinstance(node, Tag)
        and node.name == "li"
        and any(node.parent is parent for parent in lists)
    ]


def extract_category(soup: Tag, title: str | None) -> str | None:
    """The last breadcrumb item that is neither home nor the headline, if any."""
    items = [tag_text(li) for li in breadcrumb_items(soup)]
    for text in reversed(items):
        if text and text.casefold() not in {"beranda", "home"} and text != title:
            return text
    return None


def to_article(
    page: WwwPage,
    soup: Tag,
    *,
    url: str,
    article_id: str,
    language: str,
    base_url: str,
) -> Article:
    """Build the :class:`Article` of a page read by :func:`read_page`."""
    warnings: list[str] = []
    title = page.title or generic.extract_title(soup)
    return Article(
        url=url,
        site="beritajakarta",
        site_article_id=article_id,
        language=language,
        title=title,
        published_at=page.meta.published_at or generic.extract_published_at(soup),
        reporter=page.meta.reporter,
        editor=page.meta.editor,
        translator=page.meta.translator,
        views=page.meta.views,
        category=extract_category(soup, title),
        image_url=generic.absolute(page.image_src, base_url)
        or generic.extract_image_url(soup, base_url),
        image_caption=page.image_alt,
        photo_credit=page.photo_credit,
        body="\n\n".join(page.paragraphs) or None,
        pull_quote=clean(page.pull_quote),
        related=_links(page.related, base_url, "related", warnings),
        popular=_links(page.popular, base_url, "popular", warnings),
        read_also=[
            Link(url=link_url, title=block.text)
            for block in page.read_also
            if (
                link_url := generic.article_link(
                    block.href, base_url, canonical_article_url
                )
            )
        ],
        extraction_warnings=warnings,
    )


def _links(
    items: Sequence[SectionItem], base_url: str, kind: str, warnings: list[str]
) -> list[Link]:
    links = []
    for item in items:
        url = generic.article_link(item.href, base_url, canonical_article_url)
        if url is None:
            warnings.append(f"{kind} item without a link: {item.title!r}")
            continue
        links.append(
            Link(
                url=url,
                title=item.title,
                published_at=item.published_at,
                views=item.views,
            )
        )
    return links

"""Portal Jabar's visible page, read by labels and text order, never by class names.

The markup of jabarprov.go.id is unconfirmed (../shared/reference/portals.md),
so every field is anchored on what a reader sees: the ``h1``; the first line
after it that is a whole date ("Senin, 7 November 2022"); lines that start with
a label (``Penulis:``, ``Peliput:``, ``Editor:``; any spacing around the colon;
the name may be on the next line); "{N} kali" next to "Berita ini dilihat"
(views) or "Berita ini dibagikan" (shares); the breadcrumb "Beranda › Berita ›
{category}"; links to ``/berita/tags/…`` after the headline (tags); the
element holding the most paragraph text (body); links under a "Berita Terkait"
style heading (related) and "Baca juga" lines (read-also).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from crawler.items import Link
from pipelines.extractors import blocks
from pipelines.extractors.dates import parse_date
from pipelines.extractors.dom import Element, attr, first, text_of, xpath
from pipelines.extractors.numbers import parse_views
from pipelines.extractors.text import clean, clean_name, normalize_space
from sites import jabar as profile

_LABEL = re.compile(
    r"\b(?P<label>Penulis|Peliput|Reporter|Pewarta|Editor|Redaktur|Penyunting)\s*:",
    re.IGNORECASE,
)
_BARE_LABEL = re.compile(
    r"(?P<label>Penulis|Peliput|Reporter|Pewarta|Editor|Redaktur|Penyunting)\s*:?",
    re.IGNORECASE,
)
_ROLE = {
    "penulis": "writer",
    "peliput": "peliput",
    "reporter": "peliput",
    "pewarta": "peliput",
    "editor": "editor",
    "redaktur": "editor",
    "penyunting": "editor",
}
_COUNT = r"(\d{1,3}(?:[.,]\d{3})+|\d+)\s*(?:kali|x)"
_VIEWS = re.compile(
    rf"{_COUNT}\s*[·|•-]?\s*Berita ini dilihat|Berita ini dilihat\s*:?\s*{_COUNT}"
    rf"|{_COUNT}\s+dilihat|Dilihat\s*:?\s*{_COUNT}",
    re.IGNORECASE,
)
_COUNT_ONLY = re.compile(_COUNT + r"|Berita ini (?:dilihat|dibagikan)", re.IGNORECASE)
_SHARES = re.compile(
    rf"{_COUNT}\s*[·|•-]?\s*Berita ini dibagikan|Berita ini dibagikan\s*:?\s*{_COUNT}",
    re.IGNORECASE,
)
_CRUMB_SEPARATORS = re.compile(r"\s*[›»>]\s*")
_RELATED_HEADINGS = frozenset(
    {"berita terkait", "artikel terkait", "baca juga", "berita lainnya"}
)
_READ_ALSO = re.compile(r"^baca juga\s*:?", re.IGNORECASE)
_BODY_BLOCKS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote"})

_H1 = xpath("descendant::h1[normalize-space()][1]")
_META = xpath("descendant::meta[@property=$key or @name=$key][1]")
_CRUMB_HOLDERS = xpath(
    "descendant::*[self::nav or self::ol or self::ul or self::div or self::p]"
    "[descendant::a[normalize-space()='Beranda']]"
)
_TAG_LINKS_AFTER = xpath("following::a[contains(@href, '/berita/tags/')]")
_PARAGRAPH_PARENTS = xpath("descendant::p/..")
_HEADINGS = xpath("descendant::*[self::h2 or self::h3 or self::h4 or self::h5]")
_LINKS = xpath("descendant::a[@href]")
_IMAGES_AFTER = xpath("following::img[@src][1]")


@dataclass(kw_only=True)
class PageFields:
    """What the visible page shows; ``None``/empty where it shows nothing."""

    title: str | None = None
    day: str | None = None  # ISO date: the page shows no time
    writer: str | None = None
    peliput: list[str] = field(default_factory=list)
    editor: str | None = None
    views: int | None = None
    shares: int | None = None
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    image_url: str | None = None
    body: str | None = None
    related: list[Link] = field(default_factory=list)
    read_also: list[Link] = field(default_factory=list)

    def has_article_signs(self) -> bool:
        """A headline with a date or a byline: what a news page shows (a listing
        has a headline and paragraphs too)."""
        signs = (self.day, self.writer, self.peliput, self.editor)
        return self.title is not None and any(signs)


def split_names(text: str | None) -> list[str]:
    """``"A, B dan C"`` → ``["A", "B", "C"]`` (duplicates dropped, order kept)."""
    if not text:
        return []
    names: list[str] = []
    for part in re.split(r"\s*(?:,|;|&|\bdan\b)\s*", normalize_space(text)):
        name = clean_name(part)
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return names


def meta(doc: Element, key: str) -> str | None:
    """``<meta property|name=key content>`` (og:* is set with ``name=`` here)."""
    return attr(first(_META(doc, key=key)), "content")


def read_visible(doc: Element, base_url: str) -> PageFields:
    """Every field the page shows (see the module doc for the anchors)."""
    fields = PageFields()
    h1 = first(_H1(doc))
    fields.title = clean(text_of(h1)) if h1 is not None else None
    lines = [b.text for b in blocks.render(doc) if not b.is_image]
    start = _index_of_title(lines, fields.title)
    _read_lines(lines, start, fields)
    text = " ".join(lines[start:])
    fields.views = _count(_VIEWS, text)
    fields.shares = _count(_SHARES, text)
    fields.category = read_category(doc)
    if h1 is not None:
        fields.tags = _tags_after(h1)
        image = first(_IMAGES_AFTER(h1))
        fields.image_url = _absolute(attr(image, "src"), base_url)
    fields.image_url = _absolute(meta(doc, "og:image"), base_url) or fields.image_url
    body = body_container(doc)
    if body is not None:
        fields.body = "\n\n".join(paragraphs(body)) or None
        fields.read_also = _read_also(body, base_url)
    fields.related = _related(doc, base_url)
    return fields


def _index_of_title(lines: list[str], title: str | None) -> int:
    if title is not None:
        for index, line in enumerate(lines):
            if line == title:
                return index + 1
    return 0


def _read_lines(lines: list[str], start: int, fields: PageFields) -> None:
    """Date and byline labels, from the headline on (then before it, for the date)."""
    roles: dict[str, str] = {}
    for index in range(start, len(lines)):
        line = lines[index]
        if fields.day is None:
            fields.day = parse_date(line)
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if _LABEL.match(following) or _BARE_LABEL.fullmatch(following):
            following = ""  # an empty label: the next line is another label
        bare = _BARE_LABEL.fullmatch(line)
        if bare:  # "Editor" alone, the name below
            if following:
                roles.setdefault(_ROLE[bare["label"].lower()], following)
            continue
        labels = list(_LABEL.finditer(line))
        if not labels or labels[0].start() != 0:
            continue
        for number, match in enumerate(labels):
            end = labels[number + 1].start() if number + 1 < len(labels) else len(line)
            value = line[match.end() : end].strip()
            if not value and number + 1 == len(labels):
                value = following  # the name on the next line
            role = _ROLE[match["label"].lower()]
            if value and role not in roles:
                roles[role] = value
    if fields.day is None:
        fields.day = next(filter(None, map(parse_date, lines[:start])), None)
    fields.writer = clean_name(roles.get("writer"))
    fields.peliput = split_names(roles.get("peliput"))
    fields.editor = clean_name(roles.get("editor"))


def _count(pattern: re.Pattern[str], text: str) -> int | None:
    match = pattern.search(text)
    if match is None:
        return None
    count = next(group for group in match.groups() if group is not None)
    return parse_views(count)


def read_category(doc: Element) -> str | None:
    """The crumb after "Berita" in "Beranda › Berita › {category}"."""
    holders = _CRUMB_HOLDERS(doc)
    # the innermost holder: the one no other holder lies inside
    for holder in reversed(holders):
        crumbs = [c for c in _CRUMB_SEPARATORS.split(text_of(holder)) if c]
        if len(crumbs) >= 3 and crumbs[0] == "Beranda" and crumbs[1] == "Berita":
            return clean(crumbs[2])
    return None


def _tags_after(h1: Element) -> list[str]:
    """Names of the tag links that come after the headline."""
    names: list[str] = []
    for link in _TAG_LINKS_AFTER(h1):
        name = clean(text_of(link).lstrip("#"))
        if name and profile.is_listing_url(link.get("href", "")):
            names.append(name)
    return list(dict.fromkeys(names))


def body_container(doc: Element) -> Element | None:
    """The element whose own paragraphs hold the most text (labels left out)."""
    best, best_size = None, 0
    for parent in _PARAGRAPH_PARENTS(doc):
        size = sum(
            len(text)
            for child in parent
            if child.tag == "p" and not is_meta_line(text := text_of(child))
        )
        if size > best_size:
            best, best_size = parent, size
    return best


def paragraphs(container: Element) -> list[str]:
    """Text of each innermost paragraph-like element, label lines left out."""
    found: list[str] = []
    for element in container.iter(*_BODY_BLOCKS):
        if any(d.tag in _BODY_BLOCKS for d in element.iterdescendants()):
            continue
        text = text_of(element)
        if text and not is_meta_line(text):
            found.append(text)
    if not found and (whole := text_of(container)):
        found.append(whole)
    return found


def is_meta_line(text: str) -> bool:
    """A byline label, a date, a view or share count, or "Tags:": not body text."""
    return (
        _LABEL.match(text) is not None
        or _BARE_LABEL.fullmatch(text) is not None
        or text.casefold().startswith("tags:")
        or (len(text) < 60 and (_is_count(text) or parse_date(text) is not None))
    )


def _is_count(text: str) -> bool:
    return any(p.fullmatch(text) for p in (_VIEWS, _SHARES, _COUNT_ONLY))


def _read_also(body: Element, base_url: str) -> list[Link]:
    links: list[Link] = []
    for element in body.iter("p", "div", "li"):
        if not _READ_ALSO.match(text_of(element)):
            continue
        for anchor in _LINKS(element):
            link = _article_link(anchor, base_url)
            if link is not None:
                links.append(link)
    return links


def _related(doc: Element, base_url: str) -> list[Link]:
    links: list[Link] = []
    for heading in _HEADINGS(doc):
        if text_of(heading).casefold() not in _RELATED_HEADINGS:
            continue
        section = heading.getparent()
        if section is None:
            continue
        for anchor in _LINKS(section):
            link = _article_link(anchor, base_url)
            if link is not None and link.url not in {x.url for x in links}:
                links.append(link)
    return links


def _article_link(anchor: Element, base_url: str) -> Link | None:
    url = profile.canonical_url(urljoin(base_url, anchor.get("href", "")))
    if url is None:
        return None
    title = clean(text_of(anchor)) or attr(anchor, "title")
    return Link(url=url, title=title)


def _absolute(url: str | None, base_url: str) -> str | None:
    return urljoin(base_url, url) if url else None

"""``<meta>`` and ``<link>`` declarations: OpenGraph, ``article:*``, author, canonical.

Some portals write OpenGraph with ``name=`` instead of ``property=``; both are
read. ``article:author`` and ``meta name=author`` often hold a profile URL or
the site's name: URLs are dropped here, site names by the composition.
Term links outside page chrome name the category (``rel="category tag"``, as
WordPress writes it, or ``rel="category"``) and the tags (``rel="tag"``):
after ``article:section``/``article:tag``, before the ``keywords`` meta.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipelines.extractors.dom import Element, text_of, xpath
from pipelines.extractors.reader.lines import in_chrome
from pipelines.extractors.reader.model import Found
from pipelines.extractors.text import normalize_space

_METAS = xpath("//meta[@content]")
_CANONICAL = xpath(
    "//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href"
)
_REL_AUTHOR = xpath(
    "//a[contains(concat(' ', normalize-space(@rel), ' '), ' author ')]"
)
_REL_TERMS = xpath("//a[@rel and @href]")
_MAX_TERM = 60
_PUBLISHED_KEYS = (
    "article:published_time", "og:article:published_time", "datepublished",
    "publishdate", "pubdate", "publish-date", "parsely-pub-date",
    "sailthru.date", "dc.date.issued", "dcterms.date", "dc.date", "dcterms.created",
    "date", "og:published_time", "article.published", "published_time",
)  # fmt: skip
_AUTHOR_KEYS = (
    "article:author", "author", "dc.creator", "dcterms.creator", "sailthru.author",
    "parsely-author", "byl", "twitter:creator:name",
)  # fmt: skip


@dataclass
class Meta:
    """Every ``<meta>`` value by lower-cased key (``property``, ``name`` or ``itemprop``)."""

    values: dict[str, list[str]] = field(default_factory=dict)
    canonical: str | None = None
    rel_authors: list[str] = field(default_factory=list)
    rel_categories: list[str] = field(default_factory=list)
    rel_tags: list[str] = field(default_factory=list)

    def get(self, *keys: str) -> str | None:
        """The first value of the first key the page declares."""
        for key in keys:
            found = self.values.get(key)
            if found:
                return found[0]
        return None

    def all(self, key: str) -> list[str]:
        """Every value of ``key``, in page order."""
        return self.values.get(key, [])


def read_meta(doc: Element) -> Meta:
    """Collect the page's ``<meta>`` values, canonical link and ``rel=author`` names."""
    meta = Meta()
    for element in _METAS(doc):
        content = normalize_space(element.get("content") or "")
        if not content:
            continue
        for attribute in ("property", "name", "itemprop"):
            key = element.get(attribute)
            if key:
                meta.values.setdefault(key.strip().lower(), []).append(content)
    canonical = _CANONICAL(doc)
    meta.canonical = normalize_space(str(canonical[0])) if canonical else None
    for link in _REL_AUTHOR(doc):
        name = text_of(link)
        if name and len(name) < 60 and name not in meta.rel_authors:
            meta.rel_authors.append(name)
    _read_terms(doc, meta)
    return meta


def _read_terms(doc: Element, meta: Meta) -> None:
    for link in _REL_TERMS(doc):
        rel = set((link.get("rel") or "").lower().split())
        if not rel & {"tag", "category"} or in_chrome(link):
            continue
        name = text_of(link).lstrip("#").strip()
        if not name or len(name) > _MAX_TERM:
            continue
        terms = meta.rel_categories if "category" in rel else meta.rel_tags
        if name not in terms:
            terms.append(name)


def meta_found(meta: Meta) -> Found:
    """What OpenGraph, ``article:*`` and plain ``<meta>`` tags declare."""
    authors: list[str] = []
    for key in _AUTHOR_KEYS:
        for value in meta.all(key):
            if value.startswith(("http://", "https://", "@")) or value in authors:
                continue
            authors.append(value)
        if authors:
            break
    tags = [t for value in meta.all("article:tag") for t in _split(value)]
    tags = tags or meta.rel_tags
    return Found(
        title=meta.get("og:title", "twitter:title", "title", "headline"),
        published=meta.get(*_PUBLISHED_KEYS),
        modified=meta.get("article:modified_time", "og:updated_time", "datemodified"),
        authors=authors,
        category=meta.get("article:section") or next(iter(meta.rel_categories), None),
        tags=tags or _split(meta.get("news_keywords", "keywords") or ""),
        image=meta.get(
            "og:image", "og:image:url", "twitter:image", "twitter:image:src"
        ),
        description=meta.get("og:description", "description"),
        url=meta.get("og:url"),
        kind=meta.get("og:type"),
    )


def _split(value: str) -> list[str]:
    parts = [normalize_space(p) for p in value.split(",")]
    return [p for p in dict.fromkeys(parts) if p]

"""Structured data a page declares: JSON-LD, embedded app state, microdata.

JSON-LD: every ``<script type="application/ld+json">``, arrays and ``@graph``
included, ``@id`` references resolved (Yoast's author ``Person`` nodes); the
first node typed as an article (``NewsArticle``, ``Article``,
``ReportageNewsArticle``, ``BlogPosting`` …) wins. App state: Next.js
``__NEXT_DATA__`` and JSON-literal ``window.__NUXT__`` /
``window.__INITIAL_STATE__``; the record is the dict that looks most like an
article (a title key plus a date, body or author key). Nuxt 2's
function-wrapped state (``window.__NUXT__=(function(a,b){…}(…))``) is
JavaScript, not JSON, and is not evaluated. Microdata: ``itemprop`` values.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

from pipelines.extractors.dom import Element, text_of, xpath
from pipelines.extractors.reader.model import Found
from pipelines.extractors.text import normalize_space

ARTICLE_TYPES = frozenset(
    {
        "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
        "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle",
        "blogposting", "liveblogposting", "socialmediaposting", "report",
        "techarticle", "scholarlyarticle", "advertisernewsarticle",
    }
)  # fmt: skip
_LD_SCRIPTS = xpath(
    "//script[contains(translate(@type, 'LDJSON', 'ldjson'), 'ld+json')]"
)
_STATE_SCRIPTS = xpath(
    "//script[@id='__NEXT_DATA__' or contains(., '__NUXT__')"
    " or contains(., '__INITIAL_STATE__')]"
)
_STATE_ASSIGN = re.compile(
    r"window\.(?:__NUXT__|__INITIAL_STATE__)\s*=\s*(?=[{\[])", re.ASCII
)
_ITEMPROPS = xpath("//*[@itemprop]")
_TAGS = re.compile(r"<[^>]+>")

# app-state keys, strongest first
_TITLE_KEYS = ("headline", "title", "judul", "name")
_DATE_KEYS = (
    "datePublished", "published_at", "publishedAt", "publish_date",
    "date_published", "publishDate", "published", "tanggal", "created_at",
    "createdAt", "date",
)  # fmt: skip
_BODY_KEYS = ("articleBody", "content", "body", "isi", "konten")
_AUTHOR_KEYS = ("author", "authors", "writer", "penulis", "reporter", "created_by")
_EDITOR_KEYS = ("editor", "redaktur", "penyunting")
_VIEW_KEYS = ("views", "view_count", "viewed_count", "viewCount", "hits", "read_count")
_CATEGORY_KEYS = ("articleSection", "category", "kategori", "categories")
_TAG_KEYS = ("keywords", "tags", "tag")
_IMAGE_KEYS = ("image", "feature_image", "featured_image", "thumbnail", "cover")


def read_json_ld(doc: Element) -> Found:
    """The first article-typed JSON-LD node, as a :class:`Found`."""
    nodes: list[dict[str, Any]] = []
    for script in _LD_SCRIPTS(doc):
        data = _loads(script.text or "")
        if data is not None:
            nodes.extend(_flatten(data))
    by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}
    for node in nodes:
        kind = _article_type(node)
        if kind is not None:
            return _record(node, by_id, kind)
    for node in nodes:  # a WebPage whose mainEntity is the article
        entity = _resolve(node.get("mainEntity"), by_id)
        if isinstance(entity, dict) and _article_type(entity) is not None:
            return _record(entity, by_id, _article_type(entity))
    return Found()


def read_app_state(doc: Element) -> Found:
    """The article record in ``__NEXT_DATA__`` / JSON ``__NUXT__`` state."""
    for script in _STATE_SCRIPTS(doc):
        text = script.text or ""
        if script.get("id") == "__NEXT_DATA__":
            data = _loads(text)
        else:
            match = _STATE_ASSIGN.search(text)
            data = _loads_prefix(text[match.end() :]) if match else None
        if data is None:
            continue
        record = _best_record(data)
        if record is not None:
            return _record(record, {}, None)
    return Found()


def read_microdata(doc: Element) -> Found:
    """``itemprop`` values (headline, datePublished, author, …) anywhere in the page."""
    found = Found()
    for element in _ITEMPROPS(doc):
        for prop in (element.get("itemprop") or "").split():
            _microdata_prop(found, prop, element)
    return found


def _microdata_prop(found: Found, prop: str, element: Element) -> None:
    value = (
        element.get("content")
        or element.get("datetime")
        or (element.get("src") if prop == "image" else None)
    )
    if prop == "headline" and not found.title:
        found.title = normalize_space(value or text_of(element)) or None
    elif prop in ("datePublished", "dateCreated") and not found.published:
        found.published = value or text_of(element) or None
    elif prop == "dateModified" and not found.modified:
        found.modified = value or text_of(element) or None
    elif prop in ("author", "creator"):
        name = element.get("content") or _microdata_name(element)
        if name and name not in found.authors:
            found.authors.append(name)
    elif prop == "articleSection" and not found.category:
        found.category = normalize_space(value or text_of(element)) or None
    elif prop == "image" and not found.image:
        found.image = value or _microdata_url(element)


def _microdata_name(element: Element) -> str | None:
    names = element.xpath(".//*[@itemprop='name']")
    if names:
        return names[0].get("content") or text_of(names[0]) or None
    if element.get("itemscope") is not None:
        return None  # a nested item without a name: an organisation's logo …
    return text_of(element) or None


def _microdata_url(element: Element) -> str | None:
    urls = element.xpath(".//*[@itemprop='url']/@content | .//img/@src")
    return str(urls[0]) if urls else None


def _loads(text: str) -> Any:
    text = text.strip()
    if text.startswith(("<!--", "//<![CDATA[")):
        text = re.sub(r"^(?:<!--|//<!\[CDATA\[)|(?:-->|//\]\]>)$", "", text).strip()
    if not text:
        return None
    try:
        return json.loads(text, strict=False)
    except ValueError:
        return _loads_prefix(text)


def _loads_prefix(text: str) -> Any:
    """The first JSON value at the start of ``text`` (``…};`` trailing code ignored)."""
    try:
        value, _ = json.JSONDecoder(strict=False).raw_decode(text.lstrip())
    except ValueError:
        return None
    return value


def _flatten(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if graph is not None:
            yield from _flatten(graph)


def _types(node: dict[str, Any]) -> list[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return [k for k in kinds if isinstance(k, str)]


def _article_type(node: dict[str, Any]) -> str | None:
    for kind in _types(node):
        if kind.rsplit("/", 1)[-1].lower() in ARTICLE_TYPES:
            return kind.rsplit("/", 1)[-1]
    return None


def _resolve(value: Any, by_id: dict[str, dict[str, Any]]) -> Any:
    if isinstance(value, dict) and set(value) <= {"@id", "@type"}:
        return by_id.get(value.get("@id"), value)  # type: ignore[arg-type]
    return value


def _best_record(data: Any) -> dict[str, Any] | None:
    """The dict that looks most like an article (breadth first, ties: the first)."""
    best: tuple[int, dict[str, Any]] | None = None
    queue: list[Any] = [data]
    seen = 0
    while queue and seen < 20000:
        item = queue.pop(0)
        seen += 1
        if isinstance(item, dict):
            score = _article_score(item)
            if score >= 2 and (best is None or score > best[0]):
                best = (score, item)
            queue.extend(v for v in item.values() if isinstance(v, dict | list))
        elif isinstance(item, list):
            queue.extend(v for v in item[:50] if isinstance(v, dict | list))
    return best[1] if best else None


def _article_score(item: dict[str, Any]) -> int:
    if not any(isinstance(item.get(k), str) and item[k].strip() for k in _TITLE_KEYS):
        return 0
    score = 1
    for keys in (_DATE_KEYS, _BODY_KEYS, _AUTHOR_KEYS):
        if any(item.get(k) for k in keys):
            score += 1
    return score


def _first(node: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = node.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def _record(node: dict[str, Any], by_id: dict[str, Any], kind: str | None) -> Found:
    title = _first(node, _TITLE_KEYS)
    body = _first(node, _BODY_KEYS)
    return Found(
        title=_text(title),
        published=_text(_first(node, _DATE_KEYS)),
        modified=_text(_first(node, ("dateModified", "updated_at", "updatedAt"))),
        authors=_names(_first(node, _AUTHOR_KEYS), by_id),
        editor=", ".join(_names(_first(node, _EDITOR_KEYS), by_id)) or None,
        views=_views(node),
        category=next(iter(_words(_first(node, _CATEGORY_KEYS), by_id)), None),
        tags=_words(_first(node, _TAG_KEYS), by_id, split=True),
        image=_url(_first(node, _IMAGE_KEYS), by_id),
        body=_html_text(body) if isinstance(body, str) else None,
        description=_text(node.get("description")),
        url=_url(node.get("url") or node.get("mainEntityOfPage"), by_id),
        kind=kind,
    )


def _text(value: Any) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        return None
    return normalize_space(value) or None


def _html_text(value: str) -> str | None:
    if "<" not in value:
        return normalize_space(value) or None
    try:
        root = etree.fromstring(f"<div>{value}</div>", etree.HTMLParser())
    except (etree.LxmlError, ValueError):
        return normalize_space(_TAGS.sub(" ", value)) or None
    if root is None:
        return None
    blocks = (normalize_space("".join(p.itertext())) for p in root.iter("p"))
    text = "\n".join(b for b in blocks if b)
    return text or normalize_space("".join(root.itertext())) or None


def _names(value: Any, by_id: dict[str, Any]) -> list[str]:
    """Person names from a string, a Person dict, or a list of them."""
    value = _resolve(value, by_id)
    if isinstance(value, list):
        names: list[str] = []
        for item in value:
            names += [n for n in _names(item, by_id) if n not in names]
        return names
    if isinstance(value, dict):
        if any(k.lower() == "organization" for k in _types(value)):
            return []
        return _names(
            _first(value, ("name", "nama", "display_name", "username")), by_id
        )
    text = _text(value)
    if text is None or text.startswith(("http://", "https://")):
        return []
    return [text]


def _words(value: Any, by_id: dict[str, Any], *, split: bool = False) -> list[str]:
    value = _resolve(value, by_id)
    if isinstance(value, list):
        words: list[str] = []
        for item in value:
            words += [w for w in _words(item, by_id, split=split) if w not in words]
        return words
    if isinstance(value, dict):
        return _words(_first(value, ("name", "title", "nama", "slug")), by_id)
    text = _text(value)
    if text is None:
        return []
    parts = text.split(",") if split else [text]
    return [p.strip() for p in parts if p.strip()]


def _url(value: Any, by_id: dict[str, Any]) -> str | None:
    value = _resolve(value, by_id)
    if isinstance(value, list):
        return _url(value[0], by_id) if value else None
    if isinstance(value, dict):
        return _url(_first(value, ("url", "@id", "contentUrl", "src", "path")), by_id)
    text = _text(value)
    return text if text and not text.startswith("{") else None


def _views(node: dict[str, Any]) -> int | None:
    direct = _first(node, _VIEW_KEYS)
    if isinstance(direct, int) and not isinstance(direct, bool):
        return direct
    if isinstance(direct, str) and direct.strip().isdigit():
        return int(direct)
    stats = node.get("interactionStatistic")
    for stat in stats if isinstance(stats, list) else [stats]:
        if not isinstance(stat, dict):
            continue
        kind = str(stat.get("interactionType", ""))
        count = stat.get("userInteractionCount")
        if any(a in kind for a in ("ViewAction", "WatchAction", "ReadAction")):
            if isinstance(count, int):
                return count
            if isinstance(count, str) and count.isdigit():
                return int(count)
    return None

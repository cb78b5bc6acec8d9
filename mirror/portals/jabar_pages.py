"""HTML of the Portal Jabar mirror: a Nuxt 2 server-rendered page plus ``window.__NUXT__``.

Follows ../shared/reference/portals.md. Assumptions (the real markup is
unconfirmed): the class names and element nesting; the ``__NUXT__`` layout
(``data[0].news`` holding the same record as the JSON API) and its serialised
form (Nuxt's ``(function(a,b,c){return {…}}(null,false,true))`` with unquoted
keys, only ``null``/``false``/``true`` hoisted into parameters); the API's field
names; ``published_at`` as ISO 8601 with ``+07:00``; listing pagination by
``?page=N`` links with ``rel=next``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from html import escape
from typing import Any

from mirror.fmt import id_day, id_thousands
from mirror.portals.scaffold import escape_text, page_window
from mirror.portals.stories import Story

CANONICAL_ORIGIN = "https://jabarprov.go.id"
IMAGE_ORIGIN = "https://cdn.jabarprov.go.id/news"
NEWS_ID_START = 4100
_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
_HOISTED = {"null": "a", "false": "b", "true": "c"}


def news_record(story: Story) -> dict[str, Any]:
    """The news object as the API and ``__NUXT__`` carry it."""
    writer, reporters = story.authors[0], story.authors[1:]
    content = "".join(f"<p>{escape(p, quote=False)}</p>" for p in story.paragraphs)
    return {
        "id": NEWS_ID_START + story.index,
        "title": story.title,
        "slug": story.slug,
        "excerpt": story.excerpt,
        "content": content,
        "image": f"{IMAGE_ORIGIN}/{story.slug}.jpg",
        "category": {
            "id": 1 + story.index % 97,
            "name": story.category.name,
            "slug": story.category.slug,
        },
        "tags": [
            {"id": n, "tag": t.name, "slug": t.slug} for n, t in enumerate(story.tags)
        ],
        "author": {"name": writer, "role": "Penulis"},
        "reporter": ", ".join(reporters) or None,
        "editor": story.editor,
        "views": story.views,
        "shared": story.shares,
        "status": "PUBLISHED",
        "published_at": story.published.isoformat(),
        "created_at": story.published.isoformat(),
        "updated_at": story.published.isoformat(),
    }


def js_literal(value: Any) -> str:
    """``value`` as a JavaScript literal the way Nuxt prints state (see module doc)."""
    if isinstance(value, dict):
        items = (
            f"{k if _IDENTIFIER.match(k) else json.dumps(k)}:{js_literal(v)}"
            for k, v in value.items()
        )
        return "{" + ",".join(items) + "}"
    if isinstance(value, list):
        return "[" + ",".join(js_literal(v) for v in value) + "]"
    text = json.dumps(value, ensure_ascii=False)
    return _HOISTED.get(text, text).replace("</", "<\\u002F")


def nuxt_state(route_path: str, data: dict[str, Any]) -> str:
    """The ``<script>window.__NUXT__=…</script>`` element."""
    state = {
        "layout": "default",
        "data": [data],
        "fetch": {},
        "error": None,
        "serverRendered": True,
        "routePath": route_path,
        "config": {
            "apiBaseUrl": "/v1",
            "_app": {"basePath": "/", "assetsPath": "/_nuxt/"},
        },
    }
    body = js_literal(state)
    return f"<script>window.__NUXT__=(function(a,b,c){{return {body}}}(null,false,true));</script>"


def page(
    *,
    origin: str,
    title: str,
    description: str,
    og_url: str | None,
    image: str | None,
    main: str,
    state: str,
    next_href: str | None = None,
) -> str:
    """A whole server-rendered Nuxt page."""
    metas = [("title", title), ("description", description), ("og:title", title)]
    if image:
        metas.append(("og:image", image))
    if og_url:
        metas.append(("og:url", og_url))
    head = "".join(
        f'<meta data-n-head="ssr" data-hid="{name}" name="{name}" content="{escape(value)}">'
        for name, value in metas
    )
    next_link = (
        f'<link data-n-head="ssr" rel="next" href="{escape(next_href)}">'
        if next_href
        else ""
    )
    return f"""<!doctype html>
<html data-n-head-ssr lang="id" data-n-head="%7B%22lang%22:%7B%22ssr%22:%22id%22%7D%7D">
<head>
<title>{escape_text(title)}</title><meta data-n-head="ssr" charset="utf-8"><meta data-n-head="ssr" name="viewport" content="width=device-width, initial-scale=1">{head}{next_link}<link rel="preload" href="{origin}/_nuxt/app.4f1c2d.js" as="script">
</head>
<body>
<div data-server-rendered="true" id="__nuxt"><div id="__layout"><div class="app">
<header class="navbar"><a href="{origin}/" class="navbar__logo">Jabarprov</a><nav><a href="{origin}/">Beranda</a><a href="{origin}/berita">Berita</a></nav></header>
<main class="page">
{main}</main>
<footer class="footer"><p>&copy; Pemerintah Daerah Provinsi Jawa Barat</p></footer>
</div></div></div>
{state}
<script src="{origin}/_nuxt/app.4f1c2d.js" defer></script>
</body>
</html>
"""


def article_main(story: Story, origin: str) -> str:
    """The news detail: breadcrumb, title, labels, body, editor, tags, empty related."""
    writer, reporters = story.authors[0], story.authors[1:]
    peliput = (
        f'<p class="news-detail__author">Peliput: <strong>{escape_text(", ".join(reporters))}</strong></p>\n'
        if reporters
        else ""
    )
    editor = (
        f"<p><strong>Editor: </strong> {escape_text(story.editor)}</p>\n"
        if story.editor
        else ""
    )
    tags = "".join(
        f'<a class="tag" href="{origin}/berita/tags/{t.slug}">{escape_text(t.name)}</a>'
        for t in story.tags
    )
    body = "".join(f"<p>{escape_text(p)}</p>" for p in story.paragraphs)
    return f"""<nav class="breadcrumb"><a href="{origin}/">Beranda</a> <span>›</span> <a href="{origin}/berita">Berita</a> <span>›</span> <span>{escape_text(story.category.name)}</span></nav>
<article class="news-detail">
<h1 class="news-detail__title">{escape_text(story.title)}</h1>
<div class="news-detail__info">
<p class="news-detail__date">{id_day(story.published)}</p>
<p class="news-detail__author">Penulis: <strong>{escape_text(writer)}</strong></p>
{peliput}<div class="news-detail__stats">
<div class="stat"><p class="stat__value"><i class="icon-eye"></i> {id_thousands(story.views)} kali</p><p class="stat__label">Berita ini dilihat</p></div>
<div class="stat"><p class="stat__value"><i class="icon-share"></i> {id_thousands(story.shares)} kali</p><p class="stat__label">Berita ini dibagikan</p></div>
</div>
</div>
<img class="news-detail__image" src="{IMAGE_ORIGIN}/{story.slug}.jpg" alt="{escape(story.title)}">
<div class="article__body">{body}</div>
{editor}<div class="news-detail__tags"><p>Tags:</p>{tags}</div>
</article>
<section class="news-related"><h2>Berita Terkait</h2><div class="news-related__list skeleton"></div></section>
"""


def listing_main(
    heading: str,
    stories: Sequence[Story],
    origin: str,
    *,
    base: str,
    page_number: int,
    pages: int,
) -> str:
    """News cards and ``?page=N`` pagination."""
    cards = "".join(
        f"""<div class="news-card"><a href="{origin}/berita/{s.slug}"><h2 class="news-card__title">{escape_text(s.title)}</h2></a>
<p class="news-card__meta">{escape_text(s.category.name)} | {s.published:%d/%m/%Y}</p><p class="news-card__excerpt">{escape_text(s.excerpt)}</p></div>
"""
        for s in stories
    )
    links = []
    if page_number > 1:
        links.append(
            f'<a class="pagination__prev" rel="prev" href="{origin}{page_href(base, page_number - 1)}">Sebelumnya</a>'
        )
    for n in page_window(page_number, pages):
        current = ' aria-current="page"' if n == page_number else ""
        links.append(
            f'<a class="pagination__page"{current} href="{origin}{page_href(base, n)}">{n}</a>'
        )
    if page_number < pages:
        links.append(
            f'<a class="pagination__next" rel="next" href="{origin}{page_href(base, page_number + 1)}">Selanjutnya</a>'
        )
    return f'<h1 class="page__title">{escape_text(heading)}</h1>\n<div class="news-list">\n{cards}</div>\n<nav class="pagination">{"".join(links)}</nav>\n'


def page_href(base: str, number: int) -> str:
    """``base`` for page 1, ``base?page=N`` after it."""
    return base if number == 1 else f"{base}?page={number}"

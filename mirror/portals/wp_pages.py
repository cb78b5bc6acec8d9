"""HTML pages of the invented WordPress city portal (Kota Contoh), in a typical theme.

Half of the articles carry a JSON-LD ``NewsArticle``; every article shows its
facts as visible labels (``Penulis: A, B | Editor: C``, an Indonesian or
``dd/mm/yyyy`` date, ``Dibaca N kali``), a ``Baca Juga`` link inside some bodies,
a ``Berita Terkait`` block, categories and tags, and a sidebar of the newest posts.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from html import escape

from mirror.fmt import id_day, id_thousands, slugify
from mirror.portals.scaffold import escape_text, page_window
from mirror.portals.stories import Story

SITE_NAME = "Kota Contoh"
CANONICAL_ORIGIN = "https://contohkota.go.id"
STATIC_PAGES = {
    "/profil/": ("Profil Kota Contoh", "Kota Contoh adalah kota jasa dan perdagangan."),
    "/visi-misi/": (
        "Visi dan Misi",
        "Visi: Kota Contoh yang maju, nyaman dan berdaya.",
    ),
    "/kontak/": (
        "Kontak",
        "Jalan Balai Kota No. 1, Kota Contoh. Telepon (021) 555-0101.",
    ),
}


def article_path(story: Story) -> str:
    """``/YYYY/MM/DD/<slug>/``."""
    return f"/{story.published:%Y/%m/%d}/{story.slug}/"


def long_date(when: datetime) -> str:
    """``Senin, 2 Desember 2024 14:30 WIB``."""
    return f"{id_day(when)} {when:%H:%M} WIB"


def shown_date(story: Story) -> str:
    """The date as the article page shows it: long, or ``02/12/2024``."""
    return (
        f"{story.published:%d/%m/%Y}"
        if story.numeric_date
        else long_date(story.published)
    )


def head(
    origin: str,
    title: str,
    canonical: str,
    *,
    og_type: str = "website",
    next_href: str | None = None,
    prev_href: str | None = None,
    extra: str = "",
) -> str:
    """``<!DOCTYPE html>`` through ``<body>``: title with the site suffix, canonical, feed."""
    links = "".join(
        f'<link rel="{rel}" href="{escape(href)}">\n'
        for rel, href in (("prev", prev_href), ("next", next_href))
        if href
    )
    return f"""<!DOCTYPE html>
<html lang="id-ID">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape_text(title)} - {SITE_NAME}</title>
<link rel="canonical" href="{escape(canonical)}">
{links}<meta property="og:locale" content="id_ID">
<meta property="og:type" content="{og_type}">
<meta property="og:title" content="{escape(title)}">
<meta property="og:url" content="{escape(canonical)}">
<meta property="og:site_name" content="{SITE_NAME}">
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; Feed" href="{origin}/feed/">
<link rel="stylesheet" id="kotacontoh-style-css" href="{origin}/wp-content/themes/kotacontoh/style.css?ver=6.4.2" media="all">
{extra}</head>
"""


def body(
    origin: str, body_class: str, main: str, latest: Sequence[tuple[str, str]]
) -> str:
    """The page chrome around ``main``: menu, search form, sidebar, footer."""
    menu = "".join(
        f'<li class="menu-item"><a href="{origin}{path}">{escape_text(label)}</a></li>'
        for path, label in (
            ("/", "Beranda"),
            ("/profil/", "Profil"),
            ("/visi-misi/", "Visi Misi"),
            ("/category/pemerintahan/", "Pemerintahan"),
            ("/category/kesehatan/", "Kesehatan"),
            ("/kontak/", "Kontak"),
        )
    )
    recent = "".join(
        f'<li><a href="{origin}{path}">{escape_text(title)}</a></li>'
        for path, title in latest
    )
    return f"""<body class="{body_class}">
<div id="page" class="site">
<header id="masthead" class="site-header">
<p class="site-title"><a href="{origin}/" rel="home">{SITE_NAME}</a></p>
<p class="site-description">Portal Resmi Pemerintah Kota Contoh</p>
<nav id="site-navigation" class="main-navigation"><ul id="menu-utama" class="menu">{menu}</ul></nav>
<form role="search" method="get" class="search-form" action="{origin}/"><label>Cari: <input type="search" class="search-field" name="s"></label><button type="submit">Cari</button></form>
</header>
<div id="content" class="site-content">
<main id="main" class="site-main">
{main}</main>
<aside id="secondary" class="widget-area">
<section class="widget widget_recent_entries"><h2 class="widget-title">Berita Terbaru</h2><ul>{recent}</ul></section>
</aside>
</div>
<footer id="colophon" class="site-footer"><p>&copy; Pemerintah Kota Contoh. <a href="{origin}/kontak/">Kontak</a> &middot; <a href="{origin}/feed/">RSS</a></p></footer>
</div>
</body>
</html>
"""


def json_ld(story: Story, canonical: str) -> str:
    """A ``NewsArticle`` script block (headline, dates with +07:00, authors, publisher)."""
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "headline": story.title,
        "description": story.excerpt,
        "datePublished": story.published.isoformat(),
        "dateModified": story.published.isoformat(),
        "author": [
            {
                "@type": "Person",
                "name": name,
                "url": f"{CANONICAL_ORIGIN}/author/{slugify(name)}/",
            }
            for name in story.authors
        ],
        "publisher": {
            "@type": "Organization",
            "name": f"Pemerintah {SITE_NAME}",
            "logo": {"@type": "ImageObject", "url": f"{CANONICAL_ORIGIN}/logo.png"},
        },
        "articleSection": story.category.name,
        "keywords": ", ".join(tag.name for tag in story.tags),
        "inLanguage": "id-ID",
    }
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>\n'


def article_main(
    story: Story,
    origin: str,
    related: Sequence[Story],
    read_also: Story | None,
) -> str:
    """The ``<article>`` of a post: header labels, body, terms, related block."""
    authors = ", ".join(
        f'<a href="{origin}/author/{slugify(a)}/" rel="author">{escape_text(a)}</a>'
        for a in story.authors
    )
    byline = f"Penulis: {authors}"
    if story.editor:
        byline += f" | Editor: {escape_text(story.editor)}"
    paragraphs = []
    for number, text in enumerate(story.paragraphs):
        paragraphs.append(f"<p>{escape_text(text)}</p>\n")
        if read_also is not None and number == story.read_also_after:
            href = origin + article_path(read_also)
            paragraphs.append(
                f'<p><strong>Baca Juga: <a href="{href}">{escape_text(read_also.title)}</a>'
                "</strong></p>\n"
            )
    category = (
        f'<a href="{origin}/category/{story.category.slug}/" rel="category tag">'
        f"{escape_text(story.category.name)}</a>"
    )
    tags = ", ".join(
        f'<a href="{origin}/tag/{t.slug}/" rel="tag">{escape_text(t.name)}</a>'
        for t in story.tags
    )
    items = "".join(
        f'<li><a href="{origin}{article_path(r)}">{escape_text(r.title)}</a>'
        f' <span class="date">{r.published:%d/%m/%Y}</span></li>\n'
        for r in related
    )
    related_block = (
        '<section class="related-posts"><h3 class="related-title">Berita Terkait</h3>'
        f"\n<ul>\n{items}</ul></section>\n"
        if related
        else ""
    )
    views = id_thousands(story.views)
    classes = f"post-{story.index + 1} post type-post status-publish hentry"
    return f"""<article id="post-{story.index + 1}" class="{classes} category-{story.category.slug}">
<header class="entry-header">
<div class="entry-category">{category}</div>
<h1 class="entry-title">{escape_text(story.title)}</h1>
<div class="entry-meta">
<span class="byline">{byline}</span>
<span class="posted-on"><i class="fa fa-calendar"></i> {shown_date(story)}</span>
<span class="post-views"><i class="fa fa-eye"></i> Dibaca {views} kali</span>
</div>
</header>
<div class="entry-content">
{"".join(paragraphs)}</div>
<footer class="entry-footer">
<span class="cat-links">Kategori: {category}</span>
<span class="tags-links">Tag: {tags}</span>
<div class="share-buttons">Bagikan: <a href="#">Facebook</a> <a href="#">X</a> <a href="#">WhatsApp</a></div>
</footer>
{related_block}</article>
"""


def listing_main(
    heading: str,
    stories: Sequence[Story],
    origin: str,
    *,
    page: int,
    pages: int,
    base: str,
) -> str:
    """A post list with excerpts and ``/page/N/`` pagination links."""
    items = "".join(
        f"""<article class="post type-post">
<h2 class="entry-title"><a href="{origin}{article_path(s)}" rel="bookmark">{escape_text(s.title)}</a></h2>
<div class="entry-meta"><span class="posted-on">{s.published:%d/%m/%Y}</span> <span class="cat-links">{escape_text(s.category.name)}</span></div>
<div class="entry-summary"><p>{escape_text(s.excerpt)} [&hellip;]</p></div>
</article>
"""
        for s in stories
    )
    links = []
    if page > 1:
        links.append(
            f'<a class="prev page-numbers" href="{origin}{page_path(base, page - 1)}">&laquo; Sebelumnya</a>'
        )
    for number in page_window(page, pages):
        if number == page:
            links.append(
                f'<span aria-current="page" class="page-numbers current">{number}</span>'
            )
        else:
            links.append(
                f'<a class="page-numbers" href="{origin}{page_path(base, number)}">{number}</a>'
            )
    if page < pages:
        links.append(
            f'<a class="next page-numbers" href="{origin}{page_path(base, page + 1)}">Berikutnya &raquo;</a>'
        )
    nav = (
        f'<nav class="navigation pagination"><div class="nav-links">{"".join(links)}</div></nav>\n'
        if pages > 1
        else ""
    )
    return f'<header class="page-header"><h1 class="page-title">{escape_text(heading)}</h1></header>\n{items}{nav}'


def page_path(base: str, page: int) -> str:
    """``base`` for page 1, ``base + page/N/`` after it (``base`` ends with ``/``)."""
    return base if page == 1 else f"{base}page/{page}/"


def static_main(title: str, text: str) -> str:
    """A static WordPress page (no date, no byline)."""
    return f"""<article class="page type-page status-publish hentry">
<header class="entry-header"><h1 class="entry-title">{escape_text(title)}</h1></header>
<div class="entry-content"><p>{escape_text(text)}</p></div>
</article>
"""


def search_main(query: str, stories: Sequence[Story], origin: str) -> str:
    """Search results (titles only)."""
    items = "".join(
        f'<li><a href="{origin}{article_path(s)}">{escape_text(s.title)}</a></li>'
        for s in stories
    )
    found = f"<ul>{items}</ul>" if stories else "<p>Maaf, tidak ada hasil.</p>"
    return f'<header class="page-header"><h1 class="page-title">Hasil pencarian: {escape_text(query)}</h1></header>\n{found}\n'

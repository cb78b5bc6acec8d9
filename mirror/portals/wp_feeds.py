"""Discovery documents of the WordPress portal: robots.txt, Yoast and core sitemaps, RSS.

Yoast: ``/sitemap_index.xml`` (also at ``/sitemap.xml``) lists ``post-sitemap.xml``,
``post-sitemap2.xml`` … (``YOAST_PER_FILE`` posts each, oldest first) and the
page, category, tag and author sitemaps. Core: ``/wp-sitemap.xml`` lists
``wp-sitemap-posts-post-N.xml`` (``CORE_PER_FILE`` each) and the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from email.utils import format_datetime
from html import escape

from mirror.portals.scaffold import page_count
from mirror.portals.stories import Story
from mirror.portals.wp_pages import SITE_NAME, article_path

YOAST_PER_FILE = 50
CORE_PER_FILE = 100
FEED_ITEMS = 10
_URLSET = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
_INDEX = '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'


def robots(origin: str) -> str:
    """WordPress's robots.txt plus both sitemap indexes."""
    return (
        "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n"
        "Disallow: /__mirror__/\n\n"
        f"Sitemap: {origin}/sitemap_index.xml\nSitemap: {origin}/wp-sitemap.xml\n"
    )


def _index(origin: str, names: Iterable[str]) -> str:
    entries = "".join(
        f"<sitemap><loc>{origin}/{name}</loc></sitemap>\n" for name in names
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{_INDEX}\n{entries}</sitemapindex>\n'
    )


def _urlset(origin: str, entries: Iterable[tuple[str, str | None]]) -> str:
    rows = "".join(
        f"<url><loc>{escape(origin + path)}</loc>"
        + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "")
        + "</url>\n"
        for path, lastmod in entries
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{_URLSET}\n{rows}</urlset>\n'


def yoast_files(count: int) -> list[str]:
    """Names of the Yoast post sitemaps for ``count`` posts."""
    return [
        "post-sitemap.xml" if n == 1 else f"post-sitemap{n}.xml"
        for n in range(1, page_count(count, YOAST_PER_FILE) + 1)
    ]


def core_files(count: int) -> list[str]:
    """Names of the core post sitemaps for ``count`` posts."""
    return [
        f"wp-sitemap-posts-post-{n}.xml"
        for n in range(1, page_count(count, CORE_PER_FILE) + 1)
    ]


TERM_SITEMAPS = {  # yoast name, core name -> which term paths they list
    "page": ("page-sitemap.xml", "wp-sitemap-posts-page-1.xml"),
    "category": ("category-sitemap.xml", "wp-sitemap-taxonomies-category-1.xml"),
    "tag": ("post_tag-sitemap.xml", "wp-sitemap-taxonomies-post_tag-1.xml"),
    "author": ("author-sitemap.xml", "wp-sitemap-users-1.xml"),
}


def yoast_index(origin: str, count: int) -> str:
    """``sitemap_index.xml``."""
    names = yoast_files(count) + [yoast for yoast, _ in TERM_SITEMAPS.values()]
    return _index(origin, names)


def core_index(origin: str, count: int) -> str:
    """``wp-sitemap.xml``."""
    return _index(
        origin, core_files(count) + [core for _, core in TERM_SITEMAPS.values()]
    )


def post_sitemap(origin: str, stories: Sequence[Story]) -> str:
    """One file of post URLs with ``lastmod``."""
    return _urlset(
        origin, ((article_path(s), s.published.isoformat()) for s in stories)
    )


def term_sitemap(origin: str, paths: Iterable[str]) -> str:
    """A sitemap of static pages or term archives (no ``lastmod``)."""
    return _urlset(origin, ((path, None) for path in paths))


def rss(origin: str, stories: Sequence[Story]) -> str:
    """The RSS 2.0 feed at ``/feed/`` (newest first, authors as ``dc:creator``)."""
    items = "".join(
        f"""<item>
<title>{escape(s.title)}</title>
<link>{escape(origin + article_path(s))}</link>
<dc:creator><![CDATA[{", ".join(s.authors)}]]></dc:creator>
<pubDate>{format_datetime(s.published)}</pubDate>
<category><![CDATA[{s.category.name}]]></category>
<guid isPermaLink="false">{origin}/?p={s.index + 1}</guid>
<description><![CDATA[{s.excerpt} [&#8230;]]]></description>
</item>
"""
        for s in stories
    )
    newest = format_datetime(stories[0].published) if stories else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{SITE_NAME}</title>
<atom:link href="{origin}/feed/" rel="self" type="application/rss+xml" />
<link>{origin}</link>
<description>Portal Resmi Pemerintah Kota Contoh</description>
<lastBuildDate>{newest}</lastBuildDate>
<language>id</language>
{items}</channel>
</rss>
"""

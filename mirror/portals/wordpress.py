"""An invented WordPress city portal, Kota Contoh (``contohkota.go.id``), for the mirror.

Paths: ``/`` and ``/page/N/`` (newest posts), ``/category/<slug>/``,
``/tag/<slug>/``, ``/author/<slug>/`` (each with ``page/N/``), ``/?s=QUERY``,
static pages ``/profil/``, ``/visi-misi/``, ``/kontak/``, posts
``/YYYY/MM/DD/<slug>/``, ``/feed/``, ``/robots.txt`` and the Yoast and core
sitemaps (see :mod:`~mirror.portals.wp_feeds`). Paths without the
trailing slash are 404 (the real site would redirect).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from mirror.fmt import WIB, iso, slugify
from mirror.portals import HTML, RSS, TEXT, XML
from mirror.portals import wp_feeds as feeds
from mirror.portals import wp_pages as pages
from mirror.portals.scaffold import StoryPortal, page_count
from mirror.portals.stories import Newsroom, Stories, Story
from mirror.routes import Route
from mirror.words import Section

PER_PAGE = 10
NEWSROOM = Newsroom(
    key="wordpress",
    area="Kota Contoh",
    places=(
        "Sukamaju",
        "Cibening",
        "Mekarsari",
        "Tanjungwangi",
        "Pasirjati",
        "Sindangsari",
        "Margahayu Kidul",
        "Karangtengah",
        "Cilimus Baru",
        "Pangkalan Jati",
    ),
    categories=(
        Section("pemerintahan", "Pemerintahan"),
        Section("kesehatan", "Kesehatan"),
        Section("pendidikan", "Pendidikan"),
        Section("ekonomi", "Ekonomi"),
        Section("infrastruktur", "Infrastruktur"),
        Section("lingkungan", "Lingkungan Hidup"),
        Section("sosial", "Sosial"),
        Section("pariwisata", "Pariwisata"),
    ),
    tags=(
        Section("pelayanan-publik", "Pelayanan Publik"),
        Section("wali-kota", "Wali Kota"),
        Section("kecamatan", "Kecamatan"),
        Section("apbd", "APBD"),
        Section("smart-city", "Smart City"),
        Section("musim-hujan", "Musim Hujan"),
        Section("umkm", "UMKM"),
        Section("gotong-royong", "Gotong Royong"),
        Section("kelurahan", "Kelurahan"),
        Section("sekolah", "Sekolah"),
    ),
    writers=(
        "Wulan Sari Dewi",
        "Bagus Setiaji",
        "Citra Ramadhani",
        "Dodi Firmansyah",
        "Intan Permata",
        "Galih Pambudi",
        "Nurul Azizah",
        "Teguh Santoso",
    ),
    editors=("Heru Prabowo", "Lilis Suryani", "Agung Wibisono"),
    first=datetime(2024, 11, 4, 7, 0, tzinfo=WIB),
)
_POST = re.compile(r"^/(\d{4})/(\d{2})/(\d{2})/([a-z0-9-]+)/$")
_ARCHIVE = re.compile(r"^/(category|tag|author)/([a-z0-9-]+)/(?:page/(\d+)/)?$")
_HOME_PAGE = re.compile(r"^/page/(\d+)/$")
_YOAST = re.compile(r"^/post-sitemap(\d*)\.xml$")
_CORE = re.compile(r"^/wp-sitemap-posts-post-(\d+)\.xml$")
_DOCUMENTS = {
    "/robots.txt", "/feed/", "/sitemap.xml", "/sitemap_index.xml", "/wp-sitemap.xml",
    *(f"/{name}" for names in feeds.TERM_SITEMAPS.values() for name in names),
}  # fmt: skip
_SEARCH_EXAMPLE = "/?s=pelayanan"


class WordPressPortal(StoryPortal):
    """Kota Contoh: every page made on demand from its stories."""

    name = "wordpress"
    host = "contohkota.go.id"
    newsroom = NEWSROOM

    def story_path(self, index: int) -> str:
        """``/YYYY/MM/DD/<slug>/``."""
        return pages.article_path(self.stories.get(index))

    # -- routing ------------------------------------------------------------
    def resolve(self, raw_path: str) -> Route:
        """What a path names (kinds: article, listing, static, search, document)."""
        parts = urlsplit(raw_path)
        path = parts.path or "/"
        if path.startswith("/__mirror__/"):
            return Route("admin", key=path)
        if path == "/" and parts.query:
            query = parse_qs(parts.query).get("s")
            return Route("search", key=raw_path) if query else Route("missing")
        if path in pages.STATIC_PAGES:
            return Route("static", key=path)
        if path in _DOCUMENTS or self._sitemap_items(path) is not None:
            return Route("document", key=path)
        if _POST.match(path):
            found = self._post_index(path) is not None
            return Route("article", key=path) if found else Route("missing")
        home = _HOME_PAGE.match(path)
        if path == "/" or home:
            return self._listing("/", int(home[1]) if home else 1, path)
        archive = _ARCHIVE.match(path)
        if archive:
            base = f"/{archive[1]}/{archive[2]}/"
            return self._listing(base, int(archive[3] or 1), path)
        return Route("missing")

    def _post_index(self, path: str) -> int | None:
        match = _POST.match(path)
        index = self.stories.index_of(match[4]) if match else None
        if index is None or pages.article_path(self.stories.get(index)) != path:
            return None
        return index

    def _listing(self, base: str, page: int, path: str) -> Route:
        found = self._members(base)
        pages_total = page_count(len(found), PER_PAGE)
        if (not found and base != "/") or not 1 <= page <= pages_total:
            return Route("missing")
        return Route("listing", key=path, base=base, page=page)

    def _members(self, base: str) -> list[int] | range:
        if base == "/":
            return self.stories.newest_first()
        kind, slug = base.strip("/").split("/")
        return self.stories.having(kind, slug)

    def _sitemap_items(self, path: str) -> list[Story] | None:
        count = len(self.stories)
        for pattern, per_file in (
            (_YOAST, feeds.YOAST_PER_FILE),
            (_CORE, feeds.CORE_PER_FILE),
        ):
            match = pattern.match(path)
            if match:
                number = int(match[1] or 1)
                if match[1] == "1" and pattern is _YOAST:  # Yoast never names file 1
                    return None
                start = (number - 1) * per_file
                if number < 1 or (start >= count and number > 1):
                    return None
                return [
                    self.stories.get(i)
                    for i in range(start, min(count, start + per_file))
                ]
        return None

    # -- rendering ----------------------------------------------------------
    def media_type(self, route: Route) -> str:
        """HTML, or XML/RSS/text for discovery documents."""
        if route.kind != "document":
            return HTML
        if route.key == "/robots.txt":
            return TEXT
        return RSS if route.key == "/feed/" else XML

    def render(self, route: Route, origin: str) -> str | None:
        """The page or document of a route; None for a missing one."""
        if route.kind == "document":
            return self._document(route.key, origin)
        latest = [
            (pages.article_path(s), s.title)
            for s in (self.stories.get(i) for i in self.stories.newest_first()[:5])
        ]
        if route.kind == "article":
            return self._article(route.key, origin, latest)
        if route.kind == "listing":
            return self._listing_page(route, origin, latest)
        if route.kind == "static":
            title, text = pages.STATIC_PAGES[route.key]
            head = pages.head(origin, title, pages.CANONICAL_ORIGIN + route.key)
            return head + pages.body(
                origin,
                "page-template-default page",
                pages.static_main(title, text),
                latest,
            )
        if route.kind == "search":
            query = parse_qs(urlsplit(route.key).query)["s"][0]
            words = query.lower().split()
            hits = [
                s
                for s in (
                    self.stories.get(i) for i in self.stories.newest_first()[:200]
                )
                if all(w in s.title.lower() for w in words)
            ][:PER_PAGE]
            head = pages.head(
                origin,
                f"Hasil pencarian untuk “{query}”",
                f"{pages.CANONICAL_ORIGIN}/?s={query}",
            )
            return head + pages.body(
                origin,
                "search search-results",
                pages.search_main(query, hits, origin),
                latest,
            )
        return None

    def _article(
        self, path: str, origin: str, latest: list[tuple[str, str]]
    ) -> str | None:
        index = self._post_index(path)
        if index is None:
            return None
        story = self.stories.get(index)
        canonical = pages.CANONICAL_ORIGIN + path
        related = [self.stories.get(i) for i in story.related]
        read_also = (
            self.stories.get(story.read_also) if story.read_also is not None else None
        )
        extra = pages.json_ld(story, canonical) if story.structured else ""
        head = pages.head(
            origin, story.title, canonical, og_type="article", extra=extra
        )
        main = pages.article_main(story, origin, related, read_also)
        classes = f"post-template-default single single-post postid-{index + 1}"
        return head + pages.body(origin, classes, main, latest)

    def _listing_page(
        self, route: Route, origin: str, latest: list[tuple[str, str]]
    ) -> str:
        members = self._members(route.base)
        total = page_count(len(members), PER_PAGE)
        shown = self.page_of(members, route.page, PER_PAGE)
        heading = self._heading(route.base)
        prev_href = (
            origin + pages.page_path(route.base, route.page - 1)
            if route.page > 1
            else None
        )
        next_href = (
            origin + pages.page_path(route.base, route.page + 1)
            if route.page < total
            else None
        )
        canonical = pages.CANONICAL_ORIGIN + pages.page_path(route.base, route.page)
        head = pages.head(
            origin, heading, canonical, next_href=next_href, prev_href=prev_href
        )
        main = pages.listing_main(
            heading, shown, origin, page=route.page, pages=total, base=route.base
        )
        return head + pages.body(origin, "archive blog", main, latest)

    def _heading(self, base: str) -> str:
        if base == "/":
            return "Berita Terbaru"
        kind, slug = base.strip("/").split("/")
        if kind == "author":
            name = next(a for a in NEWSROOM.writers if slugify(a) == slug)
            return f"Penulis: {name}"
        terms = NEWSROOM.categories if kind == "category" else NEWSROOM.tags
        name = next(t.name for t in terms if t.slug == slug)
        return f"{'Kategori' if kind == 'category' else 'Tag'}: {name}"

    def _document(self, path: str, origin: str) -> str | None:
        count = len(self.stories)
        if path == "/robots.txt":
            return feeds.robots(origin)
        if path == "/feed/":
            newest = self.stories.newest_first()[: feeds.FEED_ITEMS]
            return feeds.rss(origin, [self.stories.get(i) for i in newest])
        if path in ("/sitemap.xml", "/sitemap_index.xml"):
            return feeds.yoast_index(origin, count)
        if path == "/wp-sitemap.xml":
            return feeds.core_index(origin, count)
        for kind, names in feeds.TERM_SITEMAPS.items():
            if f"/{names[0]}" == path or f"/{names[1]}" == path:
                return feeds.term_sitemap(origin, self._term_paths(kind))
        items = self._sitemap_items(path)
        return feeds.post_sitemap(origin, items) if items is not None else None

    def _term_paths(self, kind: str) -> list[str]:
        if kind == "page":
            return list(pages.STATIC_PAGES)
        if kind == "author":
            return [
                f"/author/{slugify(a)}/"
                for a in NEWSROOM.writers
                if self.stories.having("author", slugify(a))
            ]
        terms = NEWSROOM.categories if kind == "category" else NEWSROOM.tags
        return [
            f"/{kind}/{t.slug}/" for t in terms if self.stories.having(kind, t.slug)
        ]

    def render_not_found(self, origin: str) -> str:
        """WordPress's 404 page."""
        main = pages.static_main(
            "Halaman tidak ditemukan", "Maaf, halaman yang Anda cari tidak ada."
        )
        return pages.head(
            origin, "Halaman tidak ditemukan", pages.CANONICAL_ORIGIN + "/"
        ) + pages.body(origin, "error404", main, [])

    # -- ground truth ---------------------------------------------------------
    def ground_truth(self) -> list[dict[str, Any]]:
        """Expected extraction of every post, oldest first (see :func:`truth`)."""
        return [
            truth(self.stories.get(i), self.stories) for i in range(len(self.stories))
        ]

    def non_article_paths(self) -> list[str]:
        """Home and archive pages (every page), static pages and a search page."""
        paths = [*pages.STATIC_PAGES, _SEARCH_EXAMPLE]
        for base in [
            "/",
            *(
                p
                for kind in ("category", "tag", "author")
                for p in self._term_paths(kind)
            ),
        ]:
            total = page_count(len(self._members(base)), PER_PAGE)
            paths += [pages.page_path(base, n) for n in range(1, total + 1)]
        return paths

    def fault_candidates(self) -> list[str]:
        """Every post and every listing page."""
        posts = [self.story_path(i) for i in range(len(self.stories))]
        listings = [
            p
            for p in self.non_article_paths()
            if p not in pages.STATIC_PAGES and "?" not in p
        ]
        return posts + listings


def truth(story: Story, stories: Stories) -> dict[str, Any]:
    """What a perfect reader extracts from a post page."""
    path = pages.article_path(story)
    timed = story.structured or not story.numeric_date
    read_also = [] if story.read_also is None else [story.read_also]
    return {
        "url": pages.CANONICAL_ORIGIN + path,
        "path": path,
        "site": WordPressPortal.host,
        "language": "id",
        "title": story.title,
        "published_at": iso(story.published, show_time=timed),
        "authors": list(story.authors),
        "reporter": ", ".join(story.authors),
        "editor": story.editor,
        "views": story.views,
        "category": story.category.name,
        "tags": [t.name for t in story.tags],
        "body": "\n\n".join(story.paragraphs),
        "related": [
            pages.CANONICAL_ORIGIN + pages.article_path(stories.get(i))
            for i in story.related
        ],
        "read_also": [
            pages.CANONICAL_ORIGIN + pages.article_path(stories.get(i))
            for i in read_also
        ],
        "json_ld": story.structured,
    }

"""Portal Jabar (``jabarprov.go.id``) for the mirror, as its published frontend is described.

Paths: ``/`` (home), ``/berita`` and ``/berita?page=N`` (newest first),
``/berita/tags/<tag>`` (with ``?page=N``), articles ``/berita/<slug>``, the public
JSON API ``/v1/public/news?per_page=N&page=P`` and ``/v1/public/news/slug/<slug>``,
and ``/robots.txt`` (no sitemap). Articles have no canonical link and no JSON-LD;
``og:url`` (set with ``name=``) gives the canonical URL; "Berita Terkait" is empty
in the server HTML. What is assumed rather than described: see
:mod:`~mirror.portals.jabar_pages`; the API is served on the same origin.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from mirror.fmt import WIB
from mirror.portals import HTML, JSON, TEXT
from mirror.portals import jabar_pages as pages
from mirror.portals.scaffold import StoryPortal, page_count
from mirror.portals.stories import Newsroom, Story
from mirror.routes import Route
from mirror.words import Section

PER_PAGE = 10
API_MAX_PER_PAGE = 50
NEWSROOM = Newsroom(
    key="jabar",
    area="Provinsi Jawa Barat",
    places=(
        "Kabupaten Bandung",
        "Kota Bogor",
        "Kabupaten Garut",
        "Kota Cirebon",
        "Kabupaten Sukabumi",
        "Kota Depok",
        "Kabupaten Indramayu",
        "Kota Tasikmalaya",
        "Kabupaten Pangandaran",
        "Kota Banjar",
    ),
    categories=(
        Section("pemerintahan", "Pemerintahan"),
        Section("kesehatan", "Kesehatan"),
        Section("pendidikan", "Pendidikan"),
        Section("ekonomi", "Ekonomi"),
        Section("infrastruktur", "Infrastruktur"),
        Section("lingkungan", "Lingkungan"),
        Section("sosial", "Sosial"),
        Section("pariwisata", "Pariwisata"),
    ),
    tags=(
        Section("jabar-juara", "Jabar Juara"),
        Section("gubernur", "Gubernur"),
        Section("pelayanan-publik", "Pelayanan Publik"),
        Section("umkm", "UMKM"),
        Section("desa", "Desa"),
        Section("banjir", "Banjir"),
        Section("stunting", "Stunting"),
        Section("investasi", "Investasi"),
        Section("sekolah", "Sekolah"),
        Section("wisata", "Wisata"),
    ),
    writers=(
        "Rizky Ananda",
        "Fikri Ramadhan",
        "Anisa Rahmawati",
        "Deden Supriatna",
        "Yanti Kusmiati",
        "Ilham Fauzan",
        "Rani Oktaviani",
        "Hendi Gunawan",
    ),
    editors=("Asep Sunarya", "Mira Juwita", "Budi Santika"),
    first=datetime(2022, 11, 7, 8, 0, tzinfo=WIB),
)
_ARTICLE = re.compile(r"^/berita/([a-z0-9-]+)$")
_TAG = re.compile(r"^/berita/tags/([a-z0-9-]+)$")
_API_ONE = re.compile(r"^/v1/public/news/slug/([a-z0-9-]+)$")


class JabarPortal(StoryPortal):
    """Portal Jabar: every page and API answer made on demand from its stories."""

    name = "jabar"
    host = "jabarprov.go.id"
    newsroom = NEWSROOM

    def story_path(self, index: int) -> str:
        """``/berita/<slug>``."""
        return f"/berita/{self.stories.get(index).slug}"

    def resolve(self, raw_path: str) -> Route:
        """Kinds: article, listing (``/berita``, tags), home, api, document."""
        parts = urlsplit(raw_path)
        path, query = parts.path or "/", parse_qs(parts.query)
        if path.startswith("/__mirror__/"):
            return Route("admin", key=path)
        if path == "/robots.txt":
            return Route("document", key=path)
        if path == "/":
            return Route("home", key="/")
        if path == "/v1/public/news" or _API_ONE.match(path):
            return Route("api", key=raw_path)
        tag = _TAG.match(path)
        if path == "/berita" or tag:
            page = _page_number(query)
            members = self._members(path)
            total = page_count(len(members), PER_PAGE)
            if page is None or not 1 <= page <= total or (tag and not members):
                return Route("missing")
            return Route(
                "listing", key=pages.page_href(path, page), base=path, page=page
            )
        article = _ARTICLE.match(path)
        if article and self.stories.index_of(article[1]) is not None:
            return Route("article", key=path)
        return Route("missing")

    def _members(self, base: str) -> list[int] | range:
        if base == "/berita":
            return self.stories.newest_first()
        return self.stories.having("tag", base.rsplit("/", 1)[1])

    def media_type(self, route: Route) -> str:
        """JSON for the API, text for robots.txt, else HTML."""
        return {"api": JSON, "document": TEXT}.get(route.kind, HTML)

    def render(self, route: Route, origin: str) -> str | None:
        """The page, API answer or robots.txt of a route; None for a missing one."""
        if route.kind == "document":
            return "User-agent: *\nAllow: /\nDisallow: /__mirror__/\n"
        if route.kind == "api":
            return self._api(route.key)
        if route.kind == "article":
            story = self._story(route.key.removeprefix("/berita/"))
            if story is None:
                return None
            record = pages.news_record(story)
            return pages.page(
                origin=origin,
                title=story.title,
                description=story.excerpt,
                og_url=f"{pages.CANONICAL_ORIGIN}/berita/{story.slug}",
                image=record["image"],
                main=pages.article_main(story, origin),
                state=pages.nuxt_state(route.key, {"news": record}),
            )
        if route.kind in ("listing", "home"):
            base = route.base or "/berita"
            members = self._members(base)
            total = page_count(len(members), PER_PAGE)
            shown = self.page_of(members, route.page, PER_PAGE)
            heading = (
                "Berita" if base == "/berita" else f"Tag: {base.rsplit('/', 1)[1]}"
            )
            if route.kind == "home":
                heading, total = "Berita Terkini Jawa Barat", 1
            next_href = (
                origin + pages.page_href(base, route.page + 1)
                if route.page < total
                else None
            )
            main = pages.listing_main(
                heading, shown, origin, base=base, page_number=route.page, pages=total
            )
            records = [{"slug": s.slug, "title": s.title} for s in shown]
            return pages.page(
                origin=origin,
                title=f"{heading} | Jabarprov",
                description=heading,
                og_url=None,
                image=None,
                main=main,
                next_href=next_href,
                state=pages.nuxt_state(route.key, {"news": records}),
            )
        return None

    def _story(self, slug: str) -> Story | None:
        index = self.stories.index_of(slug)
        return None if index is None else self.stories.get(index)

    def _api(self, raw_path: str) -> str | None:
        parts = urlsplit(raw_path)
        one = _API_ONE.match(parts.path)
        if one:
            story = self._story(one[1])
            if story is None:
                return None
            return json.dumps({"data": pages.news_record(story)}, ensure_ascii=False)
        query = parse_qs(parts.query)
        page = _page_number(query)
        per_page = _page_number(query, "per_page", default=PER_PAGE)
        if page is None or per_page is None or not 1 <= per_page <= API_MAX_PER_PAGE:
            return None
        members = self.stories.newest_first()
        last = page_count(len(members), per_page)
        records = [pages.news_record(s) for s in self.page_of(members, page, per_page)]
        for record in records:
            del record["content"]  # the list carries no bodies
        meta = {
            "current_page": page,
            "last_page": last,
            "per_page": per_page,
            "total": len(members),
        }
        return json.dumps({"data": records, "meta": meta}, ensure_ascii=False)

    def render_not_found(self, origin: str) -> str:
        """Nuxt's error page."""
        main = '<h1 class="page__title">Halaman tidak ditemukan</h1>\n'
        return pages.page(
            origin=origin,
            title="404 | Jabarprov",
            description="404",
            og_url=None,
            image=None,
            main=main,
            state="",
        )

    # -- ground truth ---------------------------------------------------------
    def ground_truth(self) -> list[dict[str, Any]]:
        """Expected extraction of every article, oldest first (see :func:`truth`)."""
        return [truth(self.stories.get(i)) for i in range(len(self.stories))]

    def non_article_paths(self) -> list[str]:
        """Home, every ``/berita`` page and every tag page."""
        paths = ["/"]
        bases = [
            "/berita",
            *(
                f"/berita/tags/{t.slug}"
                for t in NEWSROOM.tags
                if self.stories.having("tag", t.slug)
            ),
        ]
        for base in bases:
            total = page_count(len(self._members(base)), PER_PAGE)
            paths += [pages.page_href(base, n) for n in range(1, total + 1)]
        return paths

    def fault_candidates(self) -> list[str]:
        """Every article and every listing page."""
        articles = [self.story_path(i) for i in range(len(self.stories))]
        return articles + self.non_article_paths()[1:]


def _page_number(
    query: dict[str, list[str]], name: str = "page", default: int = 1
) -> int | None:
    values = query.get(name, [str(default)])
    if len(values) != 1 or not values[0].isascii() or not values[0].isdigit():
        return None
    return int(values[0])


def truth(story: Story) -> dict[str, Any]:
    """What a perfect reader extracts from an article page (or its state)."""
    path = f"/berita/{story.slug}"
    return {
        "url": pages.CANONICAL_ORIGIN + path,
        "path": path,
        "site": JabarPortal.host,
        "site_article_id": str(pages.NEWS_ID_START + story.index),
        "language": "id",
        "title": story.title,
        "published_at": story.published.isoformat(),
        "authors": list(story.authors),
        "reporter": ", ".join(story.authors),
        "writer": story.authors[0],
        "peliput": list(story.authors[1:]),
        "editor": story.editor,
        "views": story.views,
        "shares": story.shares,
        "category": story.category.name,
        "tags": [t.name for t in story.tags],
        "body": "\n\n".join(story.paragraphs),
        "related": [],
        "read_also": [],
    }

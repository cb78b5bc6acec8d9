"""Tests for the mirror's extra portals (mirror/portals/): WordPress and Jabar.

Pages are fetched over loopback and read with BeautifulSoup, independently of
the renderers; the expected values come from the ground truth.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from mirror import MirrorServer
from mirror.portals import PORTALS

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ARTICLES = 57  # > 1 listing page and > 1 Yoast sitemap file (50 per file)


def get(base: str, path: str) -> tuple[int, str, str]:
    """Status, Content-Type and text of one GET (errors included)."""
    try:
        with urllib.request.urlopen(base + path, timeout=10) as resp:
            return resp.status, resp.headers["Content-Type"], resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], exc.read().decode()


def soup(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "lxml")


def local(server: MirrorServer, url: str) -> str:
    """A page URL's path and query (links point at the mirror's own origin)."""
    assert url.startswith(server.url), url
    return url.removeprefix(server.url)


def labelled(page: BeautifulSoup, label: str) -> str:
    """The text of the smallest element whose text starts with ``label``."""
    found = [
        el
        for el in page.find_all(string=re.compile(rf"^\s*{re.escape(label)}"))
        if el.parent is not None
    ]
    assert found, f"no {label!r} label"
    return " ".join(found[0].parent.get_text().split())


@pytest.fixture(scope="module")
def wordpress():
    with MirrorServer(ARTICLES, portal="wordpress", seed=3) as mirror:
        yield mirror


@pytest.fixture(scope="module")
def jabar():
    with MirrorServer(ARTICLES, portal="jabar", seed=3) as mirror:
        yield mirror


# -- WordPress portal ----------------------------------------------------------------
def sitemap_locs(server: MirrorServer, path: str) -> tuple[str, list[str]]:
    status, media, text = get(server.url, path)
    assert status == 200, path
    assert "xml" in media
    root = ET.fromstring(text)  # noqa: S314 (the loopback mirror)
    return root.tag.removeprefix(SITEMAP_NS), [
        local(server, el.text or "") for el in root.iter(f"{SITEMAP_NS}loc")
    ]


def post_urls_of_index(server: MirrorServer, index: str) -> list[str]:
    kind, files = sitemap_locs(server, index)
    assert kind == "sitemapindex"
    posts: list[str] = []
    for path in files:
        if "post-sitemap" in path or "posts-post" in path:
            child_kind, urls = sitemap_locs(server, path)
            assert child_kind == "urlset"
            posts += urls
    return posts


def test_robots_names_both_sitemap_indexes(wordpress):
    status, _, text = get(wordpress.url, "/robots.txt")
    lines = [
        line.split(": ", 1)[1]
        for line in text.splitlines()
        if line.startswith("Sitemap:")
    ]
    assert status == 200
    assert [local(wordpress, u) for u in lines] == [
        "/sitemap_index.xml",
        "/wp-sitemap.xml",
    ]


@pytest.mark.parametrize(
    "index", ["/sitemap_index.xml", "/sitemap.xml", "/wp-sitemap.xml"]
)
def test_post_sitemaps_list_every_article_once_and_no_other_page(wordpress, index):
    truth = {t["path"] for t in wordpress.ground_truth()}
    posts = post_urls_of_index(wordpress, index)
    assert sorted(posts) == sorted(truth)
    assert not set(posts) & set(wordpress.non_article_paths())
    assert "/profil/" not in posts


def test_page_sitemap_lists_the_static_pages(wordpress):
    _, urls = sitemap_locs(wordpress, "/page-sitemap.xml")
    assert urls == ["/profil/", "/visi-misi/", "/kontak/"]


def test_feed_is_announced_and_lists_the_newest_articles(wordpress):
    _, _, home = get(wordpress.url, "/")
    link = soup(home).find("link", rel="alternate", type="application/rss+xml")
    assert link is not None
    status, media, text = get(wordpress.url, local(wordpress, link["href"]))
    assert (status, media.split(";")[0]) == (200, "application/rss+xml")
    channel = ET.fromstring(text)  # noqa: S314 (the loopback mirror)
    items = channel.findall("./channel/item")
    newest = wordpress.ground_truth()[::-1][:10]
    assert [local(wordpress, i.findtext("link") or "") for i in items] == [
        t["path"] for t in newest
    ]
    assert [i.findtext("title") for i in items] == [t["title"] for t in newest]


def follow_pagination(
    server: MirrorServer, start: str, next_of
) -> tuple[list[str], set[str]]:
    """Walk ``rel=next`` from ``start``; return the pages and the articles ``main`` links."""
    truth = {t["path"] for t in server.ground_truth()}
    pages, found, path = [], set(), start
    while path:
        status, _, text = get(server.url, path)
        assert status == 200, path
        pages.append(path)
        page = soup(text)
        found |= {
            local(server, a["href"])
            for a in page.find("main").find_all("a", href=True)
            if a["href"].startswith(server.url)
        } & truth
        link = next_of(page)
        path = local(server, link["href"]) if link else ""
    return pages, found


def test_home_pagination_reaches_every_article(wordpress):
    pages, found = follow_pagination(
        wordpress, "/", lambda page: page.find("link", rel="next")
    )
    assert pages == ["/", "/page/2/", "/page/3/", "/page/4/", "/page/5/", "/page/6/"]
    assert found == {t["path"] for t in wordpress.ground_truth()}
    assert get(wordpress.url, "/page/7/")[0] == 404


def test_category_tag_and_author_pages_list_their_articles(wordpress):
    truth = wordpress.ground_truth()
    story = truth[-1]
    page = soup(get(wordpress.url, story["path"])[2])
    category_href = page.find("a", rel=["category", "tag"])["href"]
    category = category_href.rstrip("/").rsplit("/", 1)[1]
    for base, expected in (
        (
            f"/category/{category}/",
            [t for t in truth if t["category"] == story["category"]],
        ),
        (
            f"/author/{story['authors'][0].lower().replace(' ', '-')}/",
            [t for t in truth if story["authors"][0] in t["authors"]],
        ),
    ):
        _, found = follow_pagination(
            wordpress, base, lambda p: p.find("a", class_="next")
        )
        assert found == {t["path"] for t in expected}, base


def test_every_article_page_carries_its_ground_truth(wordpress):
    truth = wordpress.ground_truth()
    assert {t["json_ld"] for t in truth} == {True, False}
    assert any(len(t["authors"]) >= 2 for t in truth)
    assert any(t["editor"] is None for t in truth)
    for t in truth:
        status, _, text = get(wordpress.url, t["path"])
        assert status == 200
        page = soup(text)
        assert page.title.string == f"{t['title']} - Kota Contoh"
        assert page.find("h1").get_text() == t["title"]
        assert page.find("link", rel="canonical")["href"] == t["url"]
        byline = labelled(page, "Penulis:")
        assert byline == "Penulis: " + ", ".join(t["authors"]) + (
            f" | Editor: {t['editor']}" if t["editor"] else ""
        )
        views = f"{t['views']:,}".replace(",", ".")
        assert labelled(page, "Dibaca") == f"Dibaca {views} kali"
        date = page.find(class_="posted-on").get_text(" ", strip=True)
        day = t["published_at"][:10]
        if re.fullmatch(r"\d\d/\d\d/\d{4}", date):
            assert date == f"{day[8:10]}/{day[5:7]}/{day[:4]}"
        else:
            assert date.endswith(f"{t['published_at'][11:16]} WIB")
        paragraphs = [
            p.get_text()
            for p in page.select(".entry-content p")
            if not p.get_text().startswith("Baca Juga")
        ]
        assert "\n\n".join(paragraphs) == t["body"]
        assert [
            a.get_text() for a in page.find_all("a", rel="tag") if a["rel"] == ["tag"]
        ] == t["tags"]
        related = page.find("h3", string="Berita Terkait")
        hrefs = (
            [a["href"] for a in related.find_next("ul").find_all("a")]
            if related
            else []
        )
        assert [local(wordpress, h) for h in hrefs] == [
            urlsplit(u).path for u in t["related"]
        ]
        blocks = page.find_all("script", type="application/ld+json")
        assert bool(blocks) == t["json_ld"]
        if blocks:
            data = json.loads(blocks[0].string)
            assert data["@type"] == "NewsArticle"
            assert data["headline"] == t["title"]
            assert data["datePublished"] == t["published_at"]
            assert data["datePublished"].endswith("+07:00")
            assert [a["name"] for a in data["author"]] == t["authors"]
        else:
            assert "published_time" not in text


def test_static_search_and_listing_pages_are_not_articles(wordpress):
    truth_paths = {t["path"] for t in wordpress.ground_truth()}
    others = wordpress.non_article_paths()
    assert {"/", "/profil/", "/kontak/", "/visi-misi/", "/?s=pelayanan"} <= set(others)
    assert any(p.startswith("/tag/") for p in others)
    assert any(p.startswith("/author/") for p in others)
    for path in others:
        status, _, text = get(wordpress.url, path)
        assert status == 200, path
        assert path not in truth_paths
        assert not soup(text).find("span", class_="post-views"), path


@pytest.mark.parametrize(
    "path",
    [
        "/nope/",
        "/profil",
        "/2024/01/01/no-such-post/",
        "/category/nope/",
        "/page/0/",
        "/post-sitemap1.xml",
    ],
)
def test_unknown_wordpress_paths_are_404(wordpress, path):
    assert get(wordpress.url, path)[0] == 404


def test_a_post_under_another_date_is_404(wordpress):
    path = wordpress.ground_truth()[0]["path"]
    moved = re.sub(r"^/(\d{4})/", lambda m: f"/{int(m[1]) - 1}/", path)
    assert get(wordpress.url, moved)[0] == 404


# -- Portal Jabar ---------------------------------------------------------------------
def test_jabar_listing_pagination_reaches_every_article(jabar):
    pages, found = follow_pagination(
        jabar, "/berita", lambda page: page.find("a", rel="next")
    )
    assert pages == ["/berita", *(f"/berita?page={n}" for n in range(2, 7))]
    assert found == {t["path"] for t in jabar.ground_truth()}


def test_jabar_api_lists_and_details_every_article(jabar):
    truth = {t["path"]: t for t in jabar.ground_truth()}
    seen, page = [], 1
    while True:
        status, media, text = get(jabar.url, f"/v1/public/news?per_page=20&page={page}")
        assert (status, media.split(";")[0]) == (200, "application/json")
        answer = json.loads(text)
        seen += [f"/berita/{n['slug']}" for n in answer["data"]]
        if page >= answer["meta"]["last_page"]:
            break
        page += 1
    assert seen == [t["path"] for t in jabar.ground_truth()][::-1]
    t = next(iter(truth.values()))
    _, _, text = get(jabar.url, f"/v1/public/news/slug/{t['path'].rsplit('/', 1)[1]}")
    news = json.loads(text)["data"]
    assert news["title"] == t["title"]
    assert news["published_at"] == t["published_at"]
    assert (news["author"]["name"], news["editor"], news["views"]) == (
        t["writer"],
        t["editor"],
        t["views"],
    )
    assert [tag["tag"] for tag in news["tags"]] == t["tags"]


def test_every_jabar_page_carries_its_ground_truth(jabar):
    truth = jabar.ground_truth()
    assert any(t["peliput"] for t in truth)
    assert any(not t["peliput"] for t in truth)
    for t in truth:
        status, _, text = get(jabar.url, t["path"])
        assert status == 200
        page = soup(text)
        assert page.find("h1").get_text() == t["title"]
        assert page.title.string == t["title"]
        assert page.find("meta", attrs={"name": "og:url"})["content"] == t["url"]
        assert not page.find("link", rel="canonical")
        assert not page.find("script", type="application/ld+json")
        assert labelled(page, "Penulis:") == f"Penulis: {t['writer']}"
        if t["peliput"]:
            assert labelled(page, "Peliput:") == "Peliput: " + ", ".join(t["peliput"])
        views = page.find(string=re.compile("Berita ini dilihat")).find_parent(
            class_="stat"
        )
        assert views.get_text(
            " ", strip=True
        ) == f"{t['views']:,} kali Berita ini dilihat".replace(",", ".")
        editor = page.find("strong", string=re.compile("Editor"))
        assert (
            editor.parent.get_text(" ", strip=True).split(": ", 1)[1]
            if editor
            else None
        ) == t["editor"]
        body = [p.get_text() for p in page.select("div.article__body p")]
        assert "\n\n".join(body) == t["body"]
        crumbs = page.find("nav", class_="breadcrumb").get_text(" ", strip=True)
        assert crumbs.endswith(f"› {t['category']}")
        assert [a.get_text() for a in page.select("a.tag")] == t["tags"]
        state = page.find("script", string=re.compile("__NUXT__")).string
        assert f'published_at:"{t["published_at"]}"' in state
        assert json.dumps(t["title"], ensure_ascii=False) in state


def test_jabar_non_article_pages_and_404(jabar):
    truth_paths = {t["path"] for t in jabar.ground_truth()}
    for path in jabar.non_article_paths():
        status, _, _ = get(jabar.url, path)
        assert status == 200, path
        assert path not in truth_paths
    for path in (
        "/berita/no-such-news",
        "/berita?page=99",
        "/berita/tags/nope",
        "/v1/public/news/slug/nope",
        "/berita/",
    ):
        assert get(jabar.url, path)[0] == 404, path


# -- all portals ----------------------------------------------------------------------
@pytest.mark.parametrize("portal", ["wordpress", "jabar"])
def test_same_seed_same_site_other_seed_other_site(portal):
    def snapshot(seed: int) -> tuple[list[dict[str, Any]], str]:
        with MirrorServer(12, portal=portal, seed=seed) as mirror:
            truth = mirror.ground_truth()
            return truth, get(mirror.url, truth[5]["path"])[2].replace(mirror.url, "")

    assert snapshot(1) == snapshot(1)
    assert snapshot(1)[0] != snapshot(2)[0]


@pytest.mark.parametrize("portal", ["wordpress", "jabar"])
def test_growth_adds_newer_articles_and_keeps_the_old(portal):
    with MirrorServer(10, portal=portal) as mirror:
        before = mirror.ground_truth()
        added = mirror.grow(3)
        after = mirror.ground_truth()
        assert after[:10] == before
        assert [a.path for a in added] == [t["path"] for t in after[10:]]
        assert all(get(mirror.url, a.path)[0] == 200 for a in added)
    with MirrorServer(13, portal=portal) as fresh:
        assert fresh.ground_truth() == after


@pytest.mark.parametrize("portal", ["wordpress", "jabar"])
def test_faults_fail_a_listing_or_article_once(portal):
    with MirrorServer(20, portal=portal, faults=True) as mirror:
        plan = mirror.fault_plan()
        assert plan
        path = next(p for p, kind in plan.items() if kind.startswith("http_"))
        assert get(mirror.url, path)[0] >= 400
        assert get(mirror.url, path)[0] == 200


def test_a_large_portal_builds_lazily():
    with MirrorServer(1_000_000, portal="wordpress") as mirror:
        status, _, text = get(mirror.url, "/")
        assert status == 200
        newest = soup(text).select("h2.entry-title a")[0]["href"]
        assert get(mirror.url, local(mirror, newest))[0] == 200
        assert mirror.portal.stories.get.cache_info().currsize < 100


def test_the_server_knows_every_portal_and_rejects_others():
    assert PORTALS == ("beritajakarta", "wordpress", "jabar")
    with pytest.raises(ValueError, match="unknown portal"):
        MirrorServer(3, portal="joomla")
    with MirrorServer(3, portal="jabar") as mirror, pytest.raises(AttributeError):
        _ = mirror.site


def test_links_resolve_against_the_mirror(wordpress):
    _, _, text = get(wordpress.url, "/")
    hrefs = {a["href"] for a in soup(text).find_all("a", href=True) if a["href"] != "#"}
    assert all(urljoin(wordpress.url, h).startswith(wordpress.url) for h in hrefs)


@pytest.mark.parametrize("portal", PORTALS)
def test_admin_endpoints_give_truth_and_non_article_paths(portal):
    with MirrorServer(12, portal=portal) as mirror:
        _, _, truth = get(mirror.url, "/__mirror__/ground-truth.json")
        _, _, others = get(mirror.url, "/__mirror__/non-article-paths.json")
        assert json.loads(truth) == mirror.ground_truth()
        assert json.loads(others) == mirror.non_article_paths()
        assert "/" in json.loads(others)

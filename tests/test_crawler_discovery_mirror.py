"""crawler/discovery over the real loopback mirror's three portals (no Scrapy).

Each portal is served by ``MirrorServer`` on a free port and fetched with
urllib; what discovery finds is checked against the mirror's ground truth
(article paths) and its list of non-article paths.
"""

from __future__ import annotations

import urllib.request
from collections import deque
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import pytest

from crawler.discovery.classify import UrlKind, classify_url
from crawler.discovery.feeds import announced_feeds, parse_feed, well_known_feeds
from crawler.discovery.links import canonical_link, site_links
from crawler.discovery.pagination import next_pages
from crawler.discovery.robots import sitemap_urls
from crawler.discovery.sitemaps import lists_posts, parse_sitemap
from mirror import MirrorServer
from sites.urls import same_site

ARTICLES = 57  # more than one listing page and more than one Yoast post sitemap


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def article_paths(server: MirrorServer) -> set[str]:
    return {path_of(row["url"]) for row in server.ground_truth()}


@pytest.fixture(scope="module")
def wordpress() -> Iterator[MirrorServer]:
    with MirrorServer(ARTICLES, portal="wordpress", seed=3) as server:
        yield server


@pytest.fixture(scope="module")
def jabar() -> Iterator[MirrorServer]:
    with MirrorServer(ARTICLES, portal="jabar", seed=3) as server:
        yield server


@pytest.fixture(scope="module")
def beritajakarta() -> Iterator[MirrorServer]:
    with MirrorServer(ARTICLES, seed=3) as server:
        yield server


def crawl(
    start: list[str], follow: Callable[[bytes, str], list[str]], limit: int = 500
) -> list[str]:
    """Breadth-first over ``follow``'s URLs from ``start``; every URL visited."""
    queue, seen = deque(start), list(start)
    while queue:
        url = queue.popleft()
        for found in follow(fetch(url), url):
            if found not in seen:
                assert len(seen) < limit, "discovery does not converge"
                seen.append(found)
                queue.append(found)
    return seen


# -- WordPress portal: robots.txt -> sitemap index -> post sitemaps -----------------
def test_robots_names_both_wordpress_sitemap_indexes(wordpress):
    urls = sitemap_urls(fetch(wordpress.url + "/robots.txt"), wordpress.url + "/")
    assert urls == [
        wordpress.url + "/sitemap_index.xml",
        wordpress.url + "/wp-sitemap.xml",
    ]


@pytest.mark.parametrize("index", [0, 1])
def test_sitemaps_reach_every_wordpress_article_and_no_static_page(wordpress, index):
    robots = sitemap_urls(fetch(wordpress.url + "/robots.txt"), wordpress.url)
    root = parse_sitemap(fetch(robots[index]), robots[index])
    assert root.kind == "sitemapindex"
    pages = []
    for child in root.sitemaps:
        if lists_posts(child.url):
            sitemap = parse_sitemap(fetch(child.url), child.url)
            assert sitemap.kind == "urlset"
            pages += sitemap.pages
    found = [path_of(p.url) for p in pages if classify_url(p.url) is UrlKind.ARTICLE]
    assert sorted(found) == sorted(article_paths(wordpress))
    assert set(found).isdisjoint(wordpress.non_article_paths())


def test_post_sitemap_entries_carry_the_publication_lastmod(wordpress):
    sitemap = parse_sitemap(fetch(wordpress.url + "/post-sitemap.xml"), wordpress.url)
    first = wordpress.ground_truth()[0]
    assert path_of(sitemap.pages[0].url) == first["path"]
    assert sitemap.pages[0].lastmod is not None
    assert sitemap.pages[0].lastmod.isoformat() == first["published_at"]


def test_static_page_sitemap_lists_only_non_articles(wordpress):
    url = wordpress.url + "/page-sitemap.xml"
    assert not lists_posts(url)
    pages = parse_sitemap(fetch(url), url).pages
    assert [path_of(p.url) for p in pages] == ["/profil/", "/visi-misi/", "/kontak/"]
    assert {classify_url(p.url) for p in pages} == {UrlKind.NEITHER}


# -- WordPress portal: feeds -----------------------------------------------------------
def test_home_page_announces_the_feed(wordpress):
    home = wordpress.url + "/"
    assert announced_feeds(fetch(home), home) == [wordpress.url + "/feed/"]
    assert well_known_feeds(home) == [wordpress.url + "/feed/"]


def test_feed_gives_the_ten_newest_articles_newest_first(wordpress):
    url = wordpress.url + "/feed/"
    items = parse_feed(fetch(url), url)
    truth = wordpress.ground_truth()[::-1]  # the ground truth is oldest first
    assert [path_of(i.url) for i in items] == [row["path"] for row in truth[:10]]
    assert items[0].title == truth[0]["title"]
    assert items[0].published is not None
    assert items[0].published.date().isoformat() == truth[0]["published_at"][:10]


# -- pagination and links ----------------------------------------------------------------
def follow_listings(body: bytes, url: str) -> list[str]:
    return next_pages(body, url) if classify_url(url) is UrlKind.LISTING else []


def articles_by_pagination(server: MirrorServer, starts: list[str]) -> set[str]:
    pages = crawl([server.url + s for s in starts], follow_listings)
    found: set[str] = set()
    for page in pages:
        links = site_links(fetch(page), page)
        found |= {path_of(u) for u in links.articles}
    return found


def test_wordpress_home_pagination_reaches_every_article(wordpress):
    assert articles_by_pagination(wordpress, ["/"]) == article_paths(wordpress)


def test_wordpress_category_pagination_reaches_every_article(wordpress):
    home = wordpress.url + "/"
    categories = [
        path_of(u) for u in site_links(fetch(home), home).listings if "/category/" in u
    ]
    assert categories == ["/category/pemerintahan/", "/category/kesehatan/"]
    every = [f"/category/{c}/" for c in CATEGORIES]
    assert articles_by_pagination(wordpress, every) == article_paths(wordpress)


CATEGORIES = (
    "pemerintahan", "kesehatan", "pendidikan", "ekonomi", "infrastruktur",
    "lingkungan", "sosial", "pariwisata",
)  # fmt: skip


def test_wordpress_home_pagination_pages(wordpress):
    home = wordpress.url + "/"
    assert next_pages(fetch(home), home) == [
        wordpress.url + "/page/2/",
        wordpress.url + "/page/3/",
    ]
    second = wordpress.url + "/page/2/"
    assert next_pages(fetch(second), second) == [  # rel=next first, then the block
        wordpress.url + "/page/3/",
        wordpress.url + "/",
        wordpress.url + "/page/4/",
    ]


def test_jabar_listing_pagination_reaches_every_article(jabar):
    assert articles_by_pagination(jabar, ["/berita"]) == article_paths(jabar)


def test_jabar_listing_pages(jabar):
    listing = jabar.url + "/berita"
    assert next_pages(fetch(listing), listing) == [
        jabar.url + "/berita?page=2",
        jabar.url + "/berita?page=3",
    ]
    third = jabar.url + "/berita?page=3"
    assert next_pages(fetch(third), third) == [
        jabar.url + "/berita?page=4",
        jabar.url + "/berita?page=2",
        jabar.url + "/berita",
        jabar.url + "/berita?page=5",
    ]


def test_beritajakarta_listing_pagination_reaches_every_article(beritajakarta):
    found = articles_by_pagination(beritajakarta, ["/berita/terkini", "/latest-news"])
    assert found == article_paths(beritajakarta)


def test_wordpress_article_canonical_is_off_site_so_none(wordpress):
    first = wordpress.url + wordpress.ground_truth()[0]["path"]
    assert canonical_link(fetch(first), first) is None


def test_every_link_on_the_wordpress_home_is_same_site(wordpress):
    home = wordpress.url + "/"
    links = site_links(fetch(home), home)
    assert all(same_site(u, home) for u in links.articles + links.listings)
    assert wordpress.url + "/profil/" not in links.listings


# -- classify: ground truth in, non-articles out ------------------------------------------
@pytest.mark.parametrize("name", ["wordpress", "jabar", "beritajakarta"])
def test_classify_every_ground_truth_article_as_article(name, request):
    server = request.getfixturevalue(name)
    wrong = [
        p for p in article_paths(server) if classify_url(server.url + p) != "article"
    ]
    assert wrong == []


@pytest.mark.parametrize("name", ["wordpress", "jabar", "beritajakarta"])
def test_classify_no_non_article_path_as_article(name, request):
    server = request.getfixturevalue(name)
    paths = server.non_article_paths()
    assert len(paths) > 10
    wrong = [p for p in paths if classify_url(server.url + p) == "article"]
    assert wrong == []


def test_classify_wordpress_static_and_search_pages_as_neither(wordpress):
    pruned = ["/profil/", "/visi-misi/", "/kontak/", "/?s=pelayanan"]
    assert [p for p in wordpress.non_article_paths() if p in pruned] == pruned
    assert [classify_url(wordpress.url + p) for p in pruned] == ["neither"] * 4

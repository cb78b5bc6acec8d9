"""Tests for the offline mirror of m.beritajakarta.id (mirror/)."""

from __future__ import annotations

import ast
import contextlib
import http.client
import itertools
import json
import re
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from mirror import FAULT_KINDS, MirrorServer, build_site
from mirror.content import GROUND_TRUTH_KEYS, MirrorArticle
from mirror.fmt import en_date, id_date, iso, slugify
from mirror.render import render_article
from mirror.words import BULAN, CATEGORIES, EN_MONTHS, WILAYAH

ROOT = Path(__file__).resolve().parents[1]
REAL_PAGES = ROOT / ".." / "shared" / "pages" / "beritajakarta"
CANON = "https://m.beritajakarta.id"
LINK_KEYS = {"url", "title", "published_at", "views", "reporter"}


# -- HTTP helpers -----------------------------------------------------------------
def fetch(
    base: str, path: str, *, method: str = "GET", timeout: float = 5.0
) -> tuple[int, dict[str, str], bytes]:
    """One request with http.client (no proxies, no retries)."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request(method, path)
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read()
    finally:
        conn.close()


def soup_of(body: bytes | str) -> BeautifulSoup:
    return BeautifulSoup(body, "lxml")


@pytest.fixture(scope="module")
def server():
    with MirrorServer(150) as mirror:
        yield mirror


# -- a reference extractor written from the selector table (reference §3.3) --------
_ID_MONTHS = {name: i for i, name in enumerate(BULAN, 1)}
_EN_MONTHS = {name: i for i, name in enumerate(EN_MONTHS, 1)}


def _own_text(tag: Tag) -> str:
    """A span's text without its material-icons ligature."""
    return " ".join(
        "".join(
            str(c) for c in tag.children if not (isinstance(c, Tag) and c.name == "i")
        ).split()
    )


def _norm(text: str) -> str:
    return " ".join(text.split())


def parse_date(text: str) -> str:
    found = re.match(r"\w+, (\d{2}) (\w+) (\d{4}) (\d{2}):(\d{2}) WIB$", text)
    if found:
        day, month, year, hh, mm = found.groups()
        return f"{year}-{_ID_MONTHS[month]:02d}-{day}T{hh}:{mm}:00+07:00"
    found = re.match(
        r"\w+, (\w+) (\d+)(?:st|nd|rd|th) (\d{4})(?: (\d{2}):(\d{2}) WIB)?$", text
    )
    assert found, text
    month, day, year, hh, mm = found.groups()
    stamp = f"{year}-{_EN_MONTHS[month]:02d}-{int(day):02d}"
    return f"{stamp}T{hh}:{mm}:00+07:00" if hh else stamp


def _canon(url: str) -> str:
    parts = urlsplit(url)
    return CANON + parts.path


def _items(soup: BeautifulSoup, selector: str, info: str, popular: bool) -> list[dict]:
    out = []
    for li in soup.select(selector):
        link = li.select_one("h3.populer-title a" if popular else "h2 a")
        spans = [_own_text(s) for s in li.select(f"div.{info} > span")]
        day = spans[0]
        published = f"{day[6:10]}-{day[3:5]}-{day[0:2]}" if popular else parse_date(day)
        out.append(
            {
                "url": _canon(link["href"]),
                "title": link.get_text(),
                "published_at": published,
                "views": int(spans[1]),
                "reporter": spans[2],
            }
        )
    return out


def extract(html: bytes | str) -> dict[str, Any]:
    """What a careful extractor reads from one mirror article page."""
    soup = soup_of(html)
    canonical = soup.select_one("link[rel=canonical]")["href"]
    key = re.search(r"/(en/)?read/(\d+)/", canonical)
    spans = soup.select("div.content-info > span")
    english = bool(key.group(1))
    info = [_own_text(s) for s in spans]
    reporter = editor = translator = None
    if english:
        byline = info[2].removeprefix("Reported by ")
        reporter, _, translator = (x.strip() for x in byline.partition("|"))
        translator = translator.removeprefix("Translated by ") or None
    else:
        reporter = re.sub(r"^Reporter\s*:\s*", "", info[2])
        editor = re.sub(r"^Editor\s*:\s*", "", info[3]) if len(info) > 3 else None
    active = soup.select_one("ul.breadcrumbs li.active a")
    image = soup.select_one("div.news-read > img.responsive-img")
    credit = _own_text(soup.select_one("div.news-read div.image-info span"))
    paragraphs = [_norm(p.get_text()) for p in soup.select("div.content-body > p")]
    quote_tag = soup.select_one("div.content-body blockquote")
    also = soup.select("div.content-body a.read-also")
    return {
        "url": canonical,
        "site": "beritajakarta",
        "site_article_id": key.group(2),
        "language": "en" if english else "id",
        "title": soup.select_one("div.news-read div.content h1").get_text(),
        "published_at": parse_date(info[0]),
        "reporter": reporter,
        "editor": editor,
        "translator": translator,
        "views": int(info[1]),
        "category": active.get_text() if active else None,
        "image_url": image["src"],
        "image_caption": image["alt"].strip(),
        "photo_credit": credit.removesuffix(" - Beritajakarta.id"),
        "body": "\n\n".join(p for p in paragraphs if p),
        "pull_quote": _norm(quote_tag.get_text()) if quote_tag else None,
        "related": _items(
            soup, "div.news-list ul.list-index > li.row", "list-info", False
        ),
        "popular": _items(soup, "div.news-grey ol.slides > li", "populer-info", True),
        "read_also": [{"url": _canon(a["href"]), "title": a.get_text()} for a in also],
        "extraction_warnings": [],
    }


# -- content ------------------------------------------------------------------------
def test_build_is_deterministic_to_the_byte():
    one, two = build_site(120, seed=3), build_site(120, seed=3)
    assert one.ground_truth() == two.ground_truth()
    for a, b in zip(one.articles, two.articles, strict=True):
        assert render_article(one, a, "http://x") == render_article(two, b, "http://x")
    assert build_site(120, seed=4).ground_truth() != one.ground_truth()


def test_grow_equals_a_bigger_build():
    grown = build_site(90, seed=1)
    grown.grow(30)
    assert grown.ground_truth() == build_site(120, seed=1).ground_truth()


def test_ids_unique_per_language_and_english_every_fifth():
    site = build_site(300)
    for language, start in (("id", 140_000), ("en", 53_000)):
        ids = [a.id for a in site.articles if a.language == language]
        assert len(ids) == len(set(ids))
        assert ids == sorted(ids)
        assert ids[0] > start
        assert all(b - a >= 1 for a, b in itertools.pairwise(ids))
    gaps = {b.id - a.id for a, b in zip(site.articles, site.articles[1:], strict=False)
            if a.language == b.language == "id"}  # fmt: skip
    assert len(gaps) > 1  # real ids are not contiguous
    assert [a.index for a in site.articles if a.language == "en"] == list(
        range(4, 300, 5)
    )
    assert all(a.language == "id" for a in build_site(20, english_every=0).articles)


def test_times_increase_within_publishing_hours_and_are_wib():
    site = build_site(400)
    times = [a.published for a in site.articles]
    assert times == sorted(times)
    assert len(set(times)) == len(times)
    assert all(
        6 <= t.hour < 22 and t.utcoffset().total_seconds() == 7 * 3600 for t in times
    )


def test_build_rejects_bad_arguments():
    with pytest.raises(ValueError, match="articles"):
        build_site(-1)
    with pytest.raises(ValueError, match="english_every"):
        build_site(5, english_every=-2)


def test_ground_truth_keys_are_exactly_the_extract_json_keys():
    truth = build_site(150).ground_truth()
    assert len(truth) == 150
    for record in truth:
        assert tuple(record) == GROUND_TRUTH_KEYS
        assert record["site"] == "beritajakarta"
        assert record["extraction_warnings"] == []
        for item in record["related"] + record["popular"]:
            assert set(item) == LINK_KEYS
        for item in record["read_also"]:
            assert set(item) == {"url", "title"}
        assert record["url"].startswith(
            CANON + ("/en/read/" if record["language"] == "en" else "/read/")
        )


def test_ground_truth_texts_are_clean():
    """No template marks, doubled spaces or empty values leak into the expectations."""
    for record in build_site(300).ground_truth():
        texts = [record["title"], record["body"], record["pull_quote"] or "x"]
        texts += [item["title"] for item in record["related"] + record["read_also"]]
        for text in texts:
            assert not {"*", "{", "}"} & set(text), text
            assert text == text.strip()
            assert "  " not in text
            assert "\xa0" not in text
        paragraphs = record["body"].split("\n\n")
        assert 3 <= len(paragraphs) <= 10
        assert all(p and "\n" not in p for p in paragraphs)
        assert record["reporter"]
        assert record["image_caption"]
        assert record["photo_credit"]
        if record["language"] == "en":
            assert record["editor"] is None
        else:
            assert record["translator"] is None
            assert record["category"]


def test_slug_rule_matches_the_real_site():
    assert slugify("Horee...Dana KJP Plus Tahap Pertama Sudah Cair") == (
        "horeedana-kjp-plus-tahap-pertama-sudah-cair"
    )
    assert (
        slugify("Inflasi Jakarta 0,13 Persen, Daging Ayam")
        == "inflasi-jakarta-013-persen-daging-ayam"
    )
    assert slugify("Rehab 30 Gedung Sekolah, DKI Alokasikan Dana Rp 29,313 M") == (
        "rehab-30-gedung-sekolah-dki-alokasikan-dana-rp-29313-m"
    )
    assert (
        slugify("Rute Pulogebang-Pulogadung via PIK")
        == "rute-pulogebang-pulogadung-via-pik"
    )


def test_date_formats():
    when = datetime.fromisoformat("2025-02-06T14:50:00+07:00")
    assert id_date(when) == "Kamis, 06 Februari 2025 14:50 WIB"
    assert iso(when) == "2025-02-06T14:50:00+07:00"
    assert iso(when, show_time=False) == "2025-02-06"
    sept = datetime.fromisoformat("2018-09-07T14:05:00+07:00")
    assert en_date(sept, show_time=True) == "Friday, September 7th 2018 14:05 WIB"
    for day, text in (
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (11, "11th"),
        (12, "12th"),
        (22, "22nd"),
    ):
        assert en_date(sept.replace(day=day), show_time=False).split()[2] == text


def test_every_article_page_yields_its_ground_truth(server):
    """A selector-table extractor reads back exactly the ground truth of each page."""
    truth = {t["url"]: t for t in server.ground_truth()}
    for article in server.site.articles:
        status, _, body = fetch(server.url, article.path)
        assert status == 200
        assert extract(body) == truth[article.canonical_url], article.path


def _quirk_counts(site) -> Counter[str]:
    counts: Counter[str] = Counter()
    for a in site.articles:
        html = render_article(site, a, "http://m")
        counts["notice"] += html.startswith("\n<div style=")
        counts["nested_p"] += '<p class="text-justify"><p>' in html
        counts["quote_p"] += "<blockquote><p>" in html
        counts["quote_br"] += "<br></blockquote>" in html
        counts["nbsp"] += "&nbsp;" in html
        counts["bold"] += "<b>" in html
        counts["italic"] += "<i>" in html.split('class="content-body"')[1]
        counts["curly"] += "“" in html
        counts["en_dash"] += "–" in html
        counts["read_also"] += 'class="read-also ina"' in html
        counts["tab_editor"] += "\n\t  <span>" in html
        counts["no_editor"] += a.language == "id" and a.editor is None
        counts["istimewa"] += a.photo_credit == "Istimewa"
        counts["alt_spaces"] += a.image_alt != a.image_alt.strip()
        counts["alt_longer"] += len(a.image_alt.strip()) > len(a.title)
        counts[f"related_{len(a.related_keys)}"] += 1
        counts["en_no_time"] += not a.show_time
        counts["en_no_translator"] += a.language == "en" and a.translator is None
        counts["en_no_category"] += a.language == "en" and a.category is None
        for era, attrs in ((2015, '<span class="sceditor-selection sceditor-ignore" style'),
                           (2022, 'id="sceditor-end-marker" class='),
                           (2025, 'id="sceditor-end-marker" style=')):  # fmt: skip
            counts[f"markers_{era}"] += attrs in html
        counts["mid_marker"] += bool(
            re.search(r"\w<span[^>]*sceditor[^>]*> </span><span[^>]*> </span> \w", html)
        )
    return counts


def test_quirks_each_appear_on_a_decent_share_of_pages():
    counts = _quirk_counts(build_site(300))
    for name in ("nested_p", "quote_p", "quote_br", "curly", "en_dash", "markers_2015", "markers_2022",
                 "markers_2025", "nbsp", "read_also", "tab_editor", "istimewa", "alt_spaces",
                 "mid_marker", "related_2", "related_3"):  # fmt: skip
        assert counts[name] >= 30, (name, counts[name])
    for name in ("notice", "bold", "italic", "no_editor", "alt_longer", "related_0",
                 "related_1", "en_no_time", "en_no_translator", "en_no_category"):  # fmt: skip
        assert counts[name] >= 5, (name, counts[name])


# -- pages over HTTP --------------------------------------------------------------------
def test_canonical_stays_on_m_host_while_links_use_the_mirror(server):
    article = next(
        a for a in server.site.articles if a.read_also_key and a.related_keys
    )
    _status, headers, body = fetch(server.url, article.path)
    soup = soup_of(body)
    assert soup.select_one("link[rel=canonical]")["href"] == article.canonical_url
    assert (
        soup.select_one('meta[property="og:url"]')["content"] == article.canonical_url
    )
    amp = soup.select_one("link[rel=amphtml]")["href"]
    assert amp == f"{server.url}/read/{article.id}/{article.title}"
    hrefs = [a["href"] for a in soup.select("a[href]")]
    assert not [h for h in hrefs if "m.beritajakarta.id" in h]
    reads = [h for h in hrefs if "/read/" in h]
    assert reads
    assert all(h.startswith(server.url + "/read/") for h in reads)
    assert {img["src"].split("/")[2] for img in soup.select("div.news-list img")} == {
        "multimedia.beritajakarta.id"
    }
    assert (
        'href="berita/terkini"' in body.decode()
    )  # the commented-out relative menu trap
    assert headers["Content-Type"] == "text/html; charset=UTF-8"
    assert int(headers["Content-Length"]) == len(body)


def test_any_slug_or_none_serves_the_article_and_unknown_ids_404(server):
    article = server.site.articles[7]
    _, _, page = fetch(server.url, article.path)
    for path in (f"/read/{article.id}", f"/read/{article.id}/whatever",
                 f"/read/{article.id}/{quote(article.title)}"):  # fmt: skip
        status, _, body = fetch(server.url, path)
        assert (status, body) == (200, page)
    for path in ("/read/1/x", f"/en/read/{article.id}/x", "/nope", "/kategori/unknown",
                 "/read/abc/x", "/berita/terkini?page=0", "/berita/terkini?page=x"):  # fmt: skip
        status, headers, body = fetch(server.url, path)
        assert status == 404, path
        assert int(headers["Content-Length"]) == len(body)
        assert b"404" in body


def _walk_listing(base_url: str, path: str) -> list[tuple[str, list[str]]]:
    pages, url = [], path
    while url:
        status, _, body = fetch(base_url, url)
        assert status == 200, url
        soup = soup_of(body)
        links = [a["href"] for a in soup.select("ul.list-index > li.row h2 a")]
        numbered = [
            a for a in soup.select("ul.pagination li a") if a.get_text().isdigit()
        ]
        assert len(numbered) <= 5
        pages.append((url, links))
        nxt = soup.select_one('ul.pagination a[rel="next"]')
        if nxt is None:
            assert soup.select("ul.pagination li")[-1]["class"] == ["disabled"]
        url = (
            urlsplit(nxt["href"]).path + "?" + urlsplit(nxt["href"]).query
            if nxt
            else ""
        )
    return pages


def test_listing_pagination_covers_every_article_once_newest_first(server):
    for base, language in (("/berita/terkini", "id"), ("/latest-news", "en")):
        pages = _walk_listing(server.url, base)
        hrefs = [h for _, links in pages for h in links]
        expected = [server.url + a.path for a in server.site.latest(language)]
        assert hrefs == expected
        assert all(len(links) == 10 for _, links in pages[:-1])
        assert 1 <= len(pages[-1][1]) <= 10
        status, _, _ = fetch(server.url, f"{base}?page={len(pages) + 1}")
        assert status == 404
    assert len(server.site.latest("id")) == 120
    assert len(server.site.latest("en")) == 30


def test_listing_items_show_dates_views_and_reporters(server):
    _, _, body = fetch(server.url, "/latest-news")
    first = server.site.latest("en")[0]
    item = soup_of(body).select_one("ul.list-index > li.row")
    spans = [_own_text(s) for s in item.select("div.list-info > span")]
    assert spans == [en_date(first.published, show_time=first.show_time), str(first.views),
                     first.reporter]  # fmt: skip
    assert item.select_one("div.right-image img").get("alt") is None


def test_category_and_wilayah_listings_partition_the_indonesian_articles(server):
    everyone = {server.url + a.path for a in server.site.latest("id")}
    for sections, prefix, attr in ((CATEGORIES, "/kategori/", "category"),
                                   (WILAYAH, "/wilayah/", "wilayah")):  # fmt: skip
        seen: list[str] = []
        for section in sections:
            links = [
                h
                for _, ls in _walk_listing(server.url, prefix + section.slug)
                for h in ls
            ]
            for href in links:
                article = server.site.get("id", int(href.split("/")[4]))
                assert getattr(article, attr).slug == section.slug
            seen += links
        assert len(seen) == len(set(seen))
        assert set(seen) == everyone


def test_home_page_and_robots(server):
    status, _, body = fetch(server.url, "/")
    soup = soup_of(body)
    newest = [server.url + a.path for a in server.site.latest("id")[:10]]
    assert status == 200
    assert [a["href"] for a in soup.select("ul.list-index > li.row h2 a")][
        :10
    ] == newest
    hrefs = {a["href"] for a in soup.select("a[href]")}
    assert {f"{server.url}/berita/terkini", f"{server.url}/latest-news",
            f"{server.url}/wilayah/kepulauan-seribu", f"{server.url}/kategori/legislatif"} <= hrefs  # fmt: skip
    status, headers, body = fetch(server.url, "/robots.txt")
    assert status == 200
    assert headers["Content-Type"].startswith("text/plain")
    lines = body.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /news/search" in lines
    assert "Disallow: /__mirror__/" in lines
    assert "Disallow: /" not in lines


def test_request_counting_and_reset(server):
    server.reset_counts()
    for path in ("/robots.txt", "/berita/terkini", "/berita/terkini", "/nope"):
        fetch(server.url, path)
    fetch(server.url, "/__mirror__/requests.json")
    assert server.request_counts() == {
        "/robots.txt": 1,
        "/berita/terkini": 2,
        "/nope": 1,
    }
    server.reset_counts()
    assert server.request_counts() == {}


def test_grow_puts_new_articles_on_top():
    with MirrorServer(30) as mirror:
        _, _, before = fetch(mirror.url, "/berita/terkini")
        added = mirror.grow(3)
        assert len(mirror.ground_truth()) == 33
        _, _, after = fetch(mirror.url, "/berita/terkini")
        tops = [a["href"] for a in soup_of(after).select("ul.list-index > li.row h2 a")]
        fresh = [mirror.url + a.path for a in reversed(added) if a.language == "id"]
        assert tops[: len(fresh)] == fresh
        assert before != after
        status, _, body = fetch(mirror.url, "/__mirror__/grow?n=2", method="POST")
        assert status == 200
        assert json.loads(body)["articles"] == 35
        assert fetch(mirror.url, "/__mirror__/grow?n=x", method="POST")[0] == 400
        assert fetch(mirror.url, added[0].path)[0] == 200


def test_count_views_increments_after_each_fetch():
    with MirrorServer(20, count_views=True) as mirror:
        article = mirror.site.articles[3]
        start = article.views
        shown = []
        for _ in range(2):
            _, _, body = fetch(mirror.url, article.path)
            shown.append(extract(body)["views"])
        assert shown == [start, start + 1]
        assert mirror.ground_truth()[3]["views"] == start + 2


# -- faults -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def faulty():
    with MirrorServer(150, faults=True, fault_delay=1.0) as mirror:
        yield mirror


def test_fault_plan_is_a_fixed_even_fifth(faulty):
    plan = faulty.fault_plan()
    candidates = len(faulty.site.articles) + sum(
        max(1, -(-len(faulty.site.listing(b)) // 10))
        for b in faulty.site.listing_bases()
    )
    assert abs(len(plan) - candidates / 5) <= 1
    kinds = Counter(plan.values())
    assert set(kinds) == set(FAULT_KINDS)
    assert max(kinds.values()) - min(kinds.values()) <= 1
    assert "/robots.txt" not in plan
    assert not any(p.startswith("/__mirror__") for p in plan)


def test_fault_plan_is_deterministic():
    with MirrorServer(60, faults=True) as one, MirrorServer(60, faults=True) as two:
        assert one.fault_plan() == two.fault_plan() != {}
    with MirrorServer(60) as plain:
        assert plain.fault_plan() == {}


def _path_of_kind(mirror, kind: str) -> str:
    return min(p for p, k in mirror.fault_plan().items() if k == kind)


@pytest.mark.parametrize("status", [500, 503, 429])
def test_http_error_faults_fail_once_then_serve(faulty, status):
    path = _path_of_kind(faulty, f"http_{status}")
    code, headers, _ = fetch(faulty.url, path)
    assert code == status
    if status == 429:
        assert headers["Retry-After"] == "1"
    assert fetch(faulty.url, path)[0] == 200


def test_timeout_fault_waits_then_serves_fast(faulty):
    path = _path_of_kind(faulty, "timeout")
    with pytest.raises(TimeoutError):
        fetch(faulty.url, path, timeout=0.3)
    started = time.perf_counter()
    assert fetch(faulty.url, path)[0] == 200
    assert time.perf_counter() - started < 0.5


def test_reset_fault_drops_the_connection(faulty):
    path = _path_of_kind(faulty, "reset")
    with pytest.raises((ConnectionResetError, http.client.RemoteDisconnected)):
        fetch(faulty.url, path)
    assert fetch(faulty.url, path)[0] == 200


def test_truncated_fault_sends_less_than_declared(faulty):
    path = _path_of_kind(faulty, "truncated")
    with pytest.raises(http.client.IncompleteRead):
        fetch(faulty.url, path)
    status, headers, body = fetch(faulty.url, path)
    assert status == 200
    assert int(headers["Content-Length"]) == len(body)


def test_faults_count_requests_and_leave_robots_alone(faulty):
    path = max(faulty.fault_plan())
    faulty.reset_counts()
    for _ in range(2):
        with contextlib.suppress(OSError, http.client.HTTPException):
            fetch(faulty.url, path, timeout=0.3)
    fetch(faulty.url, path)
    assert faulty.request_counts()[path] == 3
    assert all(fetch(faulty.url, "/robots.txt")[0] == 200 for _ in range(3))


# -- the subprocess interface ----------------------------------------------------------------
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_python_m_crawler_mirror_serves_admin_and_stops_cleanly(stop):
    proc = subprocess.Popen(
        [sys.executable, "-m", "mirror", "--port", "0", "--articles", "25"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        line = proc.stdout.readline()
        found = re.fullmatch(
            r"Mirror of m\.beritajakarta\.id serving 25 articles at (http://127\.0\.0\.1:\d+)\n",
            line,
        )
        assert found, line
        url = found.group(1)
        status, _, body = fetch(url, "/__mirror__/ground-truth.json")
        assert status == 200
        assert len(json.loads(body)) == 25
        fetch(url, "/berita/terkini")
        counts = json.loads(fetch(url, "/__mirror__/requests.json")[2])
        assert counts == {"/berita/terkini": 1}
        assert fetch(url, "/__mirror__/reset-counts", method="POST")[0] == 200
        assert json.loads(fetch(url, "/__mirror__/requests.json")[2]) == {}
        status, _, body = fetch(url, "/__mirror__/grow?n=5", method="POST")
        assert json.loads(body)["articles"] == 30
        assert len(json.loads(fetch(url, "/__mirror__/ground-truth.json")[2])) == 30
        assert fetch(url, "/__mirror__/ground-truth.json", method="POST")[0] == 405
    finally:
        proc.send_signal(stop)
        code = proc.wait(timeout=10)
        errors = proc.stderr.read()
        proc.stdout.close()
        proc.stderr.close()
    assert code == 0
    assert errors == ""


def test_bad_arguments_give_a_clear_error_not_a_traceback():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        for args in (["--articles", "-5"], ["--port", "70000"], ["--port", str(port)]):
            done = subprocess.run(
                [sys.executable, "-m", "mirror", *args],
                check=False, cwd=ROOT, capture_output=True, text=True, timeout=20,
            )  # fmt: skip
            assert done.returncode == 2, args
            assert done.stderr.startswith("error: ")
            assert "Traceback" not in done.stderr


# -- fidelity and layering -----------------------------------------------------------------------
def test_page_chrome_matches_the_real_template():
    real = REAL_PAGES / "m-read-142433.html"
    if not real.exists():
        pytest.skip(
            "real saved pages (../shared/pages/beritajakarta) are not available"
        )
    real_soup = soup_of(real.read_bytes())
    site = build_site(40)
    article = next(
        a for a in site.articles if a.language == "id" and a.editor and a.related_keys
    )
    ours = soup_of(render_article(site, article, "https://m.beritajakarta.id"))

    def menu(soup):
        return [(a["href"], a.get_text()) for a in soup.select("ul#side-menu a[href]")]

    assert menu(ours) == menu(real_soup)
    for selector in ("div.content-info > span", "ul.breadcrumbs li", "div.news-grey ol.slides > li",
                     "form[action$='/news/search'] input[name=q]", "footer"):  # fmt: skip
        assert len(ours.select(selector)) == len(real_soup.select(selector)), selector
    meta = {m.get("property") or m.get("name") for m in ours.select("meta")}
    assert meta == {
        m.get("property") or m.get("name") for m in real_soup.select("meta")
    }


def test_mirror_imports_only_stdlib_and_itself():
    forbidden = ("scrapy", "pipelines", "archive", "bs4", "lxml", "twisted")
    for path in (ROOT / "mirror").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in forbidden, (
                    f"{path.name}:{node.lineno} {name}"
                )


def test_popular_block_is_the_five_most_viewed(server):
    for language in ("id", "en"):
        top = sorted(server.site.latest(language), key=lambda a: -a.views)[:5]
        assert [a.views for a in server.site.popular(language)] == [
            a.views for a in top
        ]
    article: MirrorArticle = server.site.latest("en")[0]
    _, _, body = fetch(server.url, article.path)
    soup = soup_of(body)
    titles = [s.get_text() for s in soup.select("div.news-list span.title")]
    assert titles == ["Linked News", "Popular News"]
    assert re.search(
        r'<ol class="slides">.*</li>\s*</ul>\s*</div>', body.decode(), re.DOTALL
    )
    assert date.fromisoformat(extract(body)["popular"][0]["published_at"])

"""Is a same-site URL likely an article, a listing, or neither? A rule on the URL's shape.

The rule only orders and prunes what a generic crawl fetches: the final say on a
fetched page is the profile-free reader's (it raises ``NotAnArticle``). So
"neither" (never fetched) is said only when the shape is clear, a URL a sitemap
or feed lists is never pruned for looking unusual, and anything unknown is a
"listing" (fetched for its links, not archived). The first rule that matches wins:

1. ``neither``: not http(s); a file that is no page (``.pdf``, ``.jpg``, ``.xml``
   …); an asset, admin, feed or login path (``wp-content``, ``feed``, ``login`` …);
   a search (``/search``, ``/cari``, ``?s=``, ``?q=``) or a comment/share link.
2. ``article`` by a strong shape: a date path ``/YYYY/MM[/DD]/slug``; a numeric id
   followed by a slug (``/read/142433/slug``, ``/berita/81234/slug``,
   ``/berita/d-7123456/slug``); an id and a
   slug in one segment (``/12345-slug-of-words``, ``/slug-of-words-123456.html``);
   a WordPress shortlink ``/?p=123``.
3. ``listing``: the home page; a listing marker segment (``category``, ``kategori``,
   ``tag``, ``tags``, ``author``, ``penulis``, ``page``, ``arsip``, ``indeks`` …); a
   page-number query (``page``, ``paged``, ``start``, ``halaman``); a date archive
   (``/2024/11/``); a news section alone or with a short name (``/berita``,
   ``/berita/terkini``).
4. ``neither``: a static page name in any segment (``profil``, ``kontak``,
   ``visi-misi``, ``tentang``, ``sejarah``, ``struktur-organisasi``, ``ppid``,
   ``galeri``, ``video`` …).
5. ``article`` by a headline slug: the last segment has at least 4 words (3 under a
   news section such as ``/berita/``), words split on ``-`` or ``_``.
6. ``listing`` otherwise.
"""

from __future__ import annotations

import re
from enum import StrEnum
from urllib.parse import parse_qsl, unquote, urlsplit


class UrlKind(StrEnum):
    """What a URL is likely to be."""

    ARTICLE = "article"
    LISTING = "listing"  # visited for its links, never archived
    NEITHER = "neither"  # not fetched


PAGE_EXTENSIONS = frozenset({"html", "htm", "shtml", "php", "asp", "aspx", "jsp"})
NEVER_SEGMENTS = frozenset(
    {
        # assets and machinery
        "wp-admin", "wp-content", "wp-includes", "wp-json", "wp-login.php",
        "xmlrpc.php", "cdn-cgi", "_nuxt", "_next", "assets", "static", "uploads",
        # feeds (read by crawler.discovery.feeds, not as pages)
        "feed", "feeds", "rss", "atom",
        # accounts
        "login", "logout", "signin", "sign-in", "signup", "register", "account",
        "my-account", "cart", "checkout",
        # search
        "search", "cari", "pencarian",
    }
)  # fmt: skip
NEVER_QUERY_KEYS = frozenset({"s", "q", "search", "keyword", "replytocom", "share"})
LISTING_SEGMENTS = frozenset(
    {
        "category", "categories", "kategori", "tag", "tags", "topic", "topics",
        "topik", "author", "authors", "penulis", "page", "arsip", "archive",
        "archives", "indeks", "index", "rubrik", "kanal", "label", "section",
        "wilayah",
    }
)  # fmt: skip
PAGE_QUERY_KEYS = frozenset({"page", "paged", "start", "offset", "halaman", "hal"})
NEWS_SECTIONS = frozenset(
    {
        "berita", "news", "artikel", "article", "articles", "kabar", "warta",
        "informasi", "pengumuman", "siaran-pers", "press-release", "rilis",
        "opini", "blog", "posts", "post", "read", "detail", "baca",
    }
)  # fmt: skip
STATIC_SEGMENTS = frozenset(
    {
        "profil", "profile", "profil-daerah", "kontak", "kontak-kami", "contact",
        "contact-us", "hubungi-kami", "visi-misi", "tentang", "tentang-kami",
        "about", "about-us", "sejarah", "struktur-organisasi", "ppid", "galeri",
        "gallery", "video", "videos", "foto", "photo", "privacy-policy",
        "kebijakan-privasi", "disclaimer", "syarat-dan-ketentuan", "faq",
        "sitemap", "pedoman-media-siber", "redaksi", "lokasi", "peta-situs",
        "download", "unduhan", "lambang-daerah", "tugas-dan-fungsi", "tupoksi",
    }
)  # fmt: skip

_YEAR = re.compile(r"^(?:19|20)\d\d$")
_MONTH = re.compile(r"^(?:0?[1-9]|1[0-2])$")
_DAY = re.compile(r"^(?:0?[1-9]|[12]\d|3[01])$")
_ID = re.compile(r"^(?:[a-z]{1,2}-)?\d{3,}$")  # 142433, d-7123456
_ID_THEN_SLUG = re.compile(r"^(?:[a-z]-)?\d{3,}-[a-z0-9]")
_SLUG_THEN_ID = re.compile(r"[a-z][a-z0-9]*-\d{4,}$")
_WORD_SPLIT = re.compile(r"[-_+]+")
_HAS_LETTER = re.compile(r"[a-z]")


def classify_url(url: str) -> UrlKind:
    """The likely kind of a same-site URL (see the module docstring for the rule)."""
    return classify_with_rule(url)[0]


def classify_with_rule(url: str) -> tuple[UrlKind, str]:
    """The kind of a URL and the name of the rule that decided it (for logs, tests)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return UrlKind.NEITHER, "malformed"
    if parts.scheme.lower() not in ("http", "https"):
        return UrlKind.NEITHER, "scheme"
    segments = [unquote(s).lower() for s in parts.path.split("/") if s]
    query = {k.lower(): v for k, v in parse_qsl(parts.query, keep_blank_values=True)}
    stem, extension = _split_extension(segments[-1]) if segments else ("", "")
    names = [*segments[:-1], stem] if segments else []
    if extension and extension not in PAGE_EXTENSIONS:
        return UrlKind.NEITHER, "file"
    if any(s in NEVER_SEGMENTS for s in segments) or NEVER_QUERY_KEYS & query.keys():
        return UrlKind.NEITHER, "machinery"
    strong = _strong_article(names, query)
    if strong:
        return UrlKind.ARTICLE, strong
    listing = _listing(names, query)
    if listing:
        return UrlKind.LISTING, listing
    if any(s in STATIC_SEGMENTS for s in names):
        return UrlKind.NEITHER, "static"
    if names and _words(names[-1]) >= (3 if names[0] in NEWS_SECTIONS else 4):
        return UrlKind.ARTICLE, "headline-slug"
    return UrlKind.LISTING, "default"


def _split_extension(segment: str) -> tuple[str, str]:
    stem, dot, extension = segment.rpartition(".")
    if dot and stem and re.fullmatch(r"[a-z0-9]{1,5}", extension):
        return stem, extension
    return segment, ""


def _words(segment: str) -> int:
    words = [w for w in _WORD_SPLIT.split(segment) if w]
    return len(words) if any(_HAS_LETTER.search(w) for w in words) else 0


def _is_slug(segment: str) -> bool:
    return bool(_HAS_LETTER.search(segment)) and segment not in LISTING_SEGMENTS


def _strong_article(names: list[str], query: dict[str, str]) -> str | None:
    for i, name in enumerate(names):
        after = names[i + 1 :]
        if _YEAR.match(name) and len(after) >= 2 and _MONTH.match(after[0]):
            rest = after[2:] if len(after) > 2 and _DAY.match(after[1]) else after[1:]
            if rest and _is_slug(rest[0]):
                return "date-path"
        if (
            _ID.match(name)
            and after
            and _is_slug(after[0])
            and (i == 0 or names[i - 1] not in LISTING_SEGMENTS)
        ):
            return "id-then-slug"
        if (_ID_THEN_SLUG.match(name) or _SLUG_THEN_ID.search(name)) and _words(
            name
        ) >= 3:
            return "id-in-slug"
    if not names and query.get("p", "").isdigit():
        return "shortlink"
    return None


def _listing(names: list[str], query: dict[str, str]) -> str | None:
    if not names:
        return "home"
    if any(s in LISTING_SEGMENTS for s in names):
        return "marker"
    if PAGE_QUERY_KEYS & query.keys():
        return "page-query"
    if _YEAR.match(names[0]) and all(s.isdigit() for s in names):
        return "date-archive"
    if names[0] in NEWS_SECTIONS and (len(names) == 1 or _words(names[-1]) <= 2):
        return "news-section"
    return None

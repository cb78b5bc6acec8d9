"""Pages of the mirror in the real mobile template (articles) and templates.md (others)."""

from __future__ import annotations

from html import escape

from mirror import chrome
from mirror.content import CANONICAL_ORIGIN, MirrorArticle, Site
from mirror.fmt import en_date, id_date, popular_date
from mirror.words import CATEGORY_BY_SLUG, WILAYAH_BY_SLUG

PER_PAGE = 10
WINDOW = 5  # numbered pagination links shown around the current page
ROBOTS_TXT = "User-agent: *\nAllow: /\nDisallow: /news/search\nDisallow: /__mirror__/\n"
_ICON = '<i class="material-icons">{}</i>'


def _icon(name: str) -> str:
    return _ICON.format(name)


def shown_date(article: MirrorArticle) -> str:
    """The article's date as its page, related items and listings show it."""
    if article.language == "en":
        return en_date(article.published, show_time=article.show_time)
    return id_date(article.published)


def list_item(article: MirrorArticle, origin: str) -> str:
    """One ``li.row`` item (Berita Terkait and listings share this markup)."""
    href = origin + article.path
    return f"""                <li class="row">
          <div class="col s7">
            <h2><a href="{href}">{escape(article.title, quote=False)}</a></h2>
            <div class="list-info">
              <span>{_icon("access_time")}{shown_date(article)}</span><br>
              <span>{_icon("remove_red_eye")}{article.views}</span>
              <span>{_icon("person")}{escape(article.reporter, quote=False)}</span>
            </div>
          </div>
          <div class="col s5 right-image">
            <a href="{href}">
              <img class="responsive-img" src="{article.image_url}" />
            </a>
          </div>
        </li>
"""


def _news_list(
    title: str, items: str, index_href: str | None = None, tail: str = ""
) -> str:
    index = (
        f'\n        <a class="index" href="{index_href}">indeks</a>'
        if index_href
        else ""
    )
    return f"""    <div class="news-list">
      <div class="header">
        <span class="title">{title}</span>{index}
      </div>
      <ul class="list-index">
{items}                
      </ul>
{tail}    </div>
"""


def popular_block(site: Site, language: str, origin: str) -> str:
    """The site-wide "Berita Terpopuler" slider (``<ol>`` closed by ``</ul>``, sic)."""
    items = "".join(
        f"""                      <li>
              <h3 class="populer-title"><a href="{origin + a.path}">{escape(a.title, quote=False)}</a></h3>
              <div class="populer-info">
                <span>{_icon("access_time")}{popular_date(a.published)}</span>
                <span>{_icon("remove_red_eye")}{a.views}</span>
                <span>{_icon("person")}{escape(a.reporter, quote=False)}</span>
              </div>
            </li>
"""
        for a in site.popular(language)
    )
    title = "Popular News" if language == "en" else "Berita Terpopuler"
    return f"""    <!--GREY background-->
    <div class="news-grey">
      <!--news-list -> berita-terpopuler -->
      <div class="news-list">
        <div class="header">
          <span class="title">{title}</span>
          <a class="index" href="#">indeks</a>
        </div>
        <div class="slider">
          <ol class="slides">
{items}                    </ul>
        </div>
      </div>
      <!--./news-list -> berita-terpopuler -->
    </div>
    <!--./GREY background-->
"""


def _content_info(a: MirrorArticle) -> str:
    spans = [
        f"          <span>{_icon('access_time')} {shown_date(a)}</span>\n",
        f"          <span>{_icon('remove_red_eye')} {a.views}</span>\n",
    ]
    if a.language == "en":
        byline = f"Reported by {a.reporter}"
        if a.translator:
            byline += f" | Translated by {a.translator}"
        spans.append(
            f"          <span>{_icon('person')} {escape(byline, quote=False)}</span>\n"
        )
    else:
        spans.append(
            f"          <span>{_icon('person')} Reporter : {a.reporter}</span>\n"
        )
        if a.editor:  # a TAB precedes the editor span in the real source
            spans.append(f"\t  <span>{_icon('person')} Editor : {a.editor}</span>\n")
    return "".join(spans)


def render_article(site: Site, a: MirrorArticle, origin: str) -> str:
    """The full article page as m.beritajakarta.id serves it."""
    english = a.language == "en"
    prefix = "/en/read/" if english else "/read/"
    head = chrome.head(
        origin=origin,
        title=a.title,
        description=a.description,
        canonical=a.canonical_url,
        amphtml=f"{origin}{prefix}{a.id}/{a.title}",
        image=a.image_url,
    )
    if a.category is None:
        crumbs = chrome.breadcrumbs(origin, None)
    elif english:
        crumbs = chrome.breadcrumbs(origin, (f"{origin}/latest-news", a.category.name))
    else:
        crumbs = chrome.breadcrumbs(
            origin, (f"{origin}/kategori/{a.category.slug}", a.category.name)
        )
    also = site.read_also(a)
    body = "".join(
        block
        if block is not None
        else f'<a href="{origin}{also.path if also else ""}" class="read-also ina">'
        f"{escape(also.title if also else '', quote=False)}</a>"
        for block in a.blocks
    )
    related = "".join(list_item(r, origin) for r in site.related(a))
    notice = chrome.php_notice(*a.php_notice) if a.php_notice else ""
    return "".join(
        (
            notice,
            head,
            chrome.header(origin, a.image_url),
            crumbs,
            '  <!--CONTENT-->\n    <!--read-news-->\n    <div class="news-read">\n',
            f'        <img class="responsive-img" src="{a.image_url}" alt="{escape(a.image_alt)}" />\n',
            '        <div class="image-info">\n',
            f"            <span><i class='material-icons'>photo</i> {a.photo_credit} - Beritajakarta.id</span>\n",
            '        </div>\n      <div class="content">\n',
            f"        <h1>{escape(a.title, quote=False)}</h1>\n",
            '        <div class="content-info">\n',
            _content_info(a),
            '        </div>\n        <div class="content-body">\n        ',
            body,
            "        </div>\n      </div>\n    </div>\n    <!--read-news-->\n",
            "    <!--news-list -> berita-terkait -->\n",
            _news_list("Linked News" if english else "Berita Terkait", related),
            "    <!--./news-list -> berita-terkait -->\n",
            popular_block(site, a.language, origin),
            "  <!--./CONTENT-->\n",
            chrome.footer(origin),
        )
    )


def page_count(total: int) -> int:
    """Pages of a listing with ``total`` items (an empty listing still has page 1)."""
    return max(1, -(-total // PER_PAGE))


def _page_href(origin: str, base: str, page: int) -> str:
    return f"{origin}{base}" if page == 1 else f"{origin}{base}?page={page}"


def pagination(origin: str, base: str, page: int, last: int) -> str:
    """``ul.pagination``: prev, at most WINDOW numbered pages, next (``rel="next"``)."""
    left, right = _icon("chevron_left"), _icon("chevron_right")
    items = []
    if page > 1:
        prev = _page_href(origin, base, page - 1)
        items.append(f'<li class="waves-effect"><a href="{prev}">{left}</a></li>')
    else:
        items.append(f'<li class="disabled"><a href="#!">{left}</a></li>')
    start = max(1, min(page - WINDOW // 2, last - WINDOW + 1))
    for number in range(start, min(last, start + WINDOW - 1) + 1):
        css = "active" if number == page else "waves-effect"
        href = _page_href(origin, base, number)
        items.append(f'<li class="{css}"><a href="{href}">{number}</a></li>')
    if page < last:
        nxt = _page_href(origin, base, page + 1)
        items.append(
            f'<li class="waves-effect"><a href="{nxt}" rel="next">{right}</a></li>'
        )
    else:
        items.append(f'<li class="disabled"><a href="#!">{right}</a></li>')
    lines = "".join(f"    {item}\n" for item in items)
    return f'  <ul class="pagination">\n{lines}  </ul>\n'


def listing_title(base: str) -> str:
    """The breadcrumb text of a listing."""
    slug = base.rsplit("/", 1)[-1]
    section = CATEGORY_BY_SLUG.get(slug) or WILAYAH_BY_SLUG.get(slug)
    if base.startswith(("/kategori/", "/wilayah/")) and section is not None:
        return section.name
    return "Latest News" if base == "/latest-news" else "Indeks Berita"


def render_listing(site: Site, base: str, page: int, origin: str) -> str | None:
    """One listing page (10 items, newest first), or ``None`` if it does not exist."""
    articles = site.listing(base)
    if articles is None:
        return None
    last = page_count(len(articles))
    if not 1 <= page <= last:
        return None
    english = base == "/latest-news"
    heading = "Latest News" if english else "Indeks Berita"
    chunk = articles[(page - 1) * PER_PAGE : page * PER_PAGE]
    query = "" if page == 1 else f"?page={page}"
    head = chrome.head(
        origin=origin,
        title=heading,
        description=f"{heading} {listing_title(base)} Beritajakarta.id",
        canonical=f"{CANONICAL_ORIGIN}{base}{query}",
        og_type="website",
        stylesheet="news-index.css",
    )
    items = "".join(list_item(a, origin) for a in chunk)
    return "".join(
        (
            head,
            chrome.header(origin),
            chrome.breadcrumbs(origin, ("#", listing_title(base))),
            "  <!--CONTENT-->\n",
            _news_list(heading, items, tail=pagination(origin, base, page, last)),
            "  <!--./CONTENT-->\n",
            chrome.footer(origin),
        )
    )


def render_home(site: Site, origin: str) -> str:
    """The home page: the 10 newest Indonesian and 5 newest English articles, popular."""
    head = chrome.head(
        origin=origin,
        title="Beritajakarta.id - Berita Resmi Pemerintah Provinsi DKI Jakarta",
        description="Berita resmi Pemerintah Provinsi DKI Jakarta",
        canonical=f"{CANONICAL_ORIGIN}/",
        og_type="website",
        stylesheet="home.css",
    )
    newest = "".join(list_item(a, origin) for a in site.latest("id")[:PER_PAGE])
    english = "".join(list_item(a, origin) for a in site.latest("en")[:5])
    return "".join(
        (
            head,
            chrome.header(origin),
            "  <!--CONTENT-->\n",
            _news_list("Berita Terkini", newest, f"{origin}/berita/terkini"),
            _news_list("English News", english, f"{origin}/latest-news"),
            popular_block(site, "id", origin),
            "  <!--./CONTENT-->\n",
            chrome.footer(origin),
        )
    )


def render_not_found(origin: str) -> str:
    """The 404 page."""
    head = chrome.head(
        origin=origin,
        title="Halaman Tidak Ditemukan",
        description="Halaman tidak ditemukan",
        canonical=None,
        og_type="website",
        stylesheet="home.css",
    )
    return "".join(
        (
            head,
            chrome.header(origin),
            '  <!--CONTENT-->\n  <div class="row">\n    <div class="col s12">\n',
            "      <h1>404</h1>\n      <p>Halaman yang Anda cari tidak ditemukan.</p>\n",
            f'      <a href="{origin}/">Kembali ke Beranda</a>\n',
            "    </div>\n  </div>\n  <!--./CONTENT-->\n",
            chrome.footer(origin),
        )
    )

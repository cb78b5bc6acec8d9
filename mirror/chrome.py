"""The real mobile template's page chrome: head, header, side menu, search, footer.

Site links point at the mirror's origin (token ``[[O]]``); canonical and og:url
stay on https://m.beritajakarta.id, images on multimedia.beritajakarta.id. The
commented-out old side menu keeps its relative links, as on the real site.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

from mirror.words import CATEGORIES, WILAYAH

_GA_AND_MATOMO = """  <script type="text/javascript">
    (function(i, s, o, g, r, a, m) {
      i['GoogleAnalyticsObject'] = r;
      i[r] = i[r] || function() {
        (i[r].q = i[r].q || []).push(arguments)
      }, i[r].l = 1 * new Date();
      a = s.createElement(o), m = s.getElementsByTagName(o)[0];
      a.async = 1;
      a.src = g;
      m.parentNode.insertBefore(a, m)
    })(window, document, 'script', 'https://www.google-analytics.com/analytics.js', 'ga');
    ga('create', 'UA-27644760-5', 'auto');
    ga('send', 'pageview');
  </script>
  <noscript>
    <style type="text/css">
      .layout-container {
        display: none;
      }
    </style>
    <div> You don't have javascript enabled. Good luck with that. </div>
  </noscript>
  <!-- Matomo -->
  <script>
    var _paq = window._paq = window._paq || [];
    /* tracker methods like "setCustomDimension" should be called before "trackPageView" */
    _paq.push(['trackPageView']);
    _paq.push(['enableLinkTracking']);
    (function() {
      var u = "https://analytics.beritajakarta.id/";
      _paq.push(['setTrackerUrl', u + 'matomo.php']);
      _paq.push(['setSiteId', '2']);
      var d = document,
        g = d.createElement('script'),
        s = d.getElementsByTagName('script')[0];
      g.async = true;
      g.src = u + 'matomo.js';
      s.parentNode.insertBefore(g, s);
    })();
  </script>
  <!-- End Matomo Code -->
</head>
"""

_POPUP = """  <!-- Popup banner -->
  
  <div id="modal1" class="modal">
    <div class="modal-content home-popup-banner">
      <a href="https://survei.jakarta.go.id/v1/BERITAJAKARTA" target="_blank">
        <img src="https://multimedia.beritajakarta.id/banner/survey-beritajakarta-2026.jpeg" alt="Jakarta Fair 2026" style="max-height:500px; width:100%;" />
      </a>
    </div>
</div>
  
"""

_NAV = """  <!--HEADER-->
  <div class="navbar-fixed">
    <nav>
      <!--top-menu-->
      <div class="nav-wrapper">
        <a href="[[O]]/" class="left brand-logo">
          <img src="[[O]]/assets/images/logo-bj-26.png?v=20260622" alt="Berita Jakarta" style="height:40px;" />
          <div class="d-none d-md-none d-lg-block taglines">Website Berita Resmi<br>Pemerintah Provinsi <br> Daerah Khusus Jakarta</div>
        </a>
        <a href="#" data-target="side-menu" class="right sidenav-trigger"><i id="menu-drop-icon" class="material-icons">menu</i></a>
        <a id="search-btn" href="#" class="right"><i class="material-icons">search</i></a>
        <!-- cuaca -->
        <div class="right grey-text text-darken-3" id="cuaca"></div>
        <!-- ./cuaca -->
      </div>
      <!--./top-menu-->
      <!--gigi-balang-->
      <div id="gigi-balang"></div>
      <!--./gigi-balang-->


    </nav>
  </div>
  <!--side-menu-->
  <ul class="sidenav" id="side-menu">
    <li>
      <ul class="collapsible collapsible-accordion">
        <li>
          <a class="collapsible-header">Indeks<i class="right material-icons">add</i></a>
          <div class="collapsible-body">
            <ul>
              <li class="bold"><a href="[[O]]/berita/terkini">Indeks</a></li>
              <li class="bold"><a href="[[O]]/latest-news">English</a></li>
[[CATEGORIES]]            </ul>
          </div>
        </li>
      </ul>
    </li>
    <li class="bold"><a href="[[O]]/kategori/legislatif">DPRD</a></li>
    <li>
      <ul class="collapsible collapsible-accordion">
        <li>
          <a class="collapsible-header">Potret<i class="right material-icons">add</i></a>
          <div class="collapsible-body">
            <ul>
              <li class="bold"><a href="[[O]]/potret-jakarta">Potret Jakarta</a></li>
              <li class="bold"><a href="[[O]]/paras-kota">Paras Kota</a></li>
            </ul>
          </div>
        </li>
      </ul>
    </li>
    <li>
      <ul class="collapsible collapsible-accordion">
        <li>
          <a class="collapsible-header">Video<i class="right material-icons">add</i></a>
          <div class="collapsible-body">
            <ul>
              <li class="bold"><a href="[[O]]/video">Berita</a></li>
              <li class="bold"><a href="[[O]]/warta-utama">Warta Utama</a></li>
              <li class="bold"><a href="[[O]]/english-video">English Video</a></li>
            </ul>
          </div>
        </li>
      </ul>
    </li>
    <li class="bold"><a href="https://www.beritajakarta.tv" target="_blank">TV</a></li>
    <li class="bold"><a href="[[O]]/loka-urban">Loka Urban</a></li>
    <li class="bold"><a href="[[O]]/lenggang-jakarta">Lenggang Jakarta</a></li>
    <li class="bold"><a href="[[O]]/wawancara-khusus">Wawancara Khusus</a></li>
    <!--<li class="bold"><a href="https://kemitraan.beritajakarta.id" target="_blank">Kemitraan</a></li>-->
    <li class="bold"><a href="[[O]]/siaran-pers">Siaran Pers</a></li>
    <li class="divider">Lainnya</li>
    <li>
      <ul class="collapsible collapsible-accordion">
        <li>
          <a class="collapsible-header">Berita Wilayah<i class="right material-icons">add</i></a>
          <div class="collapsible-body">
            <ul>
[[WILAYAH]]            </ul>
          </div>
        </li>
      </ul>
    </li>
    <li class="bold"><a href="[[O]]/agenda-kegiatan">Agenda Kegiatan</a></li>
    <li class="bold"><a href="[[O]]/informasi-publik">Informasi Publik</a></li>
    <li class="bold"><a href="[[O]]/bang-jaki">Bang Jaki</a></li>
    <li class="bold"><a href="[[O]]/info-pangan">Info Pangan</a></li>
    <li class="bold"><a href="[[O]]/infografis">Infografis</a></li>
    <li class="bold"><a href="[[O]]/jakita">Jakita</a></li>
    <li class="bold"><a href="[[O]]/jakarta-visual">Jakarta Visual</a></li>
    <li class="bold"><a href="[[O]]/about">Tentang Kami</a></li>
  </ul>
  <!--<ul class="sidenav" id="side-menu">
      <li class="bold"><a href="berita/terkini">Indeks</a></li>
      <li class="bold"><a href="siaran-pers">Siaran Pers</a></li>
      <li class="bold"><a href="berita/utama">Berita Utama</a></li>
      <li class="bold"><a href="berita/terpopuler">Berita Populer</a></li>
      <li class="bold"><a href="latest-news">English</a></li>
      <li class="bold"><a href="kategori/legislatif">DPRD</a></li>
      <li class="bold"><a href="kategori/bumd">BUMD</a></li>
      <li class="divider">Kategori</li>
      <li class="bold"><a href="kategori/pemerintahan">Pemerintahan</a></li>
      <li class="bold"><a href="kategori/ekonomi">Ekonomi</a></li>
      <li class="bold"><a href="kategori/pembangunan">Pembangunan</a></li>
      <li class="bold"><a href="kategori/kesra">Kesra</a></li>

      <li class="divider">Lainnya</li>
      <li class="bold"><a href="wilayah/jakarta-pusat">Jakarta Pusat</a></li>
      <li class="bold"><a href="wilayah/jakarta-timur">Jakarta Timur</a></li>
      <li class="bold"><a href="potret-jakarta">Potret Jakarta</a></li>
      <li class="bold"><a href="video">Video</a></li>
      <li class="bold"><a href="info-pangan">Info Pangan</a></li>
      <li class="bold"><a href="about">Tentang Kami</a></li>
    </ul>-->
  <!--./side-menu-->
  <!--search-part-->
  <div id="search-part">
    <div class="container">
      <div class="row">
        <form class="col s10 offset-s1 center" action="[[O]]/news/search" method="GET">
          <div class="row">
            <h5>Pencarian</h5>
            <div class="input-field">
              <input placeholder="Pencarian Berita" type="text" class="search-input" name="q" />
              <button class="btn waves-effect waves-light search-btn" type="submit">Go</button>
            </div>
          </div>
        </form>
      </div>
    </div>
  </div>
  <!--./search-part-->
  <!--./HEADER-->
"""

_FOOTER = """<!-- footer -->
<footer class="text-white">
    <div class="container">
        <div class="row">
            <div class="col s12">
                <h5>KONTAK KAMI</h3>
                <img src="[[O]]/assets/images/logo-bj.png?v=20250804" alt="Berita Jakarta" style="height:40px;" />
                <img src="https://www.beritajakarta.tv/assets/img/logo-bjtv-white.png" alt="Berita Jakarta TV" style="height:40px;">
                <p>Jl. Medan Merdeka Selatan 8-9 Blok F Lt. II Jakarta <br><i class="material-icons">local_phone</i> +62 21 3822356
                <br><i class="material-icons">email</i> redaksi&commat;beritajakarta.id</p>
                
            </div>
            <div class="col s12">
                <h5>TAUTAN LAINNYA</h3>
                    <a href="[[O]]/about">Tentang Kami</a> | <a href="#">Sitemap</a> | 
                    <a href="[[O]]/infografis">Infografis</a>
            </div>
        </div>
        
    </div>
    <p class="text-center m-4">&copy; copyright 2001 - 2026 All Rights Reserved  </p>
    <!-- Matomo Image Tracker-->
    <img referrerpolicy="no-referrer-when-downgrade" src="https://analytics.beritajakarta.id/matomo.php?idsite=2&amp;rec=1" style="border:0" alt="" />
    <!-- End Matomo -->
     <!-- UNTUK MENGHITUNG COUNTING -->
      </footer>
<!-- ./footer -->

</body>
<!-- jquery -->
<script type="text/javascript" src="[[O]]/assets/js/materialize.min.js"></script>
<script type="text/javascript" src="[[O]]/assets/js/init.js?v=202403030424"></script>

<script type="text/javascript">
    
            $('.slider').slider();
            
</script>   

</html>"""


def _menu_items(prefix: str, sections: list[tuple[str, str]]) -> str:
    return "".join(
        f'              <li class="bold"><a href="[[O]]/{prefix}/{slug}">{name}</a></li>\n'
        for slug, name in sections
    )


@lru_cache(maxsize=32)
def _nav(origin: str) -> str:
    menu = [(c.slug, c.name) for c in CATEGORIES if c.slug != "legislatif"]
    text = _NAV.replace("[[CATEGORIES]]", _menu_items("kategori", menu))
    text = text.replace(
        "[[WILAYAH]]", _menu_items("wilayah", [(w.slug, w.name) for w in WILAYAH])
    )
    return text.replace("[[O]]", origin)


def header(origin: str, image: str | None = None) -> str:
    """``<body>``, popup banner, image microdata, navbar, side menu and search form."""
    thumb = ""
    if image is not None:
        thumb = (
            f'  <link itemprop="thumbnailUrl" href="{image}">\n'
            '  <span itemprop="thumbnail" itemscope itemtype="https://schema.org/ImageObject">\n'
            f'    <link itemprop="url" href="{image}">\n  </span>\n'
        )
    return "\n<body>\n" + _POPUP + thumb + _nav(origin)


@lru_cache(maxsize=32)
def footer(origin: str) -> str:
    """The footer and closing scripts, links on ``origin``."""
    return _FOOTER.replace("[[O]]", origin)


def head(
    *,
    origin: str,
    title: str,
    description: str,
    canonical: str | None,
    amphtml: str | None = None,
    image: str | None = None,
    og_type: str = "article",
    stylesheet: str = "news-read.css",
) -> str:
    """``<!doctype html>`` through ``</head>`` with the site's meta tags."""
    t = escape(title)
    d = escape(description) + "&#8230;"
    lines = [
        "<!doctype html>",
        '<html lang="id">',
        "",
        "<head>",
        '  <meta charset="utf-8">',
        '  <meta http-equiv="X-UA-Compatible" content="IE=edge">',
        '  <meta name="viewport" content="width=device-width, initial-scale=1.0, minimum-scale=1.0, user-scalable=no">',
        f"  <title>{escape(title, quote=False)}</title>",
        '  <meta http-equiv="Content-Type" content="text/html; charset=UTF-8"> <!-- Add to homescreen for Chrome on Android -->',
        '  <meta name="mobile-web-app-capable" content="yes"> <!-- Add to homescreen for Safari on iOS -->',
        '  <meta name="apple-mobile-web-app-capable" content="yes">',
        '  <meta name="apple-mobile-web-app-status-bar-style" content="black">',
        f'  <meta name="apple-mobile-web-app-title" content="{t}"> <!-- SEARCH ENGINE -->',
        f'  <meta name="description" content="{d}">',
        '  <meta name="author" content="">',
    ]
    if canonical is not None:
        lines.append(f'  <link rel="canonical" href="{escape(canonical)}">')
    if amphtml is not None:
        lines.append(f'  <link rel="amphtml" href="{escape(amphtml)}">')
    lines += [
        '  <meta name="rating" content="general"> <!-- FACEBOOK META - Change what to your own FB-->',
        '  <meta property="fb:pages" content="MY_FB_FAGE_ID" />',
        f'  <meta property="og:title" content="{t}">',
        f'  <meta property="og:type" content="{og_type}">',
    ]
    if canonical is not None:
        lines.append(f'  <meta property="og:url" content="{escape(canonical)}">')
    lines += [
        '  <meta property="og:site_name" content="beritajakarta.id">',
    ]
    if image is not None:
        lines += [
            f'  <meta property="og:image" itemprop="image" content="{image}">',
            '  <meta property="og:image:width" content="500" />',
            '  <meta property="og:image:height" content="333" />',
        ]
    lines += [
        f'  <meta property="og:description" content="{d}">',
        '  <meta property="fb:app_id" content="189183248642">',
        '  <meta property="article:publisher" content="https://www.facebook.com/beritajakarta">',
        '  <meta property="article:author" content="https://www.facebook.com/beritajakarta"> <!-- TWITTER META - Change what to your own twitter-->',
        '  <meta name="twitter:card" content="summary_large_image">',
        f'  <meta name="twitter:description" content="{d}">',
        '  <meta name="twitter:site" content="@my_twitter">',
        '  <meta name="twitter:creator" content="@my_twitter">',
        f'  <meta name="twitter:title" content="{t}">',
    ]
    if image is not None:
        lines.append(f'  <meta name="twitter:image:src" content="{image}">')
    lines += [
        '  <link rel="shortcut icon" href="https://www.beritajakarta.id/img/favicon.ico">',
        "",
        "  <!--Import Google Icon Font-->",
        '  <link href="https://fonts.googleapis.com/icon?family=Material+Icons" rel="stylesheet">',
        "",
        f'  <link rel="stylesheet" href="{origin}/assets/css/materialize.min.css" media="screen,projection" />',
        f'  <link rel="stylesheet" href="{origin}/assets/css/init.css?v=20250923">',
        f'        <link rel="stylesheet" href="{origin}/assets/css/{stylesheet}">',
        f'    <script type="text/javascript" src="{origin}/assets/js/jquery-2.1.1.min.js"></script>',
    ]
    return "\n".join(lines) + "\n" + _GA_AND_MATOMO


def breadcrumbs(origin: str, active: tuple[str, str] | None) -> str:
    """The breadcrumb bar; ``active`` is ``(href, text)`` or ``None`` for "Beranda" only."""
    items = f'<li><a href="{origin}/">Beranda</a></li>'
    if active is not None:
        href, text = active
        items += (
            '<li class="separator"></li>'
            f'<li class="active"><a href="{href}">{escape(text, quote=False)}</a></li>'
        )
    return (
        '  <!--breadcrumbs-->\n  \n            <div class="nav-wrapper mt16">\n'
        f'              <ul class="col s12 breadcrumbs">{items}</ul>\n'
        "            </div>  <!--./breadcrumbs-->\n"
    )


def php_notice(severity: str, message: str, filename: str, line: int) -> str:
    """A CodeIgniter error notice, printed before ``<!doctype html>`` on some pages."""
    frames = "".join(
        f'\n\t\t\t<p style="margin-left:10px">\n\t\t\tFile: {path}<br />\n'
        f"\t\t\tLine: {number}<br />\n\t\t\tFunction: {function}\t\t\t</p>\n\n\t\t\n\t\n"
        for path, number, function in (
            (f"/mnt/src/application/{filename}", line, "_error_handler"),
            ("/mnt/src/application/controllers/Read.php", 57, "render_page"),
            ("/mnt/src/index.php", 316, "require_once"),
        )
    )
    return (
        '\n<div style="border:1px solid #990000;padding-left:20px;margin:0 0 10px 0;">\n\n'
        "<h4>A PHP Error was encountered</h4>\n\n"
        f"<p>Severity: {severity}</p>\n<p>Message:  {escape(message)}</p>\n"
        f"<p>Filename: {filename}</p>\n<p>Line Number: {line}</p>\n\n\n"
        f"\t<p>Backtrace:</p>\n\t\n\t\t\n\t{frames}\n</div>"
    )

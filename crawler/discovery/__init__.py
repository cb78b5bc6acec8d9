"""Pure page discovery for any portal: page text + URL in, URLs out.

No Scrapy, no network, no archive. The generic spider feeds fetched bodies to
these functions and follows what they return:

* :mod:`sites.urls` — one normalisation (:func:`normalize_url`) and the same-site rule
  (shared with the site profiles and the extractors);
* :mod:`.robots` — ``Sitemap:`` lines of a robots.txt;
* :mod:`.sitemaps` — sitemap indexes and url sets (gzip, news, lastmod);
* :mod:`.feeds` — RSS/Atom items and the feeds a page announces;
* :mod:`.pagination` — the next listing pages of a page;
* :mod:`.classify` — article, listing or neither, from a URL's shape;
* :mod:`.links` — a page's same-site links sorted into articles and listings.
"""

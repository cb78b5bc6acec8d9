"""The ``generic`` spider: any portal without a profile (``-a base_url=URL`` required).

The site is the base URL's host without ``www.`` (:mod:`sites.generic`);
articles are told by URL shape and by the sitemaps and feeds that list them,
and a page the reader finds no article on is a listing-like page: its links
are followed, it is never a failure. The crawl stays on the base URL's host.
"""

from __future__ import annotations

from typing import ClassVar

from crawler.spiders.portal import PortalSpider
from sites.generic import generic_profile
from sites.profile import SiteProfile


class GenericSpider(PortalSpider):
    """Crawl the portal at ``base_url`` by discovery rules."""

    name = "generic"
    by_shape: ClassVar[bool] = True
    requires_base_url: ClassVar[bool] = True

    @classmethod
    def profile_for(cls, base_url: str | None) -> SiteProfile:
        """The profile built from the base URL (required)."""
        if not base_url:
            raise ValueError("the generic spider needs a base URL (-a base_url=URL)")
        return generic_profile(base_url)

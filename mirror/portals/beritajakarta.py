"""The original m.beritajakarta.id mirror seen through the :class:`Portal` interface."""

from __future__ import annotations

from typing import Any

from mirror import render
from mirror.content import MirrorArticle, Site, build_site
from mirror.portals import HTML, Portal, Published
from mirror.routes import Route, fault_candidates, listing_keys, resolve


class BeritaJakarta:
    """Berita Jakarta: ``site`` holds the articles; pages come from ``render``."""

    name = "beritajakarta"
    host = "m.beritajakarta.id"

    def __init__(self, articles: int, *, seed: int = 0, english_every: int = 5) -> None:
        """Build every article now (the site is small and tests read ``site``)."""
        self.site: Site = build_site(articles, seed=seed, english_every=english_every)

    @property
    def version(self) -> int:
        """The site's version (growth and counted views bump it)."""
        return self.site.version

    def article_count(self) -> int:
        """How many articles are published."""
        return len(self.site.articles)

    def resolve(self, raw_path: str) -> Route:
        """See :func:`mirror.routes.resolve`."""
        return resolve(self.site, raw_path)

    def render(self, route: Route, origin: str) -> str | None:
        """Article, listing and home pages; None for anything else."""
        if route.kind == "article" and route.article is not None:
            return render.render_article(self.site, route.article, origin)
        if route.kind == "listing":
            return render.render_listing(self.site, route.base, route.page, origin)
        if route.kind == "home":
            return render.render_home(self.site, origin)
        return None

    def media_type(self, route: Route) -> str:
        """Every page is HTML (robots.txt is answered by the server)."""
        return HTML

    def render_not_found(self, origin: str) -> str:
        """The 404 page."""
        return render.render_not_found(origin)

    def ground_truth(self) -> list[dict[str, Any]]:
        """See :meth:`mirror.content.Site.ground_truth`."""
        return self.site.ground_truth()

    def non_article_paths(self) -> list[str]:
        """The home page and every listing page."""
        return ["/", *listing_keys(self.site)]

    def fault_candidates(self) -> list[str]:
        """Every article and listing page."""
        return fault_candidates(self.site)

    def grow(self, count: int) -> list[Published]:
        """Publish ``count`` newer articles."""
        added: list[MirrorArticle] = self.site.grow(count)
        return list(added)


def _check(portal: BeritaJakarta) -> Portal:  # mypy: the class satisfies Portal
    return portal

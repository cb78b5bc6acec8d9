"""The portals the mirror can serve, behind one interface the server talks to.

``beritajakarta`` (the original mirror), ``wordpress`` (an invented WordPress
city portal, Kota Contoh) and ``jabar`` (Portal Jabar as its frontend is
described). Each portal resolves paths to :class:`~mirror.routes.Route`
values (kinds ``article`` and ``listing`` can be chosen to fail), renders them,
and states its ground truth.
"""

from __future__ import annotations

from typing import Any, Protocol

from mirror.routes import Route

HTML = "text/html; charset=UTF-8"
XML = "application/xml; charset=UTF-8"
RSS = "application/rss+xml; charset=UTF-8"
JSON = "application/json; charset=UTF-8"
TEXT = "text/plain; charset=UTF-8"

PORTALS = ("beritajakarta", "wordpress", "jabar")


class Published(Protocol):
    """Something added by :meth:`Portal.grow`: at least its path."""

    @property
    def path(self) -> str:
        """The URL path it is served at."""
        ...


class Portal(Protocol):
    """One invented or mirrored news portal (no sockets here)."""

    name: str
    host: str  # the real site's host, e.g. ``contohkota.go.id``

    @property
    def version(self) -> int:
        """Bumped on every change, so rendered pages can be cached until then."""
        ...

    def article_count(self) -> int:
        """How many articles are published."""
        ...

    def resolve(self, raw_path: str) -> Route:
        """What a raw request path (with query) names."""
        ...

    def render(self, route: Route, origin: str) -> str | None:
        """The page or document of a route, links on ``origin``; None = 404."""
        ...

    def media_type(self, route: Route) -> str:
        """The Content-Type of a route's document."""
        ...

    def render_not_found(self, origin: str) -> str:
        """The portal's 404 page."""
        ...

    def ground_truth(self) -> list[dict[str, Any]]:
        """Expected extraction of every article, oldest first."""
        ...

    def non_article_paths(self) -> list[str]:
        """Paths of pages that are not articles (home, listings, static pages …)."""
        ...

    def fault_candidates(self) -> list[str]:
        """Route keys that may be chosen to fail once: articles and listing pages."""
        ...

    def grow(self, count: int) -> list[Published]:
        """Publish ``count`` newer articles."""
        ...


def build_portal(name: str, articles: int, *, seed: int = 0, **options: Any) -> Portal:
    """The portal called ``name`` with ``articles`` articles (see :data:`PORTALS`)."""
    if name == "beritajakarta":
        from mirror.portals.beritajakarta import BeritaJakarta

        return BeritaJakarta(articles, seed=seed, **options)
    if name == "wordpress":
        from mirror.portals.wordpress import WordPressPortal

        return WordPressPortal(articles, seed=seed)
    if name == "jabar":
        from mirror.portals.jabar import JabarPortal

        return JabarPortal(articles, seed=seed)
    raise ValueError(f"unknown portal {name!r}; choose one of {', '.join(PORTALS)}")

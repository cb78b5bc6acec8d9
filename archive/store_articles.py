"""Articles of an open archive: saving them (with links and views), reading them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from archive import articles as _articles
from archive import lookup as _lookup
from archive import pages as _pages
from archive import runs as _runs
from archive import views as _views
from archive.articles import SaveResult
from archive.connection import ArchiveConnection
from archive.errors import InvalidRowError
from archive.identity import Ref
from archive.rows import require_time


class ArticleStore(ArchiveConnection):
    """The article methods of :class:`archive.store.Archive`."""

    def lock_writes(
        self, keys: Iterable[_articles.Key] = (), urls: Iterable[str] = ()
    ) -> None:
        """Lock what a batch of writes will touch, first and in one global
        order: the articles ``(site, language, site_article_id)`` it saves and
        the page URLs it stores or resolves (PostgreSQL; a no-op on SQLite).
        Call it first in a ``with archive.transaction():`` block; see
        :func:`archive.articles.lock_writes`."""
        with self.transaction() as conn:
            _articles.lock_writes(conn, keys, urls)

    def save_article(
        self,
        article: Mapping[str, Any],
        *,
        observed_at: str,
        run_id: int | None,
        page_id: int | None = None,
    ) -> SaveResult:
        """Upsert one article (``dataclasses.asdict(Article)``); see ``save_articles``.

        ``page_id`` (from :meth:`save_page`) links the stored raw page to it.
        """
        return self.save_articles(
            [article],
            observed_at=observed_at,
            run_id=run_id,
            page_ids=None if page_id is None else [page_id],
        )[0]

    def save_articles(
        self,
        items: Iterable[Mapping[str, Any]],
        *,
        observed_at: str,
        run_id: int | None,
        page_ids: Sequence[int | None] | None = None,
    ) -> list[SaveResult]:
        """Upsert articles in one transaction, keyed by (site, language, id).

        ``new``/``updated``/``unchanged`` compares the content fields only; an
        update keeps the previous content in ``article_versions``. Links are
        replaced, the article's own view count goes to ``view_counts``
        (source ``article``), ``first_seen_at`` is kept, ``last_seen_at`` becomes
        ``observed_at``, and open failures for the article are resolved.
        ``page_ids`` (parallel to ``items``) link stored raw pages to them.
        """
        require_time(observed_at)
        items = list(items)
        if page_ids is not None and len(page_ids) != len(items):
            raise InvalidRowError("page_ids must have one entry per article")
        with self.transaction() as conn:
            results = _articles.save_articles(
                conn, items, observed_at=observed_at, run_id=run_id
            )
            if page_ids is not None:
                _pages.link_pages(
                    conn,
                    [
                        (page_id, result.article_id)
                        for page_id, result in zip(page_ids, results, strict=True)
                        if page_id is not None
                    ],
                )
            return results

    def record_views(
        self,
        observations: Iterable[Mapping[str, Any]],
        *,
        observed_at: str,
        run_id: int | None,
        site: str | None = None,
    ) -> int:
        """Record view counts seen on listings, related or popular blocks.

        Each observation is ``{url, views, source}`` with the observed
        article's ``site``, ``language`` and ``site_article_id`` as the caller
        computed them; see :func:`archive.views.record_views`. ``site`` is the
        default site of observations (the run's site when None).
        """
        require_time(observed_at)
        with self.transaction() as conn:
            if site is None:
                site = _runs.run_site(conn, run_id)
            return _views.record_views(
                conn, observations, observed_at=observed_at, run_id=run_id, site=site
            )

    def known_articles(self, site: str) -> dict[tuple[str, str], str | None]:
        """``(language, site_article_id) -> published_at`` for every stored article."""
        with self.read() as conn:
            return _lookup.known_articles(conn, site)

    def articles_published_since(self, site: str, since: str) -> list[str]:
        """Canonical URLs of ``site``'s articles with ``published_at >= since``
        (ISO text comparison; newest first), e.g. to re-fetch for views and edits."""
        with self.read() as conn:
            return _lookup.articles_published_since(conn, site, since)

    def get_article(
        self, id_or_url: int | str, *, ref: Ref | None = None
    ) -> dict[str, Any] | None:
        """An article with links (``in_archive``), view history, versions, pages.

        ``id_or_url`` is an id or a canonical URL; for any other URL form the
        caller passes the identity it computed, ``ref`` =
        ``(site, language, site_article_id)`` (site or language None: any).
        """
        with self.read() as conn:
            return _lookup.get_article(conn, id_or_url, ref)

    def stats(self, *, top: int = 20, runs: int = 5) -> dict[str, Any]:
        """Counts by site, language, month, category and reporter; latest runs."""
        with self.read() as conn:
            return _lookup.stats(conn, top=top, runs=runs)

"""Raw pages and failures of an open archive."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from archive import pages as _pages
from archive import runs as _runs
from archive.connection import ArchiveConnection
from archive.rows import require_time


class PageStore(ArchiveConnection):
    """The raw-page and failure methods of :class:`archive.store.Archive`."""

    def save_page(
        self,
        *,
        url: str,
        final_url: str | None,
        fetched_at: str,
        status: int | None,
        headers: Mapping[Any, Any],
        body: bytes,
        run_id: int | None,
        article_id: int | None = None,
    ) -> int:
        """Store a raw page compressed (identical body for the same URL: noted only)."""
        require_time(fetched_at)
        with self.transaction() as conn:
            return _pages.save_page(
                conn,
                url=url,
                final_url=final_url,
                fetched_at=fetched_at,
                status=status,
                headers=headers,
                body=body,
                run_id=run_id,
                article_id=article_id,
            )

    def iter_pages(self, since: str | None = None) -> Iterator[dict[str, Any]]:
        """Stored pages in id order with bodies decompressed (``fetched_at >= since``)."""
        return _pages.iter_pages(lambda: self.conn, since)

    def record_failure(
        self,
        *,
        url: str,
        stage: str,
        reason: str | None,
        run_id: int | None,
        at: str,
        site: str | None = None,
        language: str | None = None,
        site_article_id: str | None = None,
    ) -> int:
        """Record a fetch or extract failure (site defaults to the run's site).

        ``language`` and ``site_article_id`` name the article the URL is, as
        the caller computed them (None for listing and other pages): saving
        that article later resolves the failure, whatever URL form failed.
        """
        require_time(at)
        with self.transaction() as conn:
            if site is None:
                site = _runs.run_site(conn, run_id)
            return _pages.record_failure(
                conn,
                url=url,
                stage=stage,
                reason=reason,
                run_id=run_id,
                at=at,
                site=site,
                language=language,
                site_article_id=site_article_id,
            )

    def resolve_failures(self, urls: Iterable[str], *, at: str) -> int:
        """Mark open failures of these exact URLs resolved (e.g. a listing page)."""
        with self.transaction() as conn:
            return _pages.resolve_failures(conn, urls, at)

    def unresolved_failures(self, site: str | None = None) -> list[dict[str, Any]]:
        """Open failures, one per URL (latest reason, ``attempts``, ``first_at``)."""
        with self.read() as conn:
            return _pages.unresolved_failures(conn, site)

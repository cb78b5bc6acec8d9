"""Matching the identities callers give to archived articles.

The archive never derives an article's identity from a URL: the crawler's site
rules compute ``(site, language, site_article_id)`` and pass it with every
article, link, view observation and failure. This module finds the article a
given identity names.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from archive.rows import IN_CHUNK, chunks
from archive.schema import articles

#: ``(site, language, site_article_id)``: ``site`` or ``language`` None matches
#: any (a site whose URLs do not tell the language; a caller without a site).
Ref = tuple[str | None, str | None, str]


def match_refs(conn: sa.Connection, refs: Iterable[Ref]) -> dict[Ref, int]:
    """The article id each identity names; ambiguous or unknown ones are left out."""
    groups: dict[tuple[str | None, str | None], set[str]] = {}
    for site, language, site_article_id in refs:
        groups.setdefault((site, language), set()).add(site_article_id)
    found: dict[Ref, int] = {}
    # One (site, language) at a time with ``site_article_id IN (...)``: the
    # unique index answers it (a row-value IN list would scan the table).
    for (site, language), article_ids in groups.items():
        candidates: dict[str, list[int]] = {}
        for chunk in chunks(sorted(article_ids), IN_CHUNK):
            stmt = sa.select(articles.c.site_article_id, articles.c.id).where(
                articles.c.site_article_id.in_(chunk)
            )
            if site is not None:
                stmt = stmt.where(articles.c.site == site)
            if language is not None:
                stmt = stmt.where(articles.c.language == language)
            for row in conn.execute(stmt):
                candidates.setdefault(row.site_article_id, []).append(row.id)
        for site_article_id, ids in candidates.items():
            if len(ids) == 1:  # the same id on two sites or languages: ambiguous
                found[(site, language, site_article_id)] = ids[0]
    return found


def match_urls(conn: sa.Connection, urls: Iterable[str]) -> dict[str, int]:
    """The article id of each URL that is exactly an article's canonical URL."""
    found: dict[str, int] = {}
    for chunk in chunks(sorted(set(urls)), IN_CHUNK):
        stmt = sa.select(articles.c.url, articles.c.id).where(articles.c.url.in_(chunk))
        found.update({row.url: row.id for row in conn.execute(stmt)})
    return found

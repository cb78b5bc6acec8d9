"""Matching the identities callers give to archived articles.

The archive never derives an article's identity from a URL: the crawler's site
rules compute ``(site, language, site_article_id)`` and pass it with every
article, link, view observation and failure. This module finds the article a
given identity names.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from archive.backends import is_postgres
from archive.rows import IN_CHUNK, chunks
from archive.schema import articles

#: ``(site, language, site_article_id)``: ``site`` or ``language`` None matches
#: any (a site whose URLs do not tell the language; a caller without a site).
Ref = tuple[str | None, str | None, str]


def select_by_key(
    conn: sa.Connection,
    cols: Sequence[sa.ColumnElement[Any]],
    site: str,
    language: str,
    article_ids: Sequence[str],
) -> sa.Select[Any]:
    """The articles of ``(site, language)`` with these ids, by the unique index.

    SQLite: a plain IN list. PostgreSQL: one lookup of the whole key per id (a
    LATERAL subquery, its LIMIT keeps it from being merged into a join). With
    an IN list, the generic plan PostgreSQL may keep for a prepared statement
    (psycopg prepares one it has run 5 times) tests the list on each article
    of ``(site, language)``: a scan that grows with the archive.
    """
    same = (articles.c.site == site, articles.c.language == language)
    if not is_postgres(conn):
        return sa.select(*cols).where(
            *same, articles.c.site_article_id.in_(article_ids)
        )
    id_type = articles.c.site_article_id.type
    wanted = (
        sa.func.unnest(sa.cast(list(article_ids), postgresql.ARRAY(id_type)))
        .table_valued("site_article_id")
        .render_derived(name="wanted")
    )
    match = wanted.c.site_article_id
    found = sa.select(*cols).where(*same, articles.c.site_article_id == match)
    lookup = found.limit(1).lateral("found")
    return sa.select(lookup).select_from(wanted).join(lookup, sa.true())


def match_refs(conn: sa.Connection, refs: Iterable[Ref]) -> dict[Ref, int]:
    """The article id each identity names; ambiguous or unknown ones are left out."""
    groups: dict[tuple[str | None, str | None], set[str]] = {}
    for site, language, site_article_id in refs:
        groups.setdefault((site, language), set()).add(site_article_id)
    found: dict[Ref, int] = {}
    columns = (articles.c.site_article_id, articles.c.id)
    # One (site, language) at a time with ``site_article_id IN (...)``: the
    # unique index answers it (a row-value IN list would scan the table).
    for (site, language), article_ids in groups.items():
        candidates: dict[str, list[int]] = {}
        for chunk in chunks(sorted(article_ids), IN_CHUNK):
            if site is not None and language is not None:
                stmt = select_by_key(conn, columns, site, language, chunk)
            else:
                stmt = sa.select(*columns).where(articles.c.site_article_id.in_(chunk))
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

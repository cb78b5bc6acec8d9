"""Reading the archive: one article with everything around it, known ids, stats."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from archive.identity import Ref, match_refs
from archive.schema import (
    LINK_KINDS,
    article_versions,
    articles,
    crawl_runs,
    failures,
    links,
    pages,
    view_counts,
)


def known_articles(conn: sa.Connection, site: str) -> dict[tuple[str, str], str | None]:
    """``(language, site_article_id) -> published_at`` for every article of ``site``."""
    stmt = sa.select(
        articles.c.language, articles.c.site_article_id, articles.c.published_at
    ).where(articles.c.site == site)
    return {
        (row.language, row.site_article_id): row.published_at
        for row in conn.execute(stmt)
    }


def articles_published_since(conn: sa.Connection, site: str, since: str) -> list[str]:
    """URLs of ``site``'s articles published on or after ``since``, newest first."""
    stmt = (
        sa.select(articles.c.url)
        .where(articles.c.site == site, articles.c.published_at >= since)
        .order_by(articles.c.published_at.desc(), articles.c.id.desc())
    )
    urls: list[str] = list(conn.execute(stmt).scalars())
    return urls


def find_article_id(
    conn: sa.Connection, id_or_url: int | str, ref: Ref | None = None
) -> int | None:
    """Resolve an id or a canonical URL to an article id, else the identity
    ``ref`` the caller computed from the URL (``(site, language, id)``)."""
    if isinstance(id_or_url, int) or str(id_or_url).strip().isdigit():
        stmt = sa.select(articles.c.id).where(articles.c.id == int(id_or_url))
        found = conn.execute(stmt).scalar_one_or_none()
        return None if found is None else int(found)
    url = str(id_or_url).strip()
    found = conn.execute(
        sa.select(articles.c.id).where(articles.c.url == url)
    ).scalar_one_or_none()
    if found is not None:
        return int(found)
    if ref is None:
        return None
    return match_refs(conn, [ref]).get(ref)


def get_article(
    conn: sa.Connection, id_or_url: int | str, ref: Ref | None = None
) -> dict[str, Any] | None:
    """The article row plus its links (``in_archive``, ``archive_id``), view
    history, earlier versions and stored pages (without bodies)."""
    article_id = find_article_id(conn, id_or_url, ref)
    if article_id is None:
        return None
    row = conn.execute(
        sa.select(articles).where(articles.c.id == article_id)
    ).mappings()
    article = dict(row.one())
    article["extraction_warnings"] = json.loads(article["extraction_warnings"] or "[]")
    article["tags"] = json.loads(article["tags"] or "[]")
    link_rows = conn.execute(
        sa.select(
            links.c.kind,
            links.c.position,
            links.c.url,
            links.c.title,
            links.c.published_at,
            links.c.views,
            links.c.reporter,
            links.c.target_language,
            links.c.target_site_article_id,
        )
        .where(links.c.article_id == article_id)
        .order_by(links.c.kind, links.c.position)
    ).mappings()
    found = [dict(link) for link in link_rows]
    # a link's target: the article of the same site with the identity given
    link_refs: list[Ref | None] = [
        (article["site"], link.pop("target_language"), target_id)
        if (target_id := link.pop("target_site_article_id"))
        else None
        for link in found
    ]
    targets = match_refs(conn, {r for r in link_refs if r is not None})
    for kind in LINK_KINDS:
        article[kind] = []
    for item, link_ref in zip(found, link_refs, strict=True):
        kind = item.pop("kind")
        item["archive_id"] = None if link_ref is None else targets.get(link_ref)
        item["in_archive"] = item["archive_id"] is not None
        article[kind].append(item)
    article["view_history"] = [
        dict(r)
        for r in conn.execute(
            sa.select(
                view_counts.c.observed_at,
                view_counts.c.views,
                view_counts.c.source,
                view_counts.c.run_id,
            )
            .where(view_counts.c.article_id == article_id)
            .order_by(view_counts.c.observed_at, view_counts.c.id)
        ).mappings()
    ]
    article["versions"] = [
        dict(r)
        for r in conn.execute(
            sa.select(article_versions)
            .where(article_versions.c.article_id == article_id)
            .order_by(article_versions.c.replaced_at, article_versions.c.id)
        ).mappings()
    ]
    article["pages"] = [
        dict(r)
        for r in conn.execute(
            sa.select(
                pages.c.id,
                pages.c.url,
                pages.c.fetched_at,
                pages.c.last_fetched_at,
                pages.c.fetch_count,
                pages.c.status,
                pages.c.sha256,
            )
            .where(pages.c.article_id == article_id)
            .order_by(pages.c.id)
        ).mappings()
    ]
    return article


def _grouped(
    conn: sa.Connection, expr: sa.ColumnElement[Any], limit: int | None
) -> list[dict[str, Any]]:
    label = expr.label("value")
    count = sa.func.count().label("count")
    stmt = sa.select(label, count).group_by(label)
    stmt = stmt.order_by(count.desc(), label) if limit else stmt.order_by(label)
    if limit:
        stmt = stmt.limit(limit)
    return [{"value": r.value, "count": r.count} for r in conn.execute(stmt)]


def stats(conn: sa.Connection, *, top: int = 20, runs: int = 5) -> dict[str, Any]:
    """Counts of articles by site, language, month, category, reporter; latest runs."""

    def count(table: sa.Table, *where: sa.ColumnElement[bool]) -> int:
        stmt = sa.select(sa.func.count()).select_from(table).where(*where)
        return int(conn.execute(stmt).scalar_one())

    month = sa.func.substr(articles.c.published_at, 1, 7)
    return {
        "totals": {
            "articles": count(articles),
            "links": count(links),
            "view_counts": count(view_counts),
            "article_versions": count(article_versions),
            "pages": count(pages),
            "open_failures": count(failures, failures.c.resolved_at.is_(None)),
            "crawl_runs": count(crawl_runs),
        },
        "by_site": _grouped(conn, articles.c.site, None),
        "by_language": _grouped(conn, articles.c.language, None),
        "by_month": _grouped(conn, month, None),
        "by_category": _grouped(conn, articles.c.category, top),
        "by_reporter": _grouped(conn, articles.c.reporter, top),
        "latest_runs": [
            dict(r)
            for r in conn.execute(
                sa.select(crawl_runs).order_by(crawl_runs.c.id.desc()).limit(runs)
            ).mappings()
        ],
    }

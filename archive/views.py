"""View-count observations: ``view_counts`` rows and the latest count on articles."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from archive.errors import InvalidRowError, UnknownFieldError
from archive.rows import IN_CHUNK, KEY_CHUNK, check_int, chunks
from archive.schema import (
    LINK_FIELDS,
    VIEW_SOURCES,
    articles,
    bulk_execute,
    dialect_insert,
    view_counts,
)
from archive.urls import article_key


def upsert_view_counts(conn: sa.Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert view observations; one row per (article, run, source), latest wins.

    Without a run (``run_id`` None) the unique index cannot merge rows, so an
    observation identical to a stored one (article, source, time) is skipped:
    saving the same page twice does not double its history.
    """
    loose = [row for row in rows if row["run_id"] is None]
    if loose:
        seen: set[tuple[Any, ...]] = set()
        ids = sorted({row["article_id"] for row in loose})
        for chunk in chunks(ids, IN_CHUNK):
            stmt = sa.select(
                view_counts.c.article_id,
                view_counts.c.source,
                view_counts.c.observed_at,
            ).where(view_counts.c.run_id.is_(None), view_counts.c.article_id.in_(chunk))
            seen.update(tuple(r) for r in conn.execute(stmt))
        kept = []
        for row in rows:
            key = (row["article_id"], row["source"], row["observed_at"])
            if row["run_id"] is None:
                if key in seen:
                    continue
                seen.add(key)
            kept.append(row)
        rows = kept

    def build() -> Any:
        stmt = dialect_insert(conn, view_counts)
        return stmt.on_conflict_do_update(
            index_elements=["article_id", "run_id", "source"],
            set_={
                "views": stmt.excluded.views,
                "observed_at": stmt.excluded.observed_at,
            },
            where=stmt.excluded.observed_at >= view_counts.c.observed_at,
        )

    bulk_execute(conn, "upsert:view_counts", build, rows)


_OBSERVATION_KEYS = frozenset({"source", *LINK_FIELDS})


def record_views(
    conn: sa.Connection,
    observations: Iterable[Mapping[str, Any]],
    *,
    observed_at: str,
    run_id: int | None,
    site: str | None,
) -> int:
    """Record view counts seen for other articles; return how many rows were kept.

    Each observation is ``{url, views, source}`` (a link dict plus ``source`` is
    accepted). Articles are matched on their canonical URL, else on the
    ``(language, site_article_id)`` parsed from the URL (within ``site`` when
    given; ambiguous or unknown articles are skipped). Per (article, source) the
    highest count in one call is kept, and ``view_counts`` holds at most one row
    per (article, run, source).
    """
    valid: list[tuple[str, int, str]] = []
    for obs in observations:
        if not isinstance(obs, Mapping):
            raise InvalidRowError(f"a view observation must be a dict, not {obs!r}")
        unknown = set(obs) - _OBSERVATION_KEYS
        if unknown:
            raise UnknownFieldError(f"unknown observation field(s): {sorted(unknown)}")
        url, views, source = obs.get("url"), obs.get("views"), obs.get("source")
        if not isinstance(url, str) or not url:
            raise InvalidRowError(f"a view observation needs a url: {obs!r}")
        if source not in VIEW_SOURCES:
            raise InvalidRowError(f"view source must be one of {VIEW_SOURCES}: {obs!r}")
        check_int(f"observation {url!r}", "views", views)
        if views is not None:
            valid.append((url, views, source))
    if not valid:
        return 0
    ids = _match_urls(conn, {url for url, _, _ in valid}, site)
    best: dict[tuple[int, str], int] = {}
    for url, views, source in valid:
        article_id = ids.get(url)
        if article_id is not None:
            slot = (article_id, source)
            best[slot] = max(views, best.get(slot, views))
    rows = [
        {
            "article_id": article_id,
            "observed_at": observed_at,
            "views": views,
            "source": source,
            "run_id": run_id,
        }
        for (article_id, source), views in best.items()
    ]
    upsert_view_counts(conn, rows)
    latest: dict[int, int] = {}
    for (article_id, _), views in best.items():
        latest[article_id] = max(views, latest.get(article_id, views))
    if latest:
        conn.execute(
            articles.update()
            .where(articles.c.id == sa.bindparam("_id"))
            .where(
                sa.or_(
                    articles.c.views_seen_at.is_(None),
                    articles.c.views_seen_at <= sa.bindparam("_at"),
                )
            )
            .values(views=sa.bindparam("_views"), views_seen_at=sa.bindparam("_at")),
            [{"_id": i, "_views": v, "_at": observed_at} for i, v in latest.items()],
        )
    return len(rows)


def _match_urls(
    conn: sa.Connection, urls: set[str], site: str | None
) -> dict[str, int]:
    """Map each URL to an article id (canonical URL first, then parsed key)."""
    found: dict[str, int] = {}
    url_list = sorted(urls)
    for chunk in chunks(url_list, 900):
        stmt = sa.select(articles.c.url, articles.c.id).where(articles.c.url.in_(chunk))
        found.update({row.url: row.id for row in conn.execute(stmt)})
    by_key: dict[tuple[str, str], list[str]] = {}
    for url in url_list:
        key = article_key(url) if url not in found else None
        if key is not None:
            by_key.setdefault(key, []).append(url)
    # One language at a time with ``site_article_id IN (...)``: SQLite answers a
    # row-value ``(a, b) IN (VALUES ...)`` with a full scan, this with the index.
    matches: dict[tuple[str, str], list[int]] = {}
    languages = sorted({language for language, _ in by_key})
    for language in languages:
        ids = sorted(i for lang, i in by_key if lang == language)
        for chunk in chunks(ids, KEY_CHUNK):
            stmt = sa.select(articles.c.site_article_id, articles.c.id).where(
                articles.c.language == language,
                articles.c.site_article_id.in_(chunk),
            )
            if site is not None:
                stmt = stmt.where(articles.c.site == site)
            for row in conn.execute(stmt):
                matches.setdefault((language, row.site_article_id), []).append(row.id)
    for key, article_ids in matches.items():
        if len(article_ids) == 1:  # the same key on two sites is ambiguous
            for url in by_key[key]:
                found[url] = article_ids[0]
    return found

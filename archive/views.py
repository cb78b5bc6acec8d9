"""View-count observations: ``view_counts`` rows and the latest count on articles."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from archive.backends import is_postgres
from archive.errors import InvalidRowError, UnknownFieldError
from archive.identity import Ref, match_refs, match_urls
from archive.rows import IN_CHUNK, check_int, check_str, chunks
from archive.schema import LINK_FIELDS, VIEW_SOURCES, articles, view_counts
from archive.statements import bulk_execute, dialect_insert


def upsert_view_counts(conn: sa.Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert view observations; one row per (article, run, source), latest wins.

    Without a run (``run_id`` None) the unique index cannot merge rows, so an
    observation identical to a stored one (article, source, time) is skipped:
    saving the same page twice does not double its history. (On PostgreSQL a
    unique index on those columns makes it ``ON CONFLICT DO NOTHING``.)
    """
    if is_postgres(conn):
        _insert_loose_counts(conn, [row for row in rows if row["run_id"] is None])
        rows = [row for row in rows if row["run_id"] is not None]
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


def _insert_loose_counts(
    conn: sa.Connection, rows: Sequence[Mapping[str, Any]]
) -> None:
    def build() -> Any:
        return dialect_insert(conn, view_counts).on_conflict_do_nothing(
            index_elements=["article_id", "source", "observed_at"],
            index_where=view_counts.c.run_id.is_(None),
        )

    bulk_execute(conn, "insert-loose:view_counts", build, rows)


#: An observation's key: the observed article's identity, computed by the caller.
OBSERVATION_KEY_FIELDS: tuple[str, ...] = ("site", "language", "site_article_id")
_OBSERVATION_KEYS = frozenset({"source", *LINK_FIELDS, *OBSERVATION_KEY_FIELDS})


def record_views(
    conn: sa.Connection,
    observations: Iterable[Mapping[str, Any]],
    *,
    observed_at: str,
    run_id: int | None,
    site: str | None,
) -> int:
    """Record view counts seen for other articles; return how many rows were kept.

    Each observation is ``{url, views, source}`` plus the observed article's
    identity as the caller computed it: ``site`` (default: ``site`` here),
    ``language`` (None: any) and ``site_article_id`` (None: not a known
    article). Articles are matched on that identity, else on ``url`` being
    exactly an article's canonical URL; ambiguous or unknown articles are
    skipped (link fields such as ``title`` are accepted and ignored). Per
    (article, source) the highest count in one call is kept, and
    ``view_counts`` holds at most one row per (article, run, source). The
    article's latest count (``articles.views``) is set too, unless another
    writer holds that row at this moment (PostgreSQL): its write is as recent.
    """
    valid: list[tuple[str, Ref | None, int, str]] = []
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
        for name in OBSERVATION_KEY_FIELDS:
            check_str(f"observation {url!r}", name, obs.get(name))
        if views is not None:
            valid.append((url, _ref(obs, site), views, source))
    if not valid:
        return 0
    by_ref = match_refs(conn, {ref for _, ref, _, _ in valid if ref is not None})
    by_url = match_urls(
        conn, {url for url, ref, _, _ in valid if ref is None or ref not in by_ref}
    )
    best: dict[tuple[int, str], int] = {}
    for url, ref, views, source in valid:
        article_id = by_ref.get(ref) if ref is not None else None
        if article_id is None:
            article_id = by_url.get(url)
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
        # Another writer may hold the row (it saves that article, or records
        # its views at this moment): skip it rather than wait, so writers that
        # observe each other's articles never deadlock (see lock_writes).
        free = (
            sa.select(articles.c.id)
            .where(articles.c.id == sa.bindparam("_id"))
            .with_for_update(key_share=True, skip_locked=True)
            .scalar_subquery()
        )
        conn.execute(
            articles.update()
            .where(articles.c.id == free)
            .where(
                sa.or_(
                    articles.c.views_seen_at.is_(None),
                    articles.c.views_seen_at <= sa.bindparam("_at"),
                )
            )
            .values(views=sa.bindparam("_views"), views_seen_at=sa.bindparam("_at")),
            [
                {"_id": i, "_views": v, "_at": observed_at}
                for i, v in sorted(latest.items())
            ],
        )
    return len(rows)


def _ref(obs: Mapping[str, Any], site: str | None) -> Ref | None:
    """The identity an observation gives (None when it names no article)."""
    site_article_id = obs.get("site_article_id")
    if not site_article_id:
        return None
    return (obs.get("site") or site, obs.get("language"), site_article_id)

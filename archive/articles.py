"""Saving articles: upsert keyed by (site, language, id), versions, links.

Functions here run on a SQLAlchemy connection inside the caller's transaction
(see :class:`archive.store.Archive`); rows are plain dicts, never Scrapy items.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from archive.backends import is_postgres
from archive.identity import select_by_key
from archive.rows import IN_CHUNK, chunks, validate_article
from archive.schema import (
    CONTENT_FIELDS,
    LINK_KINDS,
    article_versions,
    articles,
    failures,
    links,
)
from archive.statements import bulk_insert, dialect_insert
from archive.views import upsert_view_counts

_EXISTING_COLUMNS = (
    "id",
    "site",
    "language",
    "site_article_id",
    "url",
    "views",
    "views_seen_at",
    "first_seen_at",
    "last_seen_at",
    "extractor_version",
    *CONTENT_FIELDS,
)

Key = tuple[str, str, str]  # (site, language, site_article_id)


@dataclass(frozen=True, slots=True)
class SaveResult:
    """Outcome of saving one article: its id and ``new``/``updated``/``unchanged``."""

    article_id: int
    status: str
    changed: tuple[str, ...] = ()  # content fields that differ (when ``updated``)


def _key(row: Mapping[str, Any] | sa.RowMapping) -> Key:
    return (row["site"], row["language"], row["site_article_id"])


def _existing(
    conn: sa.Connection,
    keys: Sequence[Key],
    columns: Sequence[str] = _EXISTING_COLUMNS,
) -> dict[Key, dict[str, Any]]:
    names = dict.fromkeys(("site", "language", "site_article_id", *columns))
    cols = [articles.c[name] for name in names]
    groups: dict[tuple[str, str], list[str]] = {}
    for site, language, site_article_id in keys:
        groups.setdefault((site, language), []).append(site_article_id)
    found: dict[Key, dict[str, Any]] = {}
    for (site, language), article_ids in groups.items():
        for chunk in chunks(article_ids, IN_CHUNK):
            stmt = select_by_key(conn, cols, site, language, chunk)
            for row in conn.execute(stmt).mappings():
                found[_key(row)] = dict(row)
    return found


def save_articles(
    conn: sa.Connection,
    items: Iterable[Mapping[str, Any]],
    *,
    observed_at: str,
    run_id: int | None,
) -> list[SaveResult]:
    """Upsert articles keyed by (site, language, site_article_id); see ``Archive``."""
    rows = [validate_article(item) for item in items]
    results: list[SaveResult | None] = [None] * len(rows)
    pending = list(enumerate(rows))
    while pending:  # a key repeated within one call is saved in a later round
        seen: set[Key] = set()
        batch: list[tuple[int, dict[str, Any]]] = []
        later: list[tuple[int, dict[str, Any]]] = []
        for index, row in pending:
            (later if _key(row) in seen else batch).append((index, row))
            seen.add(_key(row))
        saved, lost = _save_batch(conn, batch, observed_at, run_id)
        for index, result in saved:
            results[index] = result
        # A concurrent writer inserted these first: saved as updates next round.
        pending = sorted(later + lost, key=lambda item: item[0])
    return [r for r in results if r is not None]


def _article_values(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "url": row["url"],
        "extractor_version": row["extractor_version"],
        "extraction_warnings": json.dumps(
            row["extraction_warnings"], ensure_ascii=False
        ),
        "tags": json.dumps(row["tags"], ensure_ascii=False),
        **{name: row[name] for name in CONTENT_FIELDS},
    }


def _save_batch(
    conn: sa.Connection,
    batch: Sequence[tuple[int, dict[str, Any]]],
    observed_at: str,
    run_id: int | None,
) -> tuple[list[tuple[int, SaveResult]], list[tuple[int, dict[str, Any]]]]:
    """Save one batch of distinct keys; also returns the rows another writer
    inserted in the meantime (to be saved again, as updates)."""
    lock_writes(conn, [_key(row) for _, row in batch])
    existing = _existing(conn, [_key(row) for _, row in batch])
    new: list[tuple[int, dict[str, Any]]] = []
    changed_rows: list[dict[str, Any]] = []
    same_rows: list[dict[str, Any]] = []
    versions: list[dict[str, Any]] = []
    out: list[tuple[int, SaveResult]] = []
    ids: dict[int, int] = {}  # batch index -> article id
    for index, row in batch:
        old = existing.get(_key(row))
        if old is None:
            new.append((index, row))
            continue
        ids[index] = old["id"]
        changed = tuple(f for f in CONTENT_FIELDS if row[f] != old[f])
        keep_views = row["views"] is None or (
            old["views_seen_at"] is not None and observed_at < old["views_seen_at"]
        )
        values = {
            "_id": old["id"],
            "url": row["url"],
            "extractor_version": row["extractor_version"],
            "extraction_warnings": json.dumps(
                row["extraction_warnings"], ensure_ascii=False
            ),
            "tags": json.dumps(row["tags"], ensure_ascii=False),
            "first_seen_at": min(old["first_seen_at"], observed_at),
            "last_seen_at": max(old["last_seen_at"], observed_at),
            "views": old["views"] if keep_views else row["views"],
            "views_seen_at": old["views_seen_at"] if keep_views else observed_at,
        }
        if changed:
            values.update({name: row[name] for name in CONTENT_FIELDS})
            changed_rows.append(values)
            versions.append(
                {
                    "article_id": old["id"],
                    "replaced_at": observed_at,
                    "extractor_version": old["extractor_version"],
                    **{name: old[name] for name in CONTENT_FIELDS},
                }
            )
        else:
            same_rows.append(values)
        status = "updated" if changed else "unchanged"
        out.append((index, SaveResult(old["id"], status, changed)))

    lost: list[tuple[int, dict[str, Any]]] = []
    if new:
        taken = _insert_new(
            conn,
            [
                {
                    **_article_values(row),
                    "site": row["site"],
                    "language": row["language"],
                    "site_article_id": row["site_article_id"],
                    "views": row["views"],
                    "views_seen_at": None if row["views"] is None else observed_at,
                    "first_seen_at": observed_at,
                    "last_seen_at": observed_at,
                }
                for _, row in new
            ],
        )
        lost = [(i, row) for i, row in new if _key(row) not in taken]
        new = [(i, row) for i, row in new if _key(row) in taken]
        lost_indexes = {i for i, _ in lost}
        batch = [(i, row) for i, row in batch if i not in lost_indexes]
        for index, row in new:
            article_id = taken[_key(row)]
            ids[index] = article_id
            out.append((index, SaveResult(article_id, "new")))
    if versions:
        conn.execute(article_versions.insert(), versions)
    for group in (changed_rows, same_rows):
        if group:
            names = [k for k in group[0] if k != "_id"]
            stmt = (
                articles.update()
                .where(articles.c.id == sa.bindparam("_id"))
                .values({name: sa.bindparam(name) for name in names})
            )
            conn.execute(stmt, group)

    new_indexes = {index for index, _ in new}
    renew = [index for index, _ in batch if index not in new_indexes]
    _replace_links(conn, dict(batch), ids, renew)
    counts = [
        {
            "article_id": ids[index],
            "observed_at": observed_at,
            "views": row["views"],
            "source": "article",
            "run_id": run_id,
        }
        for index, row in batch
        if row["views"] is not None
    ]
    upsert_view_counts(conn, counts)
    _resolve_failures(conn, [row for _, row in batch], observed_at)
    return out, lost


def lock_writes(
    conn: sa.Connection, keys: Iterable[Key] = (), urls: Iterable[str] = ()
) -> None:
    """PostgreSQL: take the advisory locks of a write, in one global order.

    One transaction lock per article key (whoever inserts or updates an
    article holds it) and per page URL (whoever stores a page of that URL or
    resolves its failures holds it), all in one statement, in ascending lock
    id. A transaction that takes every lock of its batch here, before any row
    lock, waits for another writer only while it holds no row lock; the rows
    other writers lock (the views of articles they observe) are updated with
    ``SKIP LOCKED`` (:func:`archive.views.record_views`), so concurrent
    batches cannot deadlock, and the second writer of an article reads what
    the first committed (an update, never a lost one). SQLite's write lock
    does all this already; taking a lock again is free.
    """
    if not is_postgres(conn):
        return
    ids = {_lock_id("article", *key) for key in keys}
    ids.update(_lock_id("url", url) for url in urls)
    if ids:
        conn.execute(
            sa.text(
                "SELECT pg_advisory_xact_lock(k) FROM unnest(CAST(:ids AS bigint[])) k"
            ),
            {"ids": sorted(ids)},  # a function scan keeps the array's order
        )


def _lock_id(*parts: str) -> int:
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _insert_new(conn: sa.Connection, rows: Sequence[dict[str, Any]]) -> dict[Key, int]:
    """INSERT new articles; return the keys this call inserted, with their ids.

    SQLite: plain executemany (what raw sqlite3 does) under the write lock,
    every row goes in. PostgreSQL: ``ON CONFLICT DO NOTHING`` on the unique
    key, so a row a concurrent writer inserted first is skipped (not a
    duplicate, not an IntegrityError) and left out of the returned keys;
    ``RETURNING`` gives the ids.
    """
    if not is_postgres(conn):
        bulk_insert(conn, articles, rows)
        found = _existing(conn, [_key(row) for row in rows], ("id",))
        return {key: row["id"] for key, row in found.items()}
    stmt = dialect_insert(conn, articles).on_conflict_do_nothing(
        index_elements=["site", "language", "site_article_id"]
    )
    columns = (articles.c.site, articles.c.language, articles.c.site_article_id)
    result = conn.execute(stmt.returning(*columns, articles.c.id), list(rows))
    return {(r.site, r.language, r.site_article_id): r.id for r in result}


def _replace_links(
    conn: sa.Connection,
    rows: Mapping[int, Mapping[str, Any]],
    ids: Mapping[int, int],
    renew: Sequence[int],
) -> None:
    if renew:
        for chunk in chunks([ids[i] for i in renew], 900):
            conn.execute(links.delete().where(links.c.article_id.in_(chunk)))
    values = []
    for index, row in rows.items():
        for kind in LINK_KINDS:
            for position, link in enumerate(row[kind], start=1):
                # the target's identity, as the extractor gave it (same site)
                values.append(
                    {
                        "article_id": ids[index],
                        "kind": kind,
                        "position": position,
                        **link,
                    }
                )
    if values:
        bulk_insert(conn, links, values)


def _resolve_failures(
    conn: sa.Connection, rows: Sequence[Mapping[str, Any]], at: str
) -> None:
    """Resolve open failures of these articles: by URL, or by the identity the
    failure was given (its site or language, when NULL, matches any)."""
    open_ = failures.c.resolved_at.is_(None)
    ids: set[int] = set()
    for chunk in chunks([row["url"] for row in rows], IN_CHUNK):
        stmt = sa.select(failures.c.id).where(open_, failures.c.url.in_(chunk))
        ids.update(conn.execute(stmt).scalars())
    saved: dict[str, set[tuple[str, str]]] = {}
    for site, language, site_article_id in map(_key, rows):
        saved.setdefault(site_article_id, set()).add((site, language))
    for chunk in chunks(sorted(saved), IN_CHUNK):
        stmt = sa.select(
            failures.c.id,
            failures.c.site,
            failures.c.language,
            failures.c.site_article_id,
        ).where(open_, failures.c.site_article_id.in_(chunk))
        for failure in conn.execute(stmt):
            if any(
                failure.site in (None, site) and failure.language in (None, language)
                for site, language in saved[failure.site_article_id]
            ):
                ids.add(failure.id)
    for chunk in chunks(sorted(ids), IN_CHUNK):
        conn.execute(
            failures.update().where(failures.c.id.in_(chunk)).values(resolved_at=at)
        )

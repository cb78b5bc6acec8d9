"""Raw fetched pages (compressed, deduplicated by sha256) and the failures table."""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import sqlalchemy as sa

from archive.backends import is_postgres
from archive.errors import InvalidRowError
from archive.rows import check_str
from archive.schema import FAILURE_STAGES, failures, pages
from archive.statements import dialect_insert, execute_compiled, inserted_id

#: Response headers worth keeping as evidence (lower-case); cookies are never kept.
KEPT_HEADERS: frozenset[str] = frozenset(
    {
        "age",
        "cache-control",
        "content-encoding",
        "content-language",
        "content-length",
        "content-type",
        "date",
        "etag",
        "expires",
        "last-modified",
        "link",
        "location",
        "retry-after",
        "server",
        "vary",
        "via",
        "x-cache",
        "x-powered-by",
    }
)
_PAGE_CHUNK = 100


def _header_text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if isinstance(value, list | tuple):
        return ", ".join(_header_text(v) for v in value)
    return str(value)


def kept_headers(headers: Mapping[Any, Any]) -> dict[str, str]:
    """The headers that matter, with lower-case names and text values."""
    kept: dict[str, str] = {}
    for name, value in headers.items():
        key = _header_text(name).strip().lower()
        if key in KEPT_HEADERS:
            kept[key] = _header_text(value)
    return dict(sorted(kept.items()))


def save_page(
    conn: sa.Connection,
    *,
    url: str,
    final_url: str | None,
    fetched_at: str,
    status: int | None,
    headers: Mapping[Any, Any],
    body: bytes,
    run_id: int | None,
    article_id: int | None,
) -> int:
    """Store a fetched page; an identical body already stored for ``url`` is
    only noted (``last_fetched_at``, ``fetch_count``). Returns the page id."""
    if not isinstance(body, bytes | bytearray | memoryview):
        raise InvalidRowError(f"page body must be bytes, not {type(body).__name__}")
    data = bytes(body)
    digest = hashlib.sha256(data).hexdigest()
    values = {
        "url": url,
        "final_url": final_url,
        "fetched_at": fetched_at,
        "last_fetched_at": fetched_at,
        "status": status,
        "headers": json.dumps(kept_headers(headers), ensure_ascii=False),
        "sha256": digest,
        "body": zlib.compress(data, 6),
        "article_id": article_id,
        "run_id": run_id,
    }
    if is_postgres(conn):
        return _upsert_page(conn, values)
    found = execute_compiled(
        conn, "pages:find", _find_page, {"_url": url, "_sha": digest}
    ).first()
    if found is not None:
        execute_compiled(
            conn,
            "pages:noted",
            _note_page,
            {
                "_id": found.id,
                "_at": max(found.last_fetched_at or fetched_at, fetched_at),
                "_article": article_id,
            },
        )
        return int(found.id)
    result = execute_compiled(conn, "pages:insert", pages.insert, values)
    if result.lastrowid is None:
        raise RuntimeError("INSERT returned no primary key")
    return int(result.lastrowid)


def _find_page() -> sa.Select[Any]:
    return (
        sa.select(pages.c.id, pages.c.last_fetched_at)
        .where(
            pages.c.url == sa.bindparam("_url"), pages.c.sha256 == sa.bindparam("_sha")
        )
        .order_by(pages.c.id.desc())
        .limit(1)
    )


def _note_page() -> sa.Update:
    return (
        pages.update()
        .where(pages.c.id == sa.bindparam("_id"))
        .values(
            last_fetched_at=sa.bindparam("_at"),
            fetch_count=pages.c.fetch_count + 1,
            article_id=sa.func.coalesce(pages.c.article_id, sa.bindparam("_article")),
        )
    )


def _upsert_page(conn: sa.Connection, values: dict[str, Any]) -> int:
    """PostgreSQL: ``INSERT … ON CONFLICT (url, sha256) DO UPDATE``, so
    concurrent writers of the same page never store it twice (a plain UPDATE
    first: a conflicting INSERT would use up an id)."""
    noted = conn.execute(
        pages.update()
        .where(pages.c.url == values["url"], pages.c.sha256 == values["sha256"])
        .values(
            last_fetched_at=sa.func.greatest(
                sa.func.coalesce(pages.c.last_fetched_at, values["fetched_at"]),
                values["fetched_at"],
            ),
            fetch_count=pages.c.fetch_count + 1,
            article_id=sa.func.coalesce(pages.c.article_id, values["article_id"]),
        )
        .returning(pages.c.id)
    ).scalar_one_or_none()
    if noted is not None:
        return int(noted)
    stmt = dialect_insert(conn, pages).values(values)
    stmt = stmt.on_conflict_do_update(
        index_elements=["url", "sha256"],
        set_={
            "last_fetched_at": sa.func.greatest(
                sa.func.coalesce(pages.c.last_fetched_at, stmt.excluded.fetched_at),
                stmt.excluded.fetched_at,
            ),
            "fetch_count": pages.c.fetch_count + 1,
            "article_id": sa.func.coalesce(
                pages.c.article_id, stmt.excluded.article_id
            ),
        },
    )
    return int(conn.execute(stmt.returning(pages.c.id)).scalar_one())


def link_pages(conn: sa.Connection, pairs: Iterable[tuple[int, int]]) -> None:
    """Set ``pages.article_id`` for ``(page_id, article_id)`` pairs."""
    values = [{"_page": page, "_article": article} for page, article in pairs]
    if values:
        conn.execute(
            pages.update()
            .where(pages.c.id == sa.bindparam("_page"))
            .values(article_id=sa.bindparam("_article")),
            values,
        )


def page_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A stored page row with its body decompressed and headers parsed."""
    out = dict(row)
    out["body"] = zlib.decompress(out["body"])
    out["headers"] = json.loads(out["headers"] or "{}")
    return out


def iter_pages(
    connect: Any, since: str | None, batch: int = _PAGE_CHUNK
) -> Iterator[dict[str, Any]]:
    """Yield stored pages in id order, ``batch`` rows per query (keyset paging).

    ``connect`` is a callable returning a connection, so the caller may write to
    the archive between rows without holding a read cursor open.
    """
    last_id = 0
    while True:
        conn = connect()
        stmt = sa.select(pages).where(pages.c.id > last_id)
        if since is not None:
            stmt = stmt.where(pages.c.fetched_at >= since)
        rows = conn.execute(stmt.order_by(pages.c.id).limit(batch)).mappings().all()
        if conn.in_transaction():
            conn.rollback()
        if not rows:
            return
        for row in rows:
            yield page_row(row)
        last_id = rows[-1]["id"]


def record_failure(
    conn: sa.Connection,
    *,
    url: str,
    stage: str,
    reason: str | None,
    run_id: int | None,
    at: str,
    site: str | None,
    language: str | None,
    site_article_id: str | None,
) -> int:
    """Insert a failure row with the failed article's identity, as the caller
    computed it (``language``/``site_article_id`` None: not an article URL)."""
    if stage not in FAILURE_STAGES:
        raise InvalidRowError(
            f"failure stage must be one of {FAILURE_STAGES}: {stage!r}"
        )
    if not url:
        raise InvalidRowError("a failure needs a url")
    for name, value in (
        ("site", site),
        ("language", language),
        ("site_article_id", site_article_id),
    ):
        check_str(f"failure {url!r}", name, value)
    result = conn.execute(
        failures.insert().values(
            url=url,
            stage=stage,
            reason=reason,
            run_id=run_id,
            at=at,
            site=site,
            language=language if site_article_id else None,
            site_article_id=site_article_id or None,
        )
    )
    return inserted_id(result)


def resolve_failures(conn: sa.Connection, urls: Iterable[str], at: str) -> int:
    """Mark open failures for exactly these URLs resolved; return how many."""
    total = 0
    url_list = list(urls)
    for start in range(0, len(url_list), 900):
        result = conn.execute(
            failures.update()
            .where(failures.c.resolved_at.is_(None))
            .where(failures.c.url.in_(url_list[start : start + 900]))
            .values(resolved_at=at)
        )
        total += result.rowcount
    return total


def unresolved_failures(conn: sa.Connection, site: str | None) -> list[dict[str, Any]]:
    """One dict per URL with open failures: the latest failure plus ``attempts``."""
    open_ = sa.select(
        sa.func.max(failures.c.id).label("id"),
        sa.func.count().label("attempts"),
        sa.func.min(failures.c.at).label("first_at"),
    ).where(failures.c.resolved_at.is_(None))
    if site is not None:
        open_ = open_.where(failures.c.site == site)
    latest = open_.group_by(failures.c.url).subquery()
    stmt = (
        sa.select(failures, latest.c.attempts, latest.c.first_at)
        .join(latest, latest.c.id == failures.c.id)
        .order_by(failures.c.id)
    )
    return [dict(row) for row in conn.execute(stmt).mappings()]

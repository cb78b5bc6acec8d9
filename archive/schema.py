"""The archive's tables, declared explicitly (SQLAlchemy Core), and ``ensure_schema``.

Portable declarations only: everything specific to SQLite (FTS5, triggers,
PRAGMAs, case-insensitive indexes) lives in :mod:`archive.sqlite_schema`, so a
PostgreSQL backend can reuse these tables. Column names are contracts (issues 2,
4 and 5); extra columns are allowed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from archive import backends, pg_schema, sqlite_schema
from archive.errors import SchemaVersionError

SCHEMA_VERSION = 6

metadata = sa.MetaData()

#: The keys of ``dataclasses.asdict(crawler.items.Article)``.
ARTICLE_FIELDS: tuple[str, ...] = (
    "url",
    "site",
    "site_article_id",
    "language",
    "title",
    "published_at",
    "reporter",
    "editor",
    "translator",
    "views",
    "category",
    "image_url",
    "image_caption",
    "photo_credit",
    "body",
    "pull_quote",
    "related",
    "popular",
    "read_also",
    "extraction_warnings",
    "extractor_version",
    "authors",  # derived: ``reporter`` is their join with ", " (not stored)
    "tags",
)
REQUIRED_ARTICLE_FIELDS: tuple[str, ...] = (
    "url",
    "site",
    "site_article_id",
    "language",
)
LINK_KINDS: tuple[str, ...] = ("related", "popular", "read_also")
LINK_FIELDS: tuple[str, ...] = ("url", "title", "published_at", "views", "reporter")
#: A link's target on the linking article's site, as the extractor identified it
#: (both None: not a known article; language None: any language).
LINK_TARGET_FIELDS: tuple[str, ...] = ("target_language", "target_site_article_id")

#: Fields compared to decide new/updated/unchanged and copied to article_versions.
CONTENT_FIELDS: tuple[str, ...] = (
    "title",
    "published_at",
    "reporter",
    "editor",
    "translator",
    "category",
    "image_url",
    "image_caption",
    "photo_credit",
    "body",
    "pull_quote",
)
VIEW_SOURCES: tuple[str, ...] = ("article", "listing", "related", "popular")
RUN_STATUSES: tuple[str, ...] = (
    "running",
    "finished",
    "degraded",
    "failed",
    "interrupted",
)
RUN_COUNTERS: tuple[str, ...] = (
    "listing_pages",
    "article_pages",
    "new",
    "updated",
    "unchanged",
    "failed",
    "retries",
)
FAILURE_STAGES: tuple[str, ...] = ("fetch", "extract")


#: Text compares and sorts by code point on both backends (SQLite's BINARY;
#: on PostgreSQL the "C" collation, whatever the database's locale).
TEXT = sa.Text().with_variant(postgresql.TEXT(collation="C"), "postgresql")


def _text(name: str, **kwargs: object) -> sa.Column[str]:
    return sa.Column(name, TEXT, **kwargs)  # type: ignore[arg-type]


def _article_id() -> sa.Column[int]:
    """``article_id``: the article a row is part of (deleted with it)."""
    return sa.Column(
        "article_id",
        sa.Integer,
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
    )


def _run_id() -> sa.Column[int]:
    """``run_id``: the crawl run that wrote a row (NULL outside a run)."""
    return sa.Column("run_id", sa.Integer, sa.ForeignKey("crawl_runs.id"))


def _and_filter_columns(*lead: str) -> tuple[str, ...]:
    """``lead`` then the other search filter columns: an index that holds them all."""
    return lead + tuple(c for c in sqlite_schema.FILTER_COLUMNS if c not in lead)


articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _text("url", nullable=False, unique=True),
    _text("site", nullable=False),
    _text("site_article_id", nullable=False),
    _text("language", nullable=False),
    _text("title"),
    _text("published_at"),
    _text("reporter"),
    _text("editor"),
    _text("translator"),
    sa.Column("views", sa.Integer),
    _text("category"),
    _text("image_url"),
    _text("image_caption"),
    _text("photo_credit"),
    _text("body"),
    _text("pull_quote"),
    _text("first_seen_at", nullable=False),
    _text("last_seen_at", nullable=False),
    _text("extractor_version"),
    _text("extraction_warnings", nullable=False, server_default="[]"),
    _text("views_seen_at"),  # observed_at of the count now in ``views``
    _text("tags", nullable=False, server_default="[]"),  # JSON list (schema 4)
    sa.UniqueConstraint("site", "language", "site_article_id"),
    # Search indexes: each lists articles in one order and also holds every
    # filter column, so filters are tested without reading the (large) rows.
    # The per-name indexes (reporter, editor, category) are in sqlite_schema.
    # (``id`` right after the order columns: ties list newest id first, as
    # the search orders ask, without a sort.)
    sa.Index("ix_articles_published_at", *_and_filter_columns("published_at", "id")),
    sa.Index(
        "ix_articles_language", *_and_filter_columns("language", "published_at", "id")
    ),
    sa.Index("ix_articles_views", *_and_filter_columns("views", "id")),
    # Covering index for search: filter columns by id (see sqlite_schema.FILTER_INDEX).
    sa.Index("ix_articles_filters", *_and_filter_columns("id")),
)

links = sa.Table(
    "links",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _article_id(),
    _text("kind", nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    _text("url", nullable=False),
    _text("title"),
    _text("published_at"),
    sa.Column("views", sa.Integer),
    _text("reporter"),
    _text("target_language"),  # given with the link: joins to articles.language
    _text("target_site_article_id"),  # … and to articles.site_article_id
    sa.Index("ix_links_article_id", "article_id", "kind", "position"),
    sa.Index("ix_links_target", "target_language", "target_site_article_id"),
)

crawl_runs = sa.Table(
    "crawl_runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _text("site", nullable=False),
    _text("started_at", nullable=False),
    _text("finished_at"),
    _text("updated_at"),  # last start/update/finish: the run's last sign of life
    _text("status", nullable=False),
    sa.Column("pid", sa.Integer),
    _text("hostname"),
    _text("command"),
    _text("log_path"),
    *(
        sa.Column(c, sa.Integer, nullable=False, server_default="0")
        for c in RUN_COUNTERS
    ),
    _text("scope"),  # full | incremental | capped | since | retry (see schema_docs)
    _text("status_reason"),  # why a run ended degraded, failed or interrupted
    _text("crawl_id"),  # shared by the workers of one frontier crawl (else NULL)
    sa.Index("ix_crawl_runs_site_status", "site", "status"),
)

view_counts = sa.Table(
    "view_counts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _article_id(),
    _text("observed_at", nullable=False),
    sa.Column("views", sa.Integer, nullable=False),
    _text("source", nullable=False),
    _run_id(),
    # One row per article per run per source (NULL run_ids are never merged).
    sa.UniqueConstraint("article_id", "run_id", "source", name="uq_view_counts_run"),
    sa.Index("ix_view_counts_article", "article_id", "observed_at"),
    sa.Index("ix_view_counts_observed_at", "observed_at"),
)

failures = sa.Table(
    "failures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _text("url", nullable=False),
    _text("stage", nullable=False),
    _text("reason"),
    _run_id(),
    _text("at", nullable=False),
    _text("resolved_at"),
    _text("site"),  # from the run when not given
    _text("language"),  # given by the caller (NULL for non-article URLs)
    _text("site_article_id"),
    sa.Index("ix_failures_url", "url"),
    sa.Index("ix_failures_key", "site_article_id", "language"),
    sa.Index("ix_failures_open", "resolved_at", "site"),
)

pages = sa.Table(
    "pages",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _text("url", nullable=False),
    _text("final_url"),
    _text("fetched_at", nullable=False),
    sa.Column("status", sa.Integer),
    _text("headers", nullable=False, server_default="{}"),
    _text("sha256", nullable=False),
    sa.Column("body", sa.LargeBinary, nullable=False),  # zlib-compressed
    sa.Column(
        "article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="SET NULL")
    ),
    _run_id(),
    _text("last_fetched_at"),  # latest fetch that returned this same body
    sa.Column("fetch_count", sa.Integer, nullable=False, server_default="1"),
    sa.Index("ix_pages_url_sha256", "url", "sha256"),
    sa.Index("ix_pages_fetched_at", "fetched_at"),
    sa.Index("ix_pages_article_id", "article_id"),
)

article_versions = sa.Table(
    "article_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _article_id(),
    _text("replaced_at", nullable=False),
    *(_text(name) for name in CONTENT_FIELDS),
    _text("extractor_version"),
    sa.Index("ix_article_versions_article", "article_id", "replaced_at"),
)

#: Migration hook: ``MIGRATIONS[v]`` upgrades a version-``v`` archive to ``v + 1``.
MIGRATIONS: dict[int, Callable[[sa.Connection], None]] = {}


def _search_v2(conn: sa.Connection) -> None:
    """v1 → v2: search indexes hold every filter column; the full-text index
    gains a facets column (recreated, then refilled from the articles)."""
    for name in SEARCH_INDEXES:
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
    sqlite_schema.drop_fts(conn)
    _create_all(conn)
    sqlite_schema.rebuild_fts(conn)


SEARCH_INDEXES: tuple[str, ...] = (
    "ix_articles_published_at",
    "ix_articles_language",
    "ix_articles_views",
    "ix_articles_reporter",
    "ix_articles_editor",
    "ix_articles_category",
)
MIGRATIONS[1] = _search_v2


def _run_reason_v3(conn: sa.Connection) -> None:
    """v2 → v3: ``crawl_runs.status_reason`` (why a run is degraded or failed)."""
    columns = {c["name"] for c in sa.inspect(conn).get_columns("crawl_runs")}
    if "status_reason" not in columns:
        conn.exec_driver_sql("ALTER TABLE crawl_runs ADD COLUMN status_reason TEXT")


MIGRATIONS[2] = _run_reason_v3


def _tags_v4(conn: sa.Connection) -> None:
    """v3 → v4: ``articles.tags`` (a JSON list, like ``extraction_warnings``)."""
    columns = {c["name"] for c in sa.inspect(conn).get_columns("articles")}
    if "tags" not in columns:
        conn.exec_driver_sql(
            "ALTER TABLE articles ADD COLUMN tags TEXT NOT NULL DEFAULT '[]'"
        )


MIGRATIONS[3] = _tags_v4


def _crawl_id_v5(conn: sa.Connection) -> None:
    """v4 → v5: ``crawl_runs.crawl_id`` (the frontier crawl a worker's run is of)."""
    columns = {c["name"] for c in sa.inspect(conn).get_columns("crawl_runs")}
    if "crawl_id" not in columns:
        conn.exec_driver_sql("ALTER TABLE crawl_runs ADD COLUMN crawl_id TEXT")


MIGRATIONS[4] = _crawl_id_v5


def _narrow_search_v6(conn: sa.Connection) -> None:
    """v5 → v6: PostgreSQL's search table holds what searches filter and order
    on, and a small ranking vector (SQLite: nothing changes)."""
    if backends.is_postgres(conn):
        pg_schema.narrow_search_table(conn)


MIGRATIONS[5] = _narrow_search_v6


def dialect_insert(conn: sa.Connection, table: sa.Table) -> Any:
    """An INSERT that supports ``on_conflict_do_update`` on SQLite and PostgreSQL."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def inserted_id(result: sa.CursorResult[Any]) -> int:
    """The primary key of the row an INSERT just added."""
    key = result.inserted_primary_key
    if key is None or key[0] is None:
        raise RuntimeError("INSERT returned no primary key")
    return int(key[0])


_COMPILED: dict[
    tuple[str, tuple[str, ...], str],
    tuple[str, tuple[str, ...] | None, dict[str, Any]],
] = {}


def _compiled(
    conn: sa.Connection, name: str, build: Callable[[], Any], keys: tuple[str, ...]
) -> tuple[str, tuple[str, ...] | None, dict[str, Any]]:
    """The SQL of ``build()`` for this dialect, compiled once per (``name``,
    keys): text, positional parameter order (None: named) and constants."""
    cache_key = (name, keys, conn.dialect.name)
    if cache_key not in _COMPILED:
        compiled = build().compile(dialect=conn.dialect, column_keys=list(keys))
        order = tuple(compiled.positiontup) if compiled.positional else None
        # values the statement itself gives (LIMIT 1): every other one is the row's
        params = compiled.params.items()
        constants = {k: v for k, v in params if k not in keys and v is not None}
        _COMPILED[cache_key] = (str(compiled), order, constants)
    return _COMPILED[cache_key]


def _driver_params(
    row: Mapping[str, Any], order: tuple[str, ...] | None, constants: dict[str, Any]
) -> Any:
    if order is None:
        return {**constants, **row}
    return tuple(row[k] if k in row else constants[k] for k in order)


def bulk_execute(
    conn: sa.Connection,
    name: str,
    build: Callable[[], Any],
    rows: Sequence[Mapping[str, Any]],
) -> None:
    """Run the statement ``build()`` once per row through the driver's executemany.

    The statement is compiled once per (``name``, keys, dialect), so it stays
    portable, and the rows go to the DBAPI as plain tuples, skipping
    SQLAlchemy's per-row parameter processing: bulk saves then cost about what
    raw ``executemany`` costs. Only for columns without type processing.
    """
    if not rows:
        return
    sql, order, constants = _compiled(conn, name, build, tuple(rows[0]))
    conn.exec_driver_sql(sql, [_driver_params(row, order, constants) for row in rows])


def execute_compiled(
    conn: sa.Connection, name: str, build: Callable[[], Any], row: Mapping[str, Any]
) -> sa.CursorResult[Any]:
    """Run the statement ``build()`` with one row of parameters, compiled once
    as in :func:`bulk_execute` (a hot statement built and cached by
    SQLAlchemy on every call costs more than the database's work)."""
    sql, order, constants = _compiled(conn, name, build, tuple(row))
    return conn.exec_driver_sql(sql, _driver_params(row, order, constants))


def bulk_insert(
    conn: sa.Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]]
) -> None:
    """INSERT ``rows`` (dicts with the same keys) into ``table`` in one executemany."""
    bulk_execute(conn, f"insert:{table.name}", table.insert, rows)


def _create_all(conn: sa.Connection) -> None:
    metadata.create_all(conn, checkfirst=True)
    for table in metadata.sorted_tables:  # create_all skips an existing table's
        for index in table.indexes:  # indexes, so add missing ones one by one
            index.create(conn, checkfirst=True)
    for statement in backends.schema_statements(conn):
        conn.exec_driver_sql(statement)


def _declared() -> list[str]:
    """The names of the portable tables and their indexes."""
    tables = metadata.sorted_tables
    return [t.name for t in tables] + [str(i.name) for t in tables for i in t.indexes]


def ensure_schema(conn: sa.Connection) -> int:
    """Create or upgrade the schema inside the caller's write transaction.

    Idempotent: every statement is ``IF NOT EXISTS``; an up-to-date
    PostgreSQL archive with every object in place gets none (they would lock
    tables under running writers). Returns the version found
    before (0 for a new archive). Raises :class:`SchemaVersionError` for an
    archive written by a newer warta. Both backends share one line of versions
    and migrations; a new PostgreSQL archive starts at the current version.
    """
    backends.lock_schema(conn)
    found = backends.get_version(conn)
    if found > SCHEMA_VERSION:
        raise SchemaVersionError(
            f"archive schema version {found} is newer than this warta "
            f"(knows {SCHEMA_VERSION}); upgrade warta"
        )
    if found == 0:
        if backends.has_tables(conn):
            raise SchemaVersionError("not a warta archive (has other tables)")
        _create_all(conn)
    elif found < SCHEMA_VERSION or not backends.schema_complete(conn, _declared()):
        for version in range(found, SCHEMA_VERSION):
            MIGRATIONS[version](conn)
        _create_all(conn)  # adds any table or index this code declares but lacks
    if found != SCHEMA_VERSION:
        backends.set_version(conn, SCHEMA_VERSION)
    return found


def check_schema(conn: sa.Connection) -> int:
    """Check (without writing) that ``conn`` holds a usable warta archive."""
    found = backends.get_version(conn)
    if found == 0:
        raise SchemaVersionError("not a warta archive (no schema version)")
    if found > SCHEMA_VERSION:
        raise SchemaVersionError(
            f"archive schema version {found} is newer than this warta "
            f"(knows {SCHEMA_VERSION}); upgrade warta"
        )
    if found < SCHEMA_VERSION:
        raise SchemaVersionError(
            f"archive schema version {found} is older than {SCHEMA_VERSION}; "
            "run `warta upgrade` (or any crawl) to upgrade it"
        )
    return found

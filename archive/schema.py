"""The archive's tables, declared explicitly (SQLAlchemy Core), the field lists
rows are checked against, and ``create_all``.

Portable declarations only: everything specific to SQLite (FTS5, triggers,
PRAGMAs, case-insensitive indexes) lives in :mod:`archive.sqlite_schema`, so a
PostgreSQL backend can reuse these tables. Column names are contracts (issues 2,
4 and 5); extra columns are allowed. Versions and upgrades are
:mod:`archive.schema_version` and :mod:`archive.migrations`.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from archive import backends, sqlite_schema

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


def create_all(conn: sa.Connection) -> None:
    """Create what is missing: declared tables and indexes, backend objects."""
    metadata.create_all(conn, checkfirst=True)
    for table in metadata.sorted_tables:  # create_all skips an existing table's
        for index in table.indexes:  # indexes, so add missing ones one by one
            index.create(conn, checkfirst=True)
    for statement in backends.schema_statements(conn):
        conn.exec_driver_sql(statement)


def declared_names() -> list[str]:
    """The names of the portable tables and their indexes."""
    tables = metadata.sorted_tables
    return [t.name for t in tables] + [str(i.name) for t in tables for i in t.indexes]

"""Everything specific to PostgreSQL in the archive's schema and connections.

The sibling of :mod:`archive.sqlite_fts`: the portable tables come from
:mod:`archive.schema`; this module adds what PostgreSQL does differently:

* the schema version lives in a one-row table ``warta_schema`` (PostgreSQL has
  no ``user_version``); a new PostgreSQL archive starts at the current version;
* ``articles_tsv.search_vector`` (``tsvector``, one row per article: title
  weight A, body B, reporter and editor C; the ``indonesian`` configuration
  for Indonesian articles, ``english`` for others), kept by the trigger
  ``articles_search_vector`` (only when a searched column changes), with a
  GIN index; vectors are stored in the row (``STORAGE MAIN``), so the
  planner sees what a sequential scan would read and uses the index;
* unique indexes that make writes real upserts (``INSERT … ON CONFLICT``) with
  many concurrent writers: pages by (url, sha256), links by position, view
  counts without a run by (article, source, time);
* ``pages.body`` stored ``EXTERNAL``: bodies are zlib-compressed by warta,
  so TOAST keeps them out of line without compressing them again.

An archive is the tables of the connection's current schema (the URL may set
``options=-csearch_path=NAME``), so one database can hold several archives.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from archive.location import database_url

VERSION_TABLE = "warta_schema"
#: The configuration of each language's search vector (others: the default).
TEXT_SEARCH_CONFIGS: dict[str, str] = {"id": "indonesian"}
DEFAULT_CONFIG = "english"
#: Serialises schema creation of concurrent first writers (any constant key).
SCHEMA_LOCK_KEY = 0x77617274  # "wart"
CONNECT_TIMEOUT_S = 10


def config_sql(language: str) -> str:
    """SQL (a ``regconfig``) choosing the text-search configuration by language."""
    cases = " ".join(
        f"WHEN '{code}' THEN '{config}'::regconfig"
        for code, config in TEXT_SEARCH_CONFIGS.items()
    )
    return f"(CASE {language} {cases} ELSE '{DEFAULT_CONFIG}'::regconfig END)"


def search_vector_sql(row: str) -> str:
    """The search vector of the article ``row`` (``NEW`` in the trigger; a
    table alias to rebuild vectors in bulk)."""
    return (
        "setweight(to_tsvector({cfg}, coalesce({row}.title, '')), 'A')"
        " || setweight(to_tsvector({cfg}, coalesce({row}.body, '')), 'B')"
        " || setweight(to_tsvector({cfg}, coalesce({row}.reporter, '') || ' '"
        " || coalesce({row}.editor, '')), 'C')"
    ).format(cfg=config_sql(f"{row}.language"), row=row)


_VECTOR = search_vector_sql("NEW")

#: The search vectors: one row per article (``articles`` keeps the same
#: columns as on SQLite, as ``articles_fts`` sits beside it there).
VECTOR_TABLE = "articles_tsv"

_NEWEST = "published_at DESC NULLS LAST, id DESC"
_SCHEMA_STATEMENTS: tuple[str, ...] = (
    f"""CREATE TABLE IF NOT EXISTS {VECTOR_TABLE} (
  id integer PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
  language text NOT NULL,
  search_vector tsvector NOT NULL)""",
    f"""CREATE OR REPLACE FUNCTION warta_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO {VECTOR_TABLE} (id, language, search_vector)
  VALUES (NEW.id, NEW.language, {_VECTOR})
  ON CONFLICT (id) DO UPDATE
  SET language = EXCLUDED.language, search_vector = EXCLUDED.search_vector;
  RETURN NULL;
END $$""",
    # Only a change of a searched column recomputes the vector (view counts
    # and last_seen_at change on every crawl).
    """CREATE OR REPLACE TRIGGER articles_search_vector
AFTER INSERT OR UPDATE OF language, title, body, reporter, editor ON articles
FOR EACH ROW EXECUTE FUNCTION warta_search_vector()""",
    (
        f"CREATE INDEX IF NOT EXISTS ix_articles_search ON {VECTOR_TABLE}"
        " USING gin (search_vector)"
    ),
    # Filters compare names ignoring case; these serve filter and date order.
    # Searches order newest (or most viewed) first with NULLs last, an order
    # an ascending index cannot give (read backwards, its NULLs come first).
    *(
        f"CREATE INDEX IF NOT EXISTS ix_articles_{col} ON articles"
        f" (lower({col}), {_NEWEST})"
        for col in ("reporter", "editor", "category")
    ),
    f"CREATE INDEX IF NOT EXISTS ix_articles_newest ON articles ({_NEWEST})",
    (
        "CREATE INDEX IF NOT EXISTS ix_articles_language_newest"
        f" ON articles (language, {_NEWEST})"
    ),
    (
        "CREATE INDEX IF NOT EXISTS ix_articles_most_viewed"
        " ON articles (views DESC NULLS LAST, id DESC)"
    ),
    "CREATE UNIQUE INDEX IF NOT EXISTS uq_pages_url_sha256 ON pages (url, sha256)",
    (
        "CREATE UNIQUE INDEX IF NOT EXISTS uq_links_position"
        " ON links (article_id, kind, position)"
    ),
    (
        "CREATE UNIQUE INDEX IF NOT EXISTS uq_view_counts_loose"
        " ON view_counts (article_id, source, observed_at) WHERE run_id IS NULL"
    ),
    "ALTER TABLE pages ALTER COLUMN body SET STORAGE EXTERNAL",
    # Vectors compressed in the row, not in TOAST: the table's size then shows
    # the planner what a sequential scan reads (with TOAST pointers it looked
    # a hundred times cheaper than it was, and beat the GIN index). Checked
    # first: ALTER TABLE would wait for every reader on each writer's start.
    f"""DO $$ BEGIN
  IF (SELECT attstorage FROM pg_attribute WHERE attname = 'search_vector'
      AND attrelid = '{VECTOR_TABLE}'::regclass) <> 'm' THEN
    ALTER TABLE {VECTOR_TABLE} ALTER COLUMN search_vector SET STORAGE MAIN;
  END IF;
END $$""",
    f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (version integer NOT NULL)",
)


def engine_url(url: str, *, read_only: bool) -> str:
    """The psycopg URL of ``url`` (read-only sessions when ``read_only``)."""
    parsed = database_url(url)
    query = dict(parsed.query)
    if read_only:
        options = str(query.get("options", ""))
        query["options"] = (options + " -c default_transaction_read_only=on").strip()
    query.setdefault("connect_timeout", str(CONNECT_TIMEOUT_S))
    return parsed.set(query=query).render_as_string(hide_password=False)


def engine_kwargs() -> dict[str, Any]:
    """Engine options: a live connection is checked before each use."""
    return {"pool_pre_ping": True}


def schema_statements() -> tuple[str, ...]:
    """PostgreSQL-only DDL run after the portable tables exist (idempotent)."""
    return _SCHEMA_STATEMENTS


def lock_schema(conn: sa.Connection) -> None:
    """Wait for any other process creating or upgrading the schema (this
    transaction holds the lock until it ends)."""
    conn.execute(
        sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY}
    )


def _has_version_table(conn: sa.Connection) -> bool:
    found = conn.execute(sa.text("SELECT to_regclass(:t)"), {"t": VERSION_TABLE})
    return found.scalar_one() is not None


def get_version(conn: sa.Connection) -> int:
    """The archive schema version (0: no warta archive in this schema)."""
    if not _has_version_table(conn):
        return 0
    value = conn.exec_driver_sql(f"SELECT max(version) FROM {VERSION_TABLE}").scalar()
    return int(value or 0)


def set_version(conn: sa.Connection, version: int) -> None:
    """Store ``version`` inside the current transaction."""
    conn.exec_driver_sql(f"DELETE FROM {VERSION_TABLE}")
    conn.execute(
        sa.text(f"INSERT INTO {VERSION_TABLE} (version) VALUES (:v)"), {"v": version}
    )


def has_tables(conn: sa.Connection) -> bool:
    """True if the current schema already holds any table."""
    row = conn.exec_driver_sql(
        "SELECT 1 FROM information_schema.tables"
        " WHERE table_schema = current_schema() LIMIT 1"
    ).first()
    return row is not None


def integrity_check(conn: sa.Connection) -> list[str]:
    """Articles whose search vector is missing (the trigger keeps them); []: ok."""
    missing: int = conn.exec_driver_sql(
        f"SELECT count(*) FROM articles a WHERE NOT EXISTS"
        f" (SELECT 1 FROM {VECTOR_TABLE} v WHERE v.id = a.id)"
    ).scalar_one()
    return [f"{missing} articles lack a search vector"] if missing else []


def reset_sequences(conn: sa.Connection, tables: list[str]) -> None:
    """Set each table's id sequence past its largest id (after explicit ids)."""
    for table in tables:
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
            f" coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
        )


def missing_database(exc: BaseException) -> bool:
    """True if ``exc`` says the URL's database does not exist."""
    text = str(getattr(exc, "orig", exc))
    return "database" in text and "does not exist" in text


def create_database(url: str) -> None:
    """Create the URL's database (through the server's ``postgres`` database)."""
    parsed = database_url(url)
    name = parsed.database or ""
    engine = sa.create_engine(
        parsed.set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    try:
        with engine.connect() as conn:
            quoted = conn.dialect.identifier_preparer.quote(name)
            try:
                conn.exec_driver_sql(f"CREATE DATABASE {quoted}")
            except sa.exc.ProgrammingError as exc:
                if "already exists" not in str(exc.orig):
                    raise
    finally:
        engine.dispose()

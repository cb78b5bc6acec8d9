"""Everything specific to PostgreSQL in the archive's schema and connections.

The sibling of :mod:`archive.sqlite_schema`: the portable tables come from
:mod:`archive.schema`; this module adds what PostgreSQL does differently:

* the schema version lives in a one-row table ``warta_schema`` (PostgreSQL has
  no ``user_version``); a new PostgreSQL archive starts at the current version;
* the search table ``articles_tsv``, one narrow row per article kept by the
  trigger ``articles_search_vector``: a copy of what searches filter and
  order on (:data:`COPIED_COLUMNS`), the ranking vector (title weight A, the
  body's first :data:`LEAD_CHARS` characters B, reporter and editor C) and
  the full search vector (the whole body), stored out of the row; the
  ``indonesian`` configuration for Indonesian articles, ``english`` for
  others; a GIN index per configuration and the order and name indexes
  (:data:`SEARCH_INDEXES`). Vectors are recomputed only when a column they
  are made of changes;
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


#: The search table: one narrow row per article (``articles`` keeps the same
#: columns as on SQLite, as ``articles_fts`` sits beside it there).
VECTOR_TABLE = "articles_tsv"
#: Characters of the body's start that the ranking vector holds (with the title).
LEAD_CHARS = 100
#: Index builds of an upgrade get at least this much memory (this transaction).
INDEX_BUILD_MEMORY = "256MB"
#: What searches filter and order on, copied from ``articles`` (column: its
#: value from the article row ``{r}``): matching, filtering and finding the
#: newest matches then read only the narrow rows of the search table.
COPIED_COLUMNS: dict[str, str] = {
    "language": "{r}.language",
    "site": "{r}.site",
    "published_at": "{r}.published_at",
    "views": "{r}.views",
    "lower_reporter": "lower({r}.reporter)",
    "lower_editor": "lower({r}.editor)",
    "lower_category": "lower({r}.category)",
}
#: The article columns the vectors are made of (a change recomputes them).
VECTOR_SOURCES = ("language", "title", "body", "reporter", "editor")
#: The condition on ``language`` of articles searched with the default config.
OTHER_LANGUAGES = (
    "language NOT IN (" + ", ".join(f"'{c}'" for c in TEXT_SEARCH_CONFIGS) + ")"
)
_NEWEST = "published_at DESC NULLS LAST, id DESC"


def _vector_sql(row: str, body: str) -> str:
    return (
        "setweight(to_tsvector({cfg}, coalesce({row}.title, '')), 'A')"
        " || setweight(to_tsvector({cfg}, {body}), 'B')"
        " || setweight(to_tsvector({cfg}, coalesce({row}.reporter, '') || ' '"
        " || coalesce({row}.editor, '')), 'C')"
    ).format(cfg=config_sql(f"{row}.language"), row=row, body=body)


def search_vector_sql(row: str) -> str:
    """The full search vector of the article ``row`` (``NEW`` in the trigger;
    a table alias to build vectors in bulk): title weight A, body B, names C."""
    return _vector_sql(row, f"coalesce({row}.body, '')")


def rank_vector_sql(row: str) -> str:
    """The ranking vector of the article ``row``: the search vector of its
    title, the first :data:`LEAD_CHARS` characters of its body and its names."""
    return _vector_sql(row, f"left(coalesce({row}.body, ''), {LEAD_CHARS})")


def _copied_sql(row: str) -> str:
    return ", ".join(value.format(r=row) for value in COPIED_COLUMNS.values())


#: The search table's columns, in the order of :func:`search_row_sql`.
SEARCH_COLUMNS: tuple[str, ...] = (
    "id",
    *COPIED_COLUMNS,
    "rank_vector",
    "search_vector",
)


def search_row_sql(row: str, search_vector: str | None = None) -> str:
    """The values of the search-table row (:data:`SEARCH_COLUMNS`) of the
    article ``row``; ``search_vector``: an expression giving it ready-made."""
    vector = search_vector or search_vector_sql(row)
    return f"{row}.id, {_copied_sql(row)}, {rank_vector_sql(row)}, {vector}"


def _search_index(code: str, where: str) -> tuple[str, str]:
    name = f"ix_articles_search_{code}"
    return name, (
        f"CREATE INDEX IF NOT EXISTS {name} ON {VECTOR_TABLE}"
        f" USING gin (search_vector) WHERE {where}"
    )


def _newest_index(name: str, lead: str = "") -> tuple[str, str]:
    return name, (
        f"CREATE INDEX IF NOT EXISTS {name} ON {VECTOR_TABLE} ({lead}{_NEWEST})"
    )


#: The search table's indexes (name: DDL). One GIN index per configured
#: language and one for the others: a match is then the index condition
#: alone, never tested again on the row (which would read its vector).
#: Newest (most viewed) first with NULLs last (an ascending index read
#: backwards would put NULLs first): the first matches in date or views
#: order are found in slices of these (see :mod:`archive.pg_search`), and
#: filters by name use theirs.
SEARCH_INDEXES: dict[str, str] = dict(
    [
        *(_search_index(c, f"language = '{c}'") for c in TEXT_SEARCH_CONFIGS),
        _search_index("other", OTHER_LANGUAGES),
        _newest_index("ix_articles_tsv_newest"),
        (
            "ix_articles_tsv_most_viewed",
            (
                "CREATE INDEX IF NOT EXISTS ix_articles_tsv_most_viewed"
                f" ON {VECTOR_TABLE} (views DESC NULLS LAST, id DESC)"
            ),
        ),
        *(
            _newest_index(f"ix_articles_tsv_{name}", f"lower_{name}, ")
            for name in ("reporter", "editor", "category")
        ),
    ]
)
_COPIED = ", ".join(COPIED_COLUMNS)
_VECTOR_SOURCES_SAME = " AND ".join(
    f"NEW.{c} IS NOT DISTINCT FROM OLD.{c}" for c in VECTOR_SOURCES
)
_UPSERT_SET = ", ".join(SEARCH_COLUMNS[1:])
_UPSERT_VALUES = ", ".join(f"EXCLUDED.{c}" for c in SEARCH_COLUMNS[1:])
_TRIGGER_COLUMNS = ", ".join(
    dict.fromkeys((*VECTOR_SOURCES, "site", "published_at", "views", "category"))
)
_TABLE_DDL = f"""CREATE TABLE IF NOT EXISTS {VECTOR_TABLE} (
  id integer PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
  language text COLLATE "C" NOT NULL,
  site text COLLATE "C" NOT NULL,
  published_at text COLLATE "C",
  views integer,
  lower_reporter text COLLATE "C",
  lower_editor text COLLATE "C",
  lower_category text COLLATE "C",
  rank_vector tsvector NOT NULL,
  search_vector tsvector NOT NULL) WITH (fillfactor = 90)"""
# The full vector is kept out of the row (TOAST, uncompressed): only phrase
# queries, which GIN rechecks, read it. Checked first: ALTER TABLE would wait
# for every reader on each writer's start.
_STORAGE_DDL = f"""DO $$ BEGIN
  IF (SELECT attstorage FROM pg_attribute WHERE attname = 'search_vector'
      AND attrelid = '{VECTOR_TABLE}'::regclass) <> 'e' THEN
    ALTER TABLE {VECTOR_TABLE} ALTER COLUMN search_vector SET STORAGE EXTERNAL;
  END IF;
END $$"""
_SCHEMA_STATEMENTS: tuple[str, ...] = (
    _TABLE_DDL,
    _STORAGE_DDL,
    # Vectors are recomputed only when a column they are made of changes;
    # otherwise (view counts change on every crawl) only the copied columns
    # are written, and only when they differ.
    f"""CREATE OR REPLACE FUNCTION warta_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND {_VECTOR_SOURCES_SAME} THEN
    UPDATE {VECTOR_TABLE} SET ({_COPIED}) = ROW({_copied_sql("NEW")})
    WHERE id = NEW.id AND ({_COPIED}) IS DISTINCT FROM ({_copied_sql("NEW")});
    RETURN NULL;
  END IF;
  INSERT INTO {VECTOR_TABLE} ({", ".join(SEARCH_COLUMNS)})
  VALUES ({search_row_sql("NEW")})
  ON CONFLICT (id) DO UPDATE SET ({_UPSERT_SET}) = ROW({_UPSERT_VALUES});
  RETURN NULL;
END $$""",
    f"""CREATE OR REPLACE TRIGGER articles_search_vector
AFTER INSERT OR UPDATE OF {_TRIGGER_COLUMNS} ON articles
FOR EACH ROW EXECUTE FUNCTION warta_search_vector()""",
    *SEARCH_INDEXES.values(),
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
    f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (version integer NOT NULL)",
)


def narrow_search_table(conn: sa.Connection) -> None:
    """v5 → v6: the search table gains the copied columns and the ranking
    vector; its full vector moves out of the row. Set-based: the table is
    made again from the old one (vectors reused), its indexes built after
    (by the schema statements that follow every upgrade)."""
    has_rank: int = conn.execute(
        sa.text(
            "SELECT count(*) FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = :t"
            " AND column_name = 'rank_vector'"
        ),
        {"t": VECTOR_TABLE},
    ).scalar_one()
    if has_rank:
        return
    old = f"{VECTOR_TABLE}_v5"
    conn.exec_driver_sql(f"ALTER TABLE {VECTOR_TABLE} RENAME TO {old}")
    conn.exec_driver_sql(f"ALTER INDEX {VECTOR_TABLE}_pkey RENAME TO {old}_pkey")
    conn.exec_driver_sql(_TABLE_DDL)
    conn.exec_driver_sql(_STORAGE_DDL)
    conn.exec_driver_sql(
        f"INSERT INTO {VECTOR_TABLE} ({', '.join(SEARCH_COLUMNS)})"
        f" SELECT {search_row_sql('a', 'o.search_vector')}"
        f" FROM {old} o JOIN articles a ON a.id = o.id"
    )
    conn.exec_driver_sql(f"DROP TABLE {old}")
    conn.exec_driver_sql(f"ANALYZE {VECTOR_TABLE}")  # searches read its statistics
    raise_index_memory(conn)


def raise_index_memory(conn: sa.Connection) -> None:
    """Give this transaction's index builds at least :data:`INDEX_BUILD_MEMORY`."""
    conn.exec_driver_sql(
        "SELECT set_config('maintenance_work_mem', greatest("
        "pg_size_bytes(current_setting('maintenance_work_mem')),"
        f" pg_size_bytes('{INDEX_BUILD_MEMORY}')) / 1024 || 'kB', true)"
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

"""The SQLite full-text index: FTS5 table, content view, triggers, search indexes.

The FTS table ``articles_fts`` reads its content from the view
``articles_search`` (the article text plus the search facets of
:mod:`archive.sqlite_facets`); triggers ``articles_ai``/``_ad``/``_au`` keep it
in sync. ``warta serve`` tells Datasette which table it indexes. The portable
tables are :mod:`archive.schema`; PostgreSQL's search is :mod:`archive.pg_schema`.
"""

from __future__ import annotations

import sqlalchemy as sa

from archive.sqlite_facets import FACETS, facets_sql

#: Indexed columns, in FTS column order, and their bm25 weights (title first).
FTS_COLUMNS: tuple[str, ...] = ("title", "body", "reporter", "editor")
BM25_WEIGHTS: tuple[float, ...] = (10.0, 1.0, 3.0, 3.0)
#: The covering index that gives a match's filter columns by its id.
FILTER_INDEX = "ix_articles_filters"
#: The columns search filters and orders read; every search index holds them
#: all, so testing an article never loads its (large) row.
FILTER_COLUMNS: tuple[str, ...] = (
    "published_at",
    "language",
    "site",
    "reporter",
    "editor",
    "category",
    "views",
)


_fts_cols = (*FTS_COLUMNS, FACETS)
_cols = ", ".join(_fts_cols)
_new = ", ".join([*(f"new.{c}" for c in FTS_COLUMNS), facets_sql("new")])
_old = ", ".join([*(f"old.{c}" for c in FTS_COLUMNS), facets_sql("old")])
#: Columns whose change re-indexes an article (never views or last_seen_at,
#: which change on every crawl).
_indexed = ", ".join((*FTS_COLUMNS, "category", "published_at"))
_weights = ", ".join(str(w) for w in (*BM25_WEIGHTS, 0.0))  # facets never score
#: The bm25 score as ``rank`` computes it (higher weights rank higher).
BM25 = f"bm25(articles_fts, {_weights})"
#: The full-text index's content: the articles' text columns and facets.
CONTENT_VIEW = "articles_search"

_SCHEMA_STATEMENTS: tuple[str, ...] = (
    f"""CREATE VIEW IF NOT EXISTS {CONTENT_VIEW} AS
SELECT id, {", ".join(FTS_COLUMNS)}, {facets_sql()} AS {FACETS} FROM articles""",
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
  {_cols},
  content="{CONTENT_VIEW}", content_rowid="id",
  tokenize="unicode61 remove_diacritics 2")""",
    f"""CREATE TRIGGER IF NOT EXISTS articles_ai AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts (rowid, {_cols}) VALUES (new.id, {_new});
END""",
    f"""CREATE TRIGGER IF NOT EXISTS articles_ad AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts (articles_fts, rowid, {_cols})
  VALUES ('delete', old.id, {_old});
END""",
    # Only an UPDATE that sets an indexed column touches the index: view counts
    # and last_seen_at change on every crawl and must not re-index the body.
    f"""CREATE TRIGGER IF NOT EXISTS articles_au AFTER UPDATE OF {_indexed} ON articles
BEGIN
  INSERT INTO articles_fts (articles_fts, rowid, {_cols})
  VALUES ('delete', old.id, {_old});
  INSERT INTO articles_fts (rowid, {_cols}) VALUES (new.id, {_new});
END""",
    # ``rank`` (used by Datasette too) = bm25 with the title weighted highest.
    f"INSERT INTO articles_fts (articles_fts, rank) VALUES ('rank', 'bm25({_weights})')",
    # Filters compare names ignoring case and list newest first: these indexes
    # serve both the filter and the order, and hold every filter column.
    *(
        f"CREATE INDEX IF NOT EXISTS ix_articles_{col}"
        f" ON articles ({col} COLLATE NOCASE, published_at, id, "
        + ", ".join(c for c in FILTER_COLUMNS if c not in (col, "published_at"))
        + ")"
        for col in ("reporter", "editor", "category")
    ),
)


def schema_statements() -> tuple[str, ...]:
    """SQLite-only DDL run after the portable tables exist (idempotent)."""
    return _SCHEMA_STATEMENTS


def drop_fts(conn: sa.Connection) -> None:
    """Drop the full-text index, its triggers and content view (to recreate
    them with a new layout; :func:`rebuild_fts` then refills the index)."""
    for trigger in ("articles_ai", "articles_ad", "articles_au"):
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
    conn.exec_driver_sql("DROP TABLE IF EXISTS articles_fts")
    conn.exec_driver_sql(f"DROP VIEW IF EXISTS {CONTENT_VIEW}")


def integrity_check(conn: sa.Connection) -> list[str]:
    """Run ``PRAGMA integrity_check`` and the FTS5 integrity check; [] when all ok."""
    problems = [
        str(row[0])
        for row in conn.exec_driver_sql("PRAGMA integrity_check")
        if row[0] != "ok"
    ]
    try:
        conn.exec_driver_sql(
            "INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)"
        )
    except sa.exc.DatabaseError as exc:
        problems.append(f"articles_fts: {exc.orig}")
    return problems


def fts_segments(conn: sa.Connection) -> int:
    """How many b-tree segments the full-text index has (each search reads all)."""
    sql = "SELECT count(DISTINCT segid) FROM articles_fts_idx"
    return int(conn.exec_driver_sql(sql).scalar_one())


def optimize_fts(conn: sa.Connection) -> None:
    """Merge the full-text index into one segment."""
    conn.exec_driver_sql("INSERT INTO articles_fts (articles_fts) VALUES ('optimize')")


def rebuild_fts(conn: sa.Connection) -> None:
    """Rebuild the full-text index from the articles table."""
    conn.exec_driver_sql("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")

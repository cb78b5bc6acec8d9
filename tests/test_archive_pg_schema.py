"""PostgreSQL's search table: the copied columns follow the articles, and a
version-5 archive (full vectors in the row, one GIN index) is upgraded to
the narrow search table and searches as a new archive does."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from archive import pg_schema
from archive.errors import SchemaVersionError
from archive.schema_version import SCHEMA_VERSION
from archive.search import search
from archive.store import open_archive
from cli.main import main
from tests.pg_support import TestDatabase
from tests.test_archive_support import OBSERVED, article

pytestmark = pytest.mark.services

LATER = "2026-02-01T00:00:00+00:00"


def _articles() -> list[dict[str, Any]]:
    return [
        article(1, title="Banjir rob di Jakarta Utara", body="Air laut naik."),
        article(2, title="Pasar baru", body="Banjirnya sudah surut.", reporter="Siti"),
        article(3, language="en", title="Flood pumps", body="The pumps are ready."),
        article(4, title="Rapat", body="Pembahasan banjir.", published_at=None),
        article(5, title="Banjir lagi", body="Banjir banjir.", category="Ekonomi"),
    ]


#: Searches whose results (ids, in order) must not change with the layout.
SEARCHES: list[tuple[str | None, dict[str, Any]]] = [
    ("banjir", {}),
    ("banjir", {"sort": "date"}),
    ("banjir", {"sort": "views"}),
    ("banjir", {"reporter": "SITI"}),
    ("banjir", {"category": "ekonomi", "language": "id"}),
    ("banjir", {"since": "2025-02-03", "until": "2025-02-06"}),
    ("banjir", {"min_views": 103}),
    ("pump", {}),
    ('"laut naik"', {}),
    ("banj:*", {"raw": True}),
    (None, {"sort": "date"}),
]


def _results(url: str) -> list[list[int]]:
    with open_archive(url, read_only=True) as arc:
        return [[h.id for h in search(arc, q, **o)] for q, o in SEARCHES]


def _engine(url: str) -> sa.Engine:
    return sa.create_engine(
        sa.make_url(url).set(drivername="postgresql+psycopg"),
        isolation_level="AUTOCOMMIT",
    )


def _make_version_5(url: str) -> None:
    """Give the archive the search table warta 5 made, as it left it."""
    vector = pg_schema.search_vector_sql("a")
    engine = _engine(url)
    try:
        with engine.connect() as conn:
            for statement in (
                "DROP TABLE articles_tsv",
                """CREATE TABLE articles_tsv (
  id integer PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
  language text NOT NULL, search_vector tsvector NOT NULL)""",
                "ALTER TABLE articles_tsv ALTER COLUMN search_vector SET STORAGE MAIN",
                (
                    f"INSERT INTO articles_tsv SELECT a.id, a.language, {vector}"
                    " FROM articles a"
                ),
                "CREATE INDEX ix_articles_search ON articles_tsv USING gin (search_vector)",
                f"""CREATE OR REPLACE FUNCTION warta_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$ BEGIN
  INSERT INTO articles_tsv (id, language, search_vector)
  VALUES (NEW.id, NEW.language, {pg_schema.search_vector_sql("NEW")})
  ON CONFLICT (id) DO UPDATE
  SET language = EXCLUDED.language, search_vector = EXCLUDED.search_vector;
  RETURN NULL;
END $$""",
                """CREATE OR REPLACE TRIGGER articles_search_vector
AFTER INSERT OR UPDATE OF language, title, body, reporter, editor ON articles
FOR EACH ROW EXECUTE FUNCTION warta_search_vector()""",
                "UPDATE warta_schema SET version = 5",
            ):
                conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


def _search_table(url: str) -> tuple[list[str], set[str]]:
    engine = _engine(url)
    try:
        with engine.connect() as conn:
            columns = [
                c["name"] for c in sa.inspect(conn).get_columns(pg_schema.VECTOR_TABLE)
            ]
            indexes = {
                row[0]
                for row in conn.exec_driver_sql(
                    "SELECT indexname FROM pg_indexes"
                    " WHERE schemaname = current_schema() AND tablename = 'articles_tsv'"
                )
            }
    finally:
        engine.dispose()
    return columns, indexes


def test_version_5_archive_is_upgraded_and_searches_the_same(
    pg_database: TestDatabase,
) -> None:
    fresh, old = pg_database.new_archive_url(), pg_database.new_archive_url()
    for url in (fresh, old):
        with open_archive(url) as arc:
            arc.save_articles(_articles(), observed_at=OBSERVED, run_id=None)
    expected = _results(fresh)
    assert expected[0]
    assert expected[-1]
    _make_version_5(old)
    with pytest.raises(SchemaVersionError, match="older than"):
        open_archive(old, read_only=True)
    result = CliRunner().invoke(main, ["upgrade", "--archive", old])
    assert result.exit_code == 0, result.output
    assert f"schema 5 -> {SCHEMA_VERSION}" in result.output
    columns, indexes = _search_table(old)
    assert columns == list(pg_schema.SEARCH_COLUMNS)
    assert indexes == {"articles_tsv_pkey", *pg_schema.SEARCH_INDEXES}
    assert _results(old) == expected
    with open_archive(old) as arc:  # the upgraded trigger keeps the table
        arc.save_articles(
            [article(6, title="Banjir baru", views=900)],
            observed_at=LATER,
            run_id=None,
        )
        assert next(h.id for h in search(arc, "banjir", sort="views")) == 6
        assert arc.integrity_check() == []


def test_copied_columns_follow_the_articles(pg_database: TestDatabase) -> None:
    url = pg_database.new_archive_url()
    with open_archive(url) as arc:
        arc.save_articles(_articles(), observed_at=OBSERVED, run_id=None)
        assert [h.id for h in search(arc, "banjir", min_views=105)] == [5]
        # Same text, new views and category: only the copied columns change.
        changed = article(1, title="Banjir rob di Jakarta Utara", body="Air laut naik.")
        changed.update(views=5000, category="Ekonomi")
        arc.save_articles([changed], observed_at=LATER, run_id=None)
        assert sorted(h.id for h in search(arc, "banjir", min_views=105)) == [1, 5]
        assert next(h.id for h in search(arc, "banjir", sort="views")) == 1
        found = search(arc, "banjir", category="EKONOMI", sort="date")
        assert [h.id for h in found] == [5, 1]
        # A new text recomputes the vectors.
        arc.save_articles(
            [article(2, title="Pasar lama", body="Sudah sepi.", reporter="Siti")],
            observed_at=LATER,
            run_id=None,
        )
        assert 2 not in [h.id for h in search(arc, "banjir")]
        assert [h.id for h in search(arc, "sepi")] == [2]

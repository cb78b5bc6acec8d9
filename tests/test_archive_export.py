"""Exports: CSV, JSON Lines and Parquet; filters; constant memory while streaming."""

from __future__ import annotations

import csv
import json
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from archive.cli import cli
from archive.export import EXPORT_COLUMNS, FORMATS, export
from archive.search import iter_articles
from archive.store import open_archive
from tests.conftest import sqlite_only
from tests.test_archive_support import OBSERVED, article

MANY = 3000
BODY = "Warga Jakarta membersihkan saluran air sebelum musim hujan. " * 60  # ~3.6 kB


@pytest.fixture(scope="module")
def big(new_location: Callable[[], Path | str]) -> Any:
    path = new_location()
    with open_archive(path) as arc:
        items = [
            article(
                i,
                language="en" if i % 10 == 0 else "id",
                title=f"Banjir {i}" if i % 3 == 0 else f"Pasar {i}",
                body=BODY,
                views=i,
                extraction_warnings=["no photo"] if i == 1 else [],
            )
            for i in range(1, MANY + 1)
        ]
        for start in range(0, MANY, 500):
            arc.save_articles(
                items[start : start + 500], observed_at=OBSERVED, run_id=None
            )
    return path


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stderr


def test_csv_export_of_everything(big: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.csv"
    code, err = invoke(
        "export", "--archive", str(big), "--format", "csv", "--out", str(out)
    )
    assert (code, err) == (0, f"Exported {MANY} article(s) to {out}\n")
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == MANY
    assert list(rows[0]) == list(EXPORT_COLUMNS)
    assert [int(r["id"]) for r in rows] == list(range(1, MANY + 1))
    assert rows[0]["extraction_warnings"] == '["no photo"]'
    assert rows[0]["body"] == BODY
    assert not (tmp_path / "all.csv.part").exists()


def test_jsonl_export_with_query_and_filters(big: Path, tmp_path: Path) -> None:
    out = tmp_path / "banjir.jsonl"  # format from the suffix
    code, _ = invoke(
        "export", "banjir", "--archive", str(big), "--out", str(out),
        "--language", "en", "--min-views", "2900", "--sort", "views",
    )  # fmt: skip
    assert code == 0
    records = [
        json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()
    ]
    assert [r["id"] for r in records] == [3000, 2970, 2940, 2910]
    assert list(records[0]) == [*EXPORT_COLUMNS, "score"]
    assert records[0]["extraction_warnings"] == []
    assert records[0]["score"] > 0


def test_parquet_is_readable_by_pyarrow(big: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.parquet"
    code, _ = invoke(
        "export", "--archive", str(big), "--format", "parquet", "--out", str(out)
    )
    assert code == 0
    parquet = pq.ParquetFile(out)
    assert parquet.metadata.num_rows == MANY
    assert parquet.metadata.num_row_groups >= MANY // 1000  # written in batches
    table = parquet.read()
    assert table.schema.field("id").type == pa.int64()
    assert table.schema.field("views").type == pa.int64()
    assert table.schema.field("extraction_warnings").type == pa.list_(pa.string())
    assert table.column("id").to_pylist() == list(range(1, MANY + 1))
    assert table.column("extraction_warnings")[0].as_py() == ["no photo"]
    assert table.column("title")[2].as_py() == "Banjir 3"


def test_bad_query_leaves_no_file(big: Path, tmp_path: Path, backend: str) -> None:
    sqlite_only(backend, "FTS5's error for '7-2' (valid to_tsquery syntax)")
    out = tmp_path / "bad.csv"
    code, err = invoke(
        "export", "7-2", "--raw", "--archive", str(big), "--out", str(out)
    )
    assert (code, err) == (2, "Error: invalid search query: no such column: 2\n")
    assert list(tmp_path.iterdir()) == []
    code, err = invoke(
        "export", "--archive", str(big), "--out", str(tmp_path / "x.txt")
    )
    assert (code, err) == (2, "Error: give --format csv|jsonl|parquet (cannot tell from the file name)\n")  # fmt: skip


def test_rows_stream_lazily(big: Path) -> None:
    with open_archive(big, read_only=True) as arc:
        rows = iter_articles(arc, None)
        first = next(rows)
        assert first["id"] == 1
        # the database was read in chunks: pysqlite's cursor still holds the rest
        assert sum(1 for _ in rows) == MANY - 1


def _peak(path: Path, out: Path, fmt: str, **filters: Any) -> tuple[int, int]:
    with open_archive(path, read_only=True) as arc:
        rows: Any = iter_articles(arc, None, **filters)
        tracemalloc.start()
        try:
            count = export(rows, fmt, out, EXPORT_COLUMNS, parquet_batch=250)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    return count, peak


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_memory_does_not_grow_with_rows(
    big: Path, tmp_path: Path, fmt: str
) -> None:
    """Twice the rows must not take twice the memory (rows stream through)."""
    _peak(big, tmp_path / "warm", fmt, min_views=MANY)  # first-use imports and caches
    half, half_peak = _peak(big, tmp_path / "half", fmt, min_views=MANY // 2 + 1)
    full, full_peak = _peak(big, tmp_path / "full", fmt)
    assert (half, full) == (MANY // 2, MANY)
    assert full_peak < half_peak * 1.3, f"{half_peak=} {full_peak=}"
    assert full_peak < MANY * len(BODY)  # never all the bodies at once


def test_iter_articles_by_relevance_with_filters(big: Path) -> None:
    with open_archive(big, read_only=True) as arc:
        rows = list(
            iter_articles(
                arc, "banjir", sort="relevance", language="en", min_views=2950
            )
        )
        plain = list(iter_articles(arc, "banjir", min_views=2990))
    assert sorted(r["id"] for r in rows) == [2970, 3000]
    assert all(r["score"] > 0 for r in rows)
    assert [r["score"] for r in rows] == sorted(
        (r["score"] for r in rows), reverse=True
    )
    assert [r["id"] for r in plain] == [2991, 2994, 2997, 3000]  # id order by default


def test_export_onto_the_default_archive_is_refused(
    big: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, backend: str
) -> None:
    sqlite_only(backend, "an archive file that an output could overwrite")
    """The issue's case: ``warta export --format csv --out warta.sqlite``."""
    archive = tmp_path / "warta.sqlite"
    archive.write_bytes(big.read_bytes())
    before = archive.read_bytes()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WARTA_ARCHIVE", raising=False)
    code, err = invoke("export", "--format", "csv", "--out", "warta.sqlite")
    assert (code, err) == (
        1,
        "Error: warta.sqlite is the archive (warta.sqlite); refusing to write\n",
    )
    monkeypatch.setenv("WARTA_ARCHIVE", str(archive))
    code, err = invoke("export", "--out", "./warta.sqlite", "--force")
    assert (code, err) == (
        1,
        f"Error: ./warta.sqlite is the archive ({archive}); refusing to write\n",
    )
    assert archive.read_bytes() == before
    # no output file: only the archive (and the -wal/-shm files SQLite keeps
    # beside a WAL archive that was opened to check it)
    names = {p.name for p in tmp_path.iterdir()}
    assert names - {"warta.sqlite-wal", "warta.sqlite-shm"} == {"warta.sqlite"}

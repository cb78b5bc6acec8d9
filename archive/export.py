"""Streaming exports of articles to CSV, JSON Lines and Parquet (constant memory).

Rows come from :func:`archive.search.iter_articles`, which reads the database in
chunks (``fetchmany``); writers hold at most one batch of rows at a time.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

FORMATS: tuple[str, ...] = ("csv", "jsonl", "parquet")
PARQUET_BATCH = 1000
_INT_COLUMNS = frozenset({"id", "views"})


def _warnings(value: Any) -> list[str]:
    if isinstance(value, str):
        loaded = json.loads(value or "[]")
        return [str(v) for v in loaded] if isinstance(loaded, list) else [str(loaded)]
    return list(value or [])


def write_csv(
    rows: Iterable[dict[str, Any]], out: IO[str], columns: Sequence[str]
) -> int:
    """Write rows as CSV with a header; returns the number of rows."""
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


def write_jsonl(
    rows: Iterable[dict[str, Any]], out: IO[str], columns: Sequence[str]
) -> int:
    """Write one JSON object per line (``extraction_warnings`` as a list)."""
    count = 0
    for row in rows:
        record = {name: row.get(name) for name in columns}
        if "extraction_warnings" in record:
            record["extraction_warnings"] = _warnings(record["extraction_warnings"])
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def _batches(
    rows: Iterable[dict[str, Any]], size: int
) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def write_parquet(
    rows: Iterable[dict[str, Any]],
    path: Path,
    columns: Sequence[str],
    batch_size: int = PARQUET_BATCH,
) -> int:
    """Write a Parquet file in record batches of ``batch_size`` rows."""
    import pyarrow as pa  # heavy: imported only for this format
    import pyarrow.parquet as pq

    def field_type(name: str) -> pa.DataType:
        if name in _INT_COLUMNS:
            return pa.int64()
        if name == "score":
            return pa.float64()
        if name == "extraction_warnings":
            return pa.list_(pa.string())
        return pa.string()

    schema = pa.schema([pa.field(name, field_type(name)) for name in columns])
    count = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        for batch in _batches(rows, batch_size):
            arrays = {name: [row.get(name) for row in batch] for name in columns}
            if "extraction_warnings" in arrays:
                arrays["extraction_warnings"] = [
                    _warnings(v) for v in arrays["extraction_warnings"]
                ]
            writer.write_batch(pa.record_batch(arrays, schema=schema))
            count += len(batch)
    return count


def export(
    rows: Iterable[dict[str, Any]],
    fmt: str,
    out: Path,
    columns: Sequence[str],
    *,
    parquet_batch: int = PARQUET_BATCH,
) -> int:
    """Export ``rows`` to ``out`` in ``fmt`` (csv, jsonl or parquet); returns rows."""
    if fmt not in FORMATS:
        raise ValueError(f"export format must be one of {FORMATS}, not {fmt!r}")
    if fmt == "parquet":
        return write_parquet(rows, out, columns, parquet_batch)
    with out.open("w", encoding="utf-8", newline="") as handle:
        if fmt == "csv":
            return write_csv(rows, handle, columns)
        return write_jsonl(rows, handle, columns)

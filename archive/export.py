"""Streaming exports of articles to CSV, JSON Lines and Parquet (constant memory).

Rows come from :func:`archive.search.iter_articles`, which reads the database in
chunks (``fetchmany``); writers hold at most one batch of rows at a time.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Protocol

FORMATS: tuple[str, ...] = ("csv", "jsonl", "parquet")
#: Article columns that exports write, in order.
EXPORT_COLUMNS: tuple[str, ...] = (
    "id",
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
    "first_seen_at",
    "last_seen_at",
    "extractor_version",
    "extraction_warnings",
)
PARQUET_BATCH = 1000
_INT_COLUMNS = frozenset({"id", "views"})


def _warnings(value: Any) -> list[str]:
    if isinstance(value, str):
        loaded = json.loads(value or "[]")
        return [str(v) for v in loaded] if isinstance(loaded, list) else [str(loaded)]
    return list(value or [])


class TextSink(Protocol):
    """Anything with ``write(str)``: a text file, or :class:`_Utf8` over bytes."""

    def write(self, text: str, /) -> int: ...


class _Utf8:
    """Text written as UTF-8 to a binary stream that stays the caller's."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream

    def write(self, text: str, /) -> int:
        self.stream.write(text.encode("utf-8"))
        return len(text)


def write_csv(
    rows: Iterable[dict[str, Any]], out: TextSink, columns: Sequence[str]
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
    rows: Iterable[dict[str, Any]], out: TextSink, columns: Sequence[str]
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
    out: Path | IO[bytes],
    columns: Sequence[str],
    batch_size: int = PARQUET_BATCH,
) -> int:
    """Write Parquet in record batches of ``batch_size`` rows.

    ``out`` may be a stream that cannot seek (stdout, a FIFO).
    """
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
    sink = str(out) if isinstance(out, Path) else out
    with pq.ParquetWriter(sink, schema) as writer:
        for batch in _batches(rows, batch_size):
            arrays = {name: [row.get(name) for row in batch] for name in columns}
            if "extraction_warnings" in arrays:
                arrays["extraction_warnings"] = [
                    _warnings(v) for v in arrays["extraction_warnings"]
                ]
            writer.write_batch(pa.record_batch(arrays, schema=schema))
            count += len(batch)
    return count


def write_rows(
    rows: Iterable[dict[str, Any]],
    fmt: str,
    stream: IO[bytes],
    columns: Sequence[str],
    *,
    parquet_batch: int = PARQUET_BATCH,
) -> int:
    """Write ``rows`` to a binary ``stream`` in ``fmt``; return the row count.

    The stream stays open (the caller, e.g. :func:`archive.output.open_output`,
    flushes and places it).
    """
    if fmt not in FORMATS:
        raise ValueError(f"export format must be one of {FORMATS}, not {fmt!r}")
    if fmt == "parquet":
        return write_parquet(rows, stream, columns, parquet_batch)
    text = _Utf8(stream)
    if fmt == "csv":
        return write_csv(rows, text, columns)
    return write_jsonl(rows, text, columns)


def export(
    rows: Iterable[dict[str, Any]],
    fmt: str,
    out: Path,
    columns: Sequence[str],
    *,
    parquet_batch: int = PARQUET_BATCH,
) -> int:
    """Export ``rows`` to the file ``out`` (no safety checks: the CLI uses
    :mod:`archive.output`); returns the number of rows."""
    with out.open("wb") as stream:
        return write_rows(rows, fmt, stream, columns, parquet_batch=parquet_batch)

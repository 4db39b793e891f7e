"""Parquet: one article per row, read a batch of rows at a time.

The text comes from ``ReadOptions.text_column`` (``text`` unless told otherwise); the
columns ``id``, ``published``, ``title``, ``url`` and ``outlet`` are used when present.
``published`` may be a date, a timestamp or an ISO string. Rows are numbered from 1 in
messages (``file.parquet:12``). Memory is bounded by the batch, not the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from tidings.errors import InputError
from tidings.ingest.core import (
    Item,
    ReadOptions,
    article_from_dict,
    decode_8bit,
    decode_text,
    reason,
    valid_unicode,
)

OPTIONAL_COLUMNS = ("id", "published", "title", "url", "outlet")


def row_groups(path: Path) -> list[int]:
    """The number of rows of each row group of a Parquet file."""
    meta = pq.ParquetFile(path).metadata
    return [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]


def read_parquet(
    path: Path,
    options: ReadOptions,
    groups: list[int] | None = None,
    first_row: int = 1,
) -> Iterator[Item]:
    """Articles from the rows of a Parquet file (or of some of its row groups, whose
    first row is ``first_row``)."""
    source = str(path)
    try:
        # ValueError: a malformed file can make Arrow raise one (a column name that is not
        # UTF-8 raises UnicodeDecodeError).
        pfile = pq.ParquetFile(path)
        names = set(pfile.schema_arrow.names)
    except (OSError, ValueError, pa.ArrowException) as exc:
        yield InputError(f"cannot read Parquet: {reason(exc)}", source=source)
        return
    if options.text_column not in names:
        yield InputError(
            f"no column '{options.text_column}' (columns: {', '.join(sorted(names))}; "
            "choose one with --text-column)",
            source=source,
        )
        return
    columns = [options.text_column] + [c for c in OPTIONAL_COLUMNS if c in names]
    columns = list(dict.fromkeys(columns))
    number = first_row
    try:
        batches = pfile.iter_batches(
            batch_size=options.batch_rows, row_groups=groups, columns=columns
        )
        for batch in batches:
            for row in _rows(batch):
                yield _article(row, options.text_column, source, number)
                number += 1
    except (OSError, ValueError, pa.ArrowException) as exc:
        yield InputError(f"cannot read further: {reason(exc)}", source=source, line=number)
        return
    if number == first_row and groups is None:
        yield InputError("no rows", source=source)


def _rows(batch: pa.RecordBatch) -> list[dict[str, Any]]:
    """A batch's rows as dicts. Parquet promises UTF-8 strings but a writer may not have
    kept the promise: then the string columns are read as bytes and decoded as a text
    file is (``decode_8bit``)."""
    try:
        rows: list[dict[str, Any]] = batch.to_pylist()
        return rows
    except UnicodeDecodeError:
        pass
    columns = {}
    for name, column in zip(batch.schema.names, batch.columns, strict=True):
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            raw = column.cast(pa.binary()).to_pylist()
            columns[name] = [None if v is None else valid_unicode(decode_8bit(v)) for v in raw]
        else:
            columns[name] = column.to_pylist()
    return [
        dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)
    ]


def _article(row: dict[str, Any], text_column: str, source: str, number: int) -> Item:
    # Values kept as bytes (a BYTE_ARRAY column without the UTF-8 annotation) are decoded
    # as a text file is; text that is binary is a problem of its row.
    obj = {k: valid_unicode(decode_8bit(v)) if isinstance(v, bytes) else v for k, v in row.items()}
    text = row.get(text_column)
    try:
        obj["text"] = decode_text(text, source) if isinstance(text, bytes) else text
    except InputError as exc:
        exc.line = number
        return exc
    try:
        return article_from_dict(obj, origin=f"{source}:{number}")
    except InputError as exc:
        if exc.field == "text":
            exc.field = text_column
        exc.source, exc.line = source, number
        return exc

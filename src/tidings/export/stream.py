"""Events as they are coded: JSON Lines (the shared event format), CSV or Parquet.

CSV and Parquet hold one flat row per event (``EVENT_FIELDS``); list-valued sides are
joined with ``;`` in CSV and kept as lists in Parquet. ``docs/export.md`` documents them.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, Protocol

import pyarrow as pa
import pyarrow.parquet as pq

from tidings.errors import ConfigError
from tidings.records import Actor, Event

FORMATS = ("jsonl", "csv", "parquet")

EVENT_FIELDS: tuple[tuple[str, pa.DataType], ...] = (
    ("id", pa.string()),
    ("doc_id", pa.string()),
    ("sentence_start", pa.int32()),
    ("sentence_end", pa.int32()),
    ("sentence_text", pa.string()),
    ("trigger_start", pa.int32()),
    ("trigger_end", pa.int32()),
    ("trigger_text", pa.string()),
    ("type", pa.string()),
    ("mode", pa.string()),
    ("cameo", pa.string()),
    ("goldstein", pa.float64()),
    ("quad_class", pa.int8()),
    ("source_texts", pa.list_(pa.string())),
    ("source_countries", pa.list_(pa.string())),
    ("source_sectors", pa.list_(pa.string())),
    ("target_texts", pa.list_(pa.string())),
    ("target_countries", pa.list_(pa.string())),
    ("target_sectors", pa.list_(pa.string())),
    ("date", pa.date32()),
    ("date_earliest", pa.date32()),
    ("date_latest", pa.date32()),
    ("date_precision", pa.string()),
    ("date_basis", pa.string()),
    ("confidence", pa.float64()),
    ("negated", pa.bool_()),
    ("hypothetical", pa.bool_()),
    ("rule", pa.string()),
)
SCHEMA = pa.schema(EVENT_FIELDS)


def event_row(event: Event) -> dict[str, Any]:
    """One event as a flat row with the columns of ``EVENT_FIELDS``."""

    def side(actors: tuple[Actor, ...], attr: str) -> list[str]:
        return [getattr(a, attr) or "" for a in actors]

    return {
        "id": event.id,
        "doc_id": event.doc_id,
        "sentence_start": event.sentence.start,
        "sentence_end": event.sentence.end,
        "sentence_text": event.sentence.text,
        "trigger_start": event.trigger.start,
        "trigger_end": event.trigger.end,
        "trigger_text": event.trigger.text,
        "type": event.type,
        "mode": event.mode,
        "cameo": event.cameo,
        "goldstein": event.goldstein,
        "quad_class": event.quad_class,
        "source_texts": side(event.source, "text"),
        "source_countries": side(event.source, "country"),
        "source_sectors": side(event.source, "sector"),
        "target_texts": side(event.target, "text"),
        "target_countries": side(event.target, "country"),
        "target_sectors": side(event.target, "sector"),
        "date": event.date.value,
        "date_earliest": event.date.earliest,
        "date_latest": event.date.latest,
        "date_precision": event.date.precision,
        "date_basis": event.date.basis,
        "confidence": round(event.confidence, 3),
        "negated": event.negated,
        "hypothetical": event.hypothetical,
        "rule": event.rule,
    }


class EventWriter(Protocol):
    def write(self, events: list[Event]) -> None: ...

    def close(self) -> None: ...


class JsonlWriter:
    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, events: list[Event]) -> None:
        for event in events:
            self.stream.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")

    def close(self) -> None:
        self.stream.flush()


class CsvWriter:
    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.writer = csv.DictWriter(stream, fieldnames=[name for name, _ in EVENT_FIELDS])
        self.writer.writeheader()

    def write(self, events: list[Event]) -> None:
        for event in events:
            row = event_row(event)
            for key, value in row.items():
                if isinstance(value, list):
                    row[key] = ";".join(value)
            self.writer.writerow(row)

    def close(self) -> None:
        self.stream.flush()


class ParquetWriter:
    """Buffers rows and writes them as row groups of ``rows_per_group``."""

    def __init__(self, path: Path, rows_per_group: int = 50_000) -> None:
        self.writer = pq.ParquetWriter(str(path), SCHEMA)
        self.rows_per_group = rows_per_group
        self.buffer: list[dict[str, Any]] = []

    def write(self, events: list[Event]) -> None:
        self.buffer.extend(event_row(e) for e in events)
        if len(self.buffer) >= self.rows_per_group:
            self._flush()

    def _flush(self) -> None:
        if self.buffer:
            self.writer.write_table(pa.Table.from_pylist(self.buffer, schema=SCHEMA))
            self.buffer = []

    def close(self) -> None:
        self._flush()
        self.writer.close()


def open_writer(
    fmt: str, output: Path | None, stdout: IO[str]
) -> tuple[EventWriter, Callable[[], None]]:
    """A writer for ``fmt`` to ``output`` (or stdout), and a function that closes it."""
    if fmt not in FORMATS:
        raise ConfigError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if output is None:
            raise ConfigError("parquet output needs a file: give -o OUT.parquet")
        writer: EventWriter = ParquetWriter(output)
        return writer, writer.close
    # The stream outlives this function: the returned close() closes it.
    stream = stdout if output is None else open(output, "w", encoding="utf-8", newline="")  # noqa: SIM115
    text_writer: EventWriter = JsonlWriter(stream) if fmt == "jsonl" else CsvWriter(stream)

    def close() -> None:
        text_writer.close()
        if output is not None:
            stream.close()

    return text_writer, close

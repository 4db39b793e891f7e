"""Inputs cut into partitions that a worker can read by itself (the Dask engine).

A plan is made where the command runs: a JSON Lines file is cut every ``size`` lines (the
plan records the uncompressed byte offset of each cut, so a worker seeks there), a Parquet
file into runs of row groups of about ``size`` rows, a WARC file is one partition, and
runs of .txt/.html files make partitions of ``size`` files. Workers then read their
partitions from the same paths (a shared file system). Reading a plan's partitions in
order yields exactly what ``read_items`` yields for the same inputs.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from tidings.errors import InputError
from tidings.ingest.core import RawItem, ReadOptions, reason
from tidings.ingest.files import (
    STDIN,
    SUPPORTED,
    kind_of,
    list_folder,
    open_binary,
    read_file,
    read_jsonl,
)
from tidings.ingest.parquet import read_parquet, row_groups


@dataclass(frozen=True)
class Partition:
    """A part of the input one task reads: ``kind`` says how."""

    kind: str
    """``jsonl`` (lines of one file), ``parquet`` (row groups of one file), ``warc`` (one
    file) or ``files`` (.txt/.html files)."""
    paths: tuple[str, ...]
    first: int = 1
    """The number of the first line (jsonl) or row (parquet), from 1."""
    offset: int = 0
    """jsonl: the uncompressed byte offset of the first line."""
    count: int = 0
    """jsonl: lines in the partition."""
    groups: tuple[int, ...] = ()
    """parquet: the row groups."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, obj: dict[str, Any]) -> Partition:
        return cls(
            kind=obj["kind"],
            paths=tuple(obj["paths"]),
            first=obj["first"],
            offset=obj["offset"],
            count=obj["count"],
            groups=tuple(obj["groups"]),
        )

    def describe(self) -> str:
        if self.kind == "files":
            return f"{len(self.paths)} file(s) from {self.paths[0]}"
        if self.kind == "jsonl":
            return f"{self.paths[0]} lines {self.first}-{self.first + self.count - 1}"
        if self.kind == "parquet":
            return f"{self.paths[0]} row groups {self.groups[0]}-{self.groups[-1]}"
        return self.paths[0]


def plan(
    inputs: Iterable[str], options: ReadOptions | None = None, size: int = 1000
) -> tuple[list[Partition], list[InputError]]:
    """Partitions of about ``size`` articles covering the inputs, in input order, and the
    problems found while planning (missing files, unreadable files, standard input)."""
    opts = options or ReadOptions()
    parts: list[Partition] = []
    problems: list[InputError] = []
    loose: list[str] = []

    def flush_loose() -> None:
        for i in range(0, len(loose), size):
            parts.append(Partition("files", tuple(loose[i : i + size])))
        loose.clear()

    for name in inputs:
        if name == STDIN:
            problems.append(
                InputError("standard input cannot be partitioned: use --engine local", source=name)
            )
            continue
        path = Path(name)
        if path.is_dir():
            files = list_folder(path)
            if not files:
                problems.append(
                    InputError(f"no {', '.join(SUPPORTED)} files in this folder", source=name)
                )
        elif path.exists():
            files = [path]
        else:
            problems.append(InputError("no such file or folder", source=name))
            continue
        for file in files:
            kind = kind_of(file)
            if kind in ("text", "html"):
                loose.append(str(file))
                continue
            flush_loose()
            try:
                if kind == "jsonl":
                    parts.extend(_jsonl_parts(file, size))
                elif kind == "parquet":
                    parts.extend(_parquet_parts(file, size, opts))
                elif kind == "warc":
                    parts.append(Partition("warc", (str(file),)))
                else:
                    problems.append(
                        InputError(
                            f"unsupported file type (expected {', '.join(SUPPORTED)})",
                            source=str(file),
                        )
                    )
            except InputError as exc:
                problems.append(exc)
    flush_loose()
    return parts, problems


def read_partition(part: Partition, options: ReadOptions | None = None) -> Iterator[RawItem]:
    """The items of one partition, as ``read_items`` yields them."""
    opts = options or ReadOptions()
    if part.kind == "files":
        for name in part.paths:
            yield from read_file(Path(name), opts)
    elif part.kind == "jsonl":
        path = Path(part.paths[0])
        try:
            with open_binary(path) as fh:
                fh.seek(part.offset)
                yield from read_jsonl(fh, str(path), part.first, part.count)
        except (OSError, EOFError, gzip.BadGzipFile, zlib.error) as exc:
            yield InputError(f"cannot read: {reason(exc)}", source=str(path))
    elif part.kind == "parquet":
        yield from read_parquet(Path(part.paths[0]), opts, list(part.groups), part.first)
    elif part.kind == "warc":
        yield from read_file(Path(part.paths[0]), opts)
    else:
        raise ValueError(f"unknown partition kind {part.kind!r}")


def _jsonl_parts(path: Path, size: int) -> list[Partition]:
    parts = []
    offset = start_offset = 0
    first = number = 1
    try:
        with open_binary(path) as fh:
            for raw in fh:
                if number - first == size:
                    parts.append(Partition("jsonl", (str(path),), first, start_offset, size))
                    first, start_offset = number, offset
                offset += len(raw)
                number += 1
    except (OSError, EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise InputError(f"cannot read: {reason(exc)}", source=str(path)) from None
    if number > first or not parts:
        parts.append(Partition("jsonl", (str(path),), first, start_offset, number - first))
    return parts


def _parquet_parts(path: Path, size: int, options: ReadOptions) -> list[Partition]:
    try:
        names = pq.ParquetFile(path).schema_arrow.names
        sizes = row_groups(path)
    except (OSError, ValueError, pa.ArrowException) as exc:
        raise InputError(f"cannot read Parquet: {reason(exc)}", source=str(path)) from None
    if options.text_column not in names:
        raise InputError(
            f"no column '{options.text_column}' (columns: {', '.join(sorted(names))}; "
            "choose one with --text-column)",
            source=str(path),
        )
    parts = []
    groups: list[int] = []
    rows = 0
    first = 1
    for index, n in enumerate(sizes):
        groups.append(index)
        rows += n
        if rows >= size:
            parts.append(Partition("parquet", (str(path),), first, groups=tuple(groups)))
            first += rows
            groups, rows = [], 0
    if groups:
        parts.append(Partition("parquet", (str(path),), first, groups=tuple(groups)))
    return parts

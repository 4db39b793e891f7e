"""Partitions: what the workers of the Dask engine read equals what one reader reads."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from tidings.errors import InputError
from tidings.ingest import ReadOptions, finish, read_items
from tidings.ingest.partitions import Partition, plan, read_partition


def _comparable(items):  # type: ignore[no-untyped-def]
    return [str(i) if isinstance(i, InputError) else finish(i) for i in items]


def test_partitions_read_in_order_equal_one_read(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"j{i}", "text": f"Troops left town {i}."}) for i in range(7)]
    lines[2] = "{broken"
    lines.insert(4, "")
    with gzip.open(tmp_path / "a.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    pq.write_table(
        pa.table({"text": [f"Police arrested {i} men." for i in range(5)]}),
        tmp_path / "b.parquet",
        row_group_size=2,
    )
    sub = tmp_path / "c"
    sub.mkdir()
    for i in range(4):
        (sub / f"{i}.txt").write_text(f"Rebels attacked convoy {i}.", encoding="utf-8")
    (sub / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "d.jsonl").write_text("", encoding="utf-8")
    inputs = [str(tmp_path), str(tmp_path / "missing.jsonl")]

    parts, problems = plan(inputs, ReadOptions(), size=3)
    kinds = [p.kind for p in parts]
    assert kinds == ["jsonl"] * 3 + ["parquet"] * 2 + ["files"] * 2 + ["jsonl"]
    assert [p.count for p in parts[:3]] == [3, 3, 2]
    assert [str(p) for p in problems] == [f"{tmp_path / 'missing.jsonl'}: no such file or folder"]
    assert all(Partition.from_dict(p.to_dict()) == p for p in parts)

    whole = _comparable(read_items([str(tmp_path)]))
    pieces = _comparable(item for part in parts for item in read_partition(part))
    assert pieces == whole
    assert sum(isinstance(i, str) for i in whole) == 3  # broken line, empty .txt, empty .jsonl


def test_standard_input_cannot_be_partitioned() -> None:
    parts, problems = plan(["-"])
    assert parts == [] and "use --engine local" in str(problems[0])

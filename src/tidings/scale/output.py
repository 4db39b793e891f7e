"""Parquet partitions of coded articles: what ``code --engine dask`` writes and
``tidings load`` reads into the store.

An output folder holds::

    _partitions.json           the plan: every partition's input and name, the options
    events/part-00000.parquet  the events of partition 0: the flat columns of
                               ``code --format parquet`` plus what rebuilds each Event
                               exactly (``record``: the shared-format JSON; ``published``,
                               ``exact_confidence``, ``sentence_index``, ``article_row``)
    articles/part-00000.parquet  its articles (id, title, url, outlet, published, text,
                               origin, num_events), in input order

``events/`` alone is an ordinary Parquet dataset (``duckdb``, pandas, Spark read it).
Each file is written under a temporary name and renamed, events first; a partition is
complete when its articles file exists, so a rerun skips complete partitions (resume),
and ``load`` refuses a folder with partitions missing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from tidings.errors import ConfigError, InputError
from tidings.export.stream import EVENT_FIELDS, event_row
from tidings.ingest.partitions import Partition
from tidings.records import Article, Event, event_from_dict

PLAN = "_partitions.json"
EVENT_SCHEMA = pa.schema(
    [
        *EVENT_FIELDS,
        ("published", pa.date32()),
        ("exact_confidence", pa.float64()),
        ("sentence_index", pa.int32()),
        ("article_row", pa.int32()),
        ("record", pa.string()),
    ]
)
ARTICLE_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("title", pa.string()),
        ("url", pa.string()),
        ("outlet", pa.string()),
        ("published", pa.date32()),
        ("text", pa.string()),
        ("origin", pa.string()),
        ("num_events", pa.int32()),
    ]
)


def part_name(index: int) -> str:
    return f"part-{index:05d}"


def write_plan(
    out: Path, parts: Sequence[Partition], settings: dict[str, Any], fresh: bool
) -> None:
    """Record the plan in ``out``; a folder that holds another plan is refused unless
    ``fresh`` (then its partitions are removed)."""
    plan = {
        "version": 1,
        "settings": settings,
        "partitions": [{"name": part_name(i), **p.to_dict()} for i, p in enumerate(parts)],
    }
    path = out / PLAN
    if path.exists() and not fresh:
        old = json.loads(path.read_text(encoding="utf-8"))
        if old != json.loads(json.dumps(plan)):
            raise ConfigError(
                f"{out} holds the partitions of another run (other inputs or options): "
                "give another folder, or --overwrite to start afresh"
            )
        return
    if fresh:
        for sub in ("events", "articles"):
            for file in (out / sub).glob("part-*.parquet*"):
                file.unlink()
    out.mkdir(parents=True, exist_ok=True)
    (out / "events").mkdir(exist_ok=True)
    (out / "articles").mkdir(exist_ok=True)
    tmp = out / (PLAN + ".tmp")
    tmp.write_text(json.dumps(plan, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def read_plan(out: Path) -> list[str]:
    """The partition names of a folder, in input order."""
    path = out / PLAN
    if not path.exists():
        raise InputError(
            f"not a folder written by 'tidings code --engine dask' (no {PLAN})", source=str(out)
        )
    try:
        plan = json.loads(path.read_text(encoding="utf-8"))
        return [p["name"] for p in plan["partitions"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"cannot read the plan: {exc}", source=str(path)) from None


def is_complete(out: Path, name: str) -> bool:
    return (out / "articles" / f"{name}.parquet").exists()


def write_partition(out: Path, name: str, coded: Sequence[tuple[Article, list[Event]]]) -> None:
    """Write one partition's events, then its articles (the completion mark)."""
    rows: list[dict[str, Any]] = []
    for position, (_, events) in enumerate(coded):
        for event in events:
            row = event_row(event)
            row.update(
                published=event.published,
                exact_confidence=event.confidence,
                sentence_index=event.sentence.index,
                article_row=position,
                record=json.dumps(event.to_dict(), ensure_ascii=False),
            )
            rows.append(row)
    _write(pa.Table.from_pylist(rows, schema=EVENT_SCHEMA), out / "events" / f"{name}.parquet")
    articles = pa.Table.from_pylist(
        [
            {
                "id": a.id,
                "title": a.title,
                "url": a.url,
                "outlet": a.outlet,
                "published": a.published,
                "text": a.text,
                "origin": a.origin,
                "num_events": len(events),
            }
            for a, events in coded
        ],
        schema=ARTICLE_SCHEMA,
    )
    _write(articles, out / "articles" / f"{name}.parquet")


def _write(table: pa.Table, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp, row_group_size=10_000)
    os.replace(tmp, path)


def read_partition_output(out: Path, name: str) -> Iterator[tuple[Article, list[Event]]]:
    """One partition's articles with their events, in input order, exactly as coded."""
    events_path = out / "events" / f"{name}.parquet"
    articles_path = out / "articles" / f"{name}.parquet"
    if not is_complete(out, name) or not events_path.exists():
        raise InputError(
            f"partition {name} is missing: the coding run did not finish; run it again to resume",
            source=str(out),
        )
    by_row: dict[int, list[Event]] = {}
    columns = ["article_row", "record", "exact_confidence", "published", "sentence_index"]
    table = pq.read_table(events_path, columns=columns)
    for row in table.to_pylist():
        event = event_from_dict(
            json.loads(row["record"]),
            confidence=row["exact_confidence"],
            published=row["published"],
            sentence_index=row["sentence_index"],
        )
        by_row.setdefault(row["article_row"], []).append(event)
    position = 0
    for batch in pq.ParquetFile(articles_path).iter_batches(batch_size=1000):
        for row in batch.to_pylist():
            article = Article(
                id=row["id"],
                text=row["text"],
                published=row["published"],
                title=row["title"],
                url=row["url"],
                outlet=row["outlet"],
                origin=row["origin"] or "",
            )
            yield article, by_row.get(position, [])
            position += 1


def load_folder(
    con: duckdb.DuckDBPyConnection,
    out: Path,
    commit_every: int = 200,
    on_commit: Callable[[int, int, int], None] | None = None,
) -> tuple[int, int, int]:
    """Store every partition of ``out`` in input order, ``commit_every`` articles per
    transaction; returns (articles added, articles already there, events added). Known
    articles are skipped, so an interrupted load resumes by running it again."""
    from tidings.store import store_batch

    names = read_plan(out)
    missing = [n for n in names if not is_complete(out, n)]
    if missing:
        raise InputError(
            f"{len(missing)} of {len(names)} partition(s) missing (first: {missing[0]}): "
            "the coding run did not finish; run it again to resume",
            source=str(out),
        )
    added = skipped = events = 0
    pending: list[tuple[Article, list[Event]]] = []

    def commit() -> None:
        nonlocal added, skipped, events, pending
        result = store_batch(con, pending)
        added += result.articles_added
        skipped += result.articles_skipped
        events += result.events_added
        pending = []
        if on_commit is not None:
            on_commit(added, skipped, events)

    for name in names:
        for coded in read_partition_output(out, name):
            pending.append(coded)
            if len(pending) >= commit_every:
                commit()
    if pending:
        commit()
    return added, skipped, events

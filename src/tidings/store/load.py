"""Loading: coded articles into the store, in Arrow batches, one transaction per batch.

A batch inserts the articles the store lacks (by id), their mentions and actors, links the
new articles to the copies already stored, and reclusters the event blocks it touched.
Everything a batch does is committed together or not at all, and every derived value
(canonical article, event clusters) is a pure function of the stored rows, so ingesting a
corpus twice, in another order, or again after an interrupted run gives the same store.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import duckdb
import pyarrow as pa

from tidings.errors import StoreError
from tidings.records import Actor, Article, Event
from tidings.store.dedup import (
    assign_canonical,
    band_keys,
    bands_table,
    blocks_of_articles,
    refresh_events,
    signature_columns,
)


@dataclass(frozen=True)
class IngestResult:
    """What one batch changed."""

    articles_added: int
    articles_skipped: int
    events_added: int


def store_batch(
    con: duckdb.DuckDBPyConnection, batch: Sequence[tuple[Article, list[Event]]]
) -> IngestResult:
    """Store articles and their events in one transaction; known articles are skipped."""
    if not batch:
        return IngestResult(0, 0, 0)
    known = _existing_article_ids(con, [article.id for article, _ in batch])
    unique: dict[str, tuple[Article, list[Event]]] = {}
    for article, events in batch:
        if article.id not in known and article.id not in unique:
            unique[article.id] = (article, events)
    fresh = list(unique.values())
    events = [e for _, evs in fresh for e in evs]
    con.execute("BEGIN TRANSACTION")
    try:
        if fresh:
            load_tables(con, articles_table(fresh), mentions_table(events), actors_table(events))
            changed = assign_canonical(con, list(unique))
            refresh_events(con, blocks_of_articles(con, set(unique) | changed))
        con.execute("COMMIT")
    except duckdb.Error as exc:
        con.execute("ROLLBACK")
        raise StoreError(f"cannot store batch: {str(exc).strip().splitlines()[0]}") from exc
    except BaseException:
        # Anything else (a bad value in Arrow, Ctrl-C): the batch is all or nothing, and
        # the connection stays usable for the summary and the next run.
        con.execute("ROLLBACK")
        raise
    return IngestResult(len(fresh), len(batch) - len(fresh), len(events))


def load_tables(
    con: duckdb.DuckDBPyConnection, articles: pa.Table, mentions: pa.Table, actors: pa.Table
) -> None:
    """Insert prepared Arrow tables (columns named as in the store), and the articles'
    band keys, inside the caller's transaction. The synthetic-store generator loads
    through here too."""
    tables = (
        ("articles", articles),
        ("article_bands", bands_of(articles)),
        ("mentions", mentions),
        ("actors", actors),
    )
    for name, table in tables:
        if table.num_rows == 0:
            continue
        con.register("incoming", table)
        if name == "mentions":
            # Two articles with the same text yield the same mention ids: keep the first.
            con.execute(
                "INSERT INTO mentions BY NAME SELECT * FROM incoming "
                "WHERE id NOT IN (SELECT id FROM mentions)"
            )
        elif name == "actors":
            con.execute(
                "INSERT INTO actors BY NAME SELECT * FROM incoming WHERE mention_id NOT IN "
                "(SELECT DISTINCT mention_id FROM actors)"
            )
        else:
            con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM incoming")
        con.unregister("incoming")


def articles_table(batch: Sequence[tuple[Article, list[Event]]]) -> pa.Table:
    now = datetime.now(UTC).replace(tzinfo=None)
    texts = [a.text for a, _ in batch]
    return pa.table(
        {
            "id": [a.id for a, _ in batch],
            "title": [a.title for a, _ in batch],
            "url": [a.url for a, _ in batch],
            "outlet": [a.outlet for a, _ in batch],
            "published": pa.array([a.published for a, _ in batch], pa.date32()),
            "text": texts,
            "num_events": pa.array([len(evs) for _, evs in batch], pa.int32()),
            "ingested_at": pa.array([now] * len(batch), pa.timestamp("us")),
            "text_hash": [hashlib.md5(t.encode("utf-8")).hexdigest() for t in texts],
            "minhash": pa.array(signature_columns(texts)[0], pa.list_(pa.uint32())),
            "canonical_id": [a.id for a, _ in batch],
        }
    )


def bands_of(articles: pa.Table) -> pa.Table:
    """The ``article_bands`` rows of prepared article rows."""
    ids = articles.column("id").to_pylist()
    signatures = articles.column("minhash").to_pylist()
    return bands_table(ids, [band_keys(s) if s is not None else [] for s in signatures])


def mentions_table(events: Sequence[Event]) -> pa.Table:
    def codes(actors: tuple[Actor, ...], attr: str) -> list[str]:
        return [getattr(a, attr) or "" for a in actors]

    def first(actors: tuple[Actor, ...], attr: str) -> str | None:
        return getattr(actors[0], attr) if actors else None

    def place(e: Event, attr: str) -> object:
        return getattr(e.location, attr) if e.location is not None else None

    return pa.table(
        {
            "id": [e.id for e in events],
            "doc_id": [e.doc_id for e in events],
            "sentence_start": pa.array([e.sentence.start for e in events], pa.int32()),
            "sentence_end": pa.array([e.sentence.end for e in events], pa.int32()),
            "sentence_text": [e.sentence.text for e in events],
            "trigger_start": pa.array([e.trigger.start for e in events], pa.int32()),
            "trigger_end": pa.array([e.trigger.end for e in events], pa.int32()),
            "trigger_text": [e.trigger.text for e in events],
            "type": [e.type for e in events],
            "mode": [e.mode for e in events],
            "cameo": [e.cameo for e in events],
            "goldstein": pa.array([e.goldstein for e in events], pa.float64()),
            "quad_class": pa.array([e.quad_class for e in events], pa.int8()),
            "source_countries": [codes(e.source, "country") for e in events],
            "source_sectors": [codes(e.source, "sector") for e in events],
            "target_countries": [codes(e.target, "country") for e in events],
            "target_sectors": [codes(e.target, "sector") for e in events],
            "source_country": [first(e.source, "country") for e in events],
            "source_sector": [first(e.source, "sector") for e in events],
            "target_country": [first(e.target, "country") for e in events],
            "target_sector": [first(e.target, "sector") for e in events],
            "date": pa.array([e.date.value for e in events], pa.date32()),
            "date_earliest": pa.array([e.date.earliest for e in events], pa.date32()),
            "date_latest": pa.array([e.date.latest for e in events], pa.date32()),
            "date_precision": [e.date.precision for e in events],
            "date_basis": [e.date.basis for e in events],
            "confidence": pa.array([e.confidence for e in events], pa.float64()),
            "negated": [e.negated for e in events],
            "hypothetical": [e.hypothetical for e in events],
            "historical": [e.historical for e in events],
            "published": pa.array([e.published for e in events], pa.date32()),
            "place_name": [place(e, "name") for e in events],
            "place_country": [place(e, "country") for e in events],
            "place_admin1": [place(e, "admin1") for e in events],
            "place_lat": pa.array([place(e, "lat") for e in events], pa.float64()),
            "place_lon": pa.array([place(e, "lon") for e in events], pa.float64()),
            "place_precision": [place(e, "precision") for e in events],
            "block": [block_of(e) for e in events],
            "cluster_earliest": pa.array([cluster_window(e)[0] for e in events], pa.date32()),
            "cluster_latest": pa.array([cluster_window(e)[1] for e in events], pa.date32()),
            "record": [json.dumps(e.to_dict(), ensure_ascii=False) for e in events],
        }
    )


def actors_table(events: Sequence[Event]) -> pa.Table:
    rows = [
        (e.id, side, position, actor)
        for e in events
        for side, actors in (("source", e.source), ("target", e.target))
        for position, actor in enumerate(actors)
    ]
    return pa.table(
        {
            "mention_id": pa.array([r[0] for r in rows], pa.string()),
            "side": pa.array([r[1] for r in rows], pa.string()),
            "position": pa.array([r[2] for r in rows], pa.int32()),
            "text": pa.array([r[3].text for r in rows], pa.string()),
            "country": pa.array([r[3].country for r in rows], pa.string()),
            "sector": pa.array([r[3].sector for r in rows], pa.string()),
            "name": pa.array([r[3].name for r in rows], pa.string()),
        }
    )


def block_of(e: Event) -> str:
    """The de-duplication block: type, first source and first target country (sorted, so
    "Russia and Ukraine" and "Ukraine and Russia" block alike)."""
    source = sorted(a.country for a in e.source if a.country)
    target = sorted(a.country for a in e.target if a.country)
    return f"{e.type}|{source[0] if source else ''}|{target[0] if target else ''}"


def cluster_window(e: Event) -> tuple[date, date]:
    """The interval a report is clustered on: its stated dates, or, when only the
    publication date places it, the day before publication to the latest date."""
    if e.date.basis == "text":
        return e.date.earliest, e.date.latest
    return e.date.latest - timedelta(days=1), e.date.latest


def _existing_article_ids(con: duckdb.DuckDBPyConnection, ids: list[str]) -> set[str]:
    con.register("probe_ids", pa.table({"id": pa.array(ids, pa.string())}))
    rows = con.execute("SELECT id FROM articles WHERE id IN (SELECT id FROM probe_ids)").fetchall()
    con.unregister("probe_ids")
    return {r[0] for r in rows}

"""Store stage: articles and coded events in an embedded DuckDB file.

Tables (``docs/store.md`` documents every column):

    articles           one row per article, keyed by its id
    mentions           one row per coded event report, with its spans and the full record
    schema_migrations  the named migrations applied, in order

Rows are loaded as Arrow tables, one batch per transaction, and only rows whose ids are
new are inserted, so ingesting the same articles twice adds nothing. DuckDB lets one
process write a file at a time; a second writer gets ``StoreInUse``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from tidings.errors import StoreError
from tidings.records import Article, Event

DEFAULT_DB = "tidings.duckdb"
PERIODS = ("day", "week", "month", "year")

MIGRATIONS: tuple[tuple[str, str], ...] = (
    (
        "0001_articles_and_mentions",
        """
        CREATE TABLE articles (
            id           VARCHAR PRIMARY KEY,
            title        VARCHAR,
            url          VARCHAR,
            outlet       VARCHAR,
            published    DATE,
            text         VARCHAR NOT NULL,
            num_events   INTEGER NOT NULL,
            ingested_at  TIMESTAMP NOT NULL
        );
        CREATE TABLE mentions (
            id               VARCHAR PRIMARY KEY,
            doc_id           VARCHAR NOT NULL,
            sentence_start   INTEGER NOT NULL,
            sentence_end     INTEGER NOT NULL,
            sentence_text    VARCHAR NOT NULL,
            trigger_start    INTEGER NOT NULL,
            trigger_end      INTEGER NOT NULL,
            trigger_text     VARCHAR NOT NULL,
            type             VARCHAR NOT NULL,
            mode             VARCHAR,
            cameo            VARCHAR NOT NULL,
            goldstein        DOUBLE NOT NULL,
            quad_class       TINYINT NOT NULL,
            source_countries VARCHAR[] NOT NULL,
            source_sectors   VARCHAR[] NOT NULL,
            target_countries VARCHAR[] NOT NULL,
            target_sectors   VARCHAR[] NOT NULL,
            date             DATE NOT NULL,
            date_earliest    DATE NOT NULL,
            date_latest      DATE NOT NULL,
            date_precision   VARCHAR NOT NULL,
            date_basis       VARCHAR NOT NULL,
            confidence       DOUBLE NOT NULL,
            negated          BOOLEAN NOT NULL,
            hypothetical     BOOLEAN NOT NULL,
            record           JSON NOT NULL
        );
        CREATE INDEX mentions_doc ON mentions (doc_id);
        """,
    ),
)


class StoreInUse(StoreError):
    """Another process is writing the store."""


@dataclass(frozen=True)
class IngestResult:
    articles_added: int
    articles_skipped: int
    events_added: int


def connect(path: str | Path = DEFAULT_DB, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and, for writers, create and migrate) a store."""
    path = Path(path)
    if read_only and not path.exists():
        raise StoreError(f"{path}: no such store (run 'tidings ingest' first)")
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise StoreInUse(f"{path}: store is in use by another process") from exc
        raise StoreError(f"{path}: cannot open store: {exc}") from exc
    except duckdb.Error as exc:
        raise StoreError(f"{path}: cannot open store: {exc}") from exc
    if not read_only:
        migrate(con)
    return con


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the migrations this store lacks, in order; returns their names."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(name VARCHAR PRIMARY KEY, applied_at TIMESTAMP NOT NULL)"
    )
    done = {row[0] for row in con.execute("SELECT name FROM schema_migrations").fetchall()}
    applied = []
    for name, sql in MIGRATIONS:
        if name in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?)", [name, _now()])
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise StoreError(f"migration {name} failed: {exc}") from exc
        applied.append(name)
    return applied


def store_batch(
    con: duckdb.DuckDBPyConnection, batch: Sequence[tuple[Article, list[Event]]]
) -> IngestResult:
    """Store articles and their events in one transaction; known articles are skipped."""
    if not batch:
        return IngestResult(0, 0, 0)
    ids = [article.id for article, _ in batch]
    known = _existing_ids(con, "articles", ids)
    fresh = [(a, evs) for a, evs in batch if a.id not in known]
    # One article twice in one batch: keep the first.
    seen: set[str] = set()
    unique = []
    for article, events in fresh:
        if article.id not in seen:
            seen.add(article.id)
            unique.append((article, events))
    events = [e for _, evs in unique for e in evs]
    con.execute("BEGIN TRANSACTION")
    try:
        if unique:
            con.register("incoming_articles", _articles_table(unique))
            con.execute("INSERT INTO articles SELECT * FROM incoming_articles")
            con.unregister("incoming_articles")
        if events:
            con.register("incoming_mentions", _mentions_table(events))
            con.execute(
                "INSERT INTO mentions SELECT * FROM incoming_mentions "
                "WHERE id NOT IN (SELECT id FROM mentions)"
            )
            con.unregister("incoming_mentions")
        con.execute("COMMIT")
    except duckdb.Error as exc:
        con.execute("ROLLBACK")
        raise StoreError(f"cannot store batch: {exc}") from exc
    return IngestResult(len(unique), len(batch) - len(unique), len(events))


def _existing_ids(con: duckdb.DuckDBPyConnection, table: str, ids: list[str]) -> set[str]:
    con.register("probe_ids", pa.table({"id": pa.array(ids, pa.string())}))
    rows = con.execute(f"SELECT id FROM {table} WHERE id IN (SELECT id FROM probe_ids)").fetchall()
    con.unregister("probe_ids")
    return {r[0] for r in rows}


def _articles_table(batch: Sequence[tuple[Article, list[Event]]]) -> pa.Table:
    now = _now()
    return pa.table(
        {
            "id": [a.id for a, _ in batch],
            "title": [a.title for a, _ in batch],
            "url": [a.url for a, _ in batch],
            "outlet": [a.outlet for a, _ in batch],
            "published": pa.array([a.published for a, _ in batch], pa.date32()),
            "text": [a.text for a, _ in batch],
            "num_events": pa.array([len(evs) for _, evs in batch], pa.int32()),
            "ingested_at": pa.array([now] * len(batch), pa.timestamp("us")),
        }
    )


def _mentions_table(events: Sequence[Event]) -> pa.Table:
    def side(actors: Iterable[Any], attr: str) -> list[str]:
        return [getattr(a, attr) or "" for a in actors]

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
            "source_countries": [side(e.source, "country") for e in events],
            "source_sectors": [side(e.source, "sector") for e in events],
            "target_countries": [side(e.target, "country") for e in events],
            "target_sectors": [side(e.target, "sector") for e in events],
            "date": pa.array([e.date.value for e in events], pa.date32()),
            "date_earliest": pa.array([e.date.earliest for e in events], pa.date32()),
            "date_latest": pa.array([e.date.latest for e in events], pa.date32()),
            "date_precision": [e.date.precision for e in events],
            "date_basis": [e.date.basis for e in events],
            "confidence": pa.array([e.confidence for e in events], pa.float64()),
            "negated": [e.negated for e in events],
            "hypothetical": [e.hypothetical for e in events],
            "record": [json.dumps(e.to_dict(), ensure_ascii=False) for e in events],
        }
    )


# --- queries ---------------------------------------------------------------------------


@dataclass(frozen=True)
class EventFilter:
    """Which event reports a query selects. Dates compare with the event's date."""

    source: str | None = None
    target: str | None = None
    type: str | None = None
    since: date | None = None
    until: date | None = None

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.source:
            clauses.append("list_contains(source_countries, ?)")
            params.append(self.source.upper())
        if self.target:
            clauses.append("list_contains(target_countries, ?)")
            params.append(self.target.upper())
        if self.type:
            clauses.append("type = ?")
            params.append(self.type.upper())
        if self.since:
            clauses.append("date >= ?")
            params.append(self.since)
        if self.until:
            clauses.append("date <= ?")
            params.append(self.until)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


@dataclass(frozen=True)
class Rows:
    """A query result: column names and rows."""

    columns: list[str]
    rows: list[tuple[Any, ...]]


EVENT_COLUMNS = (
    "id, doc_id, date, type, mode, cameo, goldstein, quad_class, "
    "array_to_string(source_countries, ';') AS source, "
    "array_to_string(target_countries, ';') AS target, trigger_text, confidence, sentence_text"
)


def select_events(
    con: duckdb.DuckDBPyConnection, flt: EventFilter, limit: int | None = 100
) -> Rows:
    where, params = flt.where()
    sql = f"SELECT {EVENT_COLUMNS} FROM mentions{where} ORDER BY date, id"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return _rows(con, sql, params)


def count_events(con: duckdb.DuckDBPyConnection, flt: EventFilter, by: str) -> Rows:
    """Event counts and Goldstein sums per period (``day``, ``week``, ``month``, ``year``)."""
    if by not in PERIODS:
        raise StoreError(f"cannot group by {by!r}: use one of {', '.join(PERIODS)}")
    where, params = flt.where()
    sql = (
        f"SELECT CAST(date_trunc('{by}', date) AS DATE) AS period, count(*) AS events, "
        f"round(sum(goldstein), 2) AS goldstein FROM mentions{where} "
        "GROUP BY period ORDER BY period"
    )
    return _rows(con, sql, params)


def events_by_type(con: duckdb.DuckDBPyConnection) -> Rows:
    return _rows(
        con,
        "SELECT type, count(*) AS events FROM mentions GROUP BY type ORDER BY events DESC, type",
    )


def top_dyads(con: duckdb.DuckDBPyConnection, limit: int = 10) -> Rows:
    """The most frequent source→target country pairs (one pair per member combination)."""
    sql = f"""
        SELECT s AS source, t AS target, count(*) AS events, round(sum(goldstein), 2) AS goldstein
        FROM mentions, unnest(source_countries) AS a(s), unnest(target_countries) AS b(t)
        WHERE s <> t
        GROUP BY s, t ORDER BY events DESC, s, t LIMIT {int(limit)}
    """
    return _rows(con, sql)


def totals(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    ((articles, mentions),) = con.execute(
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM mentions)"
    ).fetchall()
    return {"articles": articles, "events": mentions}


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> Rows:
    try:
        cur = con.execute(sql, params or [])
    except duckdb.Error as exc:
        raise StoreError(f"query failed: {exc}") from exc
    columns = [d[0] for d in cur.description or []]
    return Rows(columns, cur.fetchall())


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)

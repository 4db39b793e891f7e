"""Queries: filters, listings, dyad time series, top dyads and actors, read-only SQL.

Every query reads one of two tables: ``events`` (one row per de-duplicated event, the
default) or ``mentions`` (one row per coded report). Dates compare with the event's date,
so a report published in 2015 of the 2014 annexation counts in March 2014.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from tidings.errors import StoreError

PERIODS = ("day", "week", "month", "year")
TABLES = ("events", "mentions")


@dataclass(frozen=True)
class EventFilter:
    """Which events (or reports) a query selects; unset fields select everything.

    Country and sector filters match any actor on that side; ``country`` matches either
    side. ``actor`` matches a resolved actor name or its text, case-insensitively, as a
    substring. ``cameo`` matches a code and its children ("19" matches "190" and "193").
    ``place`` matches a place name (case-insensitively) or an ISO alpha-3 country code.
    ``historical`` True keeps only background mentions, False drops them.
    """

    source: str | None = None
    target: str | None = None
    country: str | None = None
    source_sector: str | None = None
    target_sector: str | None = None
    actor: str | None = None
    type: str | None = None
    mode: str | None = None
    cameo: str | None = None
    since: date | None = None
    until: date | None = None
    place: str | None = None
    historical: bool | None = None
    min_sources: int | None = None

    def where(self, table: str = "events", alias: str = "") -> tuple[str, list[Any]]:
        """A WHERE clause (empty when nothing is filtered) and its parameters."""
        if table not in TABLES:
            raise StoreError(f"no table {table!r}: use one of {', '.join(TABLES)}")
        col = f"{alias}." if alias else ""
        clauses: list[str] = []
        params: list[Any] = []

        def add(clause: str, *values: Any) -> None:
            clauses.append(clause)
            params.extend(values)

        if self.source:
            add(f"list_contains({col}source_countries, ?)", self.source.upper())
        if self.target:
            add(f"list_contains({col}target_countries, ?)", self.target.upper())
        if self.country:
            code = self.country.upper()
            add(
                f"(list_contains({col}source_countries, ?) "
                f"OR list_contains({col}target_countries, ?))",
                code,
                code,
            )
        if self.source_sector:
            add(f"list_contains({col}source_sectors, ?)", self.source_sector.upper())
        if self.target_sector:
            add(f"list_contains({col}target_sectors, ?)", self.target_sector.upper())
        if self.type:
            add(f"{col}type = ?", self.type.upper())
        if self.mode:
            add(f"{col}mode = ?", self.mode.lower())
        if self.cameo:
            add(f"starts_with({col}cameo, ?)", self.cameo)
        if self.since:
            add(f"{col}date >= ?", self.since)
        if self.until:
            add(f"{col}date <= ?", self.until)
        if self.place:
            add(
                f"(lower({col}place_name) = lower(?) OR {col}place_country = upper(?))",
                self.place,
                self.place,
            )
        if self.historical is not None:
            add(f"{col}historical = ?", self.historical)
        if self.actor:
            mention_key = "sample_mention_id" if table == "events" else "id"
            pattern = f"%{self.actor.lower()}%"
            if table == "events":
                add(
                    f"{col}id IN (SELECT m.event_id FROM mentions m JOIN actors a "
                    "ON a.mention_id = m.id WHERE lower(a.name) LIKE ? OR lower(a.text) LIKE ?)",
                    pattern,
                    pattern,
                )
            else:
                add(
                    f"{col}{mention_key} IN (SELECT mention_id FROM actors "
                    "WHERE lower(name) LIKE ? OR lower(text) LIKE ?)",
                    pattern,
                    pattern,
                )
        if self.min_sources:
            if table == "events":
                add(f"{col}num_sources >= ?", self.min_sources)
            else:
                add(
                    f"{col}event_id IN (SELECT id FROM events WHERE num_sources >= ?)",
                    self.min_sources,
                )
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


@dataclass(frozen=True)
class Rows:
    """A query result: column names and rows."""

    columns: list[str]
    rows: list[tuple[Any, ...]]


LISTING = {
    "events": (
        "id, date, date_earliest, date_latest, type, mode, cameo, goldstein, quad_class, "
        "array_to_string(source_countries, ';') AS source, "
        "array_to_string(source_sectors, ';') AS source_sector, "
        "array_to_string(target_countries, ';') AS target, "
        "array_to_string(target_sectors, ';') AS target_sector, "
        "place_name AS place, historical, num_mentions, num_articles, num_sources, "
        "round(confidence, 3) AS confidence"
    ),
    "mentions": (
        "id, doc_id, event_id, date, type, mode, cameo, goldstein, quad_class, "
        "array_to_string(source_countries, ';') AS source, "
        "array_to_string(source_sectors, ';') AS source_sector, "
        "array_to_string(target_countries, ';') AS target, "
        "array_to_string(target_sectors, ';') AS target_sector, "
        "place_name AS place, historical, trigger_text, round(confidence, 3) AS confidence, "
        "sentence_text"
    ),
}


def select(
    con: duckdb.DuckDBPyConnection,
    flt: EventFilter,
    table: str = "events",
    limit: int | None = 100,
    columns: str | None = None,
) -> duckdb.DuckDBPyRelation:
    """The selected rows, as a relation the caller fetches in the form it likes."""
    where, params = flt.where(table)
    sql = f"SELECT {columns or LISTING[table]} FROM {table}{where} ORDER BY date, id"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return _relation(con, sql, params)


def series(
    con: duckdb.DuckDBPyConnection,
    flt: EventFilter,
    by: str = "month",
    table: str = "events",
    per_dyad: bool = False,
) -> duckdb.DuckDBPyRelation:
    """Counts, Goldstein sums and quad-class counts per period; per source-target dyad of
    the first actors when ``per_dyad``."""
    if by not in PERIODS:
        raise StoreError(f"cannot group by {by!r}: use one of {', '.join(PERIODS)}")
    where, params = flt.where(table)
    dyad = "source_country AS source, target_country AS target, " if per_dyad else ""
    group = "period, source, target" if per_dyad else "period"
    sql = f"""
        SELECT CAST(date_trunc('{by}', date) AS DATE) AS period, {dyad}
               count(*) AS events, round(sum(goldstein), 2) AS goldstein,
               count(*) FILTER (WHERE quad_class = 1) AS verbal_cooperation,
               count(*) FILTER (WHERE quad_class = 2) AS material_cooperation,
               count(*) FILTER (WHERE quad_class = 3) AS verbal_conflict,
               count(*) FILTER (WHERE quad_class = 4) AS material_conflict
        FROM {table}{where}
        GROUP BY {group} ORDER BY {group}
    """
    return _relation(con, sql, params)


def top_dyads(
    con: duckdb.DuckDBPyConnection,
    flt: EventFilter | None = None,
    limit: int = 20,
    table: str = "events",
) -> duckdb.DuckDBPyRelation:
    """The most frequent source→target country pairs of first actors (self-pairs left out)."""
    where, params = (flt or EventFilter()).where(table)
    extra = "source_country IS NOT NULL AND target_country IS NOT NULL "
    extra += "AND source_country <> target_country"
    where = f"{where} AND {extra}" if where else f" WHERE {extra}"
    sql = f"""
        SELECT source_country AS source, target_country AS target, count(*) AS events,
               round(sum(goldstein), 2) AS goldstein
        FROM {table}{where}
        GROUP BY source, target ORDER BY events DESC, source, target LIMIT {int(limit)}
    """
    return _relation(con, sql, params)


def top_actors(
    con: duckdb.DuckDBPyConnection, flt: EventFilter | None = None, limit: int = 20
) -> duckdb.DuckDBPyRelation:
    """The most reported named actors, with their country and sector, over reports."""
    where, params = (flt or EventFilter()).where("mentions", alias="m")
    sql = f"""
        SELECT coalesce(a.name, a.text) AS actor, a.country, a.sector,
               count(*) AS mentions, count(DISTINCT m.event_id) AS events
        FROM actors a JOIN mentions m ON m.id = a.mention_id{where}
        GROUP BY actor, a.country, a.sector
        ORDER BY mentions DESC, actor LIMIT {int(limit)}
    """
    return _relation(con, sql, params)


def by_type(con: duckdb.DuckDBPyConnection, table: str = "events") -> duckdb.DuckDBPyRelation:
    EventFilter().where(table)  # validates the table name
    return _relation(
        con, f"SELECT type, count(*) AS {table} FROM {table} GROUP BY type ORDER BY 2 DESC, type"
    )


def totals(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Articles (and distinct ones, copies counted once), reports and events."""
    ((articles, originals, mentions, events),) = con.execute(
        "SELECT (SELECT count(*) FROM articles), "
        "(SELECT count(DISTINCT canonical_id) FROM articles), "
        "(SELECT count(*) FROM mentions), (SELECT count(*) FROM events)"
    ).fetchall()
    return {
        "articles": articles,
        "distinct_articles": originals,
        "mentions": mentions,
        "events": events,
    }


def rows(relation: duckdb.DuckDBPyRelation) -> Rows:
    try:
        return Rows(list(relation.columns), relation.fetchall())
    except duckdb.Error as exc:
        raise StoreError(f"query failed: {exc}") from exc


def _relation(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None
) -> duckdb.DuckDBPyRelation:
    try:
        return con.sql(sql, params=params or None)
    except duckdb.Error as exc:
        raise StoreError(f"query failed: {exc}") from exc

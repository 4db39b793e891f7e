"""Aggregates: time series, top actors and dyads, located events, the store's summary."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from tidings import store
from tidings.api.deps import Access, Connection, fetch_dicts
from tidings.api.filters import Filter, TableParam
from tidings.api.schemas import (
    ActorCount,
    ActorsOut,
    CountryCount,
    DyadCount,
    ErrorOut,
    PlaceCount,
    PlacesOut,
    SeriesOut,
    SeriesPoint,
    SummaryOut,
    TypeCount,
)
from tidings.tables import data_path, read_table

router = APIRouter(prefix="/api", tags=["aggregates"])
UNAVAILABLE: dict[int | str, dict[str, Any]] = {503: {"model": ErrorOut}}

GROUPS = {
    "UNO": "United Nations",
    "EUR": "European Union",
    "IGO": "intergovernmental organisations",
    "NGO": "non-governmental organisations",
    "IMG": "international militant groups",
    "MNC": "multinational corporations",
}
MAX_FILLED = 20_000


@router.get("/series", response_model=SeriesOut, responses=UNAVAILABLE)
def get_series(
    con: Connection,
    flt: Filter,
    by: Annotated[Literal["day", "week", "month", "year"], Query()] = "month",
    table: TableParam = "events",
    per_dyad: Annotated[
        bool, Query(description="One series per source-target pair of first actors.")
    ] = False,
    fill: Annotated[
        bool, Query(description="Add empty periods between the first and last, for charts.")
    ] = True,
) -> SeriesOut:
    """Counts, Goldstein sums and quad-class counts per period, by event date. Choose a
    dyad or type with the filters (source, target, type ...)."""
    rows = fetch_dicts(store.series(con, flt, by, table, per_dyad))
    points = [SeriesPoint.model_validate(r) for r in rows]
    if fill and not per_dyad and points:
        points = _filled(points, by)
    return SeriesOut(by=by, table=table, points=points)


@router.get("/actors", response_model=ActorsOut, responses=UNAVAILABLE)
def get_actors(
    con: Connection,
    flt: Filter,
    limit: Annotated[int, Query(ge=1, le=200, description="Actors and dyads listed.")] = 20,
    table: TableParam = "events",
) -> ActorsOut:
    """The most reported actors and the most frequent source→target country pairs, with
    their Goldstein sums: the edges of an actor network."""
    actors = [ActorCount.model_validate(r) for r in fetch_dicts(store.top_actors(con, flt, limit))]
    dyads = [
        DyadCount.model_validate(r) for r in fetch_dicts(store.top_dyads(con, flt, limit, table))
    ]
    codes = {d.source for d in dyads} | {d.target for d in dyads}
    codes |= {a.country for a in actors if a.country}
    names = country_names()
    return ActorsOut(
        actors=actors, dyads=dyads, countries={c: names.get(c, c) for c in sorted(codes)}
    )


@router.get("/places", response_model=PlacesOut, responses=UNAVAILABLE)
def get_places(
    con: Connection,
    flt: Filter,
    limit: Annotated[int, Query(ge=1, le=5_000, description="Places listed.")] = 1_000,
) -> PlacesOut:
    """Located events grouped by place, most events first: the points of a map."""
    where, params = flt.where("events")
    located = "place_lat IS NOT NULL AND place_lon IS NOT NULL"
    where = f"{where} AND {located}" if where else f" WHERE {located}"
    rows = fetch_dicts(
        con.execute(
            "SELECT place_name AS name, place_country AS country, "
            "round(avg(place_lat), 4) AS lat, round(avg(place_lon), 4) AS lon, "
            "count(*) AS events, round(sum(goldstein), 2) AS goldstein "
            f"FROM events{where} GROUP BY place_name, place_country "
            f"ORDER BY events DESC, name LIMIT {int(limit)}",
            params or None,
        )
    )
    return PlacesOut(places=[PlaceCount.model_validate(r) for r in rows])


@router.get("/summary", response_model=SummaryOut, responses=UNAVAILABLE)
def get_summary(con: Connection, access: Access) -> SummaryOut:
    """Totals, events by type, the countries present and the date range: what the
    dashboard's filters offer."""
    totals = store.totals(con)
    types = [TypeCount(type=t, events=n) for t, n in store.rows(store.by_type(con, "events")).rows]
    ((first, last),) = con.execute("SELECT min(date), max(date) FROM events").fetchall()
    counts = con.execute(
        "SELECT code, count(*) AS events FROM ("
        "  SELECT unnest(list_distinct(list_concat(source_countries, target_countries))) AS code"
        "  FROM events) WHERE code <> '' GROUP BY code ORDER BY events DESC, code"
    ).fetchall()
    names = country_names()
    countries = [CountryCount(code=c, name=names.get(c, c), events=n) for c, n in counts]
    return SummaryOut(
        store=access.path.name,
        totals=totals,
        types=types,
        countries=countries,
        first_date=first,
        last_date=last,
        snapshot=access.snapshot_taken,
    )


@cache
def country_names() -> dict[str, str]:
    rows = read_table(data_path("countries.tsv"), ("code", "name")).rows
    return {**GROUPS, **{r["code"].strip().upper(): r["name"].strip() for r in rows}}


def _filled(points: list[SeriesPoint], by: str) -> list[SeriesPoint]:
    have = {p.period: p for p in points}
    out: list[SeriesPoint] = []
    day = points[0].period
    while day <= points[-1].period and len(out) < MAX_FILLED:
        out.append(have.get(day) or _empty(day))
        day = _next(day, by)
    # Too many periods to chart (decades by day): the stored points are better.
    return out if day > points[-1].period else points


def _empty(day: date) -> SeriesPoint:
    return SeriesPoint(
        period=day,
        events=0,
        goldstein=0.0,
        verbal_cooperation=0,
        material_cooperation=0,
        verbal_conflict=0,
        material_conflict=0,
    )


def _next(day: date, by: str) -> date:
    if by == "day":
        return day + timedelta(days=1)
    if by == "week":
        return day + timedelta(days=7)
    if by == "month":
        return date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return date(day.year + 1, 1, 1)

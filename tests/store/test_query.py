"""Queries: filters, series, top dyads and actors, the Python API and read-only SQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

import tidings
from tidings import store
from tidings.records import Article
from tidings.store import EventFilter

from store_helpers import code_all

ARTICLES = [
    Article(
        id="q1",
        text="Russian troops attacked Ukrainian positions on Tuesday.",
        published=date(2022, 3, 10),
        outlet="A",
    ),
    Article(
        id="q2",
        text="Russia and Ukraine held talks in Istanbul on Monday.",
        published=date(2022, 4, 15),
        outlet="B",
    ),
    Article(
        id="q3",
        text="Kenyan police arrested twenty protesters in Nairobi.",
        published=date(2023, 7, 7),
        outlet="A",
    ),
    Article(
        id="q4",
        text="President Vladimir Putin criticised NATO. Russia invaded Crimea in March 2014.",
        published=date(2022, 5, 2),
        outlet="C",
    ),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory, coder) -> Path:  # type: ignore[no-untyped-def]
    path = Path(tmp_path_factory.mktemp("query")) / "q.duckdb"
    con = store.connect(path)
    store.store_batch(con, code_all(coder, ARTICLES))
    con.close()
    return path


def _ids(db: Path, flt: EventFilter, table: str = "mentions") -> set[str]:
    con = store.connect(db, read_only=True)
    rows = store.rows(
        store.select(con, flt, table, columns="doc_id" if table == "mentions" else "id")
    )
    con.close()
    return {r[0] for r in rows.rows}


@pytest.mark.parametrize(
    ("flt", "docs"),
    [
        (EventFilter(source="rus", type="assault"), {"q1", "q4"}),
        (EventFilter(target="UKR"), {"q1", "q2", "q4"}),  # Crimea is UKR
        (EventFilter(country="KEN"), {"q3"}),
        (EventFilter(source_sector="COP"), {"q3"}),
        (EventFilter(actor="putin"), {"q4"}),
        (EventFilter(cameo="19"), {"q1", "q4"}),
        (EventFilter(place="Nairobi"), {"q3"}),
        (EventFilter(place="TUR"), {"q2"}),
        (EventFilter(since=date(2023, 1, 1)), {"q3"}),
        (EventFilter(until=date(2015, 1, 1)), {"q4"}),
        (EventFilter(historical=True), {"q4"}),
    ],
)
def test_filters_select_the_reports_they_name(db: Path, flt: EventFilter, docs: set[str]) -> None:
    assert _ids(db, flt) == docs


def test_excluding_historical_drops_the_background_invasion(db: Path) -> None:
    con = store.connect(db, read_only=True)
    everything = store.rows(store.select(con, EventFilter(source="RUS"), "events", columns="date"))
    current = store.rows(
        store.select(con, EventFilter(source="RUS", historical=False), "events", columns="date")
    )
    con.close()
    assert any(d.year == 2014 for (d,) in everything.rows)
    assert current.rows and all(d.year == 2022 for (d,) in current.rows)


def test_min_sources_counts_outlets(db: Path) -> None:
    assert _ids(db, EventFilter(min_sources=2), "events") == set()
    assert _ids(db, EventFilter(min_sources=1), "events")


def test_series_counts_goldstein_and_quad_classes_per_period(db: Path) -> None:
    con = store.connect(db, read_only=True)
    result = store.rows(store.series(con, EventFilter(source="RUS"), "month"))
    per_dyad = store.rows(store.series(con, EventFilter(), "year", per_dyad=True))
    con.close()
    assert result.columns[:3] == ["period", "events", "goldstein"]
    assert {"material_conflict", "verbal_cooperation"} <= set(result.columns)
    by_period = {r[0]: r for r in result.rows}
    assert by_period[date(2014, 3, 1)][1] == 1  # the invasion, on its own date
    material = result.columns.index("material_conflict")
    assert sum(r[material] for r in result.rows) >= 2
    assert ("RUS", "UKR") in {(r[1], r[2]) for r in per_dyad.rows}
    with pytest.raises(store.StoreError, match="cannot group by"):
        store.series(con, EventFilter(), "fortnight")


def test_top_dyads_and_actors(db: Path) -> None:
    con = store.connect(db, read_only=True)
    dyads = store.rows(store.top_dyads(con, limit=5))
    actors = store.rows(store.top_actors(con, limit=20))
    con.close()
    assert dyads.rows[0][:3] == ("RUS", "UKR", 2)
    assert ("Vladimir Putin", "RUS", "GOV") in {r[:3] for r in actors.rows}


def test_the_python_api_returns_dataframes_and_arrow(db: Path) -> None:
    with tidings.open(db) as opened:
        events = opened.events(source="RUS", since="2022-01-01")
        assert isinstance(events, pd.DataFrame) and set(events["type"]) >= {"ASSAULT"}
        assert {"num_sources", "num_articles", "confidence", "historical"} <= set(events.columns)
        mentions = opened.mentions(arrow=True)
        assert isinstance(mentions, pa.Table) and "sentence_text" in mentions.column_names
        series = opened.series("year", source="RUS")
        assert list(series["period"].astype(str)) == ["2014-01-01", "2022-01-01"]
        assert opened.top_dyads(3).iloc[0]["source"] == "RUS"
        assert opened.sql("SELECT count(*) AS n FROM articles")["n"][0] == len(ARTICLES)
        with pytest.raises(store.StoreError, match="unknown filter"):
            opened.events(sorce="RUS")
        with pytest.raises(store.StoreError, match="not a YYYY-MM-DD date"):
            opened.events(since="March")


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM mentions",
        "CREATE TABLE t (x INTEGER)",
        "UPDATE events SET num_sources = 99",
        "COPY mentions TO 'out.csv'",
        "ATTACH 'other.duckdb' AS other",
        "SELECT * FROM read_csv('/etc/hostname')",
        "SET enable_external_access = true",
    ],
)
def test_sql_cannot_write_or_reach_files(db: Path, statement: str) -> None:
    with pytest.raises(store.StoreError, match="query failed"):
        store.read_only_sql(db, statement)
    assert store.rows(store.read_only_sql(db, "SELECT count(*) FROM mentions")).rows[0][0] > 0  # type: ignore[arg-type]

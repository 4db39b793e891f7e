"""Store exports: GDELT 2.0 TSV, Parquet partitioned by year, CSV, JSON Lines, PLOVER."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.dataset as ds
import pytest

from tidings import store
from tidings.errors import ConfigError
from tidings.export import GDELT_COLUMNS, export_store
from tidings.records import Article
from tidings.store import EventFilter

from store_helpers import code_all

ARTICLES = [
    Article(
        id="e1",
        text="Russian troops attacked Ukrainian positions near Kharkiv on Tuesday.",
        published=date(2022, 3, 10),
        url="https://example.org/e1",
        outlet="A",
    ),
    Article(
        id="e2",
        text="Kenyan police arrested twenty protesters in Nairobi.",
        published=date(2023, 7, 7),
        outlet="B",
    ),
    Article(
        id="e3",
        text="The European Union extended sanctions on Russia. Russia annexed Crimea in 2014.",
        published=date(2015, 6, 22),
        outlet="C",
    ),
]


@pytest.fixture(scope="module")
def con(tmp_path_factory, coder):  # type: ignore[no-untyped-def]
    path = Path(tmp_path_factory.mktemp("export")) / "x.duckdb"
    writer = store.connect(path)
    store.store_batch(writer, code_all(coder, ARTICLES))
    writer.close()
    reader = store.connect(path, read_only=True)
    yield reader
    reader.close()


def test_gdelt_export_opens_with_gdelts_columns_and_types(con, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "events.tsv"
    result = export_store(con, "gdelt", out)
    assert len(GDELT_COLUMNS) == 61
    types = {name: kind for name, kind in GDELT_COLUMNS}
    table = duckdb.read_csv(str(out), delimiter="\t", header=True, columns=types)
    assert table.columns == [name for name, _ in GDELT_COLUMNS]
    rows = table.fetchall()
    assert len(rows) == result.rows == con.execute("SELECT count(*) FROM events").fetchall()[0][0]
    frame = pd.read_csv(
        out, sep="\t", dtype={"EventCode": str, "EventBaseCode": str, "EventRootCode": str}
    )
    assert list(frame.columns) == [name for name, _ in GDELT_COLUMNS]
    for column in ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "QuadClass", "NumMentions"):
        assert pd.api.types.is_integer_dtype(frame[column]), column
    assert pd.api.types.is_float_dtype(frame["GoldsteinScale"])
    attack = frame[(frame["EventRootCode"] == "19") & (frame["Year"] == 2022)].iloc[0]
    assert attack["Actor1Code"].startswith("RUS") and attack["Actor2CountryCode"] == "UKR"
    assert attack["SQLDATE"] // 10000 == 2022 and attack["SOURCEURL"] == "https://example.org/e1"
    assert attack["ActionGeo_CountryCode"] == "UP"  # FIPS, as GDELT writes Ukraine
    eu = frame[frame["Actor1KnownGroupCode"] == "EUR"]
    assert not eu.empty and (eu["Actor1CountryCode"].isna()).all()


def test_gdelt_export_without_header_matches_gdelt_files(con) -> None:  # type: ignore[no-untyped-def]
    buffer = io.StringIO()
    export_store(con, "gdelt", None, stdout=buffer, header=False)
    first = buffer.getvalue().splitlines()[0].split("\t")
    assert len(first) == 61 and first[0].isdigit()


def test_parquet_export_is_partitioned_by_year_and_round_trips(con, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "parquet"
    result = export_store(con, "parquet", out)
    years = sorted(p.name for p in out.iterdir())
    assert years == sorted(
        {f"year={d.year}" for (d,) in con.execute("SELECT date FROM events").fetchall()}
    )
    back = ds.dataset(out, format="parquet", partitioning="hive").to_table().to_pandas()
    stored = con.execute("SELECT * EXCLUDE (block) FROM events").df()
    assert len(back) == result.rows == len(stored)
    merged = stored.merge(back, on="id", suffixes=("", "_back"))
    for column in ("type", "cameo", "num_sources", "confidence", "date"):
        assert (merged[column] == merged[f"{column}_back"]).all(), column
    assert list(merged.loc[0, "source_countries_back"]) == list(merged.loc[0, "source_countries"])
    with pytest.raises(ConfigError, match="not empty"):
        export_store(con, "parquet", out)


def test_exports_honour_the_historical_flag(con, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    everything = export_store(con, "csv", tmp_path / "all.csv")
    current = export_store(con, "csv", tmp_path / "now.csv", EventFilter(historical=False))
    frame = pd.read_csv(tmp_path / "now.csv")
    assert current.rows == everything.rows - 1  # the 2014 annexation
    assert not frame["historical"].any()


def test_jsonl_export_is_the_shared_event_format_with_the_event_counts(con) -> None:  # type: ignore[no-untyped-def]
    buffer = io.StringIO()
    export_store(con, "jsonl", None, table="events", stdout=buffer)
    records = [json.loads(line) for line in buffer.getvalue().splitlines()]
    for record in records:
        assert {"doc_id", "sentence", "trigger", "type", "source", "target", "date"} <= set(record)
        assert record["event"]["num_articles"] == 1
    buffer = io.StringIO()
    export_store(con, "jsonl", None, table="mentions", stdout=buffer)
    assert all(
        json.loads(line)["event"]["id"].startswith("ev-") for line in buffer.getvalue().splitlines()
    )


def test_plover_export_uses_plovers_field_names(con) -> None:  # type: ignore[no-untyped-def]
    buffer = io.StringIO()
    export_store(con, "plover", None, EventFilter(type="ASSAULT", historical=False), stdout=buffer)
    (record,) = [json.loads(line) for line in buffer.getvalue().splitlines()]
    assert record["event"] == "ASSAULT"
    assert (record["source_country"], record["source_agent"]) == ("RUS", "MIL")
    assert record["target_country"] == "UKR"
    assert record["eventText"].startswith("Russian troops attacked")
    assert record["location"][0]["placeName"] == "Kharkiv"

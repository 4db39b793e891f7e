"""The read-only endpoints, in-process, against a small store: listings, one event, one
article, aggregates, exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from tidings.api import create_app

from api_helpers import api_store, seed_article


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, coder) -> Path:  # type: ignore[no-untyped-def]
    return api_store(tmp_path_factory, coder)


@pytest.fixture(scope="module")
def client(store_path, coder) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(create_app(store_path, coder_factory=lambda: coder))


def needs_seed() -> None:
    if seed_article() is None:
        pytest.skip("../shared/data/dev/seed.article.jsonl is not available")


def test_events_are_paged_and_the_pages_add_up(client: TestClient) -> None:
    everything = client.get("/api/events", params={"limit": 500}).json()
    assert everything["total"] == len(everything["events"]) > 20
    seen = []
    for offset in range(0, everything["total"], 7):
        page = client.get("/api/events", params={"limit": 7, "offset": offset}).json()
        assert page["total"] == everything["total"]
        seen += [e["id"] for e in page["events"]]
    assert seen == [e["id"] for e in everything["events"]]
    dates = [e["date"] for e in everything["events"]]
    assert dates == sorted(dates, reverse=True)
    oldest = client.get("/api/events", params={"sort": "date", "limit": 1}).json()["events"][0]
    assert oldest["date"] == min(dates)
    first = everything["events"][0]
    assert first["trigger_text"] and first["sentence_text"] and first["doc_id"]


def test_filters_are_those_of_the_store(client: TestClient) -> None:
    usa = client.get("/api/events", params={"source": "usa", "limit": 500}).json()
    assert usa["total"] > 0
    assert all("USA" in e["source_countries"] for e in usa["events"])
    typed = client.get("/api/events", params={"type": "request", "limit": 500}).json()
    assert typed["total"] > 0 and {e["type"] for e in typed["events"]} == {"REQUEST"}
    recent = client.get("/api/events", params={"since": "2020-01-01", "limit": 500}).json()
    assert all(e["date"] >= "2020-01-01" for e in recent["events"])
    old = client.get("/api/events", params={"until": "2009-12-31", "limit": 500}).json()
    assert old["total"] + recent["total"] <= client.get("/api/events").json()["total"]
    current = client.get("/api/events", params={"historical": "false", "limit": 500}).json()
    assert not any(e["historical"] for e in current["events"])
    assert client.get("/api/events", params={"min_sources": 99}).json()["total"] == 0


def test_rus_as_source_and_one_event_with_its_sentence(client: TestClient) -> None:
    needs_seed()
    page = client.get("/api/events", params={"source": "RUS", "limit": 500}).json()
    assert page["total"] >= 5
    assert all("RUS" in e["source_countries"] for e in page["events"])
    consult = next(e for e in page["events"] if e["type"] == "CONSULT")
    detail = client.get(f"/api/events/{consult['id']}").json()
    assert detail["event"]["id"] == consult["id"]
    (mention,) = detail["mentions"]
    record = mention["record"]
    assert record["doc_id"] == "seed-putin-obama-2015"
    assert mention["outlet"] == "breitbart.com" and mention["published"] == "2015-07-05"
    article = client.get(f"/api/articles/{record['doc_id']}").json()
    text = article["text"]
    for span in (record["sentence"], record["trigger"], *record["source"], *record["target"]):
        assert text[span["start"] : span["end"]] == span["text"]


def test_an_article_carries_every_report_with_spans_into_its_text(client: TestClient) -> None:
    listing = client.get("/api/events", params={"limit": 500}).json()["events"]
    for doc_id in sorted({e["doc_id"] for e in listing})[:6]:
        article = client.get(f"/api/articles/{doc_id}").json()
        assert article["id"] == doc_id and article["mentions"]
        for mention in article["mentions"]:
            r = mention["record"]
            assert (
                article["text"][r["trigger"]["start"] : r["trigger"]["end"]] == r["trigger"]["text"]
            )
            expression = r["date"].get("expression")
            if expression:
                assert (
                    article["text"][expression["start"] : expression["end"]] == expression["text"]
                )
        starts = [m["record"]["trigger"]["start"] for m in article["mentions"]]
        assert starts == sorted(starts)


def test_missing_and_malformed_ids(client: TestClient) -> None:
    missing = client.get("/api/events/ev-0000000000000000")
    assert missing.status_code == 404 and "no event" in missing.json()["detail"]
    bad = client.get("/api/events/1;DROP TABLE events")
    assert bad.status_code == 422 and "path parameter 'event_id'" in bad.json()["detail"]
    nothing = client.get("/api/articles/no-such-article")
    assert nothing.status_code == 404
    # Ids are looked up in the store, never opened as files.
    traversal = client.get("/api/articles/..%2F..%2Fpyproject.toml")
    assert traversal.status_code == 404
    assert client.get("/static/../pyproject.toml").status_code == 404


def test_series_fills_empty_periods(client: TestClient) -> None:
    series = client.get("/api/series", params={"by": "year"}).json()
    years = [p["period"][:4] for p in series["points"]]
    assert years == [str(y) for y in range(int(years[0]), int(years[-1]) + 1)]
    total = client.get("/api/events").json()["total"]
    assert sum(p["events"] for p in series["points"]) == total
    sparse = client.get("/api/series", params={"by": "year", "fill": "false"}).json()
    assert all(p["events"] > 0 for p in sparse["points"])
    by_dyad = client.get("/api/series", params={"by": "month", "per_dyad": "true"}).json()
    assert all("source" in p for p in by_dyad["points"])
    reports = client.get("/api/series", params={"by": "year", "table": "mentions"}).json()
    assert sum(p["events"] for p in reports["points"]) >= total


def test_actors_places_and_summary(client: TestClient) -> None:
    actors = client.get("/api/actors", params={"limit": 5}).json()
    assert 0 < len(actors["actors"]) <= 5 and actors["dyads"]
    for dyad in actors["dyads"]:
        assert dyad["source"] != dyad["target"]
        assert dyad["source"] in actors["countries"] and dyad["target"] in actors["countries"]
    places = client.get("/api/places").json()["places"]
    assert places and all(-90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180 for p in places)
    summary = client.get("/api/summary").json()
    assert summary["totals"]["events"] == client.get("/api/events").json()["total"]
    assert summary["store"] == "api.duckdb" and summary["snapshot"] is None
    assert summary["first_date"] <= summary["last_date"]
    names = {c["code"]: c["name"] for c in summary["countries"]}
    assert names["USA"] == "United States"


def test_exports_of_a_filtered_set(client: TestClient, tmp_path: Path) -> None:
    total = client.get("/api/events", params={"source": "USA"}).json()["total"]
    response = client.get("/api/export", params={"format": "csv", "source": "USA"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="tidings-events.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == total and all("USA" in r["source_countries"].split(";") for r in rows)
    parquet = client.get("/api/export", params={"format": "parquet", "source": "USA"})
    assert parquet.status_code == 200
    (tmp_path / "x.parquet").write_bytes(parquet.content)
    table = pq.read_table(tmp_path / "x.parquet")
    assert table.num_rows == total and "year" in table.column_names
    jsonl = client.get("/api/export", params={"format": "jsonl", "table": "mentions"})
    records = [json.loads(line) for line in jsonl.text.splitlines()]
    assert records and all("sentence" in r and "event" in r for r in records)
    empty = client.get("/api/export", params={"format": "parquet", "source": "ZZZ"})
    assert empty.status_code == 200


def test_export_refuses_too_large_a_selection(store_path: Path, coder) -> None:  # type: ignore[no-untyped-def]
    from tidings.api import ApiSettings

    app = create_app(store_path, lambda: coder, ApiSettings(max_export_rows=3))
    response = TestClient(app).get("/api/export", params={"format": "csv"})
    assert response.status_code == 413
    assert "narrow the filters" in response.json()["detail"]

"""POST /api/code: an article in, its events out, nothing stored; validation, the time
limit, one coder per app."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tidings.api import ApiSettings, create_app
from tidings.records import Article, Event

from api_helpers import api_store, seed_article


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, coder) -> Path:  # type: ignore[no-untyped-def]
    return api_store(tmp_path_factory, coder)


@pytest.fixture(scope="module")
def client(store_path, coder) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(create_app(store_path, coder_factory=lambda: coder))


def test_the_seed_article_gives_its_events_and_stores_nothing(client: TestClient) -> None:
    seed = seed_article()
    if seed is None:
        pytest.skip("../shared/data/dev/seed.article.jsonl is not available")
    before = client.get("/api/summary").json()["totals"]
    response = client.post("/api/code", json={"text": seed["text"], "published": seed["published"]})
    assert response.status_code == 200, response.text
    answer = response.json()
    types = {e["type"] for e in answer["events"]}
    assert {"CONSULT", "SANCTION", "ASSAULT"} <= types
    assert answer["article"]["published"] == "2015-07-05"
    assert answer["article"]["characters"] == len(seed["text"])
    for event in answer["events"]:
        trigger = event["trigger"]
        assert seed["text"][trigger["start"] : trigger["end"]] == trigger["text"]
    consult = next(e for e in answer["events"] if e["type"] == "CONSULT" and e["mode"] == "phone")
    assert consult["date"]["value"] == "2015-06-25"  # "at the end of June", read from the text
    assert client.get("/api/summary").json()["totals"] == before


def test_same_text_same_ids_as_ingest(client: TestClient) -> None:
    body = {
        "text": "Russian troops shelled the Ukrainian city of Kharkiv on Tuesday.",
        "published": "2022-03-10",
    }
    first = client.post("/api/code", json=body).json()
    again = client.post("/api/code", json=body).json()
    assert first["article"]["id"].startswith("sha1-")
    assert [e["id"] for e in first["events"]] == [e["id"] for e in again["events"]]
    (event,) = first["events"]
    assert (event["type"], event["date"]["value"]) == ("ASSAULT", "2022-03-08")
    named = client.post("/api/code", json={**body, "id": "my-1", "title": "T"}).json()
    assert named["article"]["id"] == "my-1"
    timed = client.post("/api/code", json={**body, "published": "2022-03-10T18:30:00Z"}).json()
    assert timed["article"]["published"] == "2022-03-10"
    assert timed["events"][0]["date"]["value"] == "2022-03-08"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "body field 'text': Field required"),
        ({"text": ""}, "body field 'text'"),
        ({"text": "   \n "}, "body field 'text': empty"),
        ({"text": 42}, "body field 'text'"),
        ({"text": "Russia attacked.", "published": "2015-02-30"}, "body field 'published'"),
        ({"text": "Russia attacked.", "published": "last week"}, "body field 'published'"),
        ({"text": "Russia attacked.", "id": "a/b"}, "body field 'id'"),
        ({"text": "Russia attacked.", "colour": "red"}, "body field 'colour'"),
        ([1, 2], "body"),
    ],
)
def test_bad_articles_get_422(client: TestClient, body: object, message: str) -> None:
    response = client.post("/api/code", json=body)
    assert response.status_code == 422
    assert message in response.json()["detail"]


def test_bodies_that_are_not_json(client: TestClient) -> None:
    broken = client.post(
        "/api/code", content=b'{"text": "unfinished', headers={"content-type": "application/json"}
    )
    assert broken.status_code == 422 and "not valid JSON" in broken.json()["detail"]
    plain = client.post(
        "/api/code", content=b"Russia attacked.", headers={"content-type": "text/plain"}
    )
    assert plain.status_code == 422
    assert client.get("/api/code").status_code == 405


class SlowCoder:
    """A stand-in coder that takes its time."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def code(self, article: Article) -> list[Event]:
        time.sleep(self.seconds)
        return []


def test_coding_that_takes_too_long_gets_503(store_path: Path) -> None:
    settings = ApiSettings(code_timeout=0.2)
    client = TestClient(create_app(store_path, lambda: SlowCoder(1.5), settings))  # type: ignore[arg-type, return-value]
    started = time.perf_counter()
    response = client.post("/api/code", json={"text": "Russia attacked Ukraine."})
    assert response.status_code == 503
    assert "did not finish within 0.2 s" in response.json()["detail"]
    assert time.perf_counter() - started < 1.2  # the answer does not wait for the coder
    assert client.get("/api/events").status_code == 200  # still serving


def test_the_coder_is_loaded_once_on_first_use(store_path: Path, coder) -> None:  # type: ignore[no-untyped-def]
    loads = []
    lock = threading.Lock()

    def factory():  # type: ignore[no-untyped-def]
        with lock:
            loads.append(1)
        return coder

    client = TestClient(create_app(store_path, factory))
    assert client.get("/api/events").status_code == 200 and not loads
    for _ in range(3):
        assert (
            client.post("/api/code", json={"text": "Russia attacked Ukraine."}).status_code == 200
        )
    assert len(loads) == 1


def test_a_coder_that_cannot_load_gets_503(store_path: Path) -> None:
    from tidings.errors import ModelError

    def broken():  # type: ignore[no-untyped-def]
        raise ModelError("the spaCy pipeline en_core_web_sm is not installed")

    client = TestClient(create_app(store_path, broken))
    response = client.post("/api/code", json={"text": "Russia attacked Ukraine."})
    assert response.status_code == 503 and "not installed" in response.json()["detail"]

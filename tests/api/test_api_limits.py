"""Bad requests get a 4xx with one clear line and the server keeps serving; a store an
ingest holds gets 503, or is served from a snapshot."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tidings import store
from tidings.api import ApiSettings, create_app

from api_helpers import api_store


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, coder) -> Path:  # type: ignore[no-untyped-def]
    return api_store(tmp_path_factory, coder)


@pytest.fixture(scope="module")
def client(store_path, coder) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(create_app(store_path, coder_factory=lambda: coder))


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"since": "2015-13-01"}, "query parameter 'since'"),
        ({"since": "yesterday"}, "query parameter 'since'"),
        ({"since": "2016-01-01", "until": "2015-01-01"}, "is after until"),
        ({"until": "0001-01-01"}, "outside 1800-2200"),
        ({"limit": "501"}, "at most 500"),
        ({"limit": "0"}, "query parameter 'limit'"),
        ({"limit": "ten"}, "query parameter 'limit'"),
        ({"offset": "-1"}, "query parameter 'offset'"),
        ({"type": "INVADE"}, "unknown PLOVER type"),
        ({"source": "RUSSIA"}, "query parameter 'source'"),
        ({"source": "R'--"}, "query parameter 'source'"),
        ({"cameo": "19; DROP TABLE events"}, "query parameter 'cameo'"),
        ({"min_sources": "0"}, "query parameter 'min_sources'"),
        ({"historical": "maybe"}, "query parameter 'historical'"),
        ({"actor": "x" * 101}, "query parameter 'actor'"),
        ({"sort": "id"}, "query parameter 'sort'"),
    ],
)
def test_bad_parameters_get_422_with_one_line(
    client: TestClient, params: dict[str, str], message: str
) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert isinstance(detail, str) and message in detail and "\n" not in detail


def test_other_endpoints_validate_too(client: TestClient) -> None:
    assert client.get("/api/series", params={"by": "decade"}).status_code == 422
    assert client.get("/api/actors", params={"limit": "1000"}).status_code == 422
    assert client.get("/api/export", params={"format": "xlsx"}).status_code == 422
    assert client.get("/api/export", params={"table": "articles"}).status_code == 422
    assert client.get("/api/places", params={"limit": "0"}).status_code == 422
    assert client.get("/api/nothing").status_code == 404


def test_filter_values_are_data_not_sql(client: TestClient) -> None:
    before = client.get("/api/summary").json()["totals"]
    for actor in (
        "'; DROP TABLE events; --",
        "%' OR '1'='1",
        "x') UNION SELECT * FROM articles --",
    ):
        response = client.get("/api/events", params={"actor": actor})
        assert response.status_code == 200 and response.json()["total"] == 0
    response = client.get("/api/events", params={"place": "read_csv('/etc/passwd')"})
    assert response.status_code == 200 and response.json()["total"] == 0
    assert client.get("/api/summary").json()["totals"] == before


def test_body_limit_413_and_the_server_keeps_serving(store_path: Path, coder) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(create_app(store_path, lambda: coder, ApiSettings(max_body_bytes=1000)))
    big = client.post("/api/code", json={"text": "Russia attacked Ukraine. " * 100})
    assert big.status_code == 413
    assert "at most 1,000 bytes" in big.json()["detail"]

    def chunks() -> Iterator[bytes]:
        # No Content-Length: the limit is counted as the body arrives.
        yield b'{"text": "'
        for _ in range(50):
            yield b"Russia attacked Ukraine. "
        yield b'"}'

    streamed = client.post(
        "/api/code", content=chunks(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413
    assert client.get("/api/events").status_code == 200
    small = client.post("/api/code", json={"text": "Russia attacked Ukraine."})
    assert small.status_code == 200


def test_the_default_body_limit_is_one_megabyte(client: TestClient) -> None:
    response = client.post("/api/code", json={"text": "a" * 1_100_000})
    assert response.status_code == 413 and "1,000,000 bytes (1 MB)" in response.json()["detail"]


def test_missing_store_is_503_with_a_clear_message(tmp_path: Path, coder) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(create_app(tmp_path / "none.duckdb", lambda: coder))
    response = client.get("/api/events")
    assert response.status_code == 503 and "no such store" in response.json()["detail"]
    # Coding needs no store.
    assert client.post("/api/code", json={"text": "Russia attacked Ukraine."}).status_code == 200


def _hold_for_writing(path: Path) -> subprocess.Popen[str]:
    """Another process holding the store as an ingest does: DuckDB's writer lock."""
    script = textwrap.dedent(
        f"""
        import sys, duckdb
        con = duckdb.connect({str(path)!r})
        print("ready", flush=True)
        sys.stdin.read()
        """
    )
    writer = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    return writer


def _release(writer: subprocess.Popen[str]) -> None:
    assert writer.stdin is not None
    writer.stdin.close()
    writer.wait(timeout=10)


def test_a_store_held_by_a_writer_gets_503_then_serves_again(
    store_path: Path, tmp_path: Path, coder
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "busy.duckdb"
    shutil.copyfile(store_path, path)
    client = TestClient(create_app(path, lambda: coder))
    writer = _hold_for_writing(path)
    try:
        busy = client.get("/api/events")
        assert busy.status_code == 503
        assert "in use by another process" in busy.json()["detail"]
        assert busy.headers["retry-after"] == "5"
    finally:
        _release(writer)
    assert client.get("/api/events").status_code == 200


def test_a_snapshot_keeps_serving_while_a_writer_holds_the_store(
    store_path: Path, tmp_path: Path, coder
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "snap.duckdb"
    shutil.copyfile(store_path, path)
    settings = ApiSettings(snapshot=True, refresh_every=0.0)
    with TestClient(create_app(path, lambda: coder, settings)) as client:
        first = client.get("/api/summary").json()
        assert first["snapshot"] is not None
        app = client.app
        folder = app.state.access._folder  # type: ignore[attr-defined]
        writer = _hold_for_writing(path)
        try:
            assert client.get("/api/events").json()["total"] == first["totals"]["events"]
        finally:
            _release(writer)
        # Once the store is free and has changed, the next request sees the change.
        con = store.connect(path)
        con.execute("DELETE FROM events WHERE id = (SELECT min(id) FROM events)")
        con.close()
        after = client.get("/api/summary").json()
        assert after["totals"]["events"] == first["totals"]["events"] - 1
    # Shutting down removes the copies.
    assert not folder.exists()


def test_a_snapshot_server_started_during_an_ingest_says_so(
    store_path: Path, tmp_path: Path, coder
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "late.duckdb"
    shutil.copyfile(store_path, path)
    client = TestClient(create_app(path, lambda: coder, ApiSettings(snapshot=True)))
    writer = _hold_for_writing(path)
    try:
        assert client.get("/api/events").status_code == 503
    finally:
        _release(writer)
    assert client.get("/api/events").status_code == 200

"""Server safety: no endpoint reads a file outside the app or writes the store, whatever
it is sent. (The body limit, the coding timeout and the 503 while an ingest holds the
store are in test_api_limits.py and test_api_code.py; binding 127.0.0.1 by default in
test_api_serve.py; docs/robustness.md lists them all.)"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient

from tidings.api import create_app
from tidings.api.access import StoreAccess

from api_helpers import api_store

TRAVERSALS = [
    "/static/../../../../../../etc/passwd",
    "/static/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static//etc/passwd",
    "/static/%2fetc%2fpasswd",
    "/api/docs-assets/..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/api/articles/..%2F..%2F..%2Fetc%2Fpasswd",
    "/api/articles//etc/passwd",
    "/api/events/..%2f..%2fetc%2fpasswd",
    "/api/export?format=csv&table=../../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
]
HOSTILE_VALUES = [
    "'; DROP TABLE events; --",
    "x') ; INSERT INTO events SELECT * FROM events; --",
    "read_csv('/etc/passwd')",
    "'); ATTACH '/tmp/x.duckdb' AS x; --",
    "%' OR 1=1 --",
]


@pytest.fixture(scope="module")
def served(tmp_path_factory, coder) -> tuple[TestClient, Path]:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("safety") / "safe.duckdb"
    shutil.copyfile(api_store(tmp_path_factory, coder), path)
    return TestClient(create_app(path, coder_factory=lambda: coder)), path


def _digest(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes())
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        digest.update(wal.read_bytes())
    return digest.hexdigest()


@pytest.mark.parametrize("url", TRAVERSALS)
def test_no_path_reads_a_file_outside_the_app(served: tuple[TestClient, Path], url: str) -> None:
    client, _ = served
    response = client.get(url)
    assert response.status_code in (400, 404, 422), (url, response.status_code)
    assert "root:" not in response.text


def test_no_endpoint_takes_a_file_name_or_sql(served: tuple[TestClient, Path]) -> None:
    client, _ = served
    schema = client.get("/api/openapi.json").json()
    names = {
        p["name"].lower()
        for ops in schema["paths"].values()
        for op in ops.values()
        for p in op.get("parameters", [])
    }
    assert not names & {"path", "file", "filename", "dir", "db", "database", "sql", "query"}
    body = schema["components"]["schemas"]["CodeRequest"]["properties"]
    assert set(body) == {"text", "published", "id", "title", "url", "outlet"}


def test_every_endpoint_leaves_the_store_file_as_it_was(
    served: tuple[TestClient, Path],
) -> None:
    client, path = served
    before = _digest(path)
    listing = client.get("/api/events", params={"limit": 5}).json()["events"]
    event_id = listing[0]["id"]
    article_id = listing[0]["doc_id"]
    gets = [
        "/api/events",
        f"/api/events/{event_id}",
        f"/api/articles/{article_id}",
        "/api/series",
        "/api/actors",
        "/api/places",
        "/api/summary",
        "/api/export",
    ]
    for url in gets:
        assert client.get(url).status_code == 200, url
        for value in HOSTILE_VALUES:
            params = {"actor": value, "place": value[:100]}
            assert client.get(url, params=params).status_code in (200, 404, 422)
            assert client.get(url, params={"mode": value, "source": value}).status_code in (
                200,
                422,
            )
        for method in ("post", "put", "patch", "delete"):
            assert client.request(method, url).status_code == 405, (method, url)
    coded = client.post("/api/code", json={"text": "Russia attacked Ukraine. " + HOSTILE_VALUES[0]})
    assert coded.status_code == 200
    assert _digest(path) == before


def test_the_connections_requests_get_cannot_write(served: tuple[TestClient, Path]) -> None:
    _, path = served
    access = StoreAccess(path)
    with access.connect() as con:
        for sql in ("CREATE TABLE x (i INTEGER)", "DELETE FROM events", "DROP TABLE events"):
            with pytest.raises(duckdb.Error):
                con.execute(sql)

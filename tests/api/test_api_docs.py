"""The OpenAPI schema, the docs pages and the dashboard's files: all served by the app,
with nothing to fetch from another origin."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tidings.api import create_app

ENDPOINTS = {
    ("post", "/api/code"),
    ("get", "/api/events"),
    ("get", "/api/events/{event_id}"),
    ("get", "/api/articles/{article_id}"),
    ("get", "/api/series"),
    ("get", "/api/actors"),
    ("get", "/api/places"),
    ("get", "/api/summary"),
    ("get", "/api/export"),
}
# Links to another origin in an HTML attribute or a CSS url(): the SVG namespace is a
# name, not something a browser fetches.
EXTERNAL = re.compile(
    r"""(?:src|href|action)\s*=\s*["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//"""
)


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:  # type: ignore[no-untyped-def]
    # The pages need no store.
    return TestClient(create_app(tmp_path_factory.mktemp("docs") / "none.duckdb"))


def test_openapi_documents_every_endpoint(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    documented = {(m, p) for p, ops in schema["paths"].items() for m in ops}
    assert documented == ENDPOINTS
    events = schema["paths"]["/api/events"]["get"]
    names = {p["name"] for p in events["parameters"]}
    assert {"source", "target", "type", "since", "until", "historical", "limit", "offset"} <= names
    assert "CodeRequest" in schema["components"]["schemas"]


def test_the_docs_page_loads_only_local_assets(client: TestClient) -> None:
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.text
    assert not EXTERNAL.search(html), EXTERNAL.search(html)
    assets = re.findall(r"""(?:src|href)=["']?([^"' >]+)""", html)
    assert assets and all(a.startswith("/") for a in assets), assets
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "http" not in csp


def test_swagger_ui_sends_the_schema_to_no_validator(client: TestClient) -> None:
    assert '"validatorUrl": null' in client.get("/api/docs").text
    # ReDoc's page loads a logo from a CDN, so it is not served.
    assert client.get("/api/redoc").status_code == 404


def test_the_dashboard_and_its_files_are_local(client: TestClient) -> None:
    index = client.get("/")
    assert index.status_code == 200 and "text/html" in index.headers["content-type"]
    assert "script-src 'self'" in index.headers["content-security-policy"]
    static = Path(__file__).resolve().parents[2] / "src" / "tidings" / "api" / "static"
    for name in ("index.html", "app.js", "app.css", "world.svg", "favicon.svg"):
        response = client.get(f"/static/{name}" if name != "index.html" else "/")
        assert response.status_code == 200, name
        text = (static / name).read_text(encoding="utf-8")
        assert not EXTERNAL.search(text), (name, EXTERNAL.search(text))
        assert 'fetch("http' not in text and "import(" not in text
    assert "/static/app.js" in index.text and "/static/app.css" in index.text


def test_the_world_map_names_its_countries(client: TestClient) -> None:
    svg = client.get("/static/world.svg").text
    codes = set(re.findall(r'data-cc="([A-Z]{3})"', svg))
    assert {"RUS", "UKR", "USA", "FJI", "AUS", "BRA"} <= codes and len(codes) > 170

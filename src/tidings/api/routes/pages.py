"""The dashboard and the API documentation pages, every asset served from here."""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).resolve().parent.parent / "static"
# The Swagger UI bundle of the fastapi-offline package (MIT; Swagger UI: Apache 2.0), so
# the docs render without a CDN. ReDoc, which the package also ships, is not served: its
# page loads a logo from Redocly's CDN.
DOCS_ASSETS = Path(fastapi_offline.__file__).resolve().parent / "static"
DOCS_URL = "/api/docs"
ASSETS_URL = "/api/docs-assets"

router = APIRouter(include_in_schema=False)


@router.get("/")
def dashboard() -> FileResponse:
    return FileResponse(STATIC / "index.html", headers={"cache-control": "no-cache"})


@router.get(DOCS_URL)
def swagger(request: Request) -> HTMLResponse:
    app = request.app
    root = request.scope.get("root_path", "")
    return get_swagger_ui_html(
        openapi_url=f"{root}{app.openapi_url}",
        title=f"{app.title} API",
        swagger_js_url=f"{root}{ASSETS_URL}/swagger-ui-bundle.js",
        swagger_css_url=f"{root}{ASSETS_URL}/swagger-ui.css",
        swagger_favicon_url=f"{root}/static/favicon.svg",
        # null: no badge that would send the schema to the public validator.
        swagger_ui_parameters={"validatorUrl": None},
    )


def mount_assets(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount(ASSETS_URL, StaticFiles(directory=DOCS_ASSETS), name="docs-assets")

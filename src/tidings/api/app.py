"""The web app: the REST API, its documentation and the dashboard, in one FastAPI app."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from tidings import __version__
from tidings.api.access import StoreAccess
from tidings.api.coding import CoderFactory, CoderService, CodingTimeout
from tidings.api.deps import ApiSettings
from tidings.api.middleware import BodyLimitMiddleware, SecurityHeadersMiddleware
from tidings.api.routes import code, events, export, pages, stats
from tidings.errors import (
    ConfigError,
    InputError,
    KnowledgeError,
    ModelError,
    StoreError,
    TidingsError,
)
from tidings.store import StoreInUse

log = logging.getLogger("tidings.api")

DESCRIPTION = """\
Political event data from news text: code an article, or read the events of a Tidings
store (de-duplicated events, their reports, sentences and spans, series, actors, places,
exports). Every endpoint is read-only but `POST /api/code`, which stores nothing.
Errors are JSON: `{"detail": "one line saying what was wrong"}`.
"""


def _default_coder() -> Any:
    from tidings.pipeline import Coder

    return Coder.load()


def create_app(
    db_path: str | Path,
    coder_factory: CoderFactory | None = None,
    settings: ApiSettings | None = None,
    *,
    preload_coder: bool = False,
) -> FastAPI:
    """The app serving the store at ``db_path``.

    ``coder_factory`` builds the coder for POST /api/code on first use (default
    ``Coder.load()``); ``preload_coder`` starts building it when the server starts.
    """
    settings = settings or ApiSettings()
    access = StoreAccess(Path(db_path), settings.snapshot, settings.refresh_every)
    coder = CoderService(coder_factory or _default_coder, settings.code_timeout)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if preload_coder:
            coder.preload()
        yield
        coder.close()
        access.close()

    app = FastAPI(
        title="Tidings",
        version=__version__,
        description=DESCRIPTION,
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.access = access
    app.state.coder = coder
    app.state.settings = settings
    for module in (events, stats, export, code, pages):
        app.include_router(module.router)
    pages.mount_assets(app)
    _add_error_handlers(app)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeadersMiddleware, docs_prefixes=(pages.DOCS_URL,))
    return app


# --- errors: one JSON line each, and the server keeps serving -----------------------------


def _error(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


def _where(loc: tuple[Any, ...]) -> str:
    kinds = {"query": "query parameter", "path": "path parameter", "body": "body"}
    if not loc:
        return "request"
    kind = kinds.get(str(loc[0]), str(loc[0]))
    rest = ".".join(str(part) for part in loc[1:])
    if kind == "body":
        return f"body field '{rest}'" if rest else "body"
    return f"{kind} '{rest}'" if rest else kind


async def _invalid(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = []
    for error in exc.errors():
        message = str(error.get("msg", "invalid"))
        if error.get("type") == "json_invalid":
            message = f"not valid JSON ({error.get('ctx', {}).get('error', 'decode error')})"
        problems.append(f"{_where(tuple(error.get('loc', ())))}: {message}")
    return _error(422, "; ".join(problems) or "invalid request")


async def _tidings_error(request: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, StoreInUse):
        return _error(
            503,
            f"{exc}; an ingest is running: try again when it has finished "
            "(or serve a snapshot: tidings serve --snapshot)",
            {"retry-after": "5"},
        )
    if isinstance(exc, CodingTimeout):
        return _error(503, str(exc), {"retry-after": "10"})
    if isinstance(exc, InputError):
        where = f"body field '{exc.field}': " if exc.field else ""
        return _error(422, f"{where}{exc.message}")
    if isinstance(exc, ConfigError):
        return _error(400, str(exc))
    if isinstance(exc, StoreError | ModelError | KnowledgeError):
        return _error(503, str(exc))
    return _error(500, str(exc))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error answering %s %s", request.method, request.url.path)
    return _error(500, f"internal error ({type(exc).__name__}); the server logged it")


def _add_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(TidingsError, _tidings_error)
    app.add_exception_handler(Exception, _unexpected)

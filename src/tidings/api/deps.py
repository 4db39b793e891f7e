"""What routes take from the app: a read-only store connection per request, the coder,
the limits."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

import duckdb
from fastapi import Depends, Request

from tidings.api.access import StoreAccess
from tidings.api.coding import CoderService


@dataclass(frozen=True)
class ApiSettings:
    """The server's limits; ``docs/api.md`` explains each."""

    max_body_bytes: int = 1_000_000
    """Largest request body (POST /api/code); larger gets 413."""
    code_timeout: float = 30.0
    """Seconds a coding request may wait and run; longer gets 503."""
    max_page: int = 500
    """Most events one /api/events page lists."""
    max_export_rows: int = 200_000
    """Most rows /api/export writes; a larger selection gets 413."""
    snapshot: bool = False
    """Serve a copy of the store that an ingest cannot lock (see ``tidings.api.access``)."""
    refresh_every: float = 10.0
    """With ``snapshot``: seconds between checks whether the store changed."""


def _state(request: Request, name: str) -> Any:
    return getattr(request.app.state, name)


def access(request: Request) -> StoreAccess:
    value: StoreAccess = _state(request, "access")
    return value


def coder_service(request: Request) -> CoderService:
    value: CoderService = _state(request, "coder")
    return value


def settings(request: Request) -> ApiSettings:
    value: ApiSettings = _state(request, "settings")
    return value


def connection(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    with access(request).connect() as con:
        yield con


Connection = Annotated[duckdb.DuckDBPyConnection, Depends(connection)]
Settings = Annotated[ApiSettings, Depends(settings)]
Coding = Annotated[CoderService, Depends(coder_service)]
Access = Annotated[StoreAccess, Depends(access)]


def fetch_dicts(cursor: Any) -> list[dict[str, Any]]:
    """Rows of a DuckDB relation or executed connection as dicts."""
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]

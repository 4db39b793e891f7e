"""Web app stage: the REST API, its offline documentation and the dashboard.

    app         create_app(db_path, coder_factory): the FastAPI app; error handlers
    access      read-only store connections per request, or from a snapshot copy
    coding      the coder for POST /api/code: loaded once, one article at a time, timed
    filters     query parameters -> tidings.store.EventFilter (never SQL text)
    middleware  request body limit, security headers (no other origin allowed)
    schemas     pydantic models: what the OpenAPI schema documents
    routes/     events, aggregates, export, coding, pages (dashboard and docs)
    static/     the dashboard's HTML, JavaScript, CSS and world map

``tidings serve`` runs it with uvicorn; ``docs/api.md`` documents endpoints and limits.
"""

from tidings.api.app import create_app
from tidings.api.deps import ApiSettings

__all__ = ["ApiSettings", "create_app"]

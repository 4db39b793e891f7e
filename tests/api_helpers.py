"""Helpers for the web app tests: one small store per session, coded by the session's
coder from the demo articles and the seed article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tidings import store
from tidings.ingest import article_from_dict
from tidings.pipeline import Coder

from conftest import DEMO, SHARED

_BUILT: dict[str, Path] = {}


def seed_article() -> dict | None:  # type: ignore[type-arg]
    path = SHARED / "data" / "dev" / "seed.article.jsonl"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8").splitlines()[0])


def api_store(tmp_path_factory: pytest.TempPathFactory, coder: Coder) -> Path:
    """The demo articles (and the seed article, when ../shared has it) in a store, built
    once per test session."""
    if "store" not in _BUILT:
        docs = [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines()]
        seed = seed_article()
        if seed is not None:
            docs.append(seed)
        articles = [article_from_dict(doc) for doc in docs]
        path = tmp_path_factory.mktemp("api") / "api.duckdb"
        con = store.connect(path)
        try:
            store.store_batch(con, list(coder.code_many(articles)))
        finally:
            con.close()
        _BUILT["store"] = path
    return _BUILT["store"]

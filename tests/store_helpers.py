"""Helpers for store tests: coded articles, edited copies, and whole-store snapshots."""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Any

import duckdb

from tidings.pipeline import Coder
from tidings.records import Article, Event

Coded = list[tuple[Article, list[Event]]]

# ingested_at is when a row was written, not what was stored.
_VOLATILE = {"articles": "ingested_at"}
_TABLES = ("articles", "article_bands", "mentions", "actors", "events")


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the schema log, sorted, without write times."""
    out = {}
    for table in _TABLES:
        exclude = f" EXCLUDE ({_VOLATILE[table]})" if table in _VOLATILE else ""
        rows = con.execute(f"SELECT *{exclude} FROM {table}").fetchall()
        out[table] = sorted(rows, key=repr)
    return out


def edited_copy(article: Article, number: int, seed: int) -> Article:
    """A wire copy of an article with small edits: a tag in front, one word changed, one
    word dropped, another outlet."""
    rng = random.Random(seed)
    words = article.text.split(" ")
    k = rng.randrange(len(words))
    words[k] = words[k].upper()
    del words[rng.randrange(len(words))]
    return replace(
        article,
        id=f"{article.id}-copy-{number}",
        text="(Wire) " + " ".join(words),
        outlet=f"Outlet {number % 5}",
    )


def code_all(coder: Coder, articles: list[Article]) -> Coded:
    return list(coder.code_many(articles))

"""Tidings: turn news text into dated, sourced political event data.

The Python API for analysis is one call::

    import tidings
    store = tidings.open("news.duckdb")
    store.events(source="RUS", since="2022-01-01")     # pandas DataFrame
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tidings.store import Store

__version__ = "0.1.0"
__all__ = ["__version__", "open"]


def open(path: str | Path = "tidings.duckdb") -> Store:
    """Open a store read-only for analysis: ``.events()``, ``.mentions()``, ``.series()``,
    ``.top_dyads()``, ``.top_actors()``, ``.sql()``."""
    from tidings.store import open_store

    return open_store(path)

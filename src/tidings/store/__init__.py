"""Store stage: articles, coded reports and de-duplicated events in an embedded DuckDB file.

    schema   named migrations, applied in order and recorded
    load     coded articles in, as Arrow batches, one transaction per batch
    dedup    copies of articles, and reports of one event clustered into events
    query    filters, listings, dyad time series, top dyads, read-only SQL

DuckDB lets one process write a file at a time; a second writer, or a reader while a
writer holds the file, gets ``StoreInUse``. ``docs/store.md`` documents every table.

For notebooks::

    import tidings
    store = tidings.open("news.duckdb")
    store.events(source="RUS", type="ASSAULT", since="2022-01-01")   # a pandas DataFrame
"""

from __future__ import annotations

import contextlib
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from tidings.errors import StoreError
from tidings.store.load import IngestResult, load_tables, store_batch
from tidings.store.query import (
    PERIODS,
    TABLES,
    EventFilter,
    Rows,
    by_type,
    rows,
    select,
    series,
    top_actors,
    top_dyads,
    totals,
)
from tidings.store.schema import MIGRATIONS, migrate

DEFAULT_DB = "tidings.duckdb"

__all__ = [
    "DEFAULT_DB",
    "MIGRATIONS",
    "PERIODS",
    "TABLES",
    "EventFilter",
    "IngestResult",
    "Rows",
    "Store",
    "StoreError",
    "StoreInUse",
    "by_type",
    "connect",
    "load_tables",
    "migrate",
    "open_store",
    "read_only_sql",
    "rows",
    "select",
    "series",
    "store_batch",
    "top_actors",
    "top_dyads",
    "totals",
]


class StoreInUse(StoreError):
    """Another process is writing the store."""


def connect(
    path: str | Path = DEFAULT_DB, read_only: bool = False, *, sandboxed: bool = False
) -> duckdb.DuckDBPyConnection:
    """Open (and, for writers, create and migrate) a store.

    ``sandboxed`` (read-only connections) also shuts out files, extensions and settings,
    for running SQL written by someone else.
    """
    path = Path(path)
    if read_only and not path.exists():
        raise StoreError(f"{path}: no such store (run 'tidings ingest' first)")
    if not read_only and str(path) != ":memory:" and not path.exists():
        _create(path)
    config: dict[str, Any] = {}
    if sandboxed:
        if not read_only:
            raise StoreError("a sandboxed connection must be read-only")
        config = {
            "enable_external_access": False,
            "autoload_known_extensions": False,
            "lock_configuration": True,
        }
    try:
        con = duckdb.connect(str(path), read_only=read_only, config=config)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise StoreInUse(
                f"{path}: store is in use by another process (one writer at a time)"
            ) from exc
        raise StoreError(f"{path}: cannot open store: {exc}") from exc
    except duckdb.Error as exc:
        raise StoreError(f"{path}: cannot open store: {exc}") from exc
    if not read_only:
        migrate(con)
    elif "schema_migrations" not in {r[0] for r in con.execute("SHOW TABLES").fetchall()}:
        con.close()
        raise StoreError(f"{path}: not a Tidings store")
    elif _pending_migrations(con):
        con.close()
        raise StoreError(
            f"{path}: store was written by an older Tidings; open it for writing once "
            "(e.g. 'tidings ingest' with no new input) to upgrade it"
        )
    return con


def _create(path: Path) -> None:
    """Create a new store whole or not at all: it is migrated under a temporary name and
    then linked into place, so a writer killed while creating it leaves no half-made store
    that a reader would find (only its temporary file, which the next writer removes)."""
    _remove_abandoned(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.creating")
    try:
        con = duckdb.connect(str(tmp))
        try:
            migrate(con)
        finally:
            con.close()
        try:
            os.link(tmp, path)  # fails if another writer created the store meanwhile: fine
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            if not path.exists():
                os.replace(tmp, path)
    except duckdb.Error as exc:
        raise StoreError(f"{path}: cannot create store: {_first_line(exc)}") from exc
    except OSError as exc:
        raise StoreError(f"{path}: cannot create store: {exc.strerror or exc}") from exc
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)


def _remove_abandoned(path: Path) -> None:
    """Temporary files of writers that died while creating this store."""
    pattern = re.compile(rf"^\.{re.escape(path.name)}\.(\d+)\.creating(\.wal)?$")
    try:
        siblings = list(path.parent.iterdir()) if path.parent.exists() else []
    except OSError:
        return
    for sibling in siblings:
        match = pattern.match(sibling.name)
        if match and not _alive(int(match.group(1))):
            with contextlib.suppress(OSError):
                sibling.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


def read_only_sql(path: str | Path, sql: str) -> duckdb.DuckDBPyRelation | None:
    """Run one statement of SQL written by a user against a store it cannot change.

    Returns the result relation (None for statements without a result). Writes, file
    access, ATTACH and settings changes all fail with ``StoreError``.
    """
    con = connect(path, read_only=True, sandboxed=True)
    try:
        return con.sql(sql)
    except duckdb.Error as exc:
        con.close()
        raise StoreError(f"query failed: {_first_line(exc)}") from exc


def _pending_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    done = {r[0] for r in con.execute("SELECT name FROM schema_migrations").fetchall()}
    return [name for name, _ in MIGRATIONS if name not in done]


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


DateLike = date | str | None


class Store:
    """A store opened read-only for analysis; every query returns a pandas DataFrame, or an
    Arrow table with ``arrow=True``.

    Filters are the fields of :class:`EventFilter` as keyword arguments; dates may be
    ``datetime.date`` objects or ``YYYY-MM-DD`` strings.
    """

    def __init__(self, path: str | Path = DEFAULT_DB) -> None:
        self.path = Path(path)
        # Sandboxed, so that the SQL escape hatch shares the one connection.
        self._con = connect(self.path, read_only=True, sandboxed=True)

    def events(self, *, limit: int | None = None, arrow: bool = False, **filters: Any) -> Any:
        """De-duplicated events, every column of the ``events`` table."""
        return _fetch(select(self._con, _filter(filters), "events", limit, "*"), arrow)

    def mentions(self, *, limit: int | None = None, arrow: bool = False, **filters: Any) -> Any:
        """Coded reports, every column of the ``mentions`` table but the JSON record."""
        return _fetch(
            select(self._con, _filter(filters), "mentions", limit, "* EXCLUDE (record)"), arrow
        )

    def series(
        self,
        by: str = "month",
        *,
        table: str = "events",
        per_dyad: bool = False,
        arrow: bool = False,
        **filters: Any,
    ) -> Any:
        """Counts, Goldstein sums and quad-class counts per period."""
        return _fetch(series(self._con, _filter(filters), by, table, per_dyad), arrow)

    def top_dyads(
        self, limit: int = 20, *, table: str = "events", arrow: bool = False, **filters: Any
    ) -> Any:
        return _fetch(top_dyads(self._con, _filter(filters), limit, table), arrow)

    def top_actors(self, limit: int = 20, *, arrow: bool = False, **filters: Any) -> Any:
        return _fetch(top_actors(self._con, _filter(filters), limit), arrow)

    def totals(self) -> dict[str, int]:
        return totals(self._con)

    def sql(self, sql: str, *, arrow: bool = False) -> Any:
        """Read-only SQL on the store's tables."""
        try:
            relation = self._con.sql(sql)
        except duckdb.Error as exc:
            raise StoreError(f"query failed: {_first_line(exc)}") from exc
        if relation is None:
            return None
        return _fetch(relation, arrow)

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(path: str | Path = DEFAULT_DB) -> Store:
    """Open a store for analysis (``tidings.open``)."""
    return Store(path)


def _filter(filters: dict[str, Any]) -> EventFilter:
    known = set(EventFilter.__dataclass_fields__)
    unknown = sorted(set(filters) - known)
    if unknown:
        raise StoreError(f"unknown filter {', '.join(unknown)}: use {', '.join(sorted(known))}")
    for key in ("since", "until"):
        if isinstance(filters.get(key), str):
            try:
                filters[key] = date.fromisoformat(filters[key])
            except ValueError as exc:
                raise StoreError(f"{key}: {filters[key]!r} is not a YYYY-MM-DD date") from exc
    return EventFilter(**filters)


def _fetch(relation: duckdb.DuckDBPyRelation, arrow: bool) -> Any:
    try:
        # to_arrow_table is DuckDB >= 1.4's name; older releases call it fetch_arrow_table.
        fetch = getattr(relation, "to_arrow_table", None) or relation.fetch_arrow_table
        table: pa.Table = fetch()
    except duckdb.Error as exc:
        raise StoreError(f"query failed: {_first_line(exc)}") from exc
    return table if arrow else table.to_pandas()

"""``tidings watch``: poll RSS/Atom feeds, fetch new articles, code and store them.

Each poll opens the store, reads every feed, fetches the pages of entries it has not seen
(``tidings.ingest.feeds``), codes them with the coder loaded once, stores them in one
transaction, closes the store (readers can use it between polls) and then records the
entries as seen in ``DB.feeds.json``. A watch killed at any point and restarted fetches
again at most the entries of the poll it was in, and stores nothing twice.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from tidings.errors import ConfigError, InputError, StoreError
from tidings.ingest.feeds import FeedState, Fetcher, poll
from tidings.pipeline import Coder
from tidings.records import Article, Event
from tidings.scale.progress import Tally
from tidings.scale.workers import code_items

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> float:
    """Seconds from ``90``, ``30s``, ``15m``, ``1h`` or ``1d``."""
    match = _DURATION.match(text)
    if not match:
        raise ConfigError(f"not a duration: {text!r} (examples: 30s, 15m, 1h)")
    return float(match.group(1)) * _UNITS[match.group(2) or "s"]


@dataclass(frozen=True)
class PollReport:
    feeds: int
    new_entries: int
    stored: int
    events: int


def stored_ids(con: duckdb.DuckDBPyConnection, ids: list[str]) -> set[str]:
    """Which of these article ids the store holds."""
    if not ids:
        return set()
    con.register("watch_ids", pa.table({"id": pa.array(ids, pa.string())}))
    try:
        rows = con.execute("SELECT id FROM articles WHERE id IN (SELECT id FROM watch_ids)")
        return {r[0] for r in rows.fetchall()}
    finally:
        con.unregister("watch_ids")


def poll_once(
    feeds: Sequence[str],
    db: Path,
    coder: Coder,
    tally: Tally,
    state: FeedState,
    fetcher: Fetcher | None = None,
    batch_size: int = 64,
) -> PollReport:
    """One poll of every feed, stored in ``db``."""
    from tidings import store

    con = store.connect(db)
    try:
        found = poll(feeds, state, lambda ids: stored_ids(con, ids), fetcher)
        batch: list[tuple[Article, list[Event]]] = []
        for result in code_items(coder, found.items, batch_size):
            if isinstance(result, InputError):
                tally.problem(result)
                continue
            tally.article(result[0], len(result[1]))
            batch.append(result)
        added = store.store_batch(con, batch)
    finally:
        con.close()
    state.mark_seen(found.settled)
    state.save()
    return PollReport(found.feeds_read, found.entries_new, added.articles_added, added.events_added)


def watch(
    feeds: Sequence[str],
    db: Path,
    coder: Coder,
    tally: Tally,
    every: float,
    polls: int | None = None,
    fetcher: Fetcher | None = None,
    on_poll: Callable[[PollReport], None] = lambda report: None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Poll every ``every`` seconds, ``polls`` times (None: until interrupted); returns
    the number of polls made. A store in use by another writer skips that poll."""
    state = FeedState.beside(db)
    made = 0
    while polls is None or made < polls:
        started = time.monotonic()
        try:
            on_poll(poll_once(feeds, db, coder, tally, state, fetcher))
        except StoreError as exc:
            tally.echo(f"tidings: watch: poll skipped: {exc}")
        made += 1
        if polls is not None and made >= polls:
            break
        sleep(max(0.0, every - (time.monotonic() - started)))
    return made

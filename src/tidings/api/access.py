"""How the server reads a store that an ingest may be writing.

DuckDB lets one process write a file, and while it does, no other process can open it,
not even read-only. Two ways to live with that:

* **live** (the default): every request opens the store read-only and closes it when
  done. Answers are always current; while an ingest holds the file, requests get
  ``StoreInUse`` (the app answers 503 with Retry-After) until it finishes.
* **snapshot** (``tidings serve --snapshot``): requests read a private copy of the store.
  The copy is refreshed, at most every ``refresh_every`` seconds, when the store has
  changed and can be opened; while an ingest holds it, the last copy keeps being served.

Either way the server holds the store only for a moment (one request, or one copy), so an
ingest started at that moment fails with "store is in use"; run it again.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from tidings import store
from tidings.errors import StoreError


class StoreAccess:
    """Read-only connections to the served store, live or from a snapshot."""

    def __init__(self, path: Path, snapshot: bool = False, refresh_every: float = 10.0) -> None:
        self.path = Path(path)
        self.snapshot = snapshot
        self.refresh_every = refresh_every
        self._lock = threading.Lock()
        self._folder: Path | None = None
        self._copy: Path | None = None
        self._copied_stamp: tuple[int, ...] | None = None
        self._checked = 0.0
        self._taken: datetime | None = None
        self._generation = 0

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection for one request; raises ``StoreInUse`` or
        ``StoreError`` when there is nothing to read."""
        path = self._snapshot_path() if self.snapshot else self.path
        con = store.connect(path, read_only=True)
        try:
            yield con
        finally:
            con.close()

    @property
    def snapshot_taken(self) -> str | None:
        return self._taken.isoformat(timespec="seconds") if self._taken else None

    def close(self) -> None:
        """Remove the snapshot copies."""
        with self._lock:
            if self._folder is not None:
                shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = self._copy = None

    # --- snapshots ------------------------------------------------------------------------

    def _snapshot_path(self) -> Path:
        with self._lock:
            now = time.monotonic()
            if self._copy is None or now - self._checked >= self.refresh_every:
                self._checked = now
                try:
                    self._refresh()
                except store.StoreInUse:
                    if self._copy is None:
                        raise
                    # An ingest is running: the last copy is the best answer there is.
            assert self._copy is not None
            return self._copy

    def _stamp(self) -> tuple[int, ...]:
        stamp: list[int] = []
        for path in (self.path, _wal(self.path)):
            try:
                info = path.stat()
                stamp += [info.st_mtime_ns, info.st_size]
            except FileNotFoundError:
                stamp += [0, 0]
        return tuple(stamp)

    def _refresh(self) -> None:
        if self._copy is not None and self._stamp() == self._copied_stamp:
            return
        # A read-only connection holds the file's shared lock, so no writer can start
        # while the file (and a WAL left by a killed writer) is copied.
        con = store.connect(self.path, read_only=True)
        try:
            stamp = self._stamp()
            if self._folder is None:
                self._folder = Path(tempfile.mkdtemp(prefix="tidings-snapshot-"))
            self._generation += 1
            target = self._folder / f"snapshot-{self._generation}.duckdb"
            try:
                shutil.copyfile(self.path, target)
                if _wal(self.path).exists():
                    shutil.copyfile(_wal(self.path), _wal(target))
            except OSError as exc:
                raise StoreError(f"{self.path}: cannot copy the store: {exc.strerror}") from exc
        finally:
            con.close()
        old, self._copy = self._copy, target
        self._copied_stamp = stamp
        self._taken = datetime.now(UTC)
        if old is not None:
            # Requests still reading the old copy keep their open file on POSIX systems.
            for path in (old, _wal(old)):
                with contextlib.suppress(OSError):  # then it goes with the folder at shutdown
                    path.unlink(missing_ok=True)


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")

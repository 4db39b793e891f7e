"""A new store appears whole or not at all: created under a temporary name and linked
into place, with the leftovers of writers killed while creating one removed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tidings import store


def test_a_new_store_is_created_migrated_with_nothing_left_over(tmp_path: Path) -> None:
    path = tmp_path / "new.duckdb"
    store.connect(path).close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.duckdb"]
    con = store.connect(path, read_only=True)  # fully migrated: readable at once
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (0,)
    con.close()


def test_leftovers_of_dead_creators_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)  # fmt: skip
    dead = int(finished.stdout)
    abandoned = tmp_path / f".s.duckdb.{dead}.creating"
    abandoned.write_bytes(b"half a store")
    (tmp_path / f".s.duckdb.{dead}.creating.wal").write_bytes(b"x")
    live = tmp_path / f".s.duckdb.{os.getppid()}.creating"  # a writer still at work
    live.write_bytes(b"being created")
    store.connect(tmp_path / "s.duckdb").close()
    assert sorted(p.name for p in tmp_path.iterdir()) == [live.name, "s.duckdb"]

"""Store schema: named migrations, recorded once, and the upgrade of a 0001 store."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tidings import store
from tidings.records import Article
from tidings.store.load import mentions_table
from tidings.store.schema import MIGRATIONS

from store_helpers import code_all


def test_migrations_are_named_and_recorded(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "s.duckdb")
    names = [r[0] for r in con.execute("SELECT name FROM schema_migrations").fetchall()]
    assert names == [name for name, _ in MIGRATIONS]
    assert store.migrate(con) == []  # nothing left to apply
    con.close()


def test_a_store_of_the_first_schema_is_upgraded_with_its_events(tmp_path: Path, coder) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "old.duckdb"
    coded = code_all(
        coder,
        [
            Article(
                id="old-1",
                text="Russian troops attacked Ukrainian positions on Tuesday.",
                published=date(2022, 3, 10),
            )
        ],
    )
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)")
    con.execute(MIGRATIONS[0][1])
    con.execute("INSERT INTO schema_migrations VALUES (?, now())", [MIGRATIONS[0][0]])
    article, events = coded[0]
    con.execute(
        "INSERT INTO articles VALUES (?, NULL, NULL, NULL, ?, ?, ?, now())",
        [article.id, article.published, article.text, len(events)],
    )
    old_columns = [r[0] for r in con.execute("DESCRIBE mentions").fetchall()]
    con.register("rows", mentions_table(events).select(old_columns))
    con.execute("INSERT INTO mentions SELECT * FROM rows")
    con.close()

    with pytest.raises(store.StoreError, match="older Tidings"):
        store.connect(path, read_only=True)
    con = store.connect(path)  # a writer upgrades it
    assert con.execute("SELECT count(*) FROM events").fetchone() == (len(events),)
    actors = con.execute("SELECT side, country FROM actors ORDER BY side").fetchall()
    assert ("source", "RUS") in actors and ("target", "UKR") in actors
    block = con.execute("SELECT block FROM mentions").fetchone()
    assert block == ("ASSAULT|RUS|UKR",)
    con.close()


def test_a_second_writer_gets_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    con = store.connect(path)
    code = (
        "import sys\n"
        "from tidings import store\n"
        "try:\n"
        f"    store.connect({str(path)!r})\n"
        "except store.StoreInUse as e:\n"
        "    print(e); sys.exit(3)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    con.close()
    assert result.returncode == 3, result.stderr
    assert "store is in use" in result.stdout


def test_reading_a_missing_store_says_so(tmp_path: Path) -> None:
    with pytest.raises(store.StoreError, match="no such store"):
        store.connect(tmp_path / "none.duckdb", read_only=True)


def test_a_file_that_is_not_a_store_says_so(tmp_path: Path) -> None:
    path = tmp_path / "other.duckdb"
    duckdb.connect(str(path)).close()
    with pytest.raises(store.StoreError, match="not a Tidings store"):
        store.connect(path, read_only=True)

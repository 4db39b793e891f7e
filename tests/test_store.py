"""The DuckDB store: migrations, idempotent ingest, queries, one writer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tidings import store
from tidings.records import Article


@pytest.fixture()
def coded(coder):  # type: ignore[no-untyped-def]
    articles = [
        Article(
            id="a1",
            text="Russian troops attacked Ukrainian positions on Tuesday.",
            published=date(2022, 3, 10),
        ),
        Article(
            id="a2",
            text="Russia and Ukraine held talks in Istanbul last month.",
            published=date(2022, 4, 15),
        ),
        Article(
            id="a3", text="Kenyan police arrested twenty protesters.", published=date(2023, 7, 7)
        ),
    ]
    return list(coder.code_many(articles))


def test_migrations_are_named_and_recorded(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "s.duckdb")
    names = [r[0] for r in con.execute("SELECT name FROM schema_migrations").fetchall()]
    assert names == [name for name, _ in store.MIGRATIONS]
    assert store.migrate(con) == []  # nothing left to apply
    con.close()


def test_ingesting_twice_adds_nothing(tmp_path: Path, coded) -> None:  # type: ignore[no-untyped-def]
    con = store.connect(tmp_path / "s.duckdb")
    first = store.store_batch(con, coded)
    assert first.articles_added == 3 and first.events_added >= 3
    before = store.totals(con)
    second = store.store_batch(con, coded)
    assert (second.articles_added, second.articles_skipped, second.events_added) == (0, 3, 0)
    assert store.totals(con) == before
    con.close()


def test_queries_filter_and_count(tmp_path: Path, coded) -> None:  # type: ignore[no-untyped-def]
    con = store.connect(tmp_path / "s.duckdb")
    store.store_batch(con, coded)
    rus = store.select_events(con, store.EventFilter(source="rus"))
    assert rus.rows and all("RUS" in row[rus.columns.index("source")] for row in rus.rows)
    assault = store.select_events(con, store.EventFilter(type="assault", target="UKR"))
    assert len(assault.rows) == 1
    by_month = store.count_events(con, store.EventFilter(source="RUS"), "month")
    assert by_month.columns == ["period", "events", "goldstein"]
    assert sum(r[1] for r in by_month.rows) == len(rus.rows)
    since = store.select_events(con, store.EventFilter(since=date(2023, 1, 1)))
    assert {r[since.columns.index("doc_id")] for r in since.rows} == {"a3"}
    dyads = store.top_dyads(con)
    assert ("RUS", "UKR") in {(r[0], r[1]) for r in dyads.rows}
    con.close()


def test_a_second_writer_gets_a_clear_error(tmp_path: Path) -> None:
    import subprocess
    import sys

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

"""Store safety under faults: an ingest killed with SIGKILL at ten random moments leaves a
store that opens and holds whole batches, and a rerun completes it to exactly the store of
one clean run (bench/faults.py does fifty kills of real processes)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tidings import cli, store

from conftest import DEMO
from fault_helpers import ForkIngest, kill_at_random, tiny_corpus
from store_helpers import snapshot


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    return tiny_corpus(DEMO, tmp_path / "corpus.jsonl")


def test_ten_kills_at_random_moments_then_reruns_equal_a_clean_run(
    corpus: Path, tmp_path: Path, coder, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    # The forked ingests inherit this process's loaded coder: each starts at once, so the
    # kills land while reading, coding and committing, not while loading the model.
    monkeypatch.setattr(cli, "_coder", lambda *args, **kwargs: coder)
    report = kill_at_random(corpus, tmp_path, kills=10, seed=9, launcher=ForkIngest, min_partial=2)
    print("\n".join(report.lines()))
    assert report.kills >= 10 and report.completions >= 1
    assert report.partial >= 2  # kills that found some batches committed, and checked them


def test_a_second_writer_gets_one_clear_line_and_changes_nothing(
    corpus: Path, tmp_path: Path, coder, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "busy.duckdb"
    store.connect(db).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys
            from tidings import store
            con = store.connect({str(db)!r})
            print("ready", flush=True)
            sys.stdin.read()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
    monkeypatch.setattr(cli, "_coder", lambda *args, **kwargs: coder)
    try:
        from click.testing import CliRunner

        result = CliRunner().invoke(cli.cli, ["ingest", str(corpus), "--db", str(db)])
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"tidings: error: {db}: store is in use by another process (one writer at a time)"
    ]
    con = store.connect(db, read_only=True)
    try:
        assert all(not rows for rows in snapshot(con).values())
    finally:
        con.close()

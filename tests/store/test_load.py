"""Loading: idempotent ingest, order independence, and an interrupted ingest resumed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tidings import store
from tidings.records import Article

from conftest import DEMO
from store_helpers import Coded, code_all, snapshot


@pytest.fixture(scope="module")
def coded(coder) -> Coded:  # type: ignore[no-untyped-def]
    return code_all(
        coder,
        [
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
                id="a3",
                text="Kenyan police arrested twenty protesters in Nairobi.",
                published=date(2023, 7, 7),
            ),
        ],
    )


def test_ingesting_twice_changes_nothing(tmp_path: Path, coded: Coded) -> None:
    con = store.connect(tmp_path / "s.duckdb")
    first = store.store_batch(con, coded)
    assert first.articles_added == 3 and first.events_added >= 3
    before = snapshot(con)
    second = store.store_batch(con, coded)
    assert (second.articles_added, second.articles_skipped, second.events_added) == (0, 3, 0)
    assert snapshot(con) == before
    con.close()


def test_ingest_order_does_not_change_the_store(tmp_path: Path, coded: Coded) -> None:
    one = store.connect(tmp_path / "one.duckdb")
    store.store_batch(one, coded)
    other = store.connect(tmp_path / "other.duckdb")
    for item in reversed(coded):
        store.store_batch(other, [item])
    assert snapshot(one) == snapshot(other)
    one.close()
    other.close()


def test_every_report_is_stored_with_its_spans_actors_and_place(
    tmp_path: Path, coded: Coded
) -> None:
    con = store.connect(tmp_path / "s.duckdb")
    store.store_batch(con, coded)
    row = con.execute(
        "SELECT m.sentence_text, m.trigger_text, m.place_name, m.place_country, a.text "
        "FROM mentions m JOIN articles art ON art.id = m.doc_id "
        "JOIN actors a ON a.mention_id = m.id AND a.side = 'source' "
        "WHERE m.doc_id = 'a3'"
    ).fetchone()
    assert row == (
        "Kenyan police arrested twenty protesters in Nairobi.",
        "arrested",
        "Nairobi",
        "KEN",
        "Kenyan police",
    )
    # Spans point into the stored text.
    for text, start, end, trigger in con.execute(
        "SELECT art.text, m.trigger_start, m.trigger_end, m.trigger_text "
        "FROM mentions m JOIN articles art ON art.id = m.doc_id"
    ).fetchall():
        assert text[start:end] == trigger
    con.close()


def _ingest(db: Path, corpus: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tidings", "ingest", str(corpus), "--db", str(db), *extra],
        stderr=subprocess.PIPE,
        text=True,
    )


def test_an_ingest_killed_midway_and_rerun_ends_like_one_clean_run(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    lines = DEMO.read_text(encoding="utf-8").splitlines()[:12]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")

    clean = _ingest(tmp_path / "clean.duckdb", corpus, "--commit-every", "3")
    assert clean.wait(timeout=300) == 0, clean.stderr.read() if clean.stderr else ""

    killed_db = tmp_path / "killed.duckdb"
    victim = _ingest(killed_db, corpus, "--commit-every", "3")
    assert victim.stderr is not None
    for line in victim.stderr:
        if "tidings: ingest:" in line:  # one batch committed, the next under way
            os.kill(victim.pid, signal.SIGKILL)
            break
    victim.wait(timeout=60)
    assert victim.returncode == -signal.SIGKILL
    con = store.connect(killed_db, read_only=True)
    partial = con.execute("SELECT count(*) FROM articles").fetchone()
    con.close()
    assert partial is not None and 0 < partial[0] < len(lines)

    rerun = _ingest(killed_db, corpus, "--commit-every", "3")
    assert rerun.wait(timeout=300) == 0
    again = _ingest(killed_db, corpus)  # and once more: nothing changes
    assert again.wait(timeout=300) == 0

    one = store.connect(tmp_path / "clean.duckdb", read_only=True)
    other = store.connect(killed_db, read_only=True)
    assert snapshot(one) == snapshot(other)
    one.close()
    other.close()

"""Fault injection: ``tidings ingest`` killed with SIGKILL at random moments, again and
again, on the same store.

After every kill the store must open read-only and hold whole batches only: each article
it has comes with exactly the rows a clean run gives that article, and the events it has
agree with its reports. A run that is not killed resumes and completes the store, which
must then equal the store of one clean run; the next kills start a new store. Used by
``tests/store/test_faults.py`` (10 kills, in CI) and ``bench/faults.py`` (50 kills).

Two ways to start an ingest: ``ExecIngest`` runs ``python -m tidings ingest`` in a new
process (what a user runs; each start loads the model, about 3 s), ``ForkIngest`` forks
the calling process, whose coder is already loaded, and runs the same command there (a
start costs nothing, so every kill lands in reading, coding or committing).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from tidings import store

from store_helpers import snapshot


def tiny_corpus(demo: Path, path: Path, articles: int = 8, chars: int = 600) -> Path:
    """The first ``articles`` demo articles, each cut after its last full stop within
    ``chars`` characters: coding is quick, so most of a run is storing."""
    lines = []
    for line in demo.read_text(encoding="utf-8").splitlines()[:articles]:
        doc = json.loads(line)
        text = doc["text"][:chars]
        doc["text"] = text[: text.rfind(". ") + 1] or text
        lines.append(json.dumps(doc, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class Run(Protocol):
    def wait(self, timeout: float | None) -> int | None:
        """The exit status, or None if still running after ``timeout`` seconds."""

    def kill(self) -> None:
        """SIGKILL, and wait for the process to be gone."""


Launcher = Callable[[Sequence[str]], Run]


class ExecIngest:
    """``python -m tidings ARGS`` in a new process."""

    def __init__(self, args: Sequence[str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tidings", *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def wait(self, timeout: float | None) -> int | None:
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()


def _run_cli(args: Sequence[str]) -> None:
    from tidings import cli

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    cli.main(list(args))


class ForkIngest:
    """``tidings ARGS`` in a forked copy of this process (its loaded coder included)."""

    def __init__(self, args: Sequence[str]) -> None:
        context = multiprocessing.get_context("fork")
        self.process = context.Process(target=_run_cli, args=(list(args),), daemon=True)
        self.process.start()

    def wait(self, timeout: float | None) -> int | None:
        self.process.join(timeout)
        return self.process.exitcode

    def kill(self) -> None:
        self.process.kill()
        self.process.join()


@dataclass
class FaultReport:
    kills: int = 0
    partial: int = 0
    """Kills after which the store held some but not all articles."""
    empty: int = 0
    """Kills before the first batch was committed (no store yet, or an empty one)."""
    completions: int = 0
    """Runs that completed a store, each compared with the clean run."""
    clean_seconds: float = 0.0
    seconds: float = 0.0
    delays: list[float] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"kills: {self.kills} (with some batches committed: {self.partial}, before the "
            f"first commit: {self.empty}, after the last: "
            f"{self.kills - self.partial - self.empty})",
            f"stores completed by a rerun and equal to the clean run: {self.completions}",
            f"clean run: {self.clean_seconds:.1f} s; whole test: {self.seconds:.1f} s",
        ]


class CleanStore:
    """The clean run's rows, by article, for comparing partial stores with."""

    def __init__(self, path: Path) -> None:
        con = store.connect(path, read_only=True)
        try:
            self.whole = snapshot(con)
            self.by_article = _rows_by_article(con)
        finally:
            con.close()
        self.articles = len(self.by_article)


def _rows_by_article(con: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Each article's own rows: its article row (but derived columns), band keys, reports
    (but their event) and actors, in a canonical order."""
    queries = {
        "articles": "SELECT id, * EXCLUDE (ingested_at, canonical_id) FROM articles",
        "bands": "SELECT article_id, * FROM article_bands",
        "mentions": "SELECT doc_id, * EXCLUDE (event_id) FROM mentions",
        "actors": "SELECT m.doc_id, a.* FROM actors a JOIN mentions m ON m.id = a.mention_id",
    }
    rows: dict[str, list[tuple[Any, ...]]] = {}
    for table, sql in queries.items():
        for row in con.execute(sql).fetchall():
            rows.setdefault(row[0], []).append((table, *row[1:]))
    return {key: sorted(value, key=repr) for key, value in rows.items()}


def _stamp(db: Path) -> tuple[int, ...]:
    """Size and modification time of a store and its write-ahead log: what changes when a
    batch is committed (and when the store is checkpointed at the end)."""
    out: list[int] = []
    for path in (db, db.with_name(db.name + ".wal")):
        try:
            info = path.stat()
            out += [info.st_size, info.st_mtime_ns]
        except FileNotFoundError:
            out += [-1, -1]
    return tuple(out)


def _wait_for_writes(run: Run, db: Path, writes: int, limit: float) -> int | None:
    """Wait until the store has been written ``writes`` times (seen by polling) or the run
    ends; the run's exit status, or None while it runs."""
    last = _stamp(db)
    seen = 0
    started = time.monotonic()
    while time.monotonic() - started < limit:
        status = run.wait(timeout=0.002)
        if status is not None:
            return status
        stamp = _stamp(db)
        if stamp != last:
            seen += 1
            last = stamp
            if seen >= writes:
                return None
    raise AssertionError(f"a run took over {limit:.0f} s")


def check_after_kill(db: Path, clean: CleanStore, commit_every: int) -> int:
    """The store a kill left: it opens read-only, holds whole batches only, each article
    exactly as the clean run has it, and events that agree with its reports. Returns the
    number of articles stored."""
    if not db.exists():
        return 0  # killed before the store was created (it appears whole, or not at all)
    con = store.connect(db, read_only=True)
    try:
        found = _rows_by_article(con)
        (articles,) = con.execute("SELECT count(*) FROM articles").fetchone() or (0,)
        orphans = con.execute(
            "SELECT count(*) FROM mentions m WHERE m.event_id IS NOT NULL AND "
            "m.event_id NOT IN (SELECT id FROM events)"
        ).fetchone()
        miscounted = con.execute(
            "SELECT count(*) FROM events e WHERE num_mentions <> "
            "(SELECT count(*) FROM mentions m WHERE m.event_id = e.id)"
        ).fetchone()
    finally:
        con.close()
    assert articles % commit_every == 0 or articles == clean.articles, (
        f"{articles} articles: a batch of {commit_every} was stored in part"
    )
    for article, rows in found.items():
        assert rows == clean.by_article[article], f"article {article} differs from the clean run"
    assert orphans == (0,) and miscounted == (0,), "events disagree with their reports"
    return int(articles)


def check_complete(db: Path, clean: CleanStore) -> None:
    con = store.connect(db, read_only=True)
    try:
        assert snapshot(con) == clean.whole, "the completed store differs from the clean run"
    finally:
        con.close()


def kill_at_random(
    corpus: Path,
    workdir: Path,
    kills: int,
    seed: int,
    launcher: Launcher,
    commit_every: int = 2,
    on_kill: Callable[[int, float, int], None] | None = None,
    min_partial: int = 0,
) -> FaultReport:
    """Kill ``kills`` ingests of ``corpus`` at random moments (seeded); see the module
    docstring for what is checked after each. Kills go on (up to four times as many)
    until ``min_partial`` of them found a store with some batches but not all: where
    they land depends on the machine's speed too."""
    started = time.monotonic()
    report = FaultReport()

    def args(db: Path) -> list[str]:
        return [
            "ingest", str(corpus), "--db", str(db), "--commit-every", str(commit_every),
            "--workers", "1", "-q",
        ]  # fmt: skip

    clean_db = workdir / "clean.duckdb"
    begun = time.monotonic()
    assert launcher(args(clean_db)).wait(timeout=600) == 0, "the clean run failed"
    report.clean_seconds = time.monotonic() - begun
    clean = CleanStore(clean_db)
    batches = -(-clean.articles // commit_every)

    rng = random.Random(seed)
    chain = 0
    db = workdir / f"run-{chain}.duckdb"
    while report.kills < kills or (report.partial < min_partial and report.kills < 4 * kills):
        run = launcher(args(db))
        begun = time.monotonic()
        if rng.random() < 0.3:
            # Anywhere: starting, reading, coding, storing, closing.
            status = run.wait(timeout=rng.uniform(0.0, report.clean_seconds))
        else:
            # Just after the store was written for the n-th time (a commit), plus up to
            # 50 ms: in the next batch, its commit, or the checkpoint at the end. Aimed
            # by what happens, not by the clock, so that it works on any machine.
            writes = rng.randint(1, batches + 1)
            jitter = rng.uniform(0.0, 0.05)
            status = _wait_for_writes(run, db, writes, limit=600)
            if status is None:
                status = run.wait(timeout=jitter)
        if status is None:
            run.kill()
            report.kills += 1
            report.delays.append(time.monotonic() - begun)
            stored = check_after_kill(db, clean, commit_every)
            if stored == 0:
                report.empty += 1
            elif stored < clean.articles:
                report.partial += 1
            if on_kill is not None:
                on_kill(report.kills, report.delays[-1], stored)
            continue
        assert status == 0, f"a resumed run failed with status {status}"
        check_complete(db, clean)
        report.completions += 1
        chain += 1
        db = workdir / f"run-{chain}.duckdb"
    if db.exists():  # the last store a kill left: complete it
        assert launcher(args(db)).wait(timeout=600) == 0
        check_complete(db, clean)
        report.completions += 1
    report.seconds = time.monotonic() - started
    return report

"""The local pool: the same events whatever the number of workers, in input order, and an
interrupted ingest that keeps what it coded and resumes to the store of one clean run."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tidings import cli, store
from tidings.errors import InputError
from tidings.ingest import Page, article_from_dict
from tidings.pipeline import Coder, CoderOptions
from tidings.scale import workers
from tidings.scale.workers import FreshCoder, LocalEngine

from conftest import DEMO
from store_helpers import snapshot

PAGE = (
    "<html><head><title>Arrests</title></head><body><article><h1>Arrests in Nairobi</h1>"
    + "<p>Police in Nairobi arrested twenty protesters on Monday, officials said.</p>" * 4
    + "</article></body></html>"
)


@pytest.fixture()
def run(coder, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(cli, "_coder", lambda *args, **kwargs: coder)
    monkeypatch.setattr(workers, "CHUNK_SIZE", 2)  # several chunks from a small corpus
    runner = CliRunner()

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(cli.cli, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """Eight demo articles."""
    path = tmp_path / "corpus.jsonl"
    lines = DEMO.read_text(encoding="utf-8").splitlines()[:8]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_two_workers_give_what_one_process_gives_in_order(coder) -> None:  # type: ignore[no-untyped-def]
    docs = [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines()]
    articles = [article_from_dict(d) for d in docs[:14]]
    items: list[Any] = [*articles[:5], InputError("broken", source="x", line=3), *articles[5:]]
    items.append(Page(html=PAGE, source="p.html"))
    expected = list(coder.code_many([*articles, _clean(PAGE)]))

    engine = LocalEngine(lambda: coder, workers=2, chunk_size=3)
    results = list(engine.run(items))
    problems = [r for r in results if isinstance(r, InputError)]
    coded = [r for r in results if not isinstance(r, InputError)]
    assert [str(p) for p in problems] == ["x:3: broken"]
    assert [a.id for a, _ in coded] == [a.id for a, _ in expected]
    assert coded == expected  # articles and events, field for field
    assert set(engine.peaks) <= {"worker-1", "worker-2"} and engine.peaks
    assert all(100 < mb < 4000 for mb in engine.peaks.values())


def test_a_coder_loaded_afresh_codes_as_one_that_has_coded_before(coder) -> None:  # type: ignore[no-untyped-def]
    # Workers reload their coder every RELOAD_EVERY articles to shed spaCy's vocabulary.
    docs = [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines()]
    articles = [article_from_dict(d) for d in docs[:6]]
    worn = [events for _, events in coder.code_many(articles)]  # its vocabulary has grown
    loads = iter([Coder.load(CoderOptions(today=date(2020, 1, 1))), coder, coder])
    fresh = FreshCoder(lambda: next(loads), every=2)
    results = fresh.code(articles[:3]) + fresh.code(articles[3:])
    assert fresh.coder is coder  # reloaded after each chunk
    assert [r[1] for r in results if not isinstance(r, InputError)] == worn


def _clean(html: str) -> Any:
    article = Page(html=html, source="p.html").to_article()
    assert not isinstance(article, InputError)
    return article


def test_ingest_with_workers_equals_ingest_without(run, tmp_path: Path, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    first = run("ingest", str(corpus), "--db", str(one), "--workers", "1")
    assert first.exit_code == 0, first.stderr
    second = run("ingest", str(corpus), "--db", str(two), "--workers", "2")
    assert second.exit_code == 0, second.stderr
    assert "read 8 item(s): coded 8 article(s), skipped 0" in second.stderr
    assert "peak memory: main " in second.stderr and ", worker-1 " in second.stderr
    a, b = store.connect(one, read_only=True), store.connect(two, read_only=True)
    assert snapshot(a) == snapshot(b)
    a.close()
    b.close()
    again = run("ingest", str(corpus), "--db", str(two), "--workers", "2")
    assert "coded 0 article(s), skipped 8 (already in the store: 8)" in again.stderr
    assert again.exit_code == 0


def test_code_output_does_not_depend_on_workers(run, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    one = run("code", str(corpus), "--workers", "1", "-q")
    two = run("code", str(corpus), "--workers", "2", "-q")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout and one.stdout.count("\n") > 5


def test_an_interrupted_ingest_keeps_what_it_coded_and_resumes(
    run, tmp_path: Path, corpus: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    clean_db, db = tmp_path / "clean.duckdb", tmp_path / "resumed.duckdb"
    assert run("ingest", str(corpus), "--db", str(clean_db), "-q").exit_code == 0

    real = cli.InputTally.article

    def interrupted(self, article, events) -> None:  # type: ignore[no-untyped-def]
        real(self, article, events)
        if self.coded == 3:  # Ctrl-C while the fourth article is coded
            raise KeyboardInterrupt

    monkeypatch.setattr(cli.InputTally, "article", interrupted)
    stopped = run("ingest", str(corpus), "--db", str(db), "--commit-every", "100")
    assert stopped.exit_code == 130
    assert "interrupted: run the same command again to resume" in stopped.stderr
    con = store.connect(db, read_only=True)
    kept = con.execute("SELECT count(*) FROM articles").fetchone()
    con.close()
    assert kept == (3,)  # coded before the interrupt: committed, though under --commit-every

    monkeypatch.setattr(cli.InputTally, "article", real)
    resumed = run("ingest", str(corpus), "--db", str(db), "--workers", "2")
    assert resumed.exit_code == 0
    assert "coded 5 article(s), skipped 3 (already in the store: 3)" in resumed.stderr
    a, b = store.connect(clean_db, read_only=True), store.connect(db, read_only=True)
    assert snapshot(a) == snapshot(b)
    a.close()
    b.close()

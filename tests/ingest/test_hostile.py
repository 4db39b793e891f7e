"""The hostile input corpus: every input gets its documented outcome (tests/data/hostile/
expected.tsv, docs/robustness.md), none stops the batch, and the run summary counts exactly
what the manifest lists."""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from tidings import cli, store
from tidings.errors import InputError
from tidings.ingest import read_inputs, reason_of
from tidings.tables import read_table

from conftest import DATA

HOSTILE = DATA / "hostile"
STORED_ONCE = "skipped: already in the store"

# Inputs of 10 MB and more are made here rather than kept in the repository.
ARTICLE = "Police in Nairobi arrested twenty protesters on Monday, officials said. "
LARGE = {
    "large/12-mb.txt": "skipped: file larger than 10,000,000 bytes, not read",
    "large/12-mb.html": "skipped: file larger than 10,000,000 bytes, not read",
    "large/9-mb.txt": "skipped: article text too long",
    "large/long-line.jsonl:1": "skipped: line longer than 10,000,000 bytes, not read",
    "large/long-line.jsonl:2": "coded",
    "large/long-text.jsonl:1": "skipped: article text too long",
    "large/boilerplate.html": "coded",
}


def _make_large(folder: Path) -> None:
    folder.mkdir()
    (folder / "12-mb.txt").write_bytes(ARTICLE.encode() * (12_000_000 // len(ARTICLE)))
    (folder / "12-mb.html").write_bytes(b"<p>" + b"x" * 12_000_000 + b"</p>")
    (folder / "9-mb.txt").write_bytes(ARTICLE.encode() * (9_000_000 // len(ARTICLE)))
    huge = json.dumps({"id": "huge", "text": ARTICLE * (11_000_000 // len(ARTICLE))})
    normal = json.dumps({"id": "after-huge", "text": ARTICLE})
    (folder / "long-line.jsonl").write_text(f"{huge}\n{normal}\n", encoding="utf-8")
    long_text = json.dumps({"id": "long", "text": ARTICLE * (1_500_000 // len(ARTICLE))})
    (folder / "long-text.jsonl").write_text(long_text + "\n", encoding="utf-8")
    # A page of 1.5 MB, nearly all navigation, around a short article (cleaning costs
    # about a second per MB; 10 MB is the most a page may have).
    nav = "".join(f"<li><a href='/s/{i}'>Section {i} and more</a></li>" for i in range(100))
    menus = f"<nav><ul>{nav}</ul></nav>" * (1_500_000 // (len(nav) + 20))
    body = "".join(f"<p>{ARTICLE}The protesters had marched on parliament.</p>" for _ in range(4))
    page = f"<html><head><title>Arrests</title></head><body>{menus}<article>{body}</article>"
    (folder / "boilerplate.html").write_text(page + menus[:5000] + "</body></html>")


@dataclass(frozen=True)
class Expected:
    input: str
    kind: str
    outcome: str
    check: str


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("hostile_build", HOSTILE / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def manifest() -> list[Expected]:
    table = read_table(HOSTILE / "expected.tsv", ("input", "kind", "outcome", "check"))
    return [Expected(r["input"], r["kind"], r["outcome"], r["check"]) for r in table.rows]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    folder = tmp_path_factory.mktemp("hostile")
    files = _builder().build(folder)
    _make_large(folder / "large")
    return folder, files


def _key(source: str, line: int | None, root: Path) -> str:
    relative = source.removeprefix(str(root) + "/")
    return f"{relative}:{line}" if line is not None else relative


def test_the_manifest_lists_every_built_input_once(corpus: tuple[Path, list[str]]) -> None:
    _, files = corpus
    rows = manifest()
    keys = [row.input for row in rows]
    assert len(keys) == len(set(keys))
    assert len(rows) >= 50
    assert {key.split(":")[0] for key in keys} == set(files)
    kinds = Counter(row.outcome.split(":")[0] for row in rows)
    assert kinds["coded"] >= 20 and kinds["skipped"] >= 30
    assert all(row.check for row in rows if row.outcome in ("coded", STORED_ONCE))


def test_each_input_gets_its_documented_outcome(corpus: tuple[Path, list[str]]) -> None:
    root, _ = corpus
    found: dict[str, tuple[str, str]] = {}
    for item in read_inputs([str(root)]):
        if isinstance(item, InputError):
            key = _key(item.source, item.line, root)
            found[key] = (f"skipped: {reason_of(item)}", "")
        else:
            key = _key(item.origin, None, root)
            found[key] = ("coded", item.text)
    expected = {row.input: row for row in manifest()}
    # The reader does not know the store: an item stored once is read and coded.
    wanted = {k: "coded" if r.outcome == STORED_ONCE else r.outcome for k, r in expected.items()}
    wanted.update(LARGE)
    assert {k: outcome for k, (outcome, _) in found.items()} == wanted
    for key, row in expected.items():
        if row.check:
            assert row.check in found[key][1], f"{key}: {row.check!r} not in the text"


def test_one_ingest_of_the_whole_corpus_counts_what_the_manifest_lists(
    corpus: tuple[Path, list[str]], coder, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    root, _ = corpus
    monkeypatch.setattr(cli, "_coder", lambda *args, **kwargs: coder)
    db = tmp_path / "hostile.duckdb"
    result = CliRunner().invoke(
        cli.cli,
        ["ingest", str(root), "--db", str(db), "--workers", "1", "--commit-every", "500"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr

    outcomes = Counter(row.outcome for row in manifest())
    outcomes.update(LARGE.values())
    summary = re.search(
        r"read (\d+) item\(s\): coded (\d+) article\(s\), skipped (\d+) \((.*)\); (\d+) event",
        result.stderr,
    )
    assert summary is not None, result.stderr
    read, coded, skipped = (int(summary.group(i)) for i in (1, 2, 3))
    reasons = Counter(
        {why: int(n) for why, n in (part.rsplit(": ", 1) for part in summary.group(4).split("; "))}
    )
    assert read == sum(outcomes.values())
    assert coded == outcomes["coded"]
    assert skipped == read - coded
    assert reasons == Counter(
        {o.removeprefix("skipped: "): n for o, n in outcomes.items() if o != "coded"}
    )

    con = store.connect(db, read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (coded,)
        mentions = con.execute(
            "SELECT a.text, m.sentence_start, m.sentence_end, m.sentence_text, m.trigger_start, "
            "m.trigger_end, m.trigger_text FROM mentions m JOIN articles a ON a.id = m.doc_id"
        ).fetchall()
    finally:
        con.close()
    assert len(mentions) == int(summary.group(5)) > 0
    for text, s_start, s_end, sentence, t_start, t_end, trigger in mentions:
        assert text[s_start:s_end] == sentence and text[t_start:t_end] == trigger

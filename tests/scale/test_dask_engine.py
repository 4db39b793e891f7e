"""The Dask engine on a LocalCluster: the same events as the local run, Parquet partitions
that load into the same store as an ingest, and a rerun that resumes."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from tidings import cli, store
from tidings.ingest import read_inputs
from tidings.records import Article
from tidings.scale.output import read_partition_output, write_partition

from conftest import DEMO
from store_helpers import code_all, snapshot


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "corpus.jsonl"
    path.parent.mkdir()
    lines = DEMO.read_text(encoding="utf-8").splitlines()[:9]
    lines.insert(4, "{broken")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_partitions_rebuild_the_coded_events_exactly(coder, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    articles = [a for a in read_inputs([str(DEMO)]) if isinstance(a, Article)][:6]
    coded = code_all(coder, articles)
    (tmp_path / "events").mkdir()
    (tmp_path / "articles").mkdir()
    write_partition(tmp_path, "part-00000", coded)
    assert list(read_partition_output(tmp_path, "part-00000")) == coded
    flat = pq.read_table(tmp_path / "events" / "part-00000.parquet")
    assert {"source_countries", "record", "published"} <= set(flat.column_names)


def test_local_cluster_run_equals_the_local_run(
    coder, corpus: Path, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(cli, "_coder", lambda *args, **kwargs: coder)
    runner = CliRunner()
    out = tmp_path / "coded"
    args = ["code", str(corpus), "--engine", "dask", "--workers", "1", "-o", str(out)]
    result = runner.invoke(cli.cli, [*args, "--partition-size", "4"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert "corpus.jsonl:5: not JSON" in result.stderr
    assert "coded 9 article(s), skipped 1 (not JSON: 1)" in result.stderr

    local = runner.invoke(cli.cli, ["code", str(corpus), "-q"], catch_exceptions=False)
    expected = [json.loads(line) for line in local.stdout.splitlines()]
    parts = sorted((out / "events").glob("part-*.parquet"))
    assert len(parts) == 3
    records = [json.loads(r) for p in parts for r in pq.read_table(p).column("record").to_pylist()]
    assert records == expected and len(records) > 5

    db, ingested = tmp_path / "loaded.duckdb", tmp_path / "ingested.duckdb"
    loaded = runner.invoke(cli.cli, ["load", str(out), "--db", str(db)], catch_exceptions=False)
    assert loaded.exit_code == 0 and "stored 9 new article(s)" in loaded.stderr
    runner.invoke(cli.cli, ["ingest", str(corpus), "--db", str(ingested), "-q"])
    a, b = store.connect(db, read_only=True), store.connect(ingested, read_only=True)
    assert snapshot(a) == snapshot(b)
    a.close()
    b.close()

    # A rerun resumes: every partition is there, nothing is coded again.
    again = runner.invoke(cli.cli, [*args, "--partition-size", "4"], catch_exceptions=False)
    assert again.exit_code == 0, again.stderr
    assert "3 partition(s), 3 of them written before" in again.stderr
    other = runner.invoke(cli.cli, [*args, "--partition-size", "5"])
    assert other.exit_code == 1 and "holds the partitions of another run" in other.stderr


def test_load_refuses_an_unfinished_run(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "_partitions.json").write_text(
        json.dumps({"version": 1, "settings": {}, "partitions": [{"name": "part-00000"}]})
    )
    result = CliRunner().invoke(
        cli.cli, ["load", str(tmp_path / "out"), "--db", str(tmp_path / "x.duckdb")]
    )
    assert result.exit_code == 1
    assert "1 of 1 partition(s) missing" in result.stderr and "run it again" in result.stderr

"""The command line, run in-process with the session's coder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from tidings import cli

from conftest import DATA, DEMO, shared_file


@pytest.fixture()
def run(coder, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(cli, "_coder", lambda *args, **kwargs: coder)
    runner = CliRunner()

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(cli.cli, list(args), catch_exceptions=False)

    return invoke


def test_help_documents_every_command(run) -> None:  # type: ignore[no-untyped-def]
    result = run("--help")
    for command in ("code", "ingest", "query", "eval", "summary", "sql", "export"):
        assert command in result.output
    code_help = run("code", "--help").output
    for option in ("--output", "--format", "--keep-negated", "--min-confidence"):
        assert option in code_help


def test_code_the_seed_and_score_it_with_the_reference_scorer(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    article = shared_file("data/dev/seed.article.jsonl")
    out = tmp_path / "ev.jsonl"
    result = run("code", str(article), "-o", str(out))
    assert result.exit_code == 0, result.output
    scorer = shared_file("eval/score.py")
    gold = shared_file("data/dev/seed.gold.jsonl")
    scored = subprocess.run(
        [sys.executable, str(scorer), str(gold), str(out), "--json"], capture_output=True, text=True
    )
    summary = json.loads(scored.stdout)
    assert summary["dyad"]["f1"] >= 0.70


def test_historical_days_decides_what_is_background(coder, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import copy

    def coder_with(options=None, actor_files=()):  # type: ignore[no-untyped-def]
        configured = copy.copy(coder)
        configured.options = options
        return configured

    monkeypatch.setattr(cli, "_coder", coder_with)
    article = shared_file("data/dev/seed.article.jsonl")
    runner = CliRunner()

    def historical(*options: str) -> list[bool]:
        result = runner.invoke(cli.cli, ["code", str(article), "-q", *options])
        assert result.exit_code == 0, result.output
        return [json.loads(line)["historical"] for line in result.stdout.splitlines()]

    # The 2014 invasion and annexation, reported in July 2015, are background by default,
    # not with a 1,000-day window; with a 0-day one, so is all that ended before publication.
    assert any(historical())
    assert not any(historical("--historical-days", "1000"))
    assert historical("--historical-days", "0").count(True) > historical().count(True)


def test_code_writes_csv_and_parquet(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    csv_out = tmp_path / "ev.csv"
    assert run("code", str(DEMO), "-o", str(csv_out), "--format", "csv", "-q").exit_code == 0
    header = csv_out.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("id,doc_id,sentence_start")
    pq_out = tmp_path / "ev.parquet"
    assert run("code", str(DEMO), "-o", str(pq_out), "--format", "parquet", "-q").exit_code == 0
    table = pq.read_table(pq_out)
    assert table.num_rows == len(csv_out.read_text(encoding="utf-8").splitlines()) - 1
    assert "source_countries" in table.column_names
    assert run("code", str(DEMO), "--format", "parquet").exit_code != 0  # needs -o


def test_bad_inputs_are_skipped_with_one_line_each(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "a.jsonl").write_text(
        '{"id": "ok", "text": "Iraqi police arrested ten men.", "published": "2010-01-02"}\n'
        "{broken\n"
        '{"id": "notext"}\n',
        encoding="utf-8",
    )
    result = run("code", str(tmp_path))
    assert result.exit_code == 0
    lines = result.stderr.strip().splitlines()
    assert any("a.jsonl:2: not JSON" in line for line in lines)
    assert any("a.jsonl:3: field 'text': missing" in line for line in lines)
    assert any("empty.txt: empty file" in line for line in lines)
    assert any("bin.txt: binary content" in line for line in lines)
    assert "Traceback" not in result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert [e["doc_id"] for e in events] == ["ok"]


def test_nothing_readable_exits_non_zero(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = run("code", str(tmp_path / "empty.txt"))
    assert result.exit_code == 1
    assert "nothing could be read" in result.stderr


def test_ingest_twice_then_query(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "demo.duckdb")
    assert run("ingest", str(DEMO), "--db", db, "-q").exit_code == 0
    first = run("summary", "--db", db).stdout.splitlines()[0]
    assert run("ingest", str(DEMO), "--db", db, "-q").exit_code == 0
    assert run("summary", "--db", db).stdout.splitlines()[0] == first
    listed = run("query", "--db", db, "--format", "jsonl")
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert rows and {"id", "type", "source", "target", "date"} <= set(rows[0])
    counts = run("query", "--db", db, "--source", "USA", "--by", "month", "--format", "csv")
    lines = counts.stdout.splitlines()
    assert lines[0].startswith("period,events,goldstein,verbal_cooperation")
    assert len(lines) > 1 and all(int(line.split(",")[1]) > 0 for line in lines[1:])


def test_query_counts_russian_events_by_month(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "seed.duckdb")
    seed = shared_file("data/dev/seed.article.jsonl")
    assert run("ingest", str(DEMO), str(seed), "--db", db, "-q").exit_code == 0
    counts = run("query", "--db", db, "--source", "RUS", "--by", "month", "--format", "jsonl")
    months = {
        json.loads(line)["period"]: json.loads(line)["events"]
        for line in counts.stdout.splitlines()
    }
    assert months["2014-03-01"] == 2  # the invasion and the annexation, dated from the text
    assert sum(months.values()) >= 4
    current = run(
        "query",
        "--db",
        db,
        "--source",
        "RUS",
        "--by",
        "month",
        "--exclude-historical",
        "--format",
        "jsonl",
    )
    periods = {json.loads(line)["period"] for line in current.stdout.splitlines()}
    assert periods and "2014-03-01" not in periods
    exported = run(
        "export", "--db", db, "--format", "jsonl", "--source", "RUS", "--exclude-historical"
    )
    records = [json.loads(line) for line in exported.stdout.splitlines()]
    assert records and not any(r["historical"] for r in records)
    both = run("query", "--db", db, "--exclude-historical", "--historical-only")
    assert both.exit_code == 2 and "exclude each other" in both.stderr


def test_sql_reads_and_refuses_to_write(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "demo.duckdb")
    assert run("ingest", str(DEMO), "--db", db, "-q").exit_code == 0
    counted = run("sql", "--db", db, "--format", "csv", "SELECT count(*) AS n FROM events")
    assert counted.exit_code == 0 and counted.stdout.splitlines()[0] == "n"
    assert int(counted.stdout.splitlines()[1]) > 0
    refused = run("sql", "--db", db, "DROP TABLE events")
    assert refused.exit_code == 1
    assert refused.stderr.startswith("tidings: error: query failed:")
    assert len(refused.stderr.strip().splitlines()) == 1
    gdelt = run("export", "--db", db, "--format", "gdelt", "-o", str(tmp_path / "g.tsv"))
    assert gdelt.exit_code == 0 and "exported" in gdelt.stderr
    header = (tmp_path / "g.tsv").read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert header[:2] == ["GLOBALEVENTID", "SQLDATE"] and header[-1] == "SOURCEURL"


def test_query_on_a_missing_store_is_one_clear_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tidings", "query", "--db", str(tmp_path / "none.duckdb")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stderr.strip().startswith("tidings: error:") and "no such store" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("gold_name", ["seed.gold.jsonl", "plover-gsr.gold.jsonl"])
def test_eval_prints_the_reference_scorers_table(run, tmp_path: Path, gold_name: str) -> None:  # type: ignore[no-untyped-def]
    gold = shared_file(f"data/dev/{gold_name}")
    predictions = tmp_path / "pred.jsonl"
    ours = run("eval", str(gold), "--predictions", str(predictions))
    assert ours.exit_code == 0
    reference = subprocess.run(
        [sys.executable, str(shared_file("eval/score.py")), str(gold), str(predictions)],
        capture_output=True,
        text=True,
    )
    assert ours.stdout == reference.stdout
    ours_json = json.loads(run("eval", str(gold), "--json").stdout)
    reference_json = json.loads(
        subprocess.run(
            [
                sys.executable,
                str(shared_file("eval/score.py")),
                str(gold),
                str(predictions),
                "--json",
            ],
            capture_output=True,
            text=True,
        ).stdout
    )
    assert ours_json == reference_json


def test_eval_min_bound_fails_below(run) -> None:  # type: ignore[no-untyped-def]
    gold = shared_file("data/dev/seed.gold.jsonl")
    assert run("eval", str(gold), "--min", "dyad=0.5").exit_code == 0
    assert run("eval", str(gold), "--min", "dyad=1.01").exit_code == 1


def _tidings(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tidings", *args], capture_output=True, text=True, check=False
    )


def test_actors_lookup_uses_dates_and_user_files(tmp_path: Path) -> None:
    result = _tidings("actors", "lookup", "Putin", "--date", "2009-05-01")
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == "'Putin' on 2009-05-01: RUS GOV  (Vladimir Putin)"
    assert "prime minister 2008-05-08..2012-05-07" in result.stdout
    obama = _tidings("actors", "lookup", "Barack Obama", "--date", "2018-06-01").stdout
    assert obama.startswith("'Barack Obama' on 2018-06-01: USA ELI")
    custom = DATA / "actors" / "custom.yaml"
    kremlin = _tidings("actors", "lookup", "the Kremlin", "--actors", str(custom)).stdout
    assert ": RUS SPY" in kremlin.splitlines()[0]

"""tidings serve: the command starts uvicorn on loopback unless told otherwise."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tidings import cli


@pytest.fixture()
def served(monkeypatch, coder) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    import uvicorn

    calls: dict[str, Any] = {}
    monkeypatch.setattr(cli, "_coder", lambda *args, **kwargs: coder)
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.update(app=app, **kwargs))
    return calls


def test_serve_binds_loopback_by_default(served: dict[str, Any], tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    db.touch()
    result = CliRunner().invoke(cli.cli, ["serve", "--db", str(db)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert served["host"] == "127.0.0.1" and served["port"] == 8000
    assert f"serving {db} at http://127.0.0.1:8000/" in result.stderr
    assert "warning" not in result.stderr
    assert served["app"].state.settings.snapshot is False


def test_serve_options(served: dict[str, Any], tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli.cli,
        [
            "serve",
            "--db",
            str(tmp_path / "new.duckdb"),
            "--host",
            "0.0.0.0",
            "--port",
            "9001",
            "--snapshot",
            "--code-timeout",
            "5",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert (served["host"], served["port"]) == ("0.0.0.0", 9001)
    assert "does not exist yet" in result.stderr
    assert "anyone who can reach this machine" in result.stderr
    settings = served["app"].state.settings
    assert settings.snapshot and settings.code_timeout == 5
    bad = CliRunner().invoke(cli.cli, ["serve", "--port", "70000"])
    assert bad.exit_code == 2 and "70000" in bad.output

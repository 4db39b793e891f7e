"""A short load run against the app served by uvicorn on loopback: every request of a
fixed-rate mix is answered without an error. No timing is asserted (machines differ);
bench/load.py runs the long version and reports the latencies."""

from __future__ import annotations

from pathlib import Path

import pytest

from api_helpers import api_store
from load_helpers import drive, serve_in_thread


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, coder) -> Path:  # type: ignore[no-untyped-def]
    return api_store(tmp_path_factory, coder)


def test_a_steady_request_rate_is_served_without_errors(store_path: Path, coder) -> None:  # type: ignore[no-untyped-def]
    with serve_in_thread(store_path, coder) as base:
        assert base.startswith("http://127.0.0.1:")
        report = drive(base, rate=20, seconds=2, workers=8)
    print("\n".join(report.lines()))
    assert not report.errors
    assert len(report.latencies) == report.sent == 40

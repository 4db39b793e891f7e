"""Load test of the web app: a steady request rate on loopback, latency percentiles.

    python bench/load.py [--rate 50] [--seconds 60] [--workers 16] [--in-process]

Builds a small store (``tidings ingest`` of the demo articles, and the seed article when
../shared has it), starts ``tidings serve`` on a free port of 127.0.0.1 (or, with
``--in-process``, uvicorn in a thread with a coder loaded here), waits for it, warms it up
for two seconds, then sends ``--rate`` requests a second for ``--seconds`` seconds: the
dashboard's mix of listings, one event, one article, series, actors, places, the summary,
CSV exports, the dashboard page and 5% POST /api/code (tests/load_helpers.py). Prints the
rate achieved, the p50/p95/p99 latency (from when each request was due), per request kind,
and the errors; exits 1 if there was any error.
"""

from __future__ import annotations

import argparse
import contextlib
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from load_helpers import drive, loopback_socket, serve_in_thread, wait_until_up  # noqa: E402

DEMO = ROOT / "src" / "tidings" / "data" / "demo" / "wikinews-open.jsonl"
SEED = ROOT.parent / "shared" / "data" / "dev" / "seed.article.jsonl"


def build_store(folder: Path) -> Path:
    db = folder / "load.duckdb"
    inputs = [str(DEMO)] + ([str(SEED)] if SEED.exists() else [])
    subprocess.run(
        [sys.executable, "-m", "tidings", "ingest", *inputs, "--db", str(db), "-q"], check=True
    )
    return db


@contextlib.contextmanager
def served(db: Path, in_process: bool) -> Iterator[str]:
    if in_process:
        from tidings.pipeline import Coder

        with serve_in_thread(db, Coder.load()) as base:
            yield base
        return
    sock = loopback_socket()
    port = sock.getsockname()[1]
    sock.close()  # tidings serve binds it again, on 127.0.0.1 (its default host)
    server = subprocess.Popen(
        [sys.executable, "-m", "tidings", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=50.0, help="requests per second")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=16, help="client threads")
    parser.add_argument("--in-process", action="store_true", help="uvicorn in a thread here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tidings-load-") as tmp:
        db = build_store(Path(tmp))
        with served(db, args.in_process) as base:
            drive(base, rate=args.rate, seconds=2, workers=args.workers, seed=2)  # warm-up
            report = drive(base, args.rate, args.seconds, args.workers)
    how = "in-process uvicorn" if args.in_process else "tidings serve"
    print(f"load test ({how} on {base}, {args.workers} client threads):")
    for line in report.lines():
        print(f"  {line}")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())

"""Fault injection at length: ``tidings ingest`` killed with SIGKILL fifty times.

    python bench/faults.py [--kills 50] [--seed 9] [--launcher exec|fork]

Each kill is of a real ``python -m tidings ingest`` process (``--launcher exec``, the
default; ``fork`` forks this process with the coder loaded, as the CI test does) of eight
short demo articles with ``--commit-every 2``, at a random moment or just after a random
commit. After each kill the store must open read-only and hold whole batches that equal
the clean run's; each run that is not killed completes its store, which must equal the
clean run's store. The checks are those of ``tests/store/test_faults.py`` (10 kills in CI):
``tests/fault_helpers.py``. Prints one line per kill and a summary; exits 1 on a failure.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fault_helpers import ExecIngest, ForkIngest, kill_at_random, tiny_corpus  # noqa: E402

DEMO = ROOT / "src" / "tidings" / "data" / "demo" / "wikinews-open.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--launcher", choices=["exec", "fork"], default="exec")
    args = parser.parse_args()
    launcher = ExecIngest
    if args.launcher == "fork":
        from tidings import cli
        from tidings.pipeline import Coder

        coder = Coder.load()
        cli._coder = lambda *a, **k: coder  # type: ignore[assignment]
        launcher = ForkIngest  # type: ignore[assignment]

    def show(number: int, seconds: float, stored: int) -> None:
        print(f"kill {number:3d} after {seconds:5.2f} s: store opens, {stored} article(s)")

    with tempfile.TemporaryDirectory(prefix="tidings-faults-") as tmp:
        work = Path(tmp)
        corpus = tiny_corpus(DEMO, work / "corpus.jsonl")
        try:
            report = kill_at_random(
                corpus, work, args.kills, args.seed, launcher, on_kill=show, min_partial=1
            )
        except AssertionError as exc:
            print(f"FAILED: {exc}")
            return 1
    print(f"faults ({args.launcher}, seed {args.seed}):")
    for line in report.lines():
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

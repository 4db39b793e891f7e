"""Kill -9 during an ingest, run it again: the store must equal one clean run's.

Takes the first ``--articles`` articles of ``../shared/corpora/news-bench.jsonl.gz``
(copied to a temporary folder outside the project, deleted afterwards), ingests them once
cleanly, then ingests them again into a second store and kills that process with SIGKILL
after ``--kill-after`` of the clean run's time (so it dies between or inside commits),
checks that its worker processes went away too, reruns the same command, and compares
every table of both stores (``tests/store_helpers.snapshot``). Not part of CI: CI has a
small kill test in ``tests/store/test_load.py``.

    python bench/resume_check.py [--articles 5000] [--workers 2] [--kill-after 0.5]
"""

from __future__ import annotations

import argparse
import gzip
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "news-bench.jsonl.gz"


def ingest(corpus: Path, db: Path, workers: int) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "tidings", "ingest", str(corpus), "--db", str(db)]
    command += ["--workers", str(workers), "--no-progress"]
    return subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)


def _summary(stderr: str) -> list[str]:
    keep = ("tidings: read ", "tidings: peak memory", " words in ")
    return [line for line in stderr.splitlines() if any(k in line for k in keep)]


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return False
    return state != "Z"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--kill-after", type=float, default=0.5, help="fraction of the clean run's time"
    )
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"skipped: {CORPUS.name} not found (it lives in ../shared/corpora)")
        return 0
    sys.path.insert(0, str(ROOT / "tests"))
    from tidings import store

    from store_helpers import snapshot

    with tempfile.TemporaryDirectory(prefix="tidings-resume-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl.gz"
        with gzip.open(CORPUS, "rt", encoding="utf-8") as src, gzip.open(corpus, "wt") as out:
            for number, line in enumerate(src):
                if number >= args.articles:
                    break
                out.write(line)
        clean_db, killed_db = Path(tmp) / "clean.duckdb", Path(tmp) / "killed.duckdb"

        started = time.perf_counter()
        clean = ingest(corpus, clean_db, args.workers)
        _, err = clean.communicate()
        clean_seconds = time.perf_counter() - started
        if clean.returncode != 0:
            raise SystemExit(f"the clean ingest failed:\n{err}")
        print(f"clean run           {clean_seconds:.1f} s")
        for line in _summary(err):
            print("                    " + line)

        victim = ingest(corpus, killed_db, args.workers)
        time.sleep(clean_seconds * args.kill_after)
        workers = children(victim.pid)
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait()
        deadline = time.monotonic() + 10
        while any(alive(p) for p in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        orphans = [p for p in workers if alive(p)]
        con = store.connect(killed_db, read_only=True)
        row = con.execute("SELECT count(*) FROM articles").fetchone()
        con.close()
        kept = row[0] if row else 0
        print(
            f"kill -9             after {clean_seconds * args.kill_after:.1f} s: {kept} of "
            f"{args.articles} articles committed; worker processes left behind: {len(orphans)}"
        )

        started = time.perf_counter()
        rerun = ingest(corpus, killed_db, args.workers)
        _, err = rerun.communicate()
        print(f"rerun               {time.perf_counter() - started:.1f} s")
        for line in _summary(err):
            print("                    " + line)

        one = store.connect(clean_db, read_only=True)
        other = store.connect(killed_db, read_only=True)
        a, b = snapshot(one), snapshot(other)
        one.close()
        other.close()
        sizes = ", ".join(f"{table} {len(rows)}" for table, rows in a.items())
        same = a == b
        print(f"stores equal        {'yes' if same else 'NO'} ({sizes})")
        if not same:
            for table in a:
                if a[table] != b[table]:
                    print(f"  differs: {table} ({len(a[table])} vs {len(b[table])} rows)")
        return 0 if same and not orphans and 0 < kept < args.articles else 1


if __name__ == "__main__":
    sys.exit(main())

"""Throughput of `tidings code` against the bare spaCy pipeline on the same texts, and how
it scales from one worker to two.

The first ``--articles`` articles of ``../shared/corpora/news-bench.jsonl.gz`` (research use
only: they are copied to a temporary file outside the project, deleted afterwards) are
coded end to end by ``tidings code FILE --workers N -o OUT`` in a subprocess, for each N of
``--workers``; the bare spaCy pipeline runs on the same texts in this process. Rounds
alternate so that machine noise hits every contender alike; medians are reported.

The figures tracked: the ratio tidings (1 worker) / bare spaCy (whole texts), the speed-up
of 2 workers over 1, and peak memory per process. Rates count from when the coders are
loaded (the bare spaCy rate does not count loading either); the wall time of each whole
command, start-up and loading included, is printed beside them.

    python bench/throughput.py [--articles 1000] [--rounds 2] [--workers 1,2]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "news-bench.jsonl.gz"
DAY_ARTICLES = 250_000
DAY_WORDS_PER_ARTICLE = 600

_RATE = re.compile(r"([\d,]+) words/s")
_PEAKS = re.compile(r"peak memory: (.*)$", re.MULTILINE)
_EVENTS = re.compile(r"; (\d+) event\(s\)")


def _spin(loops: int) -> float:
    started = time.perf_counter()
    total = 0
    for i in range(loops):
        total += i
    return time.perf_counter() - started


def cpu_probe(processes: int, loops: int = 60_000_000) -> float:
    """How many cores the machine gives us now: ``processes`` busy loops at once, against
    one alone (2.0 for two free cores; less when other jobs share the machine)."""
    import multiprocessing

    alone = _spin(loops)
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        together = pool.map(_spin, [loops] * processes)
    return processes * alone / max(together)


def _cpu_times() -> tuple[float, float]:
    with open("/proc/stat", encoding="ascii") as fh:
        fields = [float(x) for x in fh.readline().split()[1:]]
    return fields[3] + fields[4], sum(fields)  # idle + iowait, all


def wait_for_quiet(max_wait: float, idle: float = 0.9) -> bool:
    """Wait (up to ``max_wait`` seconds) until the cores are ``idle`` free over 3 s, so
    that another user's job does not sit inside a measurement. False if it never was."""
    deadline = time.monotonic() + max_wait
    while True:
        try:
            idle0, all0 = _cpu_times()
            time.sleep(3)
            idle1, all1 = _cpu_times()
        except OSError:  # not Linux
            return True
        if (idle1 - idle0) / max(all1 - all0, 1e-9) >= idle:
            return True
        if time.monotonic() > deadline:
            return False


def load_lines(limit: int) -> list[str]:
    out = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            out.append(line)
            if len(out) >= limit:
                break
    return out


def run_tidings(corpus: Path, out: Path, workers: int, batch_size: int) -> dict[str, object]:
    """One `tidings code` run: its coding rate, wall time, events and peak memory."""
    command = [sys.executable, "-m", "tidings", "code", str(corpus), "-o", str(out)]
    command += ["--workers", str(workers), "--batch-size", str(batch_size), "--no-progress"]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"tidings code failed:\n{done.stderr}")
    rate = _RATE.search(done.stderr)
    peaks = _PEAKS.search(done.stderr)
    events = _EVENTS.search(done.stderr)
    assert rate and peaks and events, done.stderr
    return {
        "rate": float(rate.group(1).replace(",", "")),
        "wall": wall,
        "events": int(events.group(1)),
        "peaks": peaks.group(1).strip(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=120,
        help="before each timed run, wait up to this many seconds for idle cores",
    )
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"skipped: {CORPUS.name} not found (it lives in ../shared/corpora)")
        return 0
    counts = [int(n) for n in args.workers.split(",")]

    from tidings.clean import paragraph_spans, parse_view
    from tidings.ingest import article_from_dict
    from tidings.nlp import load_pipeline

    lines = load_lines(args.articles)
    texts = [article_from_dict(json.loads(line)).text for line in lines]
    words = sum(len(t.split()) for t in texts)
    nlp = load_pipeline()

    def bare() -> None:
        for _ in nlp.pipe(texts, batch_size=args.batch_size):
            pass

    def bare_paragraphs() -> None:
        paras = []
        for text in texts:
            view = parse_view(text)
            paras.extend(view[s:e] for s, e in paragraph_spans(view))
        for _ in nlp.pipe(paras, batch_size=args.batch_size):
            pass

    busy = not wait_for_quiet(args.wait_quiet)
    cores = [cpu_probe(max(counts))]
    spacy_times: dict[str, list[float]] = {"spacy": [], "spacy-paragraphs": []}
    runs: dict[int, list[dict[str, object]]] = {n: [] for n in counts}
    with tempfile.TemporaryDirectory(prefix="tidings-bench-") as tmp:
        corpus = Path(tmp) / "bench.jsonl.gz"
        with gzip.open(corpus, "wt", encoding="utf-8") as fh:
            fh.writelines(lines)
        for _ in range(args.rounds):
            for name, run in (("spacy", bare), ("spacy-paragraphs", bare_paragraphs)):
                busy += not wait_for_quiet(args.wait_quiet)
                t0 = time.perf_counter()
                run()
                spacy_times[name].append(time.perf_counter() - t0)
            for n in counts:
                busy += not wait_for_quiet(args.wait_quiet)
                runs[n].append(run_tidings(corpus, Path(tmp) / "events.jsonl", n, args.batch_size))

    cores.append(cpu_probe(max(counts)))
    spacy = words / statistics.median(spacy_times["spacy"])
    paragraphs = words / statistics.median(spacy_times["spacy-paragraphs"])
    rates = {n: statistics.median(float(str(r["rate"])) for r in runs[n]) for n in counts}
    walls = {n: statistics.median(float(str(r["wall"])) for r in runs[n]) for n in counts}
    bench_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"articles            {len(texts)}")
    print(f"words               {words}")
    print(f"bare spaCy          {spacy:,.0f} words/s (whole texts)")
    print(f"bare spaCy          {paragraphs:,.0f} words/s (paragraphs, as tidings parses)")
    for n in counts:
        events = runs[n][-1]["events"]
        print(
            f"tidings code -w {n}   {rates[n]:,.0f} words/s, {events} events; whole command "
            f"{walls[n]:.1f} s with start-up and loading"
        )
        print(f"  peak memory       {runs[n][-1]['peaks']}")
    first = counts[0]
    print(f"ratio tidings/spaCy {rates[first] / spacy:.2f} ({first} worker vs bare spaCy)")
    if len(counts) > 1:
        last = counts[-1]
        print(f"speed-up            {rates[last] / rates[first]:.2f}x ({last} workers vs {first})")
        print(
            f"machine             {last} busy loops ran {cores[0]:.2f}x / {cores[1]:.2f}x one "
            f"loop's speed before / after (below {last}: other jobs shared the cores)"
        )
    best = max(counts)
    day = DAY_ARTICLES * DAY_WORDS_PER_ARTICLE / rates[best]
    print(
        f"a day of news       {DAY_ARTICLES:,} articles x {DAY_WORDS_PER_ARTICLE} words: "
        f"{day / 3600:.1f} h with {best} worker(s) here"
    )
    print(f"peak memory         {bench_peak:,.0f} MB (this process: bare spaCy)")
    if busy:
        print(f"warning             {busy} run(s) started on a busy machine: figures are low")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Fuzzing the readers and the cleaner: any bytes in, articles or InputError out.

    python fuzz/fuzz_inputs.py [--seconds 600] [--workdir artifacts/fuzz] [--engine auto]

``make fuzz`` runs this for ten minutes. With atheris (``pip install 'tidings[fuzz]'``,
the engine ``atheris``) the search is coverage-guided (libFuzzer), starting from the hostile
corpus (tests/data/hostile/build.py); without it (engine ``hypothesis``) inputs are random,
from hypothesis, mixing fresh bytes with mutated corpus files, for the same time.

The first byte of an input chooses the target (``TARGETS``); the rest is the input. A
target may return articles and ``InputError`` values, and the few functions documented to
raise ``InputError`` may raise it; any other exception, an article that breaks the
readers' promises, or (atheris) an input that takes over ``--timeout`` seconds is a crash.
Crashes are written to WORKDIR/crashes/; make each one a test by adding the input to the
hostile corpus (build.py and expected.tsv) with its documented outcome.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import importlib.util
import io
import random
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "data" / "hostile"

try:  # atheris instruments what is imported inside this block, for coverage feedback
    import atheris

    instrument: Any = atheris.instrument_imports
except ImportError:  # the fallback engine needs no instrumentation
    atheris = None
    instrument = contextlib.nullcontext

with instrument(include=["tidings", "warcio", "feedparser"]) if atheris else instrument():
    from tidings.clean import html_to_text, paragraph_spans, parse_view
    from tidings.errors import InputError
    from tidings.ingest import ReadOptions
    from tidings.ingest.core import (
        EARLIEST,
        LATEST,
        MAX_TEXT_CHARS,
        decode_text,
        finish,
        repair_mojibake,
    )
    from tidings.ingest.feeds import parse_feed
    from tidings.ingest.files import decode_html, read_document, read_jsonl, read_stream
    from tidings.ingest.parquet import read_parquet
    from tidings.ingest.warc import read_warc
    from tidings.language import check_language
    from tidings.records import Article

SCRATCH = Path(tempfile.mkdtemp(prefix="tidings-fuzz-"))


class BrokenPromise(AssertionError):
    """A reader returned something it promises never to return."""


def _check(items: Iterable[Any]) -> int:
    """Cleans pages and screens articles as coding would, and checks every result."""
    count = 0
    for item in items:
        done = finish(item)
        count += 1
        if isinstance(done, InputError):
            if not str(done):
                raise BrokenPromise("an InputError without a message")
            continue
        if not isinstance(done, Article):
            raise BrokenPromise(f"a reader yielded {type(done).__name__}")
        if not done.text.strip() or len(done.text) > MAX_TEXT_CHARS:
            raise BrokenPromise("an article with no text, or too long a text")
        if done.published is not None and not EARLIEST <= done.published <= LATEST:
            raise BrokenPromise(f"an implausible publication date {done.published}")
        done.text.encode("utf-8")  # no lone surrogates: the store must be able to hold it
        done.id.encode("utf-8")
    return count


def _on_file(name: str, data: bytes, reader: Callable[[Path], Iterable[Any]]) -> None:
    path = SCRATCH / name
    path.write_bytes(data)
    _check(reader(path))


def _decode(data: bytes) -> None:
    with contextlib.suppress(InputError):  # documented: decode_text raises InputError
        decode_text(data, "fuzz")
    with contextlib.suppress(InputError):
        decode_html(data, "fuzz")


def _view(data: bytes) -> None:
    text = data.decode("utf-8", errors="replace")
    view = parse_view(text)
    if len(view) != len(text):
        raise BrokenPromise("the parse view changed the length of the text")
    for start, end in paragraph_spans(view):
        if not 0 <= start < end <= len(view) or end - start > 8000:
            raise BrokenPromise(f"a paragraph span {start}..{end} out of bounds")


def _feed(data: bytes) -> None:
    with contextlib.suppress(InputError):  # documented: parse_feed raises InputError
        for entry in parse_feed(data, "https://fuzz.example.org/feed"):
            if not entry.link:
                raise BrokenPromise("a feed entry without a link")


def _text_checks(data: bytes) -> None:
    text = data.decode("utf-8", errors="replace")
    check_language(text)
    repair_mojibake(text)
    html_to_text(text)


TARGETS: list[tuple[str, Callable[[bytes], None]]] = [
    ("jsonl", lambda d: _check(read_jsonl(io.BytesIO(d), "fuzz.jsonl"))),
    ("txt", lambda d: _check(read_document(d, "fuzz.txt", html=False))),
    ("html", lambda d: _check(read_document(d, "fuzz.html", html=True))),
    ("stdin", lambda d: _check(read_stream(io.BytesIO(d), "<stdin>"))),
    ("decode", _decode),
    ("view", _view),
    ("jsonl.gz", lambda d: _check(read_jsonl(gzip.GzipFile(fileobj=io.BytesIO(d)), "f.gz"))),
    ("parquet", lambda d: _on_file("f.parquet", d, lambda p: read_parquet(p, ReadOptions()))),
    ("warc", lambda d: _on_file("f.warc", d, read_warc)),
    ("feed", _feed),
    ("text", _text_checks),
]
SELECTOR = {name: index for index, (name, _) in enumerate(TARGETS)}


def one_input(data: bytes) -> None:
    """The fuzzing entry point: the first byte chooses the target."""
    if not data:
        return
    _, target = TARGETS[data[0] % len(TARGETS)]
    target(data[1:])


def seed_inputs() -> list[bytes]:
    """The hostile corpus, each file prefixed with the selector of its reader."""
    spec = importlib.util.spec_from_file_location("hostile_build", HOSTILE / "build.py")
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    folder = SCRATCH / "seeds"
    seeds = []
    for name in build.build(folder):
        kind = next(
            (k for k in ("jsonl.gz", "jsonl", "html", "txt", "parquet", "warc") if k in name),
            "txt",
        )
        if name.endswith(".warc.gz"):
            kind = "warc"
        data = (folder / name).read_bytes()
        if len(data) <= 1_000_000:
            seeds.append(bytes([SELECTOR[kind]]) + data)
    return seeds


def run_atheris(seconds: int, workdir: Path, timeout: int) -> None:
    corpus = workdir / "corpus"
    crashes = workdir / "crashes"
    corpus.mkdir(parents=True, exist_ok=True)
    crashes.mkdir(parents=True, exist_ok=True)
    for number, seed in enumerate(seed_inputs()):
        (corpus / f"seed-{number:03d}").write_bytes(seed)
    args = [
        sys.argv[0],
        str(corpus),
        f"-max_total_time={seconds}",
        f"-timeout={timeout}",
        "-rss_limit_mb=4096",
        "-max_len=65536",
        f"-artifact_prefix={crashes}/",
        "-print_final_stats=1",
    ]
    print(f"fuzz: atheris for {seconds} s; corpus {corpus}, crashes to {crashes}", flush=True)
    atheris.Setup(args, one_input)
    atheris.Fuzz()  # exits the process when the time is up or on the first crash


def run_hypothesis(seconds: int, workdir: Path) -> int:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    crashes = workdir / "crashes"
    crashes.mkdir(parents=True, exist_ok=True)
    seeds = seed_inputs()

    def mutate(seed: bytes, rng: random.Random) -> bytes:
        data = bytearray(seed)
        for _ in range(rng.randrange(1, 8)):
            if not data:
                break
            at = rng.randrange(len(data))
            choice = rng.randrange(3)
            if choice == 0:
                data[at] = rng.randrange(256)
            elif choice == 1:
                del data[at : at + rng.randrange(1, 64)]
            else:
                data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 16)))
        return bytes(data)

    inputs = st.one_of(
        st.tuples(st.integers(0, len(TARGETS) - 1), st.binary(max_size=4096)).map(
            lambda pair: bytes([pair[0]]) + pair[1]
        ),
        # The mutations come from a seed hypothesis draws, so that a failure repeats.
        st.tuples(st.sampled_from(seeds), st.integers(0, 2**32 - 1)).map(
            lambda pair: mutate(pair[0], random.Random(pair[1]))
        ),
        st.sampled_from(seeds),
    )
    last: list[bytes] = [b""]

    @settings(
        max_examples=500,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(inputs)
    def fuzz_once(data: bytes) -> None:
        last[0] = data
        one_input(data)

    why = " (atheris is not installed)" if atheris is None else ""
    print(f"fuzz: hypothesis for {seconds} s{why}", flush=True)
    started = time.monotonic()
    rounds = 0
    while time.monotonic() - started < seconds:
        try:
            fuzz_once()
        except Exception as exc:
            path = crashes / f"crash-{int(time.time())}"
            path.write_bytes(last[0])
            # A failure hypothesis could not repeat comes wrapped: show what was raised.
            causes = getattr(exc, "exceptions", None) or [exc]
            for cause in causes:
                trace = "".join(traceback.format_exception(cause))
                print(f"fuzz: CRASH {type(cause).__name__}: {cause}\n{trace}", flush=True)
            print(f"fuzz: the last input is in {path}", flush=True)
            return 1
        rounds += 1
    print(f"fuzz: {rounds * 500:,} inputs in {time.monotonic() - started:.0f} s, no crash")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--workdir", type=Path, default=ROOT / "artifacts" / "fuzz")
    parser.add_argument("--engine", choices=["auto", "atheris", "hypothesis"], default="auto")
    parser.add_argument("--timeout", type=int, default=20, help="seconds one input may take")
    parser.add_argument(
        "--replay", nargs="+", type=Path, metavar="FILE", help="run these inputs and stop"
    )
    args = parser.parse_args()
    if args.replay:
        for path in args.replay:
            started = time.monotonic()
            one_input(path.read_bytes())  # a crash raises here, with its traceback
            print(f"fuzz: {path}: fine ({time.monotonic() - started:.2f} s)")
        return 0
    engine = args.engine
    if engine == "auto":
        engine = "atheris" if atheris is not None else "hypothesis"
    if engine == "atheris":
        if atheris is None:
            print("fuzz: atheris is not installed (pip install 'tidings[fuzz]')")
            return 2
        run_atheris(args.seconds, args.workdir, args.timeout)
        return 0
    return run_hypothesis(args.seconds, args.workdir)


if __name__ == "__main__":
    sys.exit(main())

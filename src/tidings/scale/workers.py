"""Coding on one machine: a pool of worker processes, each with its own loaded coder.

``LocalEngine`` cuts the items it is given into chunks of ``chunk_size`` articles and
codes each chunk whole, in this process (one worker, or an input of one chunk) or in a
worker process: the coder is loaded once per worker by the pool's initializer, HTML
pages are cleaned there too, and results come back in input order. The chunks are the
same whatever the number of workers, so the events are too (and spaCy's output does not
depend on how paragraphs are batched). At most ``window`` chunks are in flight, so memory
stays bounded however long the input; each result carries its worker's peak memory.

Only the calling process writes output or the store (DuckDB allows one writer). Workers
ignore Ctrl-C (the caller decides what to keep) and leave when the caller dies.

spaCy's vocabulary keeps every string it has seen (about 2.5 MB more per 1,000 news
articles), so a coder that codes for days would grow without bound: ``FreshCoder``
loads it again every ``RELOAD_EVERY`` articles (2 seconds, about 0.5% of the time) and
hands freed memory back to the system after each chunk. The events do not change: a
coder's output does not depend on what it coded before.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from tidings.errors import InputError, ModelError, TidingsError
from tidings.ingest.core import RawItem, finish
from tidings.pipeline import Coder
from tidings.records import Article, Event
from tidings.scale.progress import peak_rss_mb

Loader = Callable[[], Coder]
"""Builds the coder in a worker (``functools.partial(Coder.load, options)``)."""

Result = tuple[Article, list[Event]] | InputError
"""One article with its events, or an item that could not be read."""

RELOAD_EVERY = 20_000
"""Articles a coder codes before it is loaded afresh (see the module docstring)."""

CHUNK_SIZE = 32
"""Articles coded together by one worker: small enough to spread the work, large enough
for spaCy's batches."""

MAIN = "main"
"""The worker name of the calling process, when it codes itself."""


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class ChunkResult:
    results: list[Result]
    worker: str
    peak_mb: float


def code_items(coder: Coder, items: Iterable[RawItem], batch_size: int = 64) -> list[Result]:
    """Code a chunk: pages cleaned and screened, articles coded, everything in order.

    An article that makes the coder fail (a bug: nothing Tidings reads should) must not
    cost the chunk: the chunk is then coded again one article at a time, and the one that
    fails becomes a problem, "cannot be coded (internal error ...)", counted and shown as
    any other skipped item."""
    slots: list[Result | None] = []
    articles: list[Article] = []
    positions: list[int] = []
    for item in items:
        done = _finished(item)
        if isinstance(done, InputError):
            slots.append(done)
        else:
            positions.append(len(slots))
            slots.append(None)
            articles.append(done)
    coded: list[Result]
    try:
        coded = list(coder.code_many(articles, batch_size))
    except Exception:
        coded = [_code_alone(coder, article) for article in articles]
    for position, result in zip(positions, coded, strict=True):
        slots[position] = result
    return [s for s in slots if s is not None]


def _finished(item: RawItem) -> Article | InputError:
    try:
        return finish(item)
    except Exception as exc:  # a bug in cleaning or screening; see code_items
        source = getattr(item, "source", "") or getattr(item, "origin", "")
        return InputError(_internal(exc, "read"), source=source)


def _code_alone(coder: Coder, article: Article) -> Result:
    try:
        return article, coder.code(article)
    except Exception as exc:
        return InputError(_internal(exc, "coded"), source=article.origin or article.id)


def _internal(exc: Exception, what: str) -> str:
    detail = str(exc).splitlines()[0][:120] if str(exc) else ""
    return f"cannot be {what} (internal error {type(exc).__name__}: {detail}; please report it)"


def release_memory() -> None:
    """Give the memory freed by Python back to the system (glibc's ``malloc_trim``)."""
    with contextlib.suppress(OSError, AttributeError):  # AttributeError: not glibc
        ctypes.CDLL(None).malloc_trim(0)


class FreshCoder:
    """A coder loaded once, and again every ``every`` articles (see the module docstring)."""

    def __init__(self, loader: Loader, every: int = RELOAD_EVERY) -> None:
        self.loader = loader
        self.every = every
        self.coder: Coder | None = loader()
        self.coded = 0

    def code(self, items: Iterable[RawItem], batch_size: int = 64) -> list[Result]:
        if self.coder is None:
            self.coder = self.loader()
        results = code_items(self.coder, items, batch_size)
        self.coded += len(results)
        if self.coded >= self.every:
            self.coder = None  # the old vocabulary goes, with what it held
            gc.collect()
            self.coder = self.loader()
            self.coded = 0
        release_memory()
        return results


class LocalEngine:
    """Codes a stream of items with ``workers`` processes; see the module docstring."""

    def __init__(
        self,
        loader: Loader,
        workers: int | None = None,
        batch_size: int = 64,
        chunk_size: int | None = None,
        window: int | None = None,
        reload_every: int = RELOAD_EVERY,
    ) -> None:
        self.loader = loader
        self.workers = max(1, workers or default_workers())
        self.batch_size = batch_size
        self.chunk_size = chunk_size or CHUNK_SIZE
        self.reload_every = reload_every
        self.window = window or 2 * self.workers
        self.peaks: dict[str, float] = {}
        self.on_ready: Callable[[], None] = lambda: None
        """Called once the coders are loaded (rates count from then)."""
        self._coder: FreshCoder | None = None
        self._pool: ProcessPoolExecutor | None = None
        self._names: dict[str, str] = {}

    # --- the stream ---------------------------------------------------------------------

    def run(self, items: Iterable[RawItem]) -> Iterator[Result]:
        """Each item's result, in input order; problems met while reading pass through
        as they are met."""
        chunks = self._chunks(items)
        try:
            first = next(chunks, None)
            second = next(chunks, None) if first is not None else None
            if first is None:
                return
            if self.workers == 1 or second is None:
                yield from self._run_here(first, second, chunks)
            else:
                yield from self._run_pool(first, second, chunks)
        finally:
            self.close()

    def _chunks(self, items: Iterable[RawItem]) -> Iterator[list[RawItem] | InputError]:
        chunk: list[RawItem] = []
        for item in items:
            if isinstance(item, InputError):
                yield item
                continue
            chunk.append(item)
            if len(chunk) >= self.chunk_size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def _run_here(
        self,
        first: list[RawItem] | InputError,
        second: list[RawItem] | InputError | None,
        rest: Iterator[list[RawItem] | InputError],
    ) -> Iterator[Result]:
        for chunk in _chain(first, second, rest):
            if isinstance(chunk, InputError):
                yield chunk
                continue
            if self._coder is None:
                self._coder = FreshCoder(self.loader, self.reload_every)
                self.on_ready()
            yield from self._coder.code(chunk, self.batch_size)
            self.peaks[MAIN] = peak_rss_mb()

    def _run_pool(
        self,
        first: list[RawItem] | InputError,
        second: list[RawItem] | InputError | None,
        rest: Iterator[list[RawItem] | InputError],
    ) -> Iterator[Result]:
        self._start()
        in_flight: deque[Future[ChunkResult]] = deque()
        pool = self._pool
        assert pool is not None
        for chunk in _chain(first, second, rest):
            if isinstance(chunk, InputError):
                yield chunk
                continue
            in_flight.append(pool.submit(_work, chunk, self.batch_size))
            while len(in_flight) >= self.window:
                yield from self._collect(in_flight.popleft())
        while in_flight:
            yield from self._collect(in_flight.popleft())

    def _collect(self, future: Future[ChunkResult]) -> list[Result]:
        try:
            done = future.result()
        except BrokenProcessPool:
            raise TidingsError(
                "a worker process died (out of memory?); what was stored is kept: "
                "run the same command again to resume, perhaps with fewer --workers"
            ) from None
        name = self._names.setdefault(done.worker, f"worker-{len(self._names) + 1}")
        self.peaks[name] = max(done.peak_mb, self.peaks.get(name, 0.0))
        return done.results

    # --- the pool -----------------------------------------------------------------------

    def _start(self) -> None:
        methods = multiprocessing.get_all_start_methods()
        # fork: the workers start in a moment and inherit the loader as it is.
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        barrier = context.Barrier(self.workers)
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=context,
            initializer=_init_worker,
            initargs=(self.loader, os.getpid(), barrier, self.reload_every),
        )
        # One task per worker that waits for all of them: every coder is loaded after it.
        ready = [self._pool.submit(_ready) for _ in range(self.workers)]
        for future in ready:
            try:
                problem = future.result()
            except BrokenProcessPool:
                raise ModelError("the worker processes could not start") from None
            if problem:
                raise ModelError(problem)
        self.on_ready()

    def close(self) -> None:
        """Stop the workers (at once when interrupted: chunks in flight are dropped)."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        processes = list(getattr(pool, "_processes", {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(timeout=5)


def _chain(
    first: list[RawItem] | InputError,
    second: list[RawItem] | InputError | None,
    rest: Iterator[list[RawItem] | InputError],
) -> Iterator[list[RawItem] | InputError]:
    yield first
    if second is not None:
        yield second
        yield from rest


# --- inside a worker process ------------------------------------------------------------

_worker: dict[str, Any] = {}
"""The worker process's coder (or the problem that kept it from loading) and barrier."""


def _init_worker(loader: Loader, parent: int, barrier: Any, reload_every: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    _worker["barrier"] = barrier
    try:
        _worker["coder"] = FreshCoder(loader, reload_every)
    except TidingsError as exc:
        _worker["problem"] = str(exc)


def _watch_parent(parent: int) -> None:
    """Leave when the parent is gone (killed with -9, say): nobody waits for us."""
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(1)


def _ready() -> str:
    _worker["barrier"].wait(timeout=600)
    return str(_worker.get("problem", ""))


def _work(chunk: list[RawItem], batch_size: int) -> ChunkResult:
    if "coder" not in _worker:
        raise ModelError(str(_worker.get("problem", "the coder is not loaded")))
    results = _worker["coder"].code(chunk, batch_size)
    return ChunkResult(results, str(os.getpid()), peak_rss_mb())

"""The coder behind POST /api/code: loaded once, on first use, and run one article at a
time with a time limit."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from tidings.errors import TidingsError
from tidings.pipeline import Coder
from tidings.records import Article, Event

CoderFactory = Callable[[], Coder]


class CodingTimeout(TidingsError):
    """A coding request did not finish in time."""


class CoderService:
    """Runs the coder on one worker thread.

    One worker, because a spaCy pipeline is not meant to be shared between threads and
    one article at a time keeps memory bounded. A request that waits longer than
    ``timeout`` seconds (in the queue or coding) gets ``CodingTimeout``; a coding already
    started cannot be stopped, so it finishes in the background, and the request body
    limit keeps that bounded.
    """

    def __init__(self, factory: CoderFactory, timeout: float = 30.0) -> None:
        self.factory = factory
        self.timeout = timeout
        self._coder: Coder | None = None
        self._load_lock = threading.Lock()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tidings-coder")

    def preload(self) -> Future[Coder]:
        """Start loading the model now, so that the first request does not wait for it."""
        return self._executor.submit(self._get)

    def code(self, article: Article) -> tuple[list[Event], float]:
        """The article's events and the seconds spent, or ``CodingTimeout``."""
        started = time.perf_counter()
        future = self._executor.submit(lambda: self._get().code(article))
        try:
            events = future.result(timeout=self.timeout)
        except FutureTimeout:
            future.cancel()  # succeeds only if it had not started
            raise CodingTimeout(
                f"coding did not finish within {self.timeout:g} s; send a shorter text, "
                "or try again when the coder is less busy"
            ) from None
        return events, time.perf_counter() - started

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    def _get(self) -> Coder:
        with self._load_lock:
            if self._coder is None:
                self._coder = self.factory()
            return self._coder

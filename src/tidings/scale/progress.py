"""What a long job tells its user: a progress bar while it runs, a summary at the end.

``Tally`` counts what was read, coded and skipped (by reason) and prints each skipped
item's one line, up to ``max_lines`` per reason; ``Progress`` draws a bar on stderr
(articles, articles/s, events, skipped) when stderr is a terminal or when asked.
"""

from __future__ import annotations

import resource
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tidings.errors import InputError
from tidings.ingest.core import reason_of
from tidings.records import Article

ALREADY_STORED = "already in the store"
WRITTEN_BEFORE = "partition written before"


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB.

    On Linux this is ``VmHWM``: ``ru_maxrss`` would carry over the peak of the process
    that started this one (it survives ``exec``).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


@dataclass
class Tally:
    """Counts of one run. ``echo`` prints a line on stderr."""

    echo: Callable[[str], None]
    max_lines: int = 20
    """Skipped items printed per reason; the rest are counted only."""
    coded: int = 0
    words: int = 0
    events: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    started: float = field(default_factory=time.perf_counter)
    coding_started: float | None = None
    peaks: dict[str, float] = field(default_factory=dict)
    """Peak memory (MB) per worker, by worker name."""

    @property
    def read(self) -> int:
        """Items read: coded, skipped for a reason, or waiting."""
        return self.coded + sum(self.skipped.values())

    def problem(self, problem: InputError) -> None:
        """Count a skipped item under its reason, and show it."""
        self.note(reason_of(problem), f"tidings: skipped {problem}")

    def note(self, why: str, line: str) -> None:
        """Count one skipped item; print its line while the reason has few."""
        shown = self.skipped[why]
        self.skipped[why] += 1
        if shown < self.max_lines:
            self.echo(line)
        elif shown == self.max_lines:
            self.echo(f"tidings: more items skipped for '{why}' are counted, not shown")

    def skip(self, why: str, count: int = 1) -> None:
        """Count items skipped for a reason without a line each (already stored)."""
        if count:
            self.skipped[why] += count

    def article(self, article: Article, events: int) -> None:
        self.coded += 1
        self.words += len(article.text.split())
        self.events += events

    def start_coding(self) -> None:
        """The coders are loaded: rates count from now."""
        self.coding_started = time.perf_counter()

    def peak(self, worker: str, mb: float) -> None:
        self.peaks[worker] = max(mb, self.peaks.get(worker, 0.0))

    def rate(self) -> float:
        """Words coded per second since the coders were loaded."""
        since = self.coding_started if self.coding_started is not None else self.started
        return self.words / max(time.perf_counter() - since, 1e-9)

    def summary(self, interrupted: bool = False) -> list[str]:
        """The closing lines: read, coded, skipped by reason, events, rates, memory."""
        skipped = sum(self.skipped.values())
        reasons = "; ".join(f"{why}: {n}" for why, n in self.skipped.most_common())
        lines = [
            f"tidings: read {self.read} item(s): coded {self.coded} article(s), "
            f"skipped {skipped}{f' ({reasons})' if reasons else ''}; {self.events} event(s)"
        ]
        elapsed = time.perf_counter() - self.started
        since = self.coding_started if self.coding_started is not None else self.started
        coding = max(time.perf_counter() - since, 1e-9)
        lines.append(
            f"tidings: {self.words:,} words in {elapsed:,.1f} s: {self.words / coding:,.0f} "
            f"words/s, {self.coded / coding:,.1f} articles/s (after {since - self.started:.1f} s "
            "loading)"
        )
        if self.peaks:
            workers = ", ".join(f"{name} {mb:,.0f} MB" for name, mb in sorted(self.peaks.items()))
            lines.append(f"tidings: peak memory: {workers}")
        if interrupted:
            lines.append("tidings: interrupted: run the same command again to resume")
        return lines


class Progress:
    """A progress bar on stderr, or nothing. Lines printed through ``write`` do not
    break the bar."""

    def __init__(self, enabled: bool, unit: str = "article") -> None:
        self.bar: Any = None
        if enabled:
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: worker processes fork from us
            self.bar = tqdm(
                file=sys.stderr,
                unit=f" {unit}s",
                unit_scale=False,
                dynamic_ncols=True,
                mininterval=0.5,
                smoothing=0.05,
                bar_format="{desc}{n_fmt} {unit} [{elapsed}, {rate_fmt}]{postfix}",
            )

    def write(self, line: str) -> None:
        if self.bar is not None:
            self.bar.write(line, file=sys.stderr)
        else:
            print(line, file=sys.stderr, flush=True)

    def update(self, tally: Tally) -> None:
        if self.bar is None:
            return
        self.bar.set_postfix_str(
            f"{tally.events:,} events, {sum(tally.skipped.values()):,} skipped, "
            f"{tally.rate():,.0f} words/s",
            refresh=False,
        )
        self.bar.update(tally.coded - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def wants_progress(flag: bool | None, quiet: bool) -> bool:
    """A bar when asked (``--progress``), else when stderr is a terminal; never with -q."""
    if quiet:
        return False
    if flag is not None:
        return flag
    return sys.stderr.isatty()

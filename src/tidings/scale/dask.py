"""Distributed coding on Dask: partitions read and coded inside the workers, written as
Parquet partitions (``tidings.scale.output``), loaded into a store by ``tidings load``.

    tidings code corpus/ --engine dask -o coded/                       # a local cluster
    tidings code corpus/ --engine dask --scheduler tcp://host:8786 -o /shared/coded/
    tidings load coded/ --db news.duckdb

The command plans the partitions (``tidings.ingest.partitions``), registers a worker
plugin that loads the coder once per worker, and maps one task per partition; each task
reads its partition from the shared file system, codes it, writes its two files and
returns a small report. Partitions already written are skipped, so a run that was
stopped resumes where it was. Workers must see the input and output paths, and run with
one thread each (``dask worker --nthreads 1``); a worker with more threads codes one
partition at a time.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dask
from distributed import Client, LocalCluster, WorkerPlugin, as_completed, get_worker

from tidings.errors import ConfigError, InputError, TidingsError
from tidings.ingest.core import ReadOptions, reason_of
from tidings.ingest.partitions import Partition, read_partition
from tidings.pipeline import Coder, CoderOptions
from tidings.scale.output import is_complete, part_name, write_partition, write_plan
from tidings.scale.progress import peak_rss_mb
from tidings.scale.workers import FreshCoder

PLUGIN = "tidings-coder"
NO_MALLOC_TRIM = "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_"
"""Dask's nannies start workers with MALLOC_TRIM_THRESHOLD_ set, which also turns off
glibc's adaptive mmap threshold: each of spaCy's large arrays is then mapped and unmapped
again, 25 times the page faults and a fifth more CPU time. Local clusters go without it
(docs/scale.md says how to do the same on a cluster of your own)."""
MAX_EXAMPLES = 20


class CoderPlugin(WorkerPlugin):
    """Loads the coder once when a worker starts (or joins later)."""

    def __init__(self, options: CoderOptions, actor_files: Sequence[str] = ()) -> None:
        self.options = options
        self.actor_files = tuple(actor_files)
        self.coder: FreshCoder | None = None
        self.lock = threading.Lock()

    def setup(self, worker: Any) -> None:
        files = [Path(p) for p in self.actor_files]
        self.coder = FreshCoder(functools.partial(Coder.load, self.options, actor_files=files))

    def __getstate__(self) -> dict[str, Any]:
        return {"options": self.options, "actor_files": self.actor_files}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.options = state["options"]
        self.actor_files = state["actor_files"]
        self.coder = None
        self.lock = threading.Lock()


@dataclass
class PartitionReport:
    """What a task sends back: counts, skip reasons, a few located problems, memory."""

    index: int
    coded: int = 0
    words: int = 0
    events: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    examples: list[tuple[str, str]] = field(default_factory=list)
    """(reason, located problem) for the first few problems."""
    worker: str = ""
    peak_mb: float = 0.0
    seconds: float = 0.0


def code_partition(
    index: int, part: dict[str, Any], out: str, read_options: ReadOptions, batch_size: int
) -> PartitionReport:
    """The task: read, clean and code one partition, and write its files."""
    started = time.perf_counter()
    worker = get_worker()
    plugin: CoderPlugin = worker.plugins[PLUGIN]  # type: ignore[assignment]
    report = PartitionReport(index, worker=str(worker.address))
    with plugin.lock:
        if plugin.coder is None:
            plugin.setup(worker)
        assert plugin.coder is not None
        items = read_partition(Partition.from_dict(part), read_options)
        results = plugin.coder.code(items, batch_size)
    coded = []
    for result in results:
        if isinstance(result, InputError):
            why = reason_of(result)
            report.skipped[why] += 1
            if report.skipped[why] <= MAX_EXAMPLES:
                report.examples.append((why, str(result)))
            continue
        article, events = result
        coded.append(result)
        report.coded += 1
        report.words += len(article.text.split())
        report.events += len(events)
    write_partition(Path(out), part_name(index), coded)
    report.peak_mb = peak_rss_mb()
    report.seconds = time.perf_counter() - started
    return report


@dataclass
class DaskRun:
    partitions: int
    already_done: int
    reports: list[PartitionReport]


def run_dask(
    parts: Sequence[Partition],
    out: Path,
    *,
    options: CoderOptions,
    actor_files: Sequence[Path] = (),
    read_options: ReadOptions | None = None,
    scheduler: str | None = None,
    workers: int = 1,
    batch_size: int = 64,
    overwrite: bool = False,
    on_ready: Callable[[int], None] = lambda todo: None,
    on_report: Callable[[PartitionReport], None] = lambda report: None,
) -> DaskRun:
    """Code every partition not yet written to ``out``, on the cluster at ``scheduler``
    (a local cluster of ``workers`` processes when None)."""
    settings = {
        "options": {
            "keep_negated": options.keep_negated,
            "min_confidence": options.min_confidence,
            "historical_days": options.historical_days,
            "actor_files": [str(p) for p in actor_files],
        },
        "read": {"text_column": (read_options or ReadOptions()).text_column},
    }
    write_plan(out, parts, settings, fresh=overwrite)
    todo = [i for i in range(len(parts)) if overwrite or not is_complete(out, part_name(i))]
    run = DaskRun(len(parts), len(parts) - len(todo), [])
    if not todo:
        on_ready(0)
        return run
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="30s")
        else:
            with dask.config.set({NO_MALLOC_TRIM: None}):
                cluster = LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
            client = Client(cluster)
    except (OSError, TimeoutError) as exc:
        raise ConfigError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
    try:
        client.register_plugin(
            CoderPlugin(options, [str(p.resolve()) for p in actor_files]), name=PLUGIN
        )
        on_ready(len(todo))
        task = functools.partial(
            code_partition,
            out=str(out.resolve()),
            read_options=read_options or ReadOptions(),
            batch_size=batch_size,
        )
        futures = client.map(task, todo, [parts[i].to_dict() for i in todo], pure=False)
        for future in as_completed(futures):
            try:
                report = future.result()
            except TidingsError:
                raise
            except Exception as exc:  # a worker's failure, re-raised here by Dask
                raise TidingsError(f"a Dask task failed: {type(exc).__name__}: {exc}") from exc
            run.reports.append(report)
            on_report(report)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return run

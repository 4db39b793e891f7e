"""The ``tidings`` command line: thin commands over the package's functions.

Every command reports problems with one line on stderr and never a traceback; inputs that
cannot be read are named (file:line: reason), skipped, and counted.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import signal
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click
from click.core import ParameterSource

from tidings import __version__
from tidings.errors import InputError, TidingsError
from tidings.export import FORMATS, open_writer
from tidings.ingest import ReadOptions, read_inputs, read_items
from tidings.records import Article, Event

if TYPE_CHECKING:
    from tidings.pipeline import CoderOptions
from tidings.scale.progress import (
    ALREADY_STORED,
    WRITTEN_BEFORE,
    Progress,
    Tally,
    peak_rss_mb,
    wants_progress,
)

QUERY_FORMATS = ("table", "csv", "jsonl")


class TidingsGroup(click.Group):
    """Turns Tidings errors into one line on stderr and exit status 1, in-process too."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TidingsError as exc:
            click.echo(f"tidings: error: {exc}", err=True)
            ctx.exit(1)


@click.group(
    cls=TidingsGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="tidings")
def cli() -> None:
    """Tidings turns news text into political event data: who did what to whom, when and
    where, in the PLOVER ontology with CAMEO codes, Goldstein scores and quad classes,
    each event linked to the sentence and words it was read from.

    \b
    Typical use:
      tidings code articles.jsonl -o events.jsonl     code articles to a file
      tidings ingest articles/ --db news.duckdb       code and store a corpus
      tidings code corpus/ --engine dask -o coded/    code on a Dask cluster (docs/scale.md)
      tidings watch FEED_URL --db news.duckdb         follow RSS/Atom feeds into a store
      tidings query --db news.duckdb --source RUS --by month
      tidings eval gold.jsonl                         score the coder on annotations
    """


# --- shared options ----------------------------------------------------------------------


def coding_options(func: Any) -> Any:
    """The coder's options, handed to the command as one ``coder_options``."""

    command = func

    @functools.wraps(command)
    def with_coder_options(
        *args: Any,
        keep_negated: bool,
        min_confidence: float,
        historical_days: int,
        **kwargs: Any,
    ) -> Any:
        from tidings.pipeline import CoderOptions

        options = CoderOptions(
            keep_negated=keep_negated,
            min_confidence=min_confidence,
            historical_days=historical_days,
        )
        return command(*args, coder_options=options, **kwargs)

    func = with_coder_options
    func = click.option(
        "--historical-days",
        type=click.IntRange(0, 36_500),
        default=30,
        show_default=True,
        help="An event that ended more than this many days before publication is "
        "historical (a background mention).",
    )(func)
    func = click.option(
        "--actors",
        "actor_files",
        multiple=True,
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="An actor dictionary of your own (YAML, or TABARI/PETRARCH .actors); its "
        "entries win over the built-in ones. Repeatable.",
    )(func)
    func = click.option(
        "--keep-negated",
        is_flag=True,
        help="Also emit negated and hypothetical events, flagged 'negated'/'hypothetical'.",
    )(func)
    func = click.option(
        "--min-confidence",
        type=click.FloatRange(0.0, 1.0),
        default=0.0,
        show_default=True,
        help="Drop events whose confidence is below this.",
    )(func)
    func = click.option(
        "--batch-size",
        type=click.IntRange(1, 10_000),
        default=64,
        show_default=True,
        help="Paragraphs parsed together by spaCy.",
    )(func)
    return func


def _coder(options: CoderOptions | None = None, actor_files: Sequence[Path] = ()) -> Any:
    from tidings.pipeline import Coder

    return Coder.load(options, actor_files=actor_files)


def _load_coder(options: CoderOptions, actor_files: tuple[Path, ...]) -> Any:
    """What a worker process runs to load its coder (looked up when it runs)."""
    return _coder(options, actor_files)


def scale_options(func: Any) -> Any:
    """Reading and parallelism options shared by ``code`` and ``ingest``."""
    func = click.option(
        "--text-column",
        default="text",
        show_default=True,
        help="Parquet inputs: the column holding the article text (id, published, title, "
        "url and outlet columns are used when present).",
    )(func)
    func = click.option(
        "--progress/--no-progress",
        default=None,
        help="A progress bar on stderr (default: when stderr is a terminal).",
    )(func)
    func = click.option(
        "--workers",
        type=click.IntRange(1, 1024),
        default=None,
        help="Worker processes, each with its own coder (default: the machine's cores).",
    )(func)
    return func


class InputTally(Tally):
    """Counts what was read, coded and skipped (by reason), reports each skipped item on
    stderr (up to 20 lines per reason), and ends with the summary."""

    def __init__(self, progress: Progress | None = None) -> None:
        super().__init__(echo=progress.write if progress else _echo_err)

    def items(self, inputs: Iterable[str], options: ReadOptions | None = None) -> Iterator[Any]:
        """Articles and pages to clean from the inputs; problems counted and shown."""
        for item in read_items(inputs, options):
            if isinstance(item, InputError):
                self.problem(item)
                continue
            yield item

    def articles(self, inputs: Iterable[str]) -> Iterator[Article]:
        """Articles from the inputs, pages cleaned here."""
        for item in read_inputs(inputs):
            if isinstance(item, InputError):
                self.problem(item)
                continue
            yield item


def _echo_err(line: str) -> None:
    click.echo(line, err=True)


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (a scheduler stopping a job, ``kill``) stops a long command as Ctrl-C does:
    what was coded is kept, and the summary says how far it got."""

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _engine(
    workers: int | None,
    batch_size: int,
    coder_options: CoderOptions,
    actor_files: Sequence[Path],
    tally: Tally,
) -> Any:
    from tidings.scale.workers import LocalEngine

    loader = functools.partial(_load_coder, coder_options, tuple(actor_files))
    engine = LocalEngine(loader, workers=workers, batch_size=batch_size)
    engine.on_ready = tally.start_coding
    return engine


# --- code --------------------------------------------------------------------------------


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write events here (default: standard output); a folder with --engine dask.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="jsonl",
    show_default=True,
    help="jsonl: the shared event format; csv/parquet: one flat row per event.",
)
@coding_options
@scale_options
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local: worker processes on this machine; dask: a Dask cluster, writing Parquet "
    "partitions to the -o folder (docs/scale.md).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="--engine dask: the scheduler (tcp://host:8786); default: a local cluster of "
    "--workers processes.",
)
@click.option(
    "--partition-size",
    type=click.IntRange(1, 10_000_000),
    default=1000,
    show_default=True,
    help="--engine dask: articles (lines, rows or files) per partition.",
)
@click.option(
    "--overwrite",
    is_flag=True,
    help="--engine dask: start afresh in a folder that holds partitions (default: resume).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress or summary on stderr.")
@click.pass_context
def code(
    ctx: click.Context,
    inputs: tuple[str, ...],
    output: Path | None,
    fmt: str,
    actor_files: tuple[Path, ...],
    coder_options: CoderOptions,
    batch_size: int,
    workers: int | None,
    progress: bool | None,
    text_column: str,
    engine: str,
    scheduler: str | None,
    partition_size: int,
    overwrite: bool,
    quiet: bool,
) -> None:
    """Code articles into events.

    INPUT is a .txt or .html file, a JSON Lines file of articles (.jsonl, .jsonl.gz) in the
    shared article format, a Parquet file (one article per row), a WARC crawl (.warc,
    .warc.gz), a folder of these, or - for standard input. Events come out in input order,
    the same whatever the number of workers.
    """
    read_options = ReadOptions(text_column=text_column)
    if engine == "dask":
        explicit = ctx.get_parameter_source("fmt") is not ParameterSource.DEFAULT
        if explicit and fmt != "parquet":
            raise click.UsageError("--engine dask writes Parquet partitions: drop --format")
        if output is None:
            raise click.UsageError("--engine dask writes Parquet partitions: give -o FOLDER")
        _code_dask(
            inputs,
            output,
            read_options,
            actor_files,
            coder_options,
            batch_size,
            workers,
            progress,
            scheduler,
            partition_size,
            overwrite,
            quiet,
        )
        return
    if scheduler:
        raise click.UsageError("--scheduler needs --engine dask")
    writer, close = open_writer(fmt, output, sys.stdout)
    bar = Progress(wants_progress(progress, quiet))
    tally = InputTally(bar)
    coder = _engine(workers, batch_size, coder_options, actor_files, tally)
    interrupted = False
    try:
        with _terminate_as_interrupt():
            for result in coder.run(tally.items(inputs, read_options)):
                if isinstance(result, InputError):
                    tally.problem(result)
                    continue
                article, found = result
                writer.write(found)
                tally.article(article, len(found))
                bar.update(tally)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        close()
        bar.close()
    tally.peaks.update(coder.peaks)
    tally.peak("main", peak_rss_mb())
    _finish(tally, quiet, interrupted)


def _code_dask(
    inputs: tuple[str, ...],
    output: Path,
    read_options: ReadOptions,
    actor_files: tuple[Path, ...],
    coder_options: CoderOptions,
    batch_size: int,
    workers: int | None,
    progress: bool | None,
    scheduler: str | None,
    partition_size: int,
    overwrite: bool,
    quiet: bool,
) -> None:
    from tidings.ingest.partitions import plan
    from tidings.scale.dask import PartitionReport, run_dask
    from tidings.scale.workers import default_workers

    bar = Progress(wants_progress(progress, quiet))
    tally = InputTally(bar)
    parts, problems = plan(inputs, read_options, partition_size)
    for problem in problems:
        tally.problem(problem)
    if not parts:
        bar.close()
        _fail("nothing could be read")

    def ready(todo: int) -> None:
        tally.start_coding()
        if not quiet:
            bar.write(f"tidings: dask: {todo} of {len(parts)} partition(s) to code")

    def report(done: PartitionReport) -> None:
        tally.coded += done.coded
        tally.words += done.words
        tally.events += done.events
        shown: Counter[str] = Counter()
        for why, line in done.examples:
            tally.note(why, f"tidings: skipped {line}")
            shown[why] += 1
        for why, count in done.skipped.items():
            if count > shown[why]:
                tally.skip(why, count - shown[why])
        tally.peak(done.worker, done.peak_mb)
        bar.update(tally)

    interrupted = False
    run = None
    try:
        with _terminate_as_interrupt():
            run = run_dask(
                parts,
                output,
                options=coder_options,
                actor_files=actor_files,
                read_options=read_options,
                scheduler=scheduler,
                workers=workers or default_workers(),
                batch_size=batch_size,
                overwrite=overwrite,
                on_ready=ready,
                on_report=report,
            )
    except KeyboardInterrupt:
        interrupted = True
    finally:
        bar.close()
    tally.peak("client", peak_rss_mb())
    if run is not None and not quiet:
        click.echo(
            f"tidings: {output}: {run.partitions} partition(s), {run.already_done} of them "
            f"written before; store them with: tidings load {output} --db DB",
            err=True,
        )
    if run is not None and run.already_done and tally.coded == 0:
        tally.skip(WRITTEN_BEFORE, run.already_done)
    _finish(tally, quiet, interrupted)


def _finish(tally: Tally, quiet: bool, interrupted: bool = False) -> None:
    if not quiet:
        for line in tally.summary(interrupted):
            click.echo(line, err=True)
    if interrupted:
        sys.exit(130)
    if tally.coded == 0 and not (tally.skipped[ALREADY_STORED] or tally.skipped[WRITTEN_BEFORE]):
        _fail("nothing could be read")


# --- ingest ------------------------------------------------------------------------------


def db_option(func: Any) -> Any:
    return click.option(
        "--db",
        type=click.Path(dir_okay=False, path_type=Path),
        default=Path("tidings.duckdb"),
        show_default=True,
        help="The DuckDB store.",
    )(func)


def _unstored(con: Any, items: Iterable[Any], tally: Tally, batch: int = 256) -> Iterator[Any]:
    """Items whose article the store lacks: a resumed ingest codes only what is new."""
    from tidings.scale.watch import stored_ids

    pending: list[Any] = []

    def flush() -> Iterator[Any]:
        known = stored_ids(con, [i.id for i in pending if isinstance(i, Article)])
        for item in pending:
            if isinstance(item, Article) and item.id in known:
                tally.skip(ALREADY_STORED)
            else:
                yield item
        pending.clear()

    for item in items:
        pending.append(item)
        if len(pending) >= batch:
            yield from flush()
    yield from flush()


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@db_option
@coding_options
@scale_options
@click.option(
    "--commit-every",
    type=click.IntRange(1, 100_000),
    default=200,
    show_default=True,
    help="Articles stored per transaction; an interrupted run keeps what was committed.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress or summary lines on stderr.")
def ingest(
    inputs: tuple[str, ...],
    db: Path,
    actor_files: tuple[Path, ...],
    coder_options: CoderOptions,
    batch_size: int,
    workers: int | None,
    progress: bool | None,
    text_column: str,
    commit_every: int,
    quiet: bool,
) -> None:
    """Code articles and store them with their events, de-duplicated across articles.

    Articles already in the store (same id; ids are derived from the text when absent)
    are not coded again, so ingesting the same input twice, or again after an interrupted
    run (Ctrl-C, kill, a crash), ends in the same store as one clean run. Workers code in
    parallel; this process alone writes the store.
    """
    from tidings import store

    con = store.connect(db)
    bar = Progress(wants_progress(progress, quiet))
    tally = InputTally(bar)
    added = skipped = events = 0
    pending: list[tuple[Article, list[Event]]] = []

    def commit() -> None:
        nonlocal added, skipped, events, pending
        batch, pending = pending, []
        result = store.store_batch(con, batch)
        added += result.articles_added
        skipped += result.articles_skipped
        events += result.events_added
        # Articles the store already held (an id met twice, pages whose cleaned text
        # another item had) count as skipped, not as coded too: the summary adds up.
        tally.coded -= result.articles_skipped
        tally.events -= sum(len(found) for _, found in batch) - result.events_added
        tally.skip(ALREADY_STORED, result.articles_skipped)
        if not quiet and bar.bar is None:
            click.echo(
                f"tidings: ingest: {tally.read} article(s) done, {added} new, "
                f"{events} event report(s), {tally.rate():,.0f} words/s",
                err=True,
            )

    interrupted = False
    coder = _engine(workers, batch_size, coder_options, actor_files, tally)
    try:
        with _terminate_as_interrupt():
            items = _unstored(con, tally.items(inputs, ReadOptions(text_column)), tally)
            for result in coder.run(items):
                if isinstance(result, InputError):
                    tally.problem(result)
                    continue
                pending.append(result)
                tally.article(result[0], len(result[1]))
                bar.update(tally)
                if len(pending) >= commit_every:
                    commit()
    except KeyboardInterrupt:
        interrupted = True
    try:
        if pending:
            commit()  # what was coded before an interrupt is kept too
    finally:
        con.close()
        bar.close()
    tally.peaks.update(coder.peaks)
    tally.peak("main", peak_rss_mb())
    if not quiet:
        click.echo(
            f"tidings: stored {added} new article(s) and {events} event report(s) in {db}; "
            f"{tally.skipped[ALREADY_STORED]} article(s) were already there",
            err=True,
        )
    _finish(tally, quiet, interrupted)


@cli.command("load")
@click.argument(
    "folder", type=click.Path(exists=True, file_okay=False, path_type=Path), metavar="PARQUET_DIR"
)
@db_option
@click.option(
    "--commit-every",
    type=click.IntRange(1, 100_000),
    default=200,
    show_default=True,
    help="Articles stored per transaction; an interrupted load keeps what was committed.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress or summary lines on stderr.")
def load_partitions(folder: Path, db: Path, commit_every: int, quiet: bool) -> None:
    """Store the Parquet partitions written by 'tidings code --engine dask'.

    The store ends exactly as 'tidings ingest' of the same input would leave it; articles
    already stored are skipped, so an interrupted load resumes when run again.
    """
    from tidings import store
    from tidings.scale.output import load_folder

    def progress(added: int, skipped: int, events: int) -> None:
        if not quiet:
            click.echo(
                f"tidings: load: {added + skipped} article(s) done, {added} new, "
                f"{events} event report(s)",
                err=True,
            )

    con = store.connect(db)
    try:
        added, skipped, events = load_folder(con, folder, commit_every, progress)
    finally:
        con.close()
    if not quiet:
        click.echo(
            f"tidings: stored {added} new article(s) and {events} event report(s) in {db}; "
            f"{skipped} article(s) were already there",
            err=True,
        )


@cli.command()
@click.argument("feeds", nargs=-1, required=True, metavar="FEED_URL...")
@db_option
@coding_options
@click.option(
    "--every",
    default="15m",
    show_default=True,
    help="Time between polls: 90s, 15m, 1h.",
)
@click.option("--once", is_flag=True, help="Poll once and stop.")
@click.option("--polls", type=click.IntRange(1), help="Stop after this many polls.")
@click.option("-q", "--quiet", is_flag=True, help="No line per poll, no summary.")
def watch(
    feeds: tuple[str, ...],
    db: Path,
    actor_files: tuple[Path, ...],
    coder_options: CoderOptions,
    batch_size: int,
    every: str,
    once: bool,
    polls: int | None,
    quiet: bool,
) -> None:
    """Poll RSS/Atom feeds, fetch their new articles, code them and store them.

    Seen entries are kept in DB.feeds.json beside the store, so a restarted watch fetches
    only what is new; the store is opened for each poll only, so it can be queried between
    polls. Stop with Ctrl-C.
    """
    from urllib.parse import urlsplit

    from tidings.scale.watch import PollReport, parse_duration
    from tidings.scale.watch import watch as watch_feeds

    for url in feeds:
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
            raise click.BadParameter(f"{url!r}: an http(s) address", param_hint="FEED_URL")
    seconds = parse_duration(every)
    coder = _coder(coder_options, actor_files)
    tally = InputTally()
    tally.start_coding()

    def report(done: PollReport) -> None:
        if not quiet:
            click.echo(
                f"tidings: watch: {done.feeds} feed(s) read, {done.new_entries} new entr(ies), "
                f"{done.stored} article(s) and {done.events} event report(s) stored",
                err=True,
            )

    interrupted = False
    try:
        with _terminate_as_interrupt():
            watch_feeds(
                list(feeds), db, coder, tally, seconds, 1 if once else polls, on_poll=report
            )
    except KeyboardInterrupt:
        interrupted = True
    if not quiet:
        for line in tally.summary()[:2]:
            click.echo(line, err=True)
    if interrupted:
        sys.exit(130)


# --- query, summary, sql, export ---------------------------------------------------------


def filter_options(func: Any) -> Any:
    """The event filters shared by ``query`` and ``export``."""
    options = [
        click.option(
            "--source", metavar="CC", help="Source country (ISO alpha-3, or UNO, EUR ...)."
        ),
        click.option("--target", metavar="CC", help="Target country."),
        click.option("--country", metavar="CC", help="Either side's country."),
        click.option("--source-sector", metavar="SEC", help="Source sector, e.g. GOV, MIL, REB."),
        click.option("--target-sector", metavar="SEC", help="Target sector."),
        click.option("--actor", metavar="NAME", help="An actor's name or words, e.g. Putin."),
        click.option("--type", "type_", metavar="TYPE", help="PLOVER event type, e.g. ASSAULT."),
        click.option("--mode", metavar="MODE", help="PLOVER mode, e.g. aerial."),
        click.option("--cameo", metavar="CODE", help="CAMEO code or its root, e.g. 19 or 193."),
        click.option(
            "--since", type=click.DateTime(["%Y-%m-%d"]), help="Events dated on or after."
        ),
        click.option(
            "--until", type=click.DateTime(["%Y-%m-%d"]), help="Events dated on or before."
        ),
        click.option("--place", metavar="PLACE", help="A place name, or a country code."),
        click.option(
            "--exclude-historical",
            is_flag=True,
            help="Leave out background mentions (events that ended well before publication).",
        ),
        click.option("--historical-only", is_flag=True, help="Only background mentions."),
        click.option(
            "--min-sources",
            type=click.IntRange(1),
            help="Only events reported by at least this many outlets.",
        ),
        click.option(
            "--table",
            type=click.Choice(["events", "mentions"]),
            default="events",
            show_default=True,
            help="events: one row per de-duplicated event; mentions: one per coded report.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _filter_from(kwargs: dict[str, Any]) -> tuple[Any, str]:
    """The EventFilter and table named by the filter options in ``kwargs`` (consumed)."""
    from tidings.store import EventFilter

    exclude = kwargs.pop("exclude_historical")
    only = kwargs.pop("historical_only")
    if exclude and only:
        raise click.UsageError("--exclude-historical and --historical-only exclude each other")
    table = kwargs.pop("table")
    fields = {
        name: kwargs.pop(name)
        for name in (
            "source",
            "target",
            "country",
            "source_sector",
            "target_sector",
            "actor",
            "mode",
            "cameo",
            "place",
            "min_sources",
        )
    }
    since, until = kwargs.pop("since"), kwargs.pop("until")
    flt = EventFilter(
        type=kwargs.pop("type_"),
        since=since.date() if since else None,
        until=until.date() if until else None,
        historical=False if exclude else (True if only else None),
        **fields,
    )
    return flt, table


@cli.command()
@db_option
@filter_options
@click.option(
    "--by",
    type=click.Choice(["day", "week", "month", "year"]),
    help="A time series: counts, Goldstein sums and quad-class counts per period.",
)
@click.option("--per-dyad", is_flag=True, help="With --by: one series per source-target pair.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(QUERY_FORMATS),
    default="table",
    show_default=True,
)
@click.option(
    "--limit", type=click.IntRange(1), default=100, show_default=True, help="Rows listed."
)
def query(db: Path, by: str | None, per_dyad: bool, fmt: str, limit: int, **kwargs: Any) -> None:
    """List stored events, or count them per period with --by.

    Dates are event dates: a 2015 report of the 2014 annexation of Crimea counts in 2014.
    """
    from tidings import store

    flt, table = _filter_from(kwargs)
    if per_dyad and not by:
        raise click.UsageError("--per-dyad needs --by")
    con = store.connect(db, read_only=True)
    try:
        relation = (
            store.series(con, flt, by, table, per_dyad)
            if by
            else store.select(con, flt, table, limit)
        )
        rows = store.rows(relation)
    finally:
        con.close()
    _print_rows(rows.columns, rows.rows, fmt)


@cli.command()
@db_option
@click.option("--top", type=click.IntRange(1), default=10, show_default=True, help="Rows shown.")
def summary(db: Path, top: int) -> None:
    """Totals, events by type, and the top dyads and actors of a store."""
    from tidings import store

    con = store.connect(db, read_only=True)
    try:
        totals = store.totals(con)
        by_type = store.rows(store.by_type(con))
        dyads = store.rows(store.top_dyads(con, limit=top))
        actors = store.rows(store.top_actors(con, limit=top))
    finally:
        con.close()
    copies = totals["articles"] - totals["distinct_articles"]
    click.echo(
        f"{db}: {totals['articles']} articles ({copies} copies of others), "
        f"{totals['mentions']} event reports, {totals['events']} distinct events\n"
    )
    click.echo("Events by type:")
    _print_rows(by_type.columns, by_type.rows, "table")
    click.echo(f"\nTop {top} dyads (source -> target):")
    _print_rows(dyads.columns, dyads.rows, "table")
    click.echo(f"\nTop {top} actors:")
    _print_rows(actors.columns, actors.rows, "table")


@cli.command()
@db_option
@click.argument("statement", metavar='"SELECT ..."')
@click.option(
    "--format",
    "fmt",
    type=click.Choice(QUERY_FORMATS),
    default="table",
    show_default=True,
)
def sql(db: Path, statement: str, fmt: str) -> None:
    """Run read-only SQL on a store (tables: events, mentions, actors, articles).

    The store is opened read-only with file access switched off: statements that write,
    ATTACH, COPY or read files fail. docs/store.md documents the tables.
    """
    from tidings import store

    relation = store.read_only_sql(db, statement)
    if relation is None:
        return
    rows = store.rows(relation)
    _print_rows(rows.columns, rows.rows, fmt)


@cli.command()
@db_option
@filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["parquet", "csv", "jsonl", "plover", "gdelt"]),
    required=True,
    help="parquet: a folder partitioned by year; csv: flat rows; jsonl: the shared event "
    "format; plover: PLOVER-style JSON Lines; gdelt: GDELT 2.0 event-table TSV.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="A file (a new folder for parquet); default: standard output.",
)
@click.option(
    "--no-header",
    is_flag=True,
    help="gdelt: no header row, byte-compatible with GDELT's own files.",
)
def export(db: Path, fmt: str, output: Path | None, no_header: bool, **kwargs: Any) -> None:
    """Export a store's events (or reports, with --table mentions). docs/export.md
    documents every format."""
    from tidings import store
    from tidings.export import export_store

    flt, table = _filter_from(kwargs)
    con = store.connect(db, read_only=True)
    try:
        result = export_store(con, fmt, output, flt, table, sys.stdout, header=not no_header)
    finally:
        con.close()
    where = f" to {output}" if output else ""
    click.echo(f"tidings: exported {result.rows} row(s){where}", err=True)


# --- serve -------------------------------------------------------------------------------


@cli.command()
@db_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but loopback lets other machines read the store.",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--snapshot",
    is_flag=True,
    help="Serve a copy of the store, refreshed when it changes and is free, so the "
    "dashboard keeps answering while an ingest writes (default: read the store live and "
    "answer 503 while an ingest holds it).",
)
@click.option(
    "--code-timeout",
    type=click.FloatRange(1, 600),
    default=30.0,
    show_default=True,
    help="Seconds a POST /api/code request may take.",
)
def serve(db: Path, host: str, port: int, snapshot: bool, code_timeout: float) -> None:
    """Serve the dashboard and the REST API (docs at /api/docs) for a store."""
    import uvicorn

    from tidings.api import ApiSettings, create_app

    if not db.exists():
        click.echo(
            f"tidings: warning: {db} does not exist yet; the event pages answer 503 until "
            "'tidings ingest' creates it (coding a text works)",
            err=True,
        )
    settings = ApiSettings(code_timeout=code_timeout, snapshot=snapshot)
    app = create_app(db, coder_factory=_coder, settings=settings, preload_coder=True)
    address = f"http://{f'[{host}]' if ':' in host else host}:{port}/"
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(
            f"tidings: warning: listening on {host}: anyone who can reach this machine can "
            "read the store and use the coder",
            err=True,
        )
    click.echo(f"tidings: serving {db} at {address} (API docs: {address}api/docs)", err=True)
    click.echo("tidings: press Ctrl-C to stop", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info")


# --- actors ------------------------------------------------------------------------------


@cli.group()
def actors() -> None:
    """Look into the actor knowledge base."""


@actors.command("lookup")
@click.argument("name")
@click.option(
    "--date",
    "day",
    type=click.DateTime(["%Y-%m-%d"]),
    help="The event date that decides offices (default: today).",
)
@click.option(
    "--actors",
    "actor_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="An actor dictionary of your own (YAML or PETRARCH). Repeatable.",
)
def actors_lookup(name: str, day: Any, actor_files: tuple[Path, ...]) -> None:
    """What NAME resolves to on a date ("Putin", "the Kremlin", "Russian soldiers")."""
    from tidings.actors.lookup import lookup

    coder = _coder(actor_files=actor_files)
    when = day.date() if day else date.today()
    found = lookup(coder, name, when)
    if found.resolved is None or not found.resolved.country:
        click.echo(f"{name!r} on {when}: not resolved to an actor")
    else:
        a = found.resolved
        named = f"  ({a.name})" if a.name else ""
        click.echo(f"{a.text!r} on {when}: {a.country} {a.sector or '-'}{named}")
    for entity in found.candidates:
        click.echo(f"  {entity.kind:<12} {entity.name}: {_describe(entity)}")


def _describe(entity: Any) -> str:
    if not entity.roles:
        return f"{entity.country or '-'} {entity.sector or '-'}"
    parts = []
    for role in entity.roles:
        span = f"{role.start or '…'}..{role.end or ''}"
        office = f" {role.office}" if role.office else ""
        parts.append(f"{role.country} {role.sector or '-'}{office} {span}")
    if entity.after_term:
        parts.append(f"otherwise {entity.after_term}")
    return "; ".join(parts)


# --- eval --------------------------------------------------------------------------------


@cli.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON summary.")
@click.option(
    "--min",
    "minimums",
    multiple=True,
    metavar="LEVEL=F1",
    help="Exit 1 when that level's F1 (type, dyad, full) is below the bound.",
)
@click.option(
    "--predictions",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the coded events here (JSON Lines).",
)
@click.option(
    "--actors",
    "actor_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="An actor dictionary of your own (YAML or PETRARCH). Repeatable.",
)
def evaluate(
    gold: Path,
    as_json: bool,
    minimums: tuple[str, ...],
    predictions: Path | None,
    actor_files: tuple[Path, ...],
) -> None:
    """Code the texts of a gold file and score the events against its annotations.

    Prints the same table, with the same numbers, as the reference scorer
    (shared/eval/score.py) gives for the same events.
    """
    from tidings.evaluate import LEVELS, score
    from tidings.ingest import article_from_dict

    docs = _read_gold(gold)
    bounds = _parse_bounds(minimums, LEVELS)
    coder = _coder(actor_files=actor_files)
    articles = [article_from_dict(doc, origin=f"{gold}:{doc['id']}") for doc in docs]
    coded: list[dict[str, Any]] = []
    for _, found in coder.code_many(articles):
        coded.extend(e.to_dict() for e in found)
    if predictions is not None:
        with open(predictions, "w", encoding="utf-8") as fh:
            for record in coded:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    result = score(docs, coded)
    if as_json:
        click.echo(json.dumps(result.summary(), indent=1))
    else:
        for problem in result.problems:
            click.echo(f"warning: {problem}", err=True)
        click.echo(result.table())
    failed = False
    for level, bound in bounds:
        f1 = result.levels[level].prf()[2]
        if f1 < bound:
            click.echo(f"{level} F1 {f1:.3f} is below {bound:.3f}", err=True)
            failed = True
    if failed:
        sys.exit(1)


def _read_gold(path: Path) -> list[dict[str, Any]]:
    docs = []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"not JSON ({exc.msg})", source=str(path), line=number) from exc
            if not isinstance(doc, dict) or "id" not in doc or "text" not in doc:
                raise InputError(
                    "a gold document needs 'id' and 'text'", source=str(path), line=number
                )
            docs.append(doc)
    if not docs:
        raise InputError("no gold documents", source=str(path))
    return docs


def _parse_bounds(values: Sequence[str], levels: Sequence[str]) -> list[tuple[str, float]]:
    out = []
    for value in values:
        level, _, number = value.partition("=")
        try:
            bound = float(number)
        except ValueError:
            raise click.BadParameter(f"{value!r}: expected LEVEL=F1", param_hint="--min") from None
        if level not in levels:
            raise click.BadParameter(f"unknown level {level!r}", param_hint="--min")
        out.append((level, bound))
    return out


# --- output helpers ----------------------------------------------------------------------


def _print_rows(columns: list[str], rows: list[tuple[Any, ...]], fmt: str) -> None:
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(dict(zip(columns, row, strict=True)), default=_json_default))
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns)
        writer.writerows([[_cell(v) for v in row] for row in rows])
        click.echo(buffer.getvalue(), nl=False)
    else:
        click.echo(_table(columns, rows))


def _table(columns: list[str], rows: list[tuple[Any, ...]], width: int = 60) -> str:
    cells = [[_cell(v)[:width] for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        lines.append("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    if not rows:
        lines.append("(no rows)")
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value).replace("\n", " ")


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _fail(message: str) -> NoReturn:
    click.echo(f"tidings: error: {message}", err=True)
    sys.exit(1)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: runs the command line and turns Tidings errors into one line."""
    try:
        cli.main(
            args=list(argv) if argv is not None else None, prog_name="tidings", standalone_mode=True
        )
    except TidingsError as exc:
        _fail(str(exc))
    except BrokenPipeError:
        sys.exit(0)
    except KeyboardInterrupt:
        click.echo("tidings: interrupted", err=True)
        sys.exit(130)

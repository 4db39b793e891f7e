"""The ``tidings`` command line: thin commands over the package's functions.

Every command reports problems with one line on stderr and never a traceback; inputs that
cannot be read are named (file:line: reason), skipped, and counted.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import click

from tidings import __version__
from tidings.errors import InputError, TidingsError
from tidings.export import FORMATS, open_writer
from tidings.ingest import read_inputs
from tidings.records import Article, Event

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
      tidings query --db news.duckdb --source RUS --by month
      tidings eval gold.jsonl                         score the coder on annotations
    """


# --- shared options ----------------------------------------------------------------------


def coding_options(func: Any) -> Any:
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


def _coder(
    keep_negated: bool = False, min_confidence: float = 0.0, actor_files: Sequence[Path] = ()
) -> Any:
    from tidings.pipeline import Coder, CoderOptions

    options = CoderOptions(keep_negated=keep_negated, min_confidence=min_confidence)
    return Coder.load(options, actor_files=actor_files)


class InputTally:
    """Counts what was read and skipped, and reports each skipped item once on stderr."""

    def __init__(self) -> None:
        self.read = 0
        self.skipped = 0
        self.words = 0

    def articles(self, inputs: Iterable[str]) -> Iterator[Article]:
        for item in read_inputs(inputs):
            if isinstance(item, InputError):
                self.skipped += 1
                click.echo(f"tidings: skipped {item}", err=True)
                continue
            self.read += 1
            self.words += len(item.text.split())
            yield item


# --- code --------------------------------------------------------------------------------


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write events here (default: standard output).",
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
@click.option("-q", "--quiet", is_flag=True, help="No summary line on stderr.")
def code(
    inputs: tuple[str, ...],
    output: Path | None,
    fmt: str,
    actor_files: tuple[Path, ...],
    keep_negated: bool,
    min_confidence: float,
    batch_size: int,
    quiet: bool,
) -> None:
    """Code articles into events.

    INPUT is a .txt or .html file, a JSON Lines file of articles (.jsonl, .jsonl.gz) in the
    shared article format, a folder of these, or - for standard input.
    """
    writer, close = open_writer(fmt, output, sys.stdout)
    tally = InputTally()
    events = 0
    try:
        coder = _coder(keep_negated, min_confidence, actor_files)
        started = time.perf_counter()
        for _, found in coder.code_many(tally.articles(inputs), batch_size=batch_size):
            writer.write(found)
            events += len(found)
    finally:
        close()
    _finish(tally, events, started, quiet)


def _finish(tally: InputTally, events: int, started: float, quiet: bool) -> None:
    seconds = max(time.perf_counter() - started, 1e-9)
    if not quiet:
        click.echo(
            f"tidings: coded {tally.read} article(s), skipped {tally.skipped}, "
            f"{events} event(s), {tally.words / seconds:,.0f} words/s",
            err=True,
        )
    if tally.read == 0:
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


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@db_option
@coding_options
@click.option("-q", "--quiet", is_flag=True, help="No summary line on stderr.")
def ingest(
    inputs: tuple[str, ...],
    db: Path,
    actor_files: tuple[Path, ...],
    keep_negated: bool,
    min_confidence: float,
    batch_size: int,
    quiet: bool,
) -> None:
    """Code articles and store them with their events.

    Articles already in the store (same id; ids are derived from the text when absent)
    are skipped, so ingesting the same input twice adds nothing.
    """
    from tidings import store

    con = store.connect(db)
    coder = _coder(keep_negated, min_confidence, actor_files)
    tally = InputTally()
    started = time.perf_counter()  # after loading: the rate is the coding rate
    added = skipped = events = 0
    pending: list[tuple[Article, list[Event]]] = []
    try:
        for article, found in coder.code_many(tally.articles(inputs), batch_size=batch_size):
            pending.append((article, found))
            if len(pending) >= 200:
                result = store.store_batch(con, pending)
                added, skipped, events = (
                    added + result.articles_added,
                    skipped + result.articles_skipped,
                    events + result.events_added,
                )
                pending = []
        result = store.store_batch(con, pending)
        added += result.articles_added
        skipped += result.articles_skipped
        events += result.events_added
    finally:
        con.close()
    if not quiet:
        click.echo(
            f"tidings: stored {added} new article(s) and {events} event(s) in {db}; "
            f"{skipped} article(s) were already there",
            err=True,
        )
    _finish(tally, events, started, quiet=True)


# --- query -------------------------------------------------------------------------------


@cli.command()
@db_option
@click.option("--source", metavar="CC", help="Source country code (ISO alpha-3, or UNO, EUR ...).")
@click.option("--target", metavar="CC", help="Target country code.")
@click.option("--type", "type_", metavar="TYPE", help="PLOVER event type, e.g. ASSAULT.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Events dated on or after.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Events dated on or before.")
@click.option(
    "--by",
    type=click.Choice(["day", "week", "month", "year"]),
    help="Count events per period instead of listing them.",
)
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
def query(
    db: Path,
    source: str | None,
    target: str | None,
    type_: str | None,
    since: Any,
    until: Any,
    by: str | None,
    fmt: str,
    limit: int,
) -> None:
    """List stored events, or count them per period with --by."""
    from tidings import store

    flt = store.EventFilter(
        source=source,
        target=target,
        type=type_,
        since=since.date() if since else None,
        until=until.date() if until else None,
    )
    con = store.connect(db, read_only=True)
    try:
        rows = store.count_events(con, flt, by) if by else store.select_events(con, flt, limit)
    finally:
        con.close()
    _print_rows(rows.columns, rows.rows, fmt)


@cli.command()
@db_option
@click.option("--top", type=click.IntRange(1), default=10, show_default=True, help="Dyads shown.")
def summary(db: Path, top: int) -> None:
    """Totals, events by type and the top dyads of a store."""
    from tidings import store

    con = store.connect(db, read_only=True)
    try:
        totals = store.totals(con)
        by_type = store.events_by_type(con)
        dyads = store.top_dyads(con, top)
    finally:
        con.close()
    click.echo(f"{totals['articles']} articles, {totals['events']} events in {db}\n")
    click.echo("Events by type:")
    _print_rows(by_type.columns, by_type.rows, "table")
    click.echo(f"\nTop {top} dyads (source -> target):")
    _print_rows(dyads.columns, dyads.rows, "table")


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

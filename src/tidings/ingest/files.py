"""Files, folders and standard input: every supported kind, dispatched by name.

Kinds, by file name:

    .txt                 one article per file
    .html, .htm          one page per file, its main text extracted (clean stage)
    .jsonl, .jsonl.gz    articles in the shared format, one JSON object per line
    .parquet             one article per row (``tidings.ingest.parquet``)
    .warc, .warc.gz      HTML responses of a web crawl (``tidings.ingest.warc``)
    a folder             every supported file in it, recursively, in name order
    -                    standard input: JSON Lines, HTML or plain text, by its first character

Each kind's reader yields articles, pages to clean, and problems, in file order.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from tidings.errors import InputError
from tidings.ingest.core import (
    Item,
    Page,
    RawItem,
    ReadOptions,
    article_from_dict,
    content_id,
    decode_text,
    finish,
    reason,
)
from tidings.records import Article

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
PARQUET_SUFFIXES = (".parquet",)
WARC_SUFFIXES = (".warc", ".warc.gz")
SUPPORTED = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + PARQUET_SUFFIXES + WARC_SUFFIXES
STDIN = "-"


def read_inputs(inputs: Iterable[str], options: ReadOptions | None = None) -> Iterator[Item]:
    """Articles (and problems) from every input, in order."""
    for item in read_items(inputs, options):
        yield finish(item)


def read_items(inputs: Iterable[str], options: ReadOptions | None = None) -> Iterator[RawItem]:
    """As ``read_inputs``, with HTML pages left for the caller to clean (``Page``)."""
    opts = options or ReadOptions()
    for name in inputs:
        if name == STDIN:
            yield from read_stream(sys.stdin.buffer, "<stdin>")
            continue
        path = Path(name)
        if path.is_dir():
            files = list_folder(path)
            if not files:
                yield InputError(f"no {', '.join(SUPPORTED)} files in this folder", source=name)
            for file in files:
                yield from read_file(file, opts)
        elif path.exists():
            yield from read_file(path, opts)
        else:
            yield InputError("no such file or folder", source=name)


def list_folder(path: Path) -> list[Path]:
    """The supported files under a folder, recursively, in name order."""
    return sorted(p for p in path.rglob("*") if p.is_file() and kind_of(p))


def read_file(path: Path, options: ReadOptions | None = None) -> Iterator[RawItem]:
    kind = kind_of(path)
    if kind is None:
        yield InputError(
            f"unsupported file type (expected {', '.join(SUPPORTED)})", source=str(path)
        )
        return
    if kind == "parquet":
        from tidings.ingest.parquet import read_parquet

        yield from read_parquet(path, options or ReadOptions())
        return
    if kind == "warc":
        from tidings.ingest.warc import read_warc

        yield from read_warc(path)
        return
    try:
        if kind == "jsonl":
            with open_binary(path) as fh:
                yield from read_jsonl(fh, str(path))
            return
        data = path.read_bytes()
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield InputError(f"cannot read: {reason(exc)}", source=str(path))
        return
    yield from read_document(data, str(path), html=kind == "html")


def read_stream(stream: IO[bytes], source: str) -> Iterator[Item]:
    """Standard input: sniff JSON Lines, HTML or plain text from the first character."""
    data = stream.read()
    head = data.lstrip()[:1]
    if head == b"{":
        yield from read_jsonl(io.BytesIO(data), source)
    else:
        for item in read_document(data, source, html=head == b"<"):
            yield finish(item)


def read_jsonl(
    stream: IO[bytes], source: str, first_line: int = 1, lines: int | None = None
) -> Iterator[Item]:
    """Articles in the shared article format, one per line; ``lines`` lines at most,
    numbered from ``first_line`` (a partition of a larger file)."""
    any_line = False
    try:
        for number, raw in enumerate(stream, first_line):
            if lines is not None and number >= first_line + lines:
                break
            if not raw.strip():
                continue
            any_line = True
            yield _article_from_line(raw, source, number)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield InputError(f"cannot read further: {reason(exc)}", source=source)
        return
    if not any_line and first_line == 1:
        yield InputError("empty file", source=source)


def _article_from_line(raw: bytes, source: str, number: int) -> Item:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        return InputError("not UTF-8 text", source=source, line=number)
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputError(f"not JSON ({exc.msg})", source=source, line=number)
    if not isinstance(obj, dict):
        return InputError("not a JSON object", source=source, line=number)
    try:
        return article_from_dict(obj, origin=f"{source}:{number}")
    except InputError as exc:
        exc.source, exc.line = source, number
        return exc


def read_document(data: bytes, source: str, html: bool) -> Iterator[RawItem]:
    """One .txt or .html file: an article, or a page to clean."""
    if not data.strip():
        yield InputError("empty file", source=source)
        return
    try:
        text = decode_text(data, source)
    except (InputError, UnicodeDecodeError) as exc:
        yield exc if isinstance(exc, InputError) else InputError("cannot decode", source=source)
        return
    if html:
        yield Page(html=text, source=source)
        return
    yield Article(id=content_id(text), text=text, origin=source)


def open_binary(path: Path) -> IO[bytes]:
    if path.name.endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def kind_of(path: Path) -> str | None:
    """jsonl, html, text, parquet or warc, from the file name; None if unsupported."""
    name = path.name.lower()
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(TEXT_SUFFIXES):
        return "text"
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    return None

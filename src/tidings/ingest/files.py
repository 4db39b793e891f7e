"""Files, folders and standard input: every supported kind, dispatched by name.

Kinds, by file name:

    .txt                 one article per file
    .html, .htm          one page per file, its main text extracted (clean stage)
    .jsonl, .jsonl.gz    articles in the shared format, one JSON object per line
    .parquet             one article per row (``tidings.ingest.parquet``)
    .warc, .warc.gz      HTML responses of a web crawl (``tidings.ingest.warc``)
    a folder             every supported file in it, recursively, in name order
    -                    standard input: JSON Lines, HTML or plain text, by its first character

Each kind's reader yields articles, pages to clean, and problems, in file order. Sizes are
bounded before anything is read whole: a .txt or .html file over ``MAX_DOCUMENT_BYTES``,
or a JSON line over ``MAX_LINE_BYTES``, is skipped unread, with its reason.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from tidings.errors import InputError
from tidings.ingest.core import (
    MAX_DOCUMENT_BYTES,
    Item,
    Page,
    RawItem,
    ReadOptions,
    article_from_dict,
    content_id,
    decode_8bit,
    decode_text,
    finish,
    reason,
    utf16_codec,
)
from tidings.records import Article

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
PARQUET_SUFFIXES = (".parquet",)
WARC_SUFFIXES = (".warc", ".warc.gz")
SUPPORTED = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + PARQUET_SUFFIXES + WARC_SUFFIXES
STDIN = "-"
MAX_LINE_BYTES = 10_000_000
"""Longest JSON line read; longer lines are skipped unread (an article is far shorter)."""
_CHUNK = 1 << 20


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
        with open(path, "rb") as fh:
            data = fh.read(MAX_DOCUMENT_BYTES + 1)
    except (OSError, EOFError, gzip.BadGzipFile, zlib.error) as exc:
        yield InputError(f"cannot read: {reason(exc)}", source=str(path))
        return
    yield from read_document(data, str(path), html=kind == "html")


def read_stream(stream: IO[bytes], source: str) -> Iterator[Item]:
    """Standard input: sniff JSON Lines, HTML or plain text from the first character.

    JSON Lines are read a line at a time, however long the stream; a document is read up
    to ``MAX_DOCUMENT_BYTES``."""
    head = stream.read(_CHUNK)
    replayed = io.BufferedReader(_Replay(head, stream))
    first = _first_char(head)
    if first == b"{":
        yield from read_jsonl(replayed, source)
        return
    data = replayed.read(MAX_DOCUMENT_BYTES + 1)
    for item in read_document(data, source, html=first == b"<"):
        yield finish(item)


class _Replay(io.RawIOBase):
    """A stream that gives the bytes already read from another one, then the rest."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self.head = head
        self.rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self.head:
            count = min(len(view), len(self.head))
            view[:count] = self.head[:count]
            self.head = self.head[count:]
            return count
        data = self.rest.read(len(view))
        view[: len(data)] = data
        return len(data)


def _first_char(data: bytes) -> bytes:
    """The first non-blank character of the bytes, as one ASCII byte when it is one."""
    codec = utf16_codec(data)
    if codec is not None:
        text = data[:8192].decode(codec, errors="ignore")
        return text.lstrip("\ufeff \t\r\n")[:1].encode("ascii", errors="replace")
    return data.removeprefix(codecs.BOM_UTF8).lstrip()[:1]


def read_jsonl(
    stream: IO[bytes], source: str, first_line: int = 1, lines: int | None = None
) -> Iterator[Item]:
    """Articles in the shared article format, one per line; ``lines`` lines at most,
    numbered from ``first_line`` (a partition of a larger file).

    Lines should be UTF-8; a byte order mark is dropped, a file in UTF-16 (with its mark)
    is read as such, and a line that is not UTF-8 is decoded as ``decode_8bit`` does."""
    any_line = False
    try:
        for number, raw in enumerate(_bounded_lines(stream), first_line):
            if lines is not None and number >= first_line + lines:
                break
            if raw is None:
                any_line = True
                yield InputError(
                    f"line longer than {MAX_LINE_BYTES:,} bytes, not read",
                    source=source,
                    line=number,
                )
                continue
            if number == 1:
                raw = raw.removeprefix(codecs.BOM_UTF8)
            if not raw.strip():
                continue
            any_line = True
            yield _article_from_line(raw, source, number)
    except (OSError, EOFError, gzip.BadGzipFile, zlib.error, UnicodeError) as exc:
        yield InputError(f"cannot read further: {reason(exc)}", source=source)
        return
    if not any_line and first_line == 1:
        yield InputError("empty file", source=source)


def _bounded_lines(stream: IO[bytes]) -> Iterator[bytes | None]:
    """The lines of a stream as UTF-8 bytes; None for a line over ``MAX_LINE_BYTES``, which
    is passed over a chunk at a time so that memory stays bounded."""
    head = stream.read(2)
    if head in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        yield from _utf16_lines(head, stream)
        return
    pending = head
    while True:
        line = pending + stream.readline(MAX_LINE_BYTES + 1 - len(pending))
        pending = b""
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while True:
                rest = stream.readline(_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
            continue
        yield line


def _utf16_lines(bom: bytes, stream: IO[bytes]) -> Iterator[bytes | None]:
    decoder = codecs.getincrementaldecoder("utf-16")(errors="replace")
    text = decoder.decode(bom)
    too_long = False
    while True:
        chunk = stream.read(_CHUNK)
        text += decoder.decode(chunk, final=not chunk)
        *complete, text = text.split("\n")
        for line in complete:
            yield None if too_long or len(line) * 2 > MAX_LINE_BYTES else line.encode("utf-8")
            too_long = False
        if len(text) * 2 > MAX_LINE_BYTES:
            too_long, text = True, ""
        if not chunk:
            if text or too_long:
                yield None if too_long else text.encode("utf-8")
            return


def _article_from_line(raw: bytes, source: str, number: int) -> Item:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        line = decode_8bit(raw)
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputError(f"not JSON ({exc.msg})", source=source, line=number)
    except RecursionError:
        return InputError("not JSON (nested too deeply)", source=source, line=number)
    except ValueError as exc:  # an integer of more than 4,300 digits, say
        return InputError(f"not JSON ({str(exc)[:80]})", source=source, line=number)
    if not isinstance(obj, dict):
        return InputError("not a JSON object", source=source, line=number)
    try:
        return article_from_dict(obj, origin=f"{source}:{number}")
    except InputError as exc:
        exc.source, exc.line = source, number
        return exc


def read_document(data: bytes, source: str, html: bool) -> Iterator[RawItem]:
    """One .txt or .html file: an article, or a page to clean."""
    if len(data) > MAX_DOCUMENT_BYTES:
        yield InputError(f"file larger than {MAX_DOCUMENT_BYTES:,} bytes, not read", source=source)
        return
    if not data.strip():
        yield InputError("empty file", source=source)
        return
    try:
        text = decode_html(data, source) if html else decode_text(data, source)
    except (InputError, UnicodeDecodeError) as exc:
        yield exc if isinstance(exc, InputError) else InputError("cannot decode", source=source)
        return
    if not text.strip():
        yield InputError("empty file", source=source)
        return
    if html and "<" in text[:4096]:
        yield Page(html=text, source=source)
        return
    # A .txt file, or a ".html" file without a single tag: its text is the article.
    yield Article(id=content_id(text), text=text, origin=source)


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([\w.:-]{1,40})""", re.I)


def decode_html(data: bytes, source: str) -> str:
    """An HTML page's text: in the charset its ``<meta>`` names (KOI8-R, Shift JIS ...),
    when there is no byte order mark to say otherwise; else as ``decode_text``."""
    match = _META_CHARSET.search(data[:4096])
    if match and utf16_codec(data) is None and not data.startswith(codecs.BOM_UTF8):
        name = match.group(1).decode("ascii")
        try:
            if codecs.lookup(name).name not in ("utf-8", "utf-16", "latin-1", "cp1252"):
                return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown label: guess as for text
    return decode_text(data, source)


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

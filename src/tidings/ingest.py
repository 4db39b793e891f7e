"""Ingest stage: read articles from files, folders and standard input.

Every reader yields ``Article`` records, and ``InputError`` values (not raised) for items
it had to skip, so one bad line never costs the rest of the batch. Supported inputs:

    .txt               one article per file
    .html, .htm        one page per file, its main text extracted (clean stage)
    .jsonl, .jsonl.gz  articles in the shared format, one JSON object per line
    a folder           every supported file in it, recursively, in name order
    -                  standard input: JSON Lines, HTML or plain text, by its first character
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from tidings.clean import html_to_text
from tidings.errors import InputError
from tidings.records import Article

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
SUPPORTED = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES
STDIN = "-"

Item = Article | InputError


def read_inputs(inputs: Iterable[str]) -> Iterator[Item]:
    """Articles (and problems) from every input, in order."""
    for name in inputs:
        if name == STDIN:
            yield from read_stream(sys.stdin.buffer, "<stdin>")
            continue
        path = Path(name)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _kind(p))
            if not files:
                yield InputError(f"no {', '.join(SUPPORTED)} files in this folder", source=name)
            for file in files:
                yield from read_file(file)
        elif path.exists():
            yield from read_file(path)
        else:
            yield InputError("no such file or folder", source=name)


def read_file(path: Path) -> Iterator[Item]:
    kind = _kind(path)
    if kind is None:
        yield InputError(
            f"unsupported file type (expected {', '.join(SUPPORTED)})", source=str(path)
        )
        return
    try:
        if kind == "jsonl":
            with _open_binary(path) as fh:
                yield from read_jsonl(fh, str(path))
            return
        data = path.read_bytes()
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield InputError(f"cannot read: {_reason(exc)}", source=str(path))
        return
    yield from _read_document(data, str(path), html=kind == "html")


def read_stream(stream: IO[bytes], source: str) -> Iterator[Item]:
    """Standard input: sniff JSON Lines, HTML or plain text from the first character."""
    data = stream.read()
    head = data.lstrip()[:1]
    if head == b"{":
        yield from read_jsonl(io.BytesIO(data), source)
    else:
        yield from _read_document(data, source, html=head == b"<")


def read_jsonl(stream: IO[bytes], source: str) -> Iterator[Item]:
    """Articles in the shared article format, one per line."""
    any_line = False
    try:
        for number, raw in enumerate(stream, 1):
            if not raw.strip():
                continue
            any_line = True
            yield _article_from_line(raw, source, number)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield InputError(f"cannot read further: {_reason(exc)}", source=source)
        return
    if not any_line:
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


def article_from_dict(obj: dict[str, Any], origin: str = "") -> Article:
    """An Article from an object in the shared article format."""
    text = obj.get("text")
    if text is None:
        raise InputError("missing", field="text")
    if not isinstance(text, str):
        raise InputError(f"must be a string, not {type(text).__name__}", field="text")
    if not text.strip():
        raise InputError("empty", field="text")
    published = parse_published(obj.get("published"))
    raw_id = obj.get("id")
    if raw_id is not None and not isinstance(raw_id, str | int):
        raise InputError("must be a string", field="id")
    return Article(
        id=str(raw_id) if raw_id not in (None, "") else content_id(text),
        text=text,
        published=published,
        title=_optional_str(obj, "title"),
        url=_optional_str(obj, "url"),
        outlet=_optional_str(obj, "outlet"),
        origin=origin,
    )


def parse_published(value: Any) -> date | None:
    """An ISO date or datetime (``2015-07-05``, ``2015-07-05T10:00:00Z``) as a date."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise InputError("must be an ISO date string", field="published")
    text = value.strip()
    try:
        return date.fromisoformat(text[:10]) if len(text) >= 10 else date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        raise InputError(f"not an ISO date: {value!r}", field="published") from None


def content_id(text: str) -> str:
    """The id of an article that has none: derived from its text."""
    return "sha1-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def decode_text(data: bytes, source: str) -> str:
    """Bytes of a text file as text: UTF-8 (with or without BOM), else Windows-1252."""
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("binary content, not text", source=source)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _read_document(data: bytes, source: str, html: bool) -> Iterator[Item]:
    if not data.strip():
        yield InputError("empty file", source=source)
        return
    try:
        text = decode_text(data, source)
    except (InputError, UnicodeDecodeError) as exc:
        yield exc if isinstance(exc, InputError) else InputError("cannot decode", source=source)
        return
    title = url = None
    published = None
    if html:
        page = html_to_text(text)
        text, title, published, url = page.text, page.title, page.published, page.url
        if not text.strip():
            yield InputError("no article text found in the page", source=source)
            return
    yield Article(
        id=content_id(text),
        text=text,
        published=published,
        title=title,
        url=url,
        origin=source,
    )


def _open_binary(path: Path) -> IO[bytes]:
    if path.name.endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def _optional_str(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    return value if isinstance(value, str) and value else None


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(TEXT_SUFFIXES):
        return "text"
    return None


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__

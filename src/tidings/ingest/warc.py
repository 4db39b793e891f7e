"""WARC and WARC.gz web crawls: each HTML ``response`` record is one page to clean.

The article id is the record's ``WARC-Record-ID`` (``warc-`` + the uuid), or made from
the URL when a record has none; the publication date is the page's own, else the day of
``WARC-Date``. Request, metadata, warcinfo and revisit records are not articles and are
passed over; responses that are not HTML, or not status 200, are skipped with a reason.
Messages number the records of a file from 1 (``crawl.warc.gz:12``).
"""

from __future__ import annotations

import contextlib
import gzip
import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from tidings.errors import InputError
from tidings.ingest.core import (
    MAX_DOCUMENT_BYTES,
    Page,
    RawItem,
    decode_text,
    plausible,
    reason,
    url_id,
)

HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_PAGE_BYTES = MAX_DOCUMENT_BYTES
_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)


def read_warc(path: Path) -> Iterator[RawItem]:
    """Pages (HTML responses) of a WARC file, gzipped per record or not."""
    source = str(path)
    number = 0
    try:
        if path.stat().st_size == 0:
            yield InputError("empty file", source=source)
            return
        if not _starts_like_a_crawl(path):
            yield InputError("not a WARC or ARC file", source=source)
            return
        with open(path, "rb") as fh:
            records = iter(ArchiveIterator(fh, arc2warc=True))
            while True:
                # warcio writes a warning to stderr for each record whose length looks
                # wrong; the record is read all the same, and our output stays ours.
                with contextlib.redirect_stderr(io.StringIO()):
                    record = next(records, None)
                if record is None:
                    break
                number += 1
                if record.rec_type != "response":
                    continue
                yield _page(record, source, number)
    except (OSError, EOFError, ArchiveLoadFailed, ValueError) as exc:
        yield InputError(f"cannot read further: {reason(exc)}", source=source, line=number or None)
    except Exception as exc:  # warcio trips over some malformed headers (AttributeError ...)
        yield InputError(
            f"cannot read further: malformed record ({type(exc).__name__})",
            source=source,
            line=number or None,
        )


def _starts_like_a_crawl(path: Path) -> bool:
    """Whether a file (gzipped or not) starts as a WARC or ARC file does; warcio would
    read any text as ARC records, with a warning for each."""
    with open(path, "rb") as fh:
        head = fh.read(2)
    try:
        with gzip.open(path, "rb") if head == b"\x1f\x8b" else open(path, "rb") as fh:
            start = fh.read(16).lstrip()
    except (OSError, EOFError):
        return False
    return start.startswith((b"WARC/", b"filedesc://"))


def _page(record: Any, source: str, number: int) -> RawItem:
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI") or None
    http = record.http_headers
    if http is None:
        return InputError("a response without HTTP headers", source=source, line=number)
    status = http.get_statuscode()
    if status != "200":
        return InputError(f"HTTP status {status}", source=source, line=number)
    ctype = (http.get_header("Content-Type") or "").lower()
    if not ctype.startswith(HTML_TYPES):
        what = ctype.split(";")[0] or "no type"
        return InputError(f"not an HTML page ({what})", source=source, line=number)
    data = record.content_stream().read(MAX_PAGE_BYTES + 1)
    if len(data) > MAX_PAGE_BYTES:
        return InputError(f"page larger than {MAX_PAGE_BYTES:,} bytes", source=source, line=number)
    declared = _declared_length(http.get_header("Content-Length"))
    if declared is not None and len(data) < declared and not http.get_header("Content-Encoding"):
        # warcio reads a record cut off by the end of the file without a word.
        return InputError(
            f"truncated record ({len(data):,} of {declared:,} bytes)", source=source, line=number
        )
    if not data.strip():
        return InputError("empty page", source=source, line=number)
    try:
        html = _decode(data, ctype, source)
    except InputError as exc:
        exc.line = number
        return exc
    return Page(
        html=html,
        source=f"{source}:{number}",
        id=_record_id(headers.get_header("WARC-Record-ID"), url),
        url=url,
        published=_warc_date(headers.get_header("WARC-Date")),
        outlet=_host(url),
    )


def _decode(data: bytes, ctype: str, source: str) -> str:
    match = _CHARSET.search(ctype)
    if match:
        try:
            return data.decode(match.group(1))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data, source)


def _declared_length(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _record_id(value: str | None, url: str | None) -> str | None:
    if value:
        inner = value.strip("<>")
        return "warc-" + inner.rsplit(":", 1)[-1]
    return url_id(url) if url else None


def _warc_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return plausible(date.fromisoformat(value[:10]))
    except ValueError:
        return None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None

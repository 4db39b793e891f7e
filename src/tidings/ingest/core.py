"""What every reader shares: articles from the shared format, ids, dates, pages to clean.

A reader yields ``Article`` records, ``Page`` records (HTML not yet cleaned: cleaning is
the costly part of reading, so it runs wherever the coding runs, in a worker process when
there are several) and ``InputError`` values for items it had to skip. ``finish`` cleans
pages and screens every article before it is coded: longer than ``MAX_TEXT_CHARS``, or not
in English (``tidings.language``), it becomes an ``InputError`` with that reason.

Bytes are decoded by ``decode_text`` (docs/robustness.md lists every outcome): UTF-8, UTF-16
with or without a byte order mark, Windows-1252/Latin-1; a character cut off by a truncated
file is dropped, stray bad bytes in UTF-8 become U+FFFD, and mojibake (UTF-8 once misread
as Windows-1252) is repaired.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tidings.clean import html_to_text
from tidings.errors import InputError
from tidings.language import check_language
from tidings.records import Article

MAX_TEXT_CHARS = 1_000_000
"""Longest article coded (as POST /api/code): a million characters take the coder about
40 s and its parse a few hundred MB; longer texts are books or dumps, not articles."""
MAX_DOCUMENT_BYTES = 10_000_000
"""Largest .txt or .html file (and WARC page) read: a bigger page is not an article, and
cleaning costs about a second per MB."""
EARLIEST = date(1800, 1, 1)
LATEST = date(2200, 12, 31)
"""Publication dates outside these are mistakes (and relative dates near the ends of the
calendar cannot be resolved); the API's date filters have the same bounds."""

Item = Article | InputError
"""What ``read_inputs`` yields."""


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are read; the defaults are what the command line uses."""

    text_column: str = "text"
    """Parquet: the column that holds the article text."""
    batch_rows: int = 1024
    """Parquet: rows read at a time (memory stays bounded by this, not the file)."""


@dataclass(frozen=True, slots=True)
class Page:
    """An HTML page read but not yet cleaned; ``to_article`` cleans it.

    ``published``, ``title`` and ``url`` are used when the page itself does not say
    (a WARC record's date, a feed entry's title); ``id`` is the article id to give it
    (None: derived from the cleaned text).
    """

    html: str
    source: str
    id: str | None = None
    url: str | None = None
    published: date | None = None
    title: str | None = None
    outlet: str | None = None

    def to_article(self) -> Article | InputError:
        page = html_to_text(self.html, url=self.url)
        if not page.text.strip():
            return InputError("no article text found in the page", source=self.source)
        return Article(
            id=self.id or content_id(page.text),
            text=page.text,
            # A page's date is a guess from its metadata: an implausible one is dropped.
            published=plausible(page.published) or plausible(self.published),
            title=page.title or self.title,
            url=page.url or self.url,
            outlet=self.outlet,
            origin=self.source,
        )


RawItem = Article | Page | InputError
"""What the readers yield before pages are cleaned."""


def finish(item: RawItem) -> Item:
    """An article or a problem: pages cleaned, articles screened (``screen``)."""
    done = item.to_article() if isinstance(item, Page) else item
    return screen(done) if isinstance(done, Article) else done


def screen(article: Article) -> Article | InputError:
    """The article, or why it is not coded: too long, or not in English."""
    where = article.origin or article.id
    if len(article.text) > MAX_TEXT_CHARS:
        return InputError(
            f"article text too long ({len(article.text):,} characters; at most {MAX_TEXT_CHARS:,})",
            source=where,
        )
    verdict = check_language(article.text)
    if not verdict.english:
        return InputError(f"not English ({verdict.detail})", source=where)
    return article


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
    if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, str | int)):
        raise InputError("must be a string", field="id")
    text = valid_unicode(text)
    return Article(
        id=valid_unicode(str(raw_id)) if raw_id not in (None, "") else content_id(text),
        text=text,
        published=published,
        title=optional_str(obj, "title"),
        url=optional_str(obj, "url"),
        outlet=optional_str(obj, "outlet"),
        origin=origin,
    )


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def valid_unicode(text: str) -> str:
    """Text with lone surrogates (JSON may carry "\\ud800") replaced by U+FFFD, one for
    one so that offsets stay, because they cannot be written as UTF-8 (ids, the store)."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def plausible(day: date | None) -> date | None:
    """A publication date, or None when it lies outside ``EARLIEST``..``LATEST``."""
    return day if day is not None and EARLIEST <= day <= LATEST else None


def parse_published(value: Any) -> date | None:
    """An ISO date or datetime (``2015-07-05``, ``2015-07-05T10:00:00Z``) as a date; a
    ``date`` or ``datetime`` (from Parquet) as itself. Dates outside ``EARLIEST``..``LATEST``
    are refused."""
    day = _published(value)
    if day is not None and plausible(day) is None:
        raise InputError(
            f"outside {EARLIEST.year}-{LATEST.year}: {day.isoformat()}", field="published"
        )
    return day


def _published(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
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
        raise InputError(f"not an ISO date: {value[:40]!r}", field="published") from None


def content_id(text: str) -> str:
    """The id of an article that has none: derived from its text."""
    return "sha1-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def url_id(url: str) -> str:
    """The id of an article known by its address (a feed entry, a crawled page)."""
    return "url-" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def decode_text(data: bytes, source: str) -> str:
    """Bytes of a text file as text.

    UTF-16 when the bytes start with its byte order mark, or, without one, when every
    other byte of the start is NUL; else binary content (NUL bytes, or more than 10%
    control characters) is refused with ``InputError``; else ``decode_8bit``. Mojibake is
    repaired last (``repair_mojibake``).
    """
    codec = utf16_codec(data)
    if codec is not None:
        # errors="replace": a truncated last character or a lone surrogate becomes U+FFFD.
        text = data.decode(codec, errors="replace")
    elif b"\x00" in data[:8192]:
        raise InputError("binary content, not text", source=source)
    else:
        text = decode_8bit(data)
    if _mostly_control(text[:8192]):
        raise InputError("binary content, not text", source=source)
    return repair_mojibake(text)


def utf16_codec(data: bytes) -> str | None:
    """``utf-16`` (with a BOM), ``utf-16-le``/``-be`` (without one), or None."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = data[:4096]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    # Text in the Latin script as UTF-16 has a NUL in every high byte.
    if odd.count(0) >= 0.6 * len(odd) and even.count(0) <= 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.6 * len(even) and odd.count(0) <= 0.05 * len(odd):
        return "utf-16-be"
    return None


_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def decode_8bit(data: bytes) -> str:
    """Bytes in UTF-8 (a BOM dropped) or a legacy 8-bit encoding.

    UTF-8 is tried first. A multi-byte character cut off at the very end (a truncated
    download) is dropped. Text that is mostly UTF-8 with a few bad bytes keeps its UTF-8
    and gets U+FFFD for the bad bytes; anything else is Windows-1252 (what "Latin-1" means
    on the web), or Latin-1 for the five bytes Windows-1252 leaves undefined.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":  # only raised at the very end
            return data[: exc.start].decode("utf-8-sig")
    replaced = data.decode("utf-8-sig", errors="replace")
    bad = replaced.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    good = len(_UTF8_SEQUENCE.findall(data))
    if good > 2 * bad:
        return replaced
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _mostly_control(sample: str) -> bool:
    return len(_CONTROL.findall(sample)) > 0.1 * max(len(sample), 1)


def _cp1252_bytes() -> dict[str, int]:
    """Each character that Windows-1252 (or Latin-1, for its undefined bytes) gives for a
    byte 0x80-0xFF, with that byte."""
    table = {}
    for byte in range(0x80, 0x100):
        try:
            table[bytes([byte]).decode("cp1252")] = byte
        except UnicodeDecodeError:
            table[chr(byte)] = byte
    return table


_BYTE_OF = _cp1252_bytes()
_CONT = "".join(re.escape(ch) for ch, b in _BYTE_OF.items() if 0x80 <= b <= 0xBF)
_MOJIBAKE = re.compile(
    f"[\u00c2-\u00df][{_CONT}]|[\u00e0-\u00ef][{_CONT}]{{2}}|[\u00f0-\u00f4][{_CONT}]{{3}}"
)


def repair_mojibake(text: str) -> str:
    """Text with UTF-8 that was once read as Windows-1252 put right: "â€™" → "’",
    "Ã©" → "é". Each run is repaired only if its bytes are one UTF-8 character, so text
    that merely contains such letters is left alone."""
    if not _MOJIBAKE.search(text):
        return text
    return _MOJIBAKE.sub(_unmangle, text)


def _unmangle(match: re.Match[str]) -> str:
    run = match.group(0)
    try:
        return bytes(_BYTE_OF[ch] for ch in run).decode("utf-8")
    except UnicodeDecodeError:
        return run


def optional_str(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    return valid_unicode(value) if isinstance(value, str) and value else None


_DETAIL = re.compile(r"\s*(\(.*\)|:\s.*)$")


def reason_of(problem: InputError) -> str:
    """The kind of a problem, without the details that differ from item to item:
    ``not JSON (Expecting value)`` and ``not JSON (Extra data)`` are one reason."""
    head = _DETAIL.sub("", problem.message) or problem.message
    return f"field '{problem.field}': {head}" if problem.field else head


def reason(exc: BaseException) -> str:
    """A short message for an OS or library error."""
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__

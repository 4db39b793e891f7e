"""What every reader shares: articles from the shared format, ids, dates, pages to clean.

A reader yields ``Article`` records, ``Page`` records (HTML not yet cleaned: cleaning is
the costly part of reading, so it runs wherever the coding runs, in a worker process when
there are several) and ``InputError`` values for items it had to skip.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tidings.clean import html_to_text
from tidings.errors import InputError
from tidings.records import Article

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
            published=page.published or self.published,
            title=page.title or self.title,
            url=page.url or self.url,
            outlet=self.outlet,
            origin=self.source,
        )


RawItem = Article | Page | InputError
"""What the readers yield before pages are cleaned."""


def finish(item: RawItem) -> Item:
    """An article or a problem: pages cleaned."""
    return item.to_article() if isinstance(item, Page) else item


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
        title=optional_str(obj, "title"),
        url=optional_str(obj, "url"),
        outlet=optional_str(obj, "outlet"),
        origin=origin,
    )


def parse_published(value: Any) -> date | None:
    """An ISO date or datetime (``2015-07-05``, ``2015-07-05T10:00:00Z``) as a date; a
    ``date`` or ``datetime`` (from Parquet) as itself."""
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
        raise InputError(f"not an ISO date: {value!r}", field="published") from None


def content_id(text: str) -> str:
    """The id of an article that has none: derived from its text."""
    return "sha1-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def url_id(url: str) -> str:
    """The id of an article known by its address (a feed entry, a crawled page)."""
    return "url-" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


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


def optional_str(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    return value if isinstance(value, str) and value else None


_DETAIL = re.compile(r"\s*(\(.*\)|:\s.*)$")


def reason_of(problem: InputError) -> str:
    """The kind of a problem, without the details that differ from item to item:
    ``not JSON (Expecting value)`` and ``not JSON (Extra data)`` are one reason."""
    head = _DETAIL.sub("", problem.message) or problem.message
    return f"field '{problem.field}': {head}" if problem.field else head


def reason(exc: BaseException) -> str:
    """A short message for an OS or library error."""
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__

"""RSS and Atom feeds: new entries' pages fetched, to be cleaned and coded.

``fetch`` gets one http(s) address with a timeout and a size cap (redirects to other
schemes are refused). ``poll`` reads each feed, passes over the entries it has seen
(``FeedState``, a small JSON file beside the store) and those whose article the store
already holds, and fetches the page of each new entry. An entry whose page cannot be
fetched is tried again at the next polls and given up after ``MAX_ATTEMPTS``.

An article from a feed has the id ``url-`` + a hash of its address, so the same article
reached through two feeds, or fetched again by a restarted watch, is stored once.
"""

from __future__ import annotations

import json
import os
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser

from tidings import __version__
from tidings.errors import InputError
from tidings.ingest.core import Page, RawItem, decode_text, plausible, url_id

USER_AGENT = f"tidings/{__version__} (news event coder)"
TIMEOUT = 20.0
MAX_FEED_BYTES = 5_000_000
MAX_PAGE_BYTES = 5_000_000
MAX_ATTEMPTS = 3
MAX_SEEN = 200_000
_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)

Fetcher = Callable[[str, int], bytes]
"""Gets an address's body, at most so many bytes (``fetch``; tests pass their own)."""


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> Any:
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise urllib.error.URLError(f"redirect to a non-http address refused: {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_HttpOnlyRedirects)


def fetch(
    url: str,
    max_bytes: int = MAX_PAGE_BYTES,
    timeout: float = TIMEOUT,
    total: float | None = None,
) -> bytes:
    """The body of an http(s) address; ``InputError`` on any failure.

    ``timeout`` bounds connecting and each wait for data; ``total`` (three times
    ``timeout`` unless given) bounds the whole fetch, so that a server that sends a byte
    now and then cannot hold a poll for ever."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise InputError("only http and https addresses can be fetched", source=url)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    deadline = time.monotonic() + (total if total is not None else 3 * timeout)
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            data = _read_until(response, max_bytes + 1, deadline, url)
            ctype = response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        raise InputError(f"cannot fetch: HTTP status {exc.code}", source=url) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        why = getattr(exc, "reason", None) or exc
        raise InputError(f"cannot fetch: {why}", source=url) from None
    if len(data) > max_bytes:
        raise InputError(f"cannot fetch: larger than {max_bytes:,} bytes", source=url)
    return _with_charset(data, ctype)


def _read_until(response: Any, limit: int, deadline: float, url: str) -> bytes:
    """At most ``limit`` bytes of a response, read a piece at a time until ``deadline``."""
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        if time.monotonic() > deadline:
            raise InputError("cannot fetch: took too long", source=url)
        chunk: bytes = response.read1(min(65536, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _with_charset(data: bytes, ctype: str) -> bytes:
    """Bytes re-encoded as UTF-8 when the server names another charset."""
    match = _CHARSET.search(ctype)
    if not match or match.group(1).lower() in ("utf-8", "utf8"):
        return data
    try:
        return data.decode(match.group(1)).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return data


@dataclass(frozen=True)
class FeedEntry:
    key: str
    """What marks the entry as seen: its id (guid), else its link."""
    link: str
    title: str | None
    published: date | None


def parse_feed(data: bytes, url: str) -> list[FeedEntry]:
    """The entries of an RSS or Atom document that have a link."""
    parsed = feedparser.parse(data, response_headers={"content-location": url})
    if not parsed.entries and parsed.get("bozo"):
        why = parsed.get("bozo_exception")
        raise InputError(f"not an RSS or Atom feed ({why})", source=url)
    entries = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        entries.append(
            FeedEntry(
                key=entry.get("id") or link,
                link=link,
                title=entry.get("title") or None,
                published=_entry_date(stamp),
            )
        )
    return entries


def _entry_date(stamp: Any) -> date | None:
    """An entry's day; None when it has none or an impossible one."""
    try:
        return plausible(date(*stamp[:3])) if stamp else None
    except (TypeError, ValueError):
        return None


@dataclass
class FeedState:
    """Entries seen (stored, or given up), and failed attempts, kept beside the store."""

    path: Path
    seen: dict[str, str] = field(default_factory=dict)
    attempts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def beside(cls, db: Path) -> FeedState:
        """The state of the watch that fills ``db``: ``DB.feeds.json``."""
        return cls.load(db.with_name(db.name + ".feeds.json"))

    @classmethod
    def load(cls, path: Path) -> FeedState:
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(path, dict(data.get("seen", {})), dict(data.get("attempts", {})))
        except (OSError, ValueError, AttributeError) as exc:
            raise InputError(f"cannot read the watch state: {exc}", source=str(path)) from None

    def is_seen(self, key: str) -> bool:
        return key in self.seen

    def mark_seen(self, keys: Iterable[str]) -> None:
        today = datetime.now(UTC).date().isoformat()
        for key in keys:
            self.seen.pop(key, None)
            self.seen[key] = today  # most recent last
            self.attempts.pop(key, None)
        while len(self.seen) > MAX_SEEN:
            del self.seen[next(iter(self.seen))]

    def failed(self, key: str) -> bool:
        """Count a failed attempt; True when the entry is given up."""
        self.attempts[key] = self.attempts.get(key, 0) + 1
        return self.attempts[key] >= MAX_ATTEMPTS

    def save(self) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(
            json.dumps({"version": 1, "seen": self.seen, "attempts": self.attempts}),
            encoding="utf-8",
        )
        os.replace(tmp, self.path)


@dataclass
class Poll:
    """What one poll found: items to code and store, and the entry keys they settle."""

    items: list[RawItem] = field(default_factory=list)
    settled: list[str] = field(default_factory=list)
    feeds_read: int = 0
    entries_new: int = 0


def poll(
    feeds: Iterable[str],
    state: FeedState,
    stored: Callable[[list[str]], set[str]],
    fetcher: Fetcher | None = None,
) -> Poll:
    """Read every feed once and fetch the pages of its new entries.

    ``stored`` says which of some article ids the store already holds. Entries are
    ``settled`` (to be marked seen once their articles are stored) when fetched, already
    stored, or given up; a failed fetch is tried again at the next poll.
    """
    get = fetcher or (lambda url, cap: fetch(url, cap))
    out = Poll()
    for url in feeds:
        try:
            entries = parse_feed(get(url, MAX_FEED_BYTES), url)
        except InputError as exc:
            out.items.append(exc)
            continue
        out.feeds_read += 1
        fresh = [e for e in entries if not state.is_seen(e.key)]
        have = stored([url_id(e.link) for e in fresh])
        for entry in fresh:
            if url_id(entry.link) in have:
                out.settled.append(entry.key)
                continue
            out.entries_new += 1
            try:
                data = get(entry.link, MAX_PAGE_BYTES)
            except InputError as exc:
                if state.failed(entry.key):
                    exc.message += f" (given up after {MAX_ATTEMPTS} tries)"
                    out.settled.append(entry.key)
                out.items.append(exc)
                continue
            out.items.append(_page(entry, data))
            out.settled.append(entry.key)
    return out


def _page(entry: FeedEntry, data: bytes) -> RawItem:
    try:
        html = decode_text(data, entry.link)
    except InputError as exc:
        return exc
    host = (urlsplit(entry.link).hostname or "").removeprefix("www.") or None
    return Page(
        html=html,
        source=entry.link,
        id=url_id(entry.link),
        url=entry.link,
        published=entry.published,
        title=entry.title,
        outlet=host,
    )

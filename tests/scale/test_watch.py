"""Feeds: an RSS feed and its pages served on 127.0.0.1; a watch that stores new
articles, fetches nothing twice, and refuses what is not http(s)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from tidings import cli, store
from tidings.errors import ConfigError, InputError
from tidings.ingest.feeds import fetch, parse_feed
from tidings.scale.watch import parse_duration

PARAGRAPH = "<p>{0} Officials said the talks would continue in Geneva next week.</p>"
STORIES = {
    "/news/1": "Police in Nairobi arrested twenty protesters on Monday.",
    "/news/2": "Russia and Ukraine held talks in Istanbul on Tuesday.",
    "/news/3": "Rebels attacked a convoy near Goma on Wednesday.",
}


def page(sentence: str) -> bytes:
    body = "".join(PARAGRAPH.format(sentence) for _ in range(3))
    return (
        f"<html><head><title>{sentence[:20]}</title></head><body><nav>Home | World</nav>"
        f"<article><h1>{sentence[:30]}</h1>{body}</article></body></html>"
    ).encode()


def rss(base: str, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Story {p[-1]}</title><link>{base}{p}</link><guid>{base}{p}</guid>"
        f"<pubDate>Mon, 0{p[-1]} Mar 2021 10:00:00 GMT</pubDate></item>"
        for p in paths
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Test news</title>'
        f"<link>{base}/</link><description>t</description>{items}</channel></rss>"
    ).encode()


class Site:
    """A news site: its feed lists ``paths``; ``hits`` counts requests per path."""

    def __init__(self) -> None:
        self.paths = ["/news/1", "/news/2"]
        self.hits: Counter[str] = Counter()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.hits[self.path] += 1
                if self.path == "/feed.xml":
                    self._send(200, "application/rss+xml", rss(site.base, site.paths))
                elif self.path in STORIES:
                    self._send(200, "text/html; charset=utf-8", page(STORIES[self.path]))
                elif self.path == "/big":
                    self._send(200, "text/html", b"<p>" + b"x" * 3000 + b"</p>")
                else:
                    self._send(404, "text/plain", b"no")

            def _send(self, status: int, ctype: str, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture()
def site() -> Iterator[Site]:
    served = Site()
    thread = threading.Thread(target=served.server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield served
    served.server.shutdown()
    served.server.server_close()


def test_watch_stores_new_articles_and_fetches_nothing_twice(
    coder, site: Site, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(cli, "_coder", lambda *args, **kwargs: coder)
    db = tmp_path / "feeds.duckdb"
    feed = f"{site.base}/feed.xml"
    runner = CliRunner()
    first = runner.invoke(cli.cli, ["watch", feed, "--db", str(db), "--once"])
    assert first.exit_code == 0, first.stderr
    assert "1 feed(s) read, 2 new entr(ies), 2 article(s)" in first.stderr
    assert (tmp_path / "feeds.duckdb.feeds.json").exists()

    site.paths.append("/news/3")  # a new story; the watch restarts and polls twice
    second = runner.invoke(
        cli.cli, ["watch", feed, "--db", str(db), "--polls", "2", "--every", "0s"]
    )
    assert second.exit_code == 0, second.stderr
    assert "1 new entr(ies), 1 article(s)" in second.stderr
    assert "0 new entr(ies), 0 article(s)" in second.stderr
    assert site.hits["/news/1"] == site.hits["/news/2"] == site.hits["/news/3"] == 1
    assert site.hits["/feed.xml"] == 3

    con = store.connect(db, read_only=True)
    rows = con.execute("SELECT id, url, outlet, published, title FROM articles ORDER BY url")
    stored = rows.fetchall()
    events = con.execute("SELECT count(*) FROM mentions").fetchone()
    con.close()
    assert [r[1] for r in stored] == [f"{site.base}{p}" for p in sorted(STORIES)]
    assert all(r[0].startswith("url-") and r[2] == "127.0.0.1" for r in stored)
    assert str(stored[0][3]) == "2021-03-01"  # the entry's date: the page has none
    assert events is not None and events[0] >= 2


def test_fetch_refuses_other_schemes_and_large_bodies(site: Site) -> None:
    with pytest.raises(InputError, match="only http and https"):
        fetch("file:///etc/passwd")
    with pytest.raises(InputError, match="larger than 1,000 bytes"):
        fetch(f"{site.base}/big", max_bytes=1000)
    with pytest.raises(InputError, match="HTTP status 404"):
        fetch(f"{site.base}/missing")
    with pytest.raises(InputError, match="cannot fetch"):
        fetch("http://127.0.0.1:9/", timeout=2)


def test_atom_entries_and_bad_feeds() -> None:
    atom = (
        b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        b"<title>A</title><id>urn:a</id><updated>2022-02-24T05:00:00Z</updated>"
        b'<entry><title>Invasion</title><id>urn:e1</id><link href="/world/1"/>'
        b"<updated>2022-02-24T05:00:00Z</updated></entry></feed>"
    )
    (entry,) = parse_feed(atom, "https://news.example.org/atom.xml")
    assert entry.key == "urn:e1" and entry.link == "https://news.example.org/world/1"
    assert str(entry.published) == "2022-02-24" and entry.title == "Invasion"
    with pytest.raises(InputError, match="not an RSS or Atom feed"):
        parse_feed(b"<html><body>not a feed", "https://x.org/")


def test_durations() -> None:
    assert parse_duration("15m") == 900 and parse_duration("90") == 90
    assert parse_duration("1.5h") == 5400
    with pytest.raises(ConfigError, match="not a duration"):
        parse_duration("soon")

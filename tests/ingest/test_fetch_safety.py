"""Fetching feeds and pages: http(s) only, redirects included; a server that never answers
or answers a byte at a time is given up on; bodies are capped with or without a declared
length; tidings watch refuses other addresses. Served on 127.0.0.1 only."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from tidings import cli
from tidings.errors import InputError
from tidings.ingest.feeds import fetch


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path.startswith("/redirect-to-"):
            target = {"file": "file:///etc/passwd", "ftp": "ftp://127.0.0.1/x"}[self.path[13:]]
            self.send_response(302)
            self.send_header("Location", target)
            self.end_headers()
        elif self.path == "/no-length":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<p>" + b"x" * 5000)
        elif self.path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.1)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up, as it should
        else:
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def base() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_only_http_and_https_even_through_redirects(base: str) -> None:
    assert fetch(f"{base}/fine") == b"ok"
    for scheme in ("file:///etc/passwd", "ftp://127.0.0.1/x", "data:text/plain,hi", "gopher://x"):
        with pytest.raises(InputError, match="only http and https"):
            fetch(scheme)
    for target in ("file", "ftp"):
        with pytest.raises(InputError, match="cannot fetch"):
            fetch(f"{base}/redirect-to-{target}")


def test_a_body_without_a_declared_length_is_capped(base: str) -> None:
    with pytest.raises(InputError, match="larger than 1,000 bytes"):
        fetch(f"{base}/no-length", max_bytes=1000)


def test_a_server_that_never_answers_is_given_up_on() -> None:
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # accepts connections, never says a word
    try:
        started = time.monotonic()
        with pytest.raises(InputError, match="cannot fetch"):
            fetch(f"http://127.0.0.1:{silent.getsockname()[1]}/", timeout=0.5)
        assert time.monotonic() - started < 10
    finally:
        silent.close()


def test_a_server_that_drips_is_given_up_on_as_a_whole(base: str) -> None:
    # Each byte comes well within the timeout; the whole fetch may not take longer.
    started = time.monotonic()
    with pytest.raises(InputError, match="took too long"):
        fetch(f"{base}/drip", timeout=0.5, total=1.0)
    assert time.monotonic() - started < 5


def test_watch_refuses_addresses_that_are_not_http() -> None:
    for url in ("file:///etc/passwd", "ftp://example.org/feed", "/etc/passwd", "http://"):
        result = CliRunner().invoke(cli.cli, ["watch", url, "--once"])
        assert result.exit_code == 2 and "an http(s) address" in result.output, url

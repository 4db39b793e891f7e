"""A load driver for the web app: a fixed request rate, latency percentiles, errors.

Requests are sent on a fixed schedule (open loop: request i is due at i/rate seconds)
from a pool of threads, each with its own keep-alive connection, to a server on loopback.
A request's latency counts from when it was due, not from when a thread was free, so a
server that falls behind shows it. Used by ``bench/load.py`` and, very briefly and with no
timing assertions, by ``tests/api/test_api_load.py``.
"""

from __future__ import annotations

import http.client
import json
import random
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CODE_TEXT = (
    "Russian troops shelled the Ukrainian city of Kharkiv on Tuesday, officials said. "
    "The European Union imposed new sanctions on Moscow last week."
)


@dataclass(frozen=True)
class Request:
    name: str
    method: str
    path: str
    body: bytes | None = None


def request_mix(base: str) -> list[tuple[Request, int]]:
    """What the dashboard asks for, with weights; ids are taken from the served store."""
    events = _get_json(base, "/api/events?limit=20")["events"]
    event_id, doc_id = events[0]["id"], events[0]["doc_id"]
    code = json.dumps({"text": CODE_TEXT, "published": "2022-03-10"}).encode()
    return [
        (Request("events", "GET", "/api/events?limit=50"), 25),
        (Request("events filtered", "GET", "/api/events?source=RUS&since=2010-01-01"), 10),
        (Request("event", "GET", f"/api/events/{event_id}"), 10),
        (Request("article", "GET", f"/api/articles/{doc_id}"), 10),
        (Request("summary", "GET", "/api/summary"), 10),
        (Request("series", "GET", "/api/series?by=month"), 10),
        (Request("actors", "GET", "/api/actors"), 8),
        (Request("places", "GET", "/api/places"), 5),
        (Request("export", "GET", "/api/export?format=csv"), 2),
        (Request("dashboard", "GET", "/"), 5),
        (Request("code", "POST", "/api/code", code), 5),
    ]


@dataclass
class LoadReport:
    rate: float
    seconds: float
    sent: int = 0
    elapsed: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    by_name: dict[str, list[float]] = field(default_factory=dict)

    @property
    def achieved(self) -> float:
        """Requests answered per second, from the first request to the last answer."""
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def percentile(self, q: float, values: Sequence[float] | None = None) -> float:
        data = sorted(self.latencies if values is None else values)
        if not data:
            return float("nan")
        return data[min(len(data) - 1, max(0, round(q / 100 * len(data)) - 1))]

    def lines(self) -> list[str]:
        ms = 1000.0
        out = [
            f"target {self.rate:g} requests/s for {self.seconds:g} s: {self.sent} sent, "
            f"{len(self.latencies)} answered, {sum(self.errors.values())} errors; "
            f"achieved {self.achieved:.1f} requests/s",
            f"latency p50 {self.percentile(50) * ms:.1f} ms, p95 {self.percentile(95) * ms:.1f} "
            f"ms, p99 {self.percentile(99) * ms:.1f} ms, max "
            f"{max(self.latencies, default=0) * ms:.1f} ms",
        ]
        for name, values in sorted(self.by_name.items()):
            out.append(
                f"  {name:<16} {len(values):6d}  p50 {self.percentile(50, values) * ms:7.1f} ms"
                f"  p95 {self.percentile(95, values) * ms:7.1f} ms"
                f"  p99 {self.percentile(99, values) * ms:7.1f} ms"
            )
        for error, count in self.errors.most_common():
            out.append(f"  error: {error}: {count}")
        return out


class _Connections(threading.local):
    conn: http.client.HTTPConnection | None = None


def drive(base: str, rate: float, seconds: float, workers: int = 16, seed: int = 1) -> LoadReport:
    """Send ``rate`` requests a second for ``seconds`` seconds (the mix of ``request_mix``)
    and measure each."""
    mix = request_mix(base)
    rng = random.Random(seed)
    requests = [r for r, _ in mix]
    weights = [w for _, w in mix]
    total = int(rate * seconds)
    plan = rng.choices(requests, weights, k=total)
    host = urlsplit(base)
    local = _Connections()
    report = LoadReport(rate, seconds, sent=total)
    lock = threading.Lock()
    finished = [0.0]

    def send(request: Request, due: float) -> None:
        try:
            status = _send(local, host.hostname or "127.0.0.1", host.port or 80, request)
            error = None if 200 <= status < 300 else f"HTTP {status} from {request.name}"
        except (OSError, http.client.HTTPException) as exc:
            local.conn = None
            error = f"{type(exc).__name__} from {request.name}"
        done = time.monotonic()
        took = done - due
        with lock:
            finished[0] = max(finished[0], done)
            if error:
                report.errors[error] += 1
            else:
                report.latencies.append(took)
                report.by_name.setdefault(request.name, []).append(took)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="load") as pool:
        for number, request in enumerate(plan):
            due = started + number / rate
            pause = due - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            pool.submit(send, request, due)
    report.elapsed = (finished[0] or time.monotonic()) - started
    return report


def _send(local: _Connections, host: str, port: int, request: Request) -> int:
    if local.conn is None:
        local.conn = http.client.HTTPConnection(host, port, timeout=60)
    headers = {"content-type": "application/json"} if request.body else {}
    local.conn.request(request.method, request.path, body=request.body, headers=headers)
    response = local.conn.getresponse()
    response.read()
    if response.getheader("connection", "").lower() == "close":
        local.conn.close()
        local.conn = None
    return response.status


def _get_json(base: str, path: str) -> Any:
    host = urlsplit(base)
    conn = http.client.HTTPConnection(host.hostname or "127.0.0.1", host.port or 80, timeout=60)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return json.loads(response.read())
    finally:
        conn.close()


def loopback_socket() -> socket.socket:
    """A socket bound to a free port of 127.0.0.1 (never another interface)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@contextmanager
def serve_in_thread(db: Path, coder: Any) -> Iterator[str]:
    """The app, served by uvicorn on a free loopback port in a thread; yields its base
    address."""
    import uvicorn

    from tidings.api import create_app

    app = create_app(db, coder_factory=lambda: coder, preload_coder=True)
    sock = loopback_socket()
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    try:
        wait_until_up(base)
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def wait_until_up(base: str, limit: float = 120.0) -> None:
    """Wait until the server answers /api/summary."""
    started = time.monotonic()
    while True:
        try:
            _get_json(base, "/api/summary")
            return
        except (OSError, http.client.HTTPException, ValueError):
            if time.monotonic() - started > limit:
                raise
            time.sleep(0.1)

"""Take the README's two screenshots, ``docs/img/dashboard.png`` and ``docs/img/article.png``.

Codes the bundled Wikinews demo articles (CC BY 2.5, so the pictures may show their text)
into a temporary store, serves it, and photographs the event table and one article with
headless Chromium (Debian's ``/usr/bin/chromium``):

    .venv/bin/python tools/readme_screenshots.py
"""

from __future__ import annotations

import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from tidings import store
from tidings.api import create_app
from tidings.ingest import read_inputs
from tidings.pipeline import Coder
from tidings.records import Article

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "src" / "tidings" / "data" / "demo" / "wikinews-open.jsonl"
OUT = ROOT / "docs" / "img"
ARTICLE = "gum-news-korea"


def main() -> None:
    coder = Coder.load()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.duckdb"
        articles = [a for a in read_inputs([str(DEMO)]) if isinstance(a, Article)]
        con = store.connect(db)
        store.store_batch(con, list(coder.code_many(articles)))
        con.close()
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        base = f"http://127.0.0.1:{sock.getsockname()[1]}"
        server = uvicorn.Server(uvicorn.Config(create_app(db, lambda: coder), log_level="warning"))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        try:
            shoot(base)
        finally:
            server.should_exit = True
            thread.join()


def shoot(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"{base}/#/events?historical=false")
        page.wait_for_selector("#events-table tbody tr.row")
        page.screenshot(path=str(OUT / "dashboard.png"))
        page.goto(f"{base}/#/article/{ARTICLE}")
        page.locator(".event-card").first.wait_for()
        page.locator(".event-card", has_text="ASSAULT").first.click()
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(OUT / "article.png"))
        browser.close()
    print(f"wrote {OUT / 'dashboard.png'} and {OUT / 'article.png'}", file=sys.stderr)


if __name__ == "__main__":
    main()

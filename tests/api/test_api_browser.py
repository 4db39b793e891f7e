"""The dashboard in headless Chromium: filter, open an event and its article, code the seed
article, read the API docs; no request leaves the server. Screenshots go to
artifacts/browser/ (gitignored)."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tidings.api import create_app

from api_helpers import api_store, seed_article
from conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "artifacts" / "browser"

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
)
expect = playwright_api.expect


@pytest.fixture(scope="module")
def server(tmp_path_factory, coder) -> Iterator[str]:  # type: ignore[no-untyped-def]
    import uvicorn

    app = create_app(api_store(tmp_path_factory, coder), coder_factory=lambda: coder)
    # The socket is bound here, so the port is known and cannot be taken meanwhile.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="on")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not uv.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert uv.started, "the server did not start"
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is missing: 'make test' installs Debian's chromium package, and it "
            "could not be installed on this machine"
        )
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield chromium
        chromium.close()


def test_dashboard_walkthrough(server: str, browser: Any) -> None:
    seed = seed_article()
    if seed is None:
        pytest.skip("../shared/data/dev/seed.article.jsonl is not available")
    if SHOTS.exists():
        shutil.rmtree(SHOTS)
    SHOTS.mkdir(parents=True)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    elsewhere: list[str] = []
    problems: list[str] = []
    page.on(
        "request",
        lambda r: None if r.url.startswith((server, "data:", "blob:")) else elsewhere.append(r.url),
    )
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    # The dashboard opens on the event table.
    page.goto(server + "/")
    page.wait_for_selector("#events-table tbody tr.row")
    # Waits go through locators: the page's content security policy forbids the eval
    # behind wait_for_function.
    expect(page.locator("#store-summary")).to_contain_text("events")
    page.screenshot(path=str(SHOTS / "01-dashboard.png"))

    # Filter to Russia as source.
    page.fill("#f-source", "rus")
    page.click("#apply")
    expect(page.locator("#events-count")).to_contain_text("RUS →")
    rows = page.locator("#events-table tbody tr.row")
    assert rows.count() >= 5
    sources = rows.locator("td:nth-child(3)").all_inner_texts()
    assert all("RUS" in s for s in sources), sources
    page.screenshot(path=str(SHOTS / "02-source-rus.png"))

    # Open the phone call (CONSULT): its sentence is shown with the trigger marked.
    row = rows.filter(has_text="CONSULT").filter(has_text="called")
    row.first.click()
    sentence = page.locator("#view-event .sentence-view .sentence.selected")
    sentence.first.wait_for()
    # The article has a no-break space there.
    assert "Putin called President Obama" in " ".join(sentence.first.inner_text().split())
    assert page.locator("#view-event .sentence-view .trigger").first.inner_text() == "called"
    page.screenshot(path=str(SHOTS / "03-event.png"))

    # The article view highlights that sentence, with every event listed beside it.
    page.click("#view-event .article-link")
    selected = page.locator("#view-article .article-text .sentence.selected")
    selected.first.wait_for()
    assert "called" in " ".join(selected.all_inner_texts())
    assert page.locator("#view-article .event-card.selected").count() == 1
    assert page.locator("#view-article .event-card").count() >= 8
    assert page.locator("#view-article .article-text .date").count() >= 1
    page.screenshot(path=str(SHOTS / "04-article.png"))

    # Code the seed article as a user would: paste its text, set its date.
    page.click("nav a[data-view=code]")
    page.fill("#code-text", seed["text"])
    page.fill("#code-date", seed["published"])
    page.click("#code-run")
    page.wait_for_selector("body[data-coded]", timeout=30_000)
    types = page.locator("#code-result .event-card .etype").all_inner_texts()
    assert "CONSULT" in types and "SANCTION" in types, types
    page.locator("#code-result .event-card", has_text="SANCTION").first.click()
    marked = "".join(page.locator("#code-result .sentence.selected").all_inner_texts())
    assert "placed numerous sanctions against Moscow" in marked
    page.screenshot(path=str(SHOTS / "05-code.png"))

    # The other views draw without errors.
    for view, selector in (
        ("series?source=RUS", "#series-chart svg rect.bar"),
        ("network", "#network-chart svg circle.node"),
        ("map", "#map svg circle.point"),
    ):
        page.goto(f"{server}/#/{view}")
        page.wait_for_selector(selector)
        page.screenshot(path=str(SHOTS / f"06-{view.split('?')[0]}.png"))

    # The API docs render from the app's own assets.
    page.goto(server + "/api/docs")
    page.wait_for_selector(".swagger-ui .opblock-summary-path")
    assert page.locator(".swagger-ui .opblock").count() >= 9
    page.locator(".swagger-ui .opblock-summary-path", has_text="/api/code").click()
    page.locator(".swagger-ui .opblock-body").first.wait_for()
    page.screenshot(path=str(SHOTS / "07-api-docs.png"))
    page.wait_for_load_state("networkidle")

    assert not elsewhere, f"requests left the server: {elsewhere}"
    assert not problems, problems
    page.close()

"""The page in a real headless Chromium (Debian's, driven by Playwright) against a running ``marsad serve`` app.

What an analyst does: open the page (Arabic, right to left), filter the events, open one and see the quoted sentence
highlighted inside the article, search in Arabic, switch to English, look at the actor network. The run leaves a
screenshot of the event page in the temporary directory; ``MARSAD_SCREENSHOT=docs/screenshot.png`` refreshes the
README's picture (a test run never rewrites a tracked file on its own).
"""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from marsad.serve.app import create_app

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOT = Path(os.environ.get("MARSAD_SCREENSHOT") or Path(tempfile.gettempdir()) / "marsad-screenshot.png")

if not Path(CHROMIUM).exists() and not os.environ.get("CI"):
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); CI installs it and runs these tests",
                allow_module_level=True)

if os.environ.get("CI"):
    from playwright import sync_api  # under CI these tests must run: a missing package fails them
else:
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (no browser download)")


@pytest.fixture(scope="module")
def base_url(seeds_db: Path) -> Iterator[str]:
    """``marsad serve``'s app under uvicorn on a free loopback port, in a thread of this process."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(str(seeds_db)), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, base_url: str) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="ar")
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.base = base_url  # type: ignore[attr-defined]
    yield pg
    context.close()
    assert not errors, errors  # no script error and no failed request on the way


def goto(pg, route: str) -> None:
    pg.goto(f"{pg.base}/#/{route}")
    ready(pg)


def ready(pg) -> None:
    pg.wait_for_selector(".view[data-ready]", timeout=15_000)


def test_analyst_walkthrough(page) -> None:
    pg = page
    goto(pg, "events")
    assert pg.evaluate("document.documentElement.dir") == "rtl"
    assert pg.evaluate("document.documentElement.lang") == "ar"
    assert "مرصد" in pg.title()
    assert pg.locator("#events .event-card").count() == 7

    # filter: summits only
    pg.select_option("#f-type", "summit")
    pg.click(".filters button[type=submit]")
    pg.wait_for_function("location.hash.includes('type=summit')")
    ready(pg)
    assert pg.locator("#events .event-card").count() == 2
    assert "2" in pg.locator("#events-count").inner_text()

    # open the GMIS summit: its evidence is highlighted inside the article text
    pg.click("#events .event-card[data-id=v_gmis2019] h3 a")
    pg.wait_for_function("location.hash.startsWith('#/event/')")
    ready(pg)
    assert "القمة العالمية للصناعة والتصنيع 2019" in pg.locator("h1").inner_text()
    marks = pg.locator(".evidence .article-text mark.evidence")
    assert marks.count() == 2
    first = marks.first.inner_text()
    assert first.startswith("وستعقد قمة الصناعة والتصنيع في الفترة ما بين 9-11 يوليو")
    article = pg.locator(".evidence .article-text").first.inner_text()
    assert first in article and len(article) > len(first) * 3  # the sentence sits inside the whole article
    pg.set_viewport_size({"width": 1280, "height": 1180})
    pg.evaluate("window.scrollTo(0, 0)")  # the facts on top; the article box keeps its highlight in view
    SCREENSHOT.parent.mkdir(exist_ok=True)
    pg.screenshot(path=str(SCREENSHOT))
    pg.set_viewport_size({"width": 1280, "height": 860})

    # search in Arabic
    goto(pg, "search")
    pg.fill("#search-q", "القمة")
    pg.press("#search-q", "Enter")
    pg.wait_for_function("location.hash.startsWith('#/search?q=')")
    ready(pg)
    hits = pg.locator("#hits > li")
    assert hits.count() == 3
    assert pg.locator("#hits .snippet mark").count() >= 3

    # English
    pg.click("#lang")
    pg.wait_for_function("document.documentElement.dir === 'ltr'")
    ready(pg)
    assert pg.evaluate("document.documentElement.lang") == "en"
    assert pg.locator("#nav a[data-route=events]").inner_text() == "Events"
    assert pg.locator("h1").inner_text() == "Search"

    # the actor network, drawn by Cytoscape, with English names
    goto(pg, "graph")
    pg.wait_for_selector("#cy canvas")
    assert pg.evaluate("window.marsadGraph.nodes().length") >= 10
    labels = pg.evaluate("window.marsadGraph.nodes().map(n => n.data('label'))")
    assert "Russia" in labels and "Vladimir Putin" in labels


def test_calendar_map_entity_and_phone(page, browser, base_url: str) -> None:
    pg = page
    goto(pg, "calendar?month=2019-07")
    assert pg.locator("#calendar .day.has").count() == 3  # the GMIS summit spans 9–11 July
    assert pg.locator("#calendar .cal-event.status-planned").count() == 3

    goto(pg, "map")
    assert pg.locator("#worldmap .land path").count() > 150
    assert pg.locator("#worldmap circle.dot").count() == 6

    goto(pg, "entity/manturov")
    assert "دينيس مانتوروف" in pg.locator("h1").inner_text()
    assert pg.locator(".partners li").first.inner_text().startswith("روسيا")

    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.goto(f"{base_url}/#/events")
    ready(phone)
    width = phone.evaluate("document.documentElement.scrollWidth")
    phone.close()
    assert width <= 390  # nothing overflows sideways on a phone

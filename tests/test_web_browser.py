"""The web page in a real headless Chromium (Debian's ``chromium``), driven by Playwright.

Screenshots of each page are kept in ``test-artifacts/web/``. Without Chromium
the tests skip with a reason, except under ``NEWSCRAWLER_REQUIRE_SERVICES=1``.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newscrawler.web.app import create_app
from storage.db import open_archive
from tests.conftest import REPO, unavailable
from tests.web_support import crawled_archive

pytestmark = [pytest.mark.slow, pytest.mark.browser]
ARTIFACTS = REPO / "test-artifacts" / "web"
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    unavailable("Chromium", FileNotFoundError("apt-get install chromium"))
    raise AssertionError("unreachable")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    folder = tmp_path_factory.mktemp("browser")
    with crawled_archive(f"sqlite:///{folder / 'archive.sqlite'}", folder) as url:
        db = open_archive(url, upgrade=False)
        port = free_port()
        config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.started, "the web server did not start"
        yield f"http://127.0.0.1:{port}"
        server.should_exit = True
        thread.join(10)
        db.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        unavailable("Playwright", exc)
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1100, "height": 900})
    yield context.new_page()
    context.close()


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_search_filter_read_download(page: Any, base_url: str, tmp_path: Path) -> None:
    import pandas as pd

    page.goto(base_url + "/")
    page.get_by_label("শব্দ বা").fill("বৃষ্টি")
    page.get_by_role("button", name="খুঁজুন").click()
    page.wait_for_selector(".hit")
    shot(page, "search")
    marks = page.locator(".snippet mark").all_inner_texts()
    assert marks and any(m != "বৃষ্টি" and m.startswith("বৃষ্টি") for m in marks), marks
    total = int(
        page.locator("#total").inner_text().translate(str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789"))
    )

    site = page.locator(".facets li a").first.inner_text()  # the site with most matches
    page.select_option("#site", [site])
    page.fill("#since", "2000-01-01")
    page.fill("#until", "2030-12-31")
    page.get_by_role("button", name="খুঁজুন").click()
    page.wait_for_load_state()
    assert f"site={site}" in page.url and "since=2000-01-01" in page.url
    sites_shown = set(page.locator(".hit .site").all_inner_texts())
    assert sites_shown == {site}
    shot(page, "search-filtered")

    page.goto(base_url + "/?q=" + "বৃষ্টি")
    with page.expect_download() as download_info:
        page.click("#download-csv")
    target = tmp_path / "results.csv"
    download_info.value.save_as(target)
    frame = pd.read_csv(target, encoding="utf-8-sig")
    assert len(frame) == total
    assert frame["title"].str.contains("[\u0980-\u09ff]", regex=True).all()

    page.locator(".hit h3 a").first.click()
    page.wait_for_selector("article h1")
    assert page.locator(".body p").count() >= 1
    shot(page, "article")


def test_language_switch_and_overview(page: Any, base_url: str) -> None:
    page.goto(base_url + "/?q=বৃষ্টি")
    page.click("#lang-switch")
    page.wait_for_load_state()
    assert "lang=en" in page.url and "q=" in page.url
    assert page.get_by_role("button", name="Search").is_visible()
    shot(page, "search-english")
    page.goto(base_url + "/overview")
    assert page.locator("svg polyline").count() >= 1
    shot(page, "overview")


def test_keyboard_reaches_skip_link_and_results(page: Any, base_url: str) -> None:
    page.goto(base_url + "/?q=বৃষ্টি")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


def test_fits_a_phone(browser: Any, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(base_url + "/?q=বৃষ্টি")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"the page scrolls sideways on a phone: {width}px"
    shot(page, "search-phone")
    context.close()

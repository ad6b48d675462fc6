"""What the browser tests share: a served dashboard on a warehouse built through the import, Debian's
Chromium, screenshots, and waiting for Streamlit to finish a run.

A module on the small warehouse of tests/app_fixtures.py imports the fixtures
(`from tests.browser_support import browser, screenshot_on_failure, server, shots`); a module on
its own warehouse builds its server with `dashboard(...)`. Each module gets its own server and
warehouse, so a journey that imports files never changes another module's numbers.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from tests import app_fixtures as fx

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path("/tmp/oncedone-shots")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def dashboard(warehouse: Path, build, log: Path, port: int | None = None, env: dict | None = None, args: tuple = ()):
    """`streamlit run dashboard.py` on `warehouse`, which `build()` makes while the server boots
    (and must return); yields the server's base URL and stops it afterwards. `port`, `env` and
    `args` (more options) serve a login, whose redirect address names the port."""
    port = port or free_port()
    with open(log, "w") as out:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", "dashboard.py",
                "--server.headless=true", f"--server.port={port}", "--server.address=127.0.0.1",
                "--browser.gatherUsageStats=false", "--server.fileWatcherType=none",  # no rerun on a source edit
                *args,
            ],
            cwd=REPO,
            env={**os.environ, "ONCEDONE_WAREHOUSE": str(warehouse), **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        assert build() == warehouse
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the dashboard did not start:\n{log.read_text()}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def chromium():
    """Debian's headless Chromium under Playwright (Playwright cannot download its own here)."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: the browser tests need it. "
            "Install it with `make browser` (or `apt-get install -y chromium`)."
        )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def idle(page: Page) -> None:
    """Wait until Streamlit has finished a run: no status widget, no element left stale."""
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=30_000)
    expect(page.locator('[data-stale="true"]')).to_have_count(0, timeout=30_000)


def settled(page: Page, text: str) -> None:
    """Wait until `text` shows and Streamlit has finished running the script."""
    expect(page.get_by_text(text, exact=False).first).to_be_visible(timeout=30_000)
    idle(page)


def close_contexts(request, browser) -> None:
    """After a test: close the browser contexts it left open, first taking a screenshot of each of
    their pages into /tmp/oncedone-shots/failed/ when the test failed."""
    report = getattr(request.node, "report_call", None)
    for context in browser.contexts:
        if report is not None and report.failed:
            folder = SHOTS / "failed"
            folder.mkdir(parents=True, exist_ok=True)
            for n, page in enumerate(context.pages):
                page.screenshot(path=folder / f"{request.node.name}-{n}.png", full_page=True)
        context.close()


# Fixtures of the modules served on the small warehouse (tests/app_fixtures.py) ------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`streamlit run dashboard.py` on the small warehouse; yields its base URL."""
    directory = tmp_path_factory.mktemp("browser")
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    with dashboard(directory / "warehouse.duckdb", lambda: fx.build(directory), log) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture(autouse=True)
def screenshot_on_failure(request, browser):
    """A failing journey leaves a screenshot of every page it had open in /tmp/oncedone-shots/failed/."""
    yield
    close_contexts(request, browser)


@pytest.fixture
def shots(tmp_path):
    SHOTS.mkdir(parents=True, exist_ok=True)

    def take(page: Page, name: str, height: int = 1100, width: int = 1400) -> None:
        # Streamlit scrolls inside its own container: a full page needs a tall viewport.
        page.set_viewport_size({"width": width, "height": height})
        path = tmp_path / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        shutil.copy(path, SHOTS / path.name)

    return take


def cards(page: Page) -> dict[str, str]:
    shown = {}
    for card in page.locator('[data-testid="stMetric"]').all():
        label = card.locator('[data-testid="stMetricLabel"]').inner_text().strip().lstrip("●○✓!✕–▲* ")
        shown[label] = card.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return shown


def wait_for_card(page: Page, label: str, value: str) -> None:
    card = page.locator('[data-testid="stMetric"]').filter(has_text=label)
    expect(card.locator('[data-testid="stMetricValue"]')).to_have_text(value, timeout=30_000)
    idle(page)


def expect_cards(page: Page, expected: dict[str, str]) -> None:
    """Wait for every card to show its value (they redraw one by one), then compare them all."""
    for label, value in expected.items():
        wait_for_card(page, label, value)
    shown = cards(page)
    assert {label: shown.get(label) for label in expected} == expected

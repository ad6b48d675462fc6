"""The screenshot tour (`make screenshots`): every page at fixed settings on the demo warehouse,
saved as PNG under docs/screenshots/ for the README. Serves the app itself, on a free port.

    python -m docs.tour [--warehouse data/warehouse.duckdb] [--out docs/screenshots]
"""

import argparse
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

# The browser tests launch Chromium the same way: one list of flags for both.
from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, free_port

REPO = Path(__file__).resolve().parent.parent
WIDE, NARROW = 1440, 760
# name, path and query, width: the story of the demo data, from a normal day to the crisis.
TOUR = [
    ("today-crisis-fr", "/?to=2018-01-16&from=2017-10-19", WIDE),
    ("today-normal-en", "/?to=2017-10-17&from=2017-07-20&lang=en", WIDE),
    ("today-crisis-narrow-fr", "/?to=2018-01-16&from=2017-10-19", NARROW),
    ("backlog-crisis-fr", "/backlog?to=2018-01-16&from=2017-10-19", WIDE),
    ("backlog-drill-fr", "/backlog?to=2018-01-16&from=2017-10-19&bl_title=vehicle_registration&bl_stage=in_review",
     WIDE),
    ("delivery-crisis-fr", "/delivery?from=2017-10-01&to=2018-03-31", WIDE),
    ("contacts-chatbot-en", "/contacts?from=2018-03-01&to=2018-06-30&lang=en", WIDE),
    ("data-fr", "/data", WIDE),
]


def serve(warehouse: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless=true",
         f"--server.port={port}", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false",
         "--server.fileWatcherType=none"],
        cwd=REPO, env={**os.environ, "ONCEDONE_WAREHOUSE": str(warehouse)},
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1) as response:
                if response.read() == b"ok":
                    return process, base
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("the dashboard did not start")


def settle(page) -> None:
    """Wait until the script has finished running and stays finished (a page may rerun once)."""
    for _ in range(3):
        page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=180_000)
        page.wait_for_timeout(2000)  # charts finish drawing after the run
        if not page.locator('[data-testid="stStatusWidget"], [data-stale="true"]').count():
            return


def shoot(page, url: str, path: Path, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url)
    page.wait_for_selector('[data-testid="stHeading"], [data-testid="stAlert"]', timeout=120_000)
    settle(page)
    # Streamlit scrolls inside its own container: grow the viewport to the whole page first.
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": width, "height": max(900, height + 40)})
    page.wait_for_timeout(800)
    if page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').count():
        raise SystemExit(f"{url} shows an error")
    page.screenshot(path=path, full_page=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", default=str(REPO / "data/warehouse.duckdb"))
    parser.add_argument("--out", default=str(REPO / "docs/screenshots"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    process, base = serve(Path(args.warehouse))
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page()
            for name, path, width in TOUR:
                shoot(page, base + path, out / f"{name}.png", width)
                print(f"{out / name}.png")
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()

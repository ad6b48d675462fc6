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
CRISIS_DAY = ("16", "01", "2018")  # typed in the day field, as a director would
# name, path and query, width, a day typed in the "Jour affiché" field after loading (or None):
# the story of the demo data, from the default day to the crisis.
TOUR = [
    ("today-default-fr", "/", WIDE, None),
    ("today-default-narrow-fr", "/", NARROW, None),
    ("today-crisis-fr", "/", WIDE, CRISIS_DAY),
    ("today-crisis-narrow-fr", "/", NARROW, CRISIS_DAY),
    ("today-normal-en", "/?to=2017-10-17&from=2017-07-20&lang=en", WIDE, None),
    ("backlog-crisis-fr", "/backlog?to=2018-01-16&from=2017-10-19", WIDE, None),
    ("backlog-drill-fr", "/backlog?to=2018-01-16&from=2017-10-19&bl_title=vehicle_registration&bl_stage=in_review",
     WIDE, None),
    ("delivery-crisis-fr", "/delivery?from=2017-10-01&to=2018-03-31", WIDE, None),
    ("delivery-crisis-narrow-fr", "/delivery?from=2017-10-01&to=2018-03-31", NARROW, None),
    ("contacts-chatbot-en", "/contacts?from=2018-03-01&to=2018-06-30&lang=en", WIDE, None),
    ("contacts-chatbot-narrow-fr", "/contacts?from=2018-03-01&to=2018-06-30", NARROW, None),
    ("data-fr", "/data", WIDE, None),
    ("load-normal-fr", "/load?from=2017-10-09&to=2017-10-15", WIDE, None),
    ("load-crisis-fr", "/load?from=2017-12-04&to=2017-12-10", WIDE, None),
    ("load-normal-en", "/load?from=2017-10-09&to=2017-10-15&lang=en", WIDE, None),
    ("load-crisis-en", "/load?from=2017-12-04&to=2017-12-10&lang=en", WIDE, None),
    ("quickwins-crisis-fr", "/quickwins?to=2018-01-16&from=2017-10-19", WIDE, None),
    ("quickwins-normal-en", "/quickwins?to=2017-10-17&from=2017-07-20&lang=en", WIDE, None),
    # The story's events on Today's trends, and the mail commitment in working days (issue 21).
    ("conventions-today-events-fr", "/?from=2017-10-01&to=2018-04-30", WIDE, None),
    ("conventions-today-events-en", "/?from=2017-10-01&to=2018-04-30&lang=en", WIDE, None),
    ("conventions-contacts-working-time-fr", "/contacts?from=2018-01-01&to=2018-03-31", WIDE, None),
    ("conventions-contacts-working-time-en", "/contacts?from=2018-01-01&to=2018-03-31&lang=en", WIDE, None),
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


def _sidebar_folded(page) -> bool:
    return page.evaluate("() => document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().right <= 0")


def type_day(page, day: tuple[str, str, str]) -> None:
    """Type a day into the "Jour affiché" field, field by field, then leave it (as the browser tests do)."""
    folded = _sidebar_folded(page)
    if folded:  # a narrow screen folds the sidebar away: open it, and fold it again afterwards
        page.locator('[data-testid="stExpandSidebarButton"]').click()
        page.wait_for_timeout(800)
    field = page.locator('[data-testid="stDateInput"]').filter(has_text="Jour affiché")
    field.locator('[data-type="day"]').click()
    page.keyboard.type("".join(day))
    page.locator('[data-testid="stSidebar"] h2, [data-testid="stSidebar"] h3').first.click()  # leave the field
    page.get_by_text(f"Indicateurs du {'/'.join(day)}").first.wait_for(timeout=120_000)
    settle(page)
    if folded:
        page.locator('[data-testid="stSidebarCollapseButton"] button, [data-testid="stSidebarCollapseButton"]').first.click()
        page.wait_for_timeout(800)


def shoot(page, url: str, path: Path, width: int, day: tuple[str, str, str] | None = None) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url)
    page.wait_for_selector('[data-testid="stHeading"], [data-testid="stAlert"]', timeout=120_000)
    settle(page)
    if day is not None:
        type_day(page, day)
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
    parser.add_argument("--only", default="", help="shoot only the pictures whose name starts so (e.g. today-)")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    process, base = serve(Path(args.warehouse))
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            for name, path, width, day in (step for step in TOUR if step[0].startswith(args.only)):
                page = browser.new_page()  # a fresh page: a narrow one leaves the sidebar folded
                shoot(page, base + path, out / f"{name}.png", width, day)
                page.close()
                print(f"{out / name}.png")
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()

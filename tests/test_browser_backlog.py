"""The team lead's journey in a real browser: click a title type's bar, then a stage bar, see the
applications, download them as CSV. On tests/backlog_fixtures.py's warehouse."""

import shutil

import polars as pl
import pytest
from playwright.sync_api import Page, expect

from tests import backlog_fixtures as fx
from tests.browser_support import (  # noqa: F401 (the shared browser fixtures)
    SHOTS,
    browser,
    dashboard,
    idle,
    screenshot_on_failure,
    settled,
)

PERIOD = f"from={fx.PERIOD[0]}&to={fx.PERIOD[1]}"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    directory = tmp_path_factory.mktemp("browser_backlog")
    log = tmp_path_factory.mktemp("server_backlog") / "streamlit.log"
    with dashboard(directory / "backlog.duckdb", lambda: fx.build(directory), log) as base:
        yield base


def shoot(page: Page, name: str, tmp_path) -> None:
    """A full-page screenshot: Streamlit scrolls inside its own container, so first a tall viewport."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1440, "height": 3200})
    idle(page)
    path = tmp_path / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    shutil.copy(path, SHOTS / path.name)
    page.set_viewport_size({"width": 1440, "height": 1000})


def click_bar(page: Page, chart_key: str, trace: int, point: int) -> None:
    """Click one bar of a chart by mouse coordinates (Plotly's drag layer takes element clicks)."""
    chart = page.locator(f".st-key-{chart_key}")
    chart.scroll_into_view_if_needed()
    bar = chart.locator("g.trace.bars").nth(trace).locator("g.point path").nth(point)
    expect(bar).to_be_visible(timeout=30_000)
    box = bar.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_click_a_title_type_then_a_stage_then_download_the_applications(server, browser, tmp_path):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="en-GB", accept_downloads=True)
    page = context.new_page()
    page.goto(f"{server}/backlog?lang=en&{PERIOD}")
    settled(page, "Backlog by title type")
    expect(page.get_by_text("Click a title type's bar")).to_be_visible()
    shoot(page, "backlog-en-level0", tmp_path)

    # Vehicle registration is the 4th bar; its lower segment (within target, B2 and B3) is trace 0.
    click_bar(page, "bl_title_chart", trace=0, point=3)
    page.wait_for_function("() => location.search.includes('bl_title=vehicle_registration')", timeout=30_000)
    settled(page, "Vehicle registration: backlog by stage and age")
    shoot(page, "backlog-en-level1", tmp_path)

    # Stages in the contract's order, age buckets as traces: B3 is `submitted`, 0-7 days.
    click_bar(page, "bl_stage_chart", trace=0, point=0)
    page.wait_for_function(
        "() => location.search.includes('bl_stage=submitted') && location.search.includes('bl_age=0-7')",
        timeout=30_000,
    )
    settled(page, "Vehicle registration · Submitted · 0–7 days — applications open at the end of 2018-01-15: 1")
    expect(page.locator('[data-testid="stDataFrame"]').last).to_be_visible()  # the applications, after the oldest
    shoot(page, "backlog-en-level2", tmp_path)

    with page.expect_download(timeout=30_000) as download:
        page.locator(".st-key-bl_csv button").click()  # not the grid's own CSV button
    saved = download.value
    assert saved.suggested_filename == "backlog_2018-01-15_vehicle_registration_stage-submitted_age-0-7.csv"
    rows = pl.read_csv(saved.path(), infer_schema=False)  # the BOM is taken off by the reader
    assert rows.columns[0] == "Application"
    assert rows.select("Application", "Stage", "Age (days)").rows() == [("B3", "Submitted", "0")]

    # The clear button goes back to every title type, and the URL forgets the drill.
    page.get_by_role("button", name="Clear all").click()
    page.wait_for_function("() => !location.search.includes('bl_title')", timeout=30_000)
    settled(page, "Click a title type's bar")
    context.close()


def test_a_drill_link_opens_the_same_view_in_french(server, browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="fr-FR")
    page = context.new_page()
    page.goto(f"{server}/backlog?{PERIOD}&bl_title=vehicle_registration&bl_stage=in_review")
    settled(page, "Immatriculation\u202f: stock par étape et ancienneté")
    expect(page.get_by_text("Immatriculation · En instruction — demandes en cours à la fin du 15/01/2018\u202f: 1")).to_be_visible()
    context.close()

"""A real browser journey: the served dashboard, driven in Debian's headless Chromium.

The server runs on a small warehouse built through the import (tests/app_fixtures.py). Screenshots
go to pytest's tmp dir and to /tmp/oncedone-shots/ for a person to look at.
"""

import shutil

import pytest
from playwright.sync_api import Page, expect

from tests import app_fixtures as fx
from tests.browser_support import SHOTS, chromium, dashboard, idle, settled

PERIOD = f"from={fx.PERIOD[0]}&to={fx.PERIOD[1]}"


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


@pytest.fixture
def shots(tmp_path):
    SHOTS.mkdir(parents=True, exist_ok=True)

    def take(page: Page, name: str, height: int = 1100) -> None:
        # Streamlit scrolls inside its own container: a full page needs a tall viewport.
        page.set_viewport_size({"width": 1400, "height": height})
        path = tmp_path / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        shutil.copy(path, SHOTS / path.name)

    return take


def cards(page: Page) -> dict[str, str]:
    shown = {}
    for card in page.locator('[data-testid="stMetric"]').all():
        label = card.locator('[data-testid="stMetricLabel"]').inner_text().strip()
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
    assert cards(page) == expected


def test_a_direct_link_on_a_fresh_server_opens_the_page_in_its_frame(server, browser):
    # First in this module, so the server has served nothing before this link.
    context = browser.new_context(viewport={"width": 1400, "height": 1100}, locale="en-GB")
    page = context.new_page()
    page.goto(f"{server}/data?lang=en")
    settled(page, "Import history")
    expect(page.locator('[data-testid="stSidebarNav"]')).to_be_visible()  # the entry file's frame ran
    expect(page.get_by_text("Page not found")).to_have_count(0)
    context.close()


def test_french_journey_today_filter_then_data(server, browser, shots):
    context = browser.new_context(viewport={"width": 1400, "height": 1100}, locale="fr-FR")
    page = context.new_page()
    page.goto(f"{server}/?{PERIOD}")
    settled(page, "Demandes déposées")
    expect_cards(page, {
        "Demandes déposées": "4", "Titres délivrés": "2", "Demandes en cours": "3", "Contacts reçus": "5",
    })
    expect(page.get_by_text(f"Données à jour au {fx.AS_OF_FR}")).to_be_visible()
    chart = page.locator('[data-testid="stPlotlyChart"]')
    expect(chart.locator(".legend")).to_contain_text("Passeport")
    shots(page, "today-fr")

    # Choose a title type in the sidebar: the numbers and the URL follow.
    page.locator('[data-testid="stMultiSelect"]').filter(has_text="Type de titre").click()
    page.get_by_role("option", name="Passeport").click()
    page.keyboard.press("Escape")
    wait_for_card(page, "Demandes déposées", "1")
    wait_for_card(page, "Demandes en cours", "0")
    expect(chart.locator(".legend")).to_have_text("Passeport")  # the chart redrawn too
    page.wait_for_function("() => location.search.includes('title_type=passport')", timeout=10_000)
    shots(page, "today-fr-passport")

    page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Données").click()
    settled(page, "Historique des imports")
    wait_for_card(page, "Lignes en quarantaine", str(fx.QUARANTINED))
    expect(page.get_by_text("Date des données")).to_be_visible()
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(3)
    shots(page, "data-fr", height=1900)

    # Back to today: the filter chosen earlier is still applied.
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Aujourd'hui").click()
    settled(page, "Demandes déposées")
    wait_for_card(page, "Demandes déposées", "1")
    context.close()


def test_english_on_request(server, browser, shots):
    context = browser.new_context(viewport={"width": 1400, "height": 1100}, locale="en-GB")
    page = context.new_page()
    page.goto(f"{server}/?lang=en&{PERIOD}")
    settled(page, "Applications submitted")
    expect_cards(page, {
        "Applications submitted": "4", "Titles delivered": "2", "Applications open": "3", "Contacts received": "5",
    })
    expect(page.get_by_text(f"Data as of {fx.AS_OF_EN}")).to_be_visible()
    shots(page, "today-en")

    page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Data").click()
    settled(page, "Import history")
    wait_for_card(page, "Rows in quarantine", str(fx.QUARANTINED))
    shots(page, "data-en", height=1900)
    context.close()

"""A real browser journey: the served dashboard, driven in Debian's headless Chromium.

The server runs on a small warehouse built through the import (tests/app_fixtures.py). Screenshots
go to pytest's tmp dir and to /tmp/oncedone-shots/ for a person to look at.
"""

from playwright.sync_api import expect

from tests import app_fixtures as fx
from tests.browser_support import PERIOD, browser, expect_cards, server, settled, shots, wait_for_card  # noqa: F401 (fixtures)


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
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(2)  # completeness, import history
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

"""A real browser journey: the served dashboard, driven in Debian's headless Chromium.

The server runs on a small warehouse built through the import (tests/app_fixtures.py). Screenshots
go to pytest's tmp dir and to /tmp/oncedone-shots/ for a person to look at.
"""

import pytest
from playwright.sync_api import Page, expect

from tests import app_fixtures as fx
from tests.browser_support import (  # noqa: F401 (fixtures)
    browser,
    expect_cards,
    idle,
    screenshot_on_failure,
    server,
    settled,
    shots,
    wait_for_card,
)

PERIOD = f"from={fx.PERIOD[0]}&to=2018-11-20"  # the day shown: 20 November (see tests/test_pages.py)


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
    settled(page, "Demandes en cours")
    expect_cards(page, {"Demandes en cours": "3", "Délivrés, 90e centile": "15,2\u202fjours"})
    expect(page.get_by_text(f"Données au {fx.AS_OF_FR}")).to_be_visible()
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    expect(chart.locator(".legend")).to_contain_text("Moyenne sur 7 jours")
    shots(page, "today-fr")

    # Choose a title type in the sidebar: the numbers and the URL follow.
    page.locator('[data-testid="stMultiSelect"]').filter(has_text="Type de titre").click()
    page.get_by_role("option", name="Passeport").click()
    page.keyboard.press("Escape")
    wait_for_card(page, "Demandes en cours", "0")
    page.wait_for_function("() => location.search.includes('title_type=passport')", timeout=10_000)
    shots(page, "today-fr-passport")

    page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Données").click()
    settled(page, "Historique des imports")
    wait_for_card(page, "Lignes en quarantaine", str(fx.QUARANTINED))
    expect(page.get_by_text("Date des données")).to_be_visible()
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(3)  # events (editable), completeness, import history
    shots(page, "data-fr", height=1900)

    # Back to today: the filter chosen earlier is still applied.
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Aujourd'hui").click()
    settled(page, "Demandes en cours")
    wait_for_card(page, "Demandes en cours", "0")
    context.close()


def test_english_on_request(server, browser, shots):
    context = browser.new_context(viewport={"width": 1400, "height": 1100}, locale="en-GB")
    page = context.new_page()
    page.goto(f"{server}/?lang=en&{PERIOD}")
    settled(page, "Open applications")
    expect_cards(page, {"Open applications": "3", "Delivered, 90th centile": "15.2 days", "Days to clear": "10.5 days"})
    expect(page.get_by_text(f"Data as of {fx.AS_OF_EN}")).to_be_visible()
    shots(page, "today-en")

    page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Data").click()
    settled(page, "Import history")
    wait_for_card(page, "Rows in quarantine", str(fx.QUARANTINED))
    shots(page, "data-en", height=1900)
    context.close()


def set_day(page: Page, label: str, day: str, month: str, year: str) -> None:
    """Type a day into a date input as a person would: day, month and year fields, then leave it."""
    field = page.locator('[data-testid="stDateInput"]').filter(has_text=label)
    field.locator('[data-type="day"]').click()
    page.keyboard.type(day + month + year)  # each field moves to the next once full
    page.locator("h1").first.click()  # the widget sends its value when it loses focus


def test_journey_change_the_day_and_a_filter_then_reload_the_same_view(server, browser, shots):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.goto(f"{server}/?{PERIOD}")
    settled(page, "Demandes en cours")
    wait_for_card(page, "Demandes en cours", "3")
    expect(page.locator('[data-testid="stPlotlyChart"]')).to_have_count(3)

    # 13 November: R1, R2, R3 (rejected the 14th) and R5 are open.
    set_day(page, "Jour affiché", "13", "11", "2018")
    wait_for_card(page, "Demandes en cours", "4")
    page.wait_for_function("() => location.search.includes('to=2018-11-13')", timeout=10_000)
    page.locator('[data-testid="stMultiSelect"]').filter(has_text="Type de titre").click()
    page.get_by_role("option", name="Passeport").click()
    page.keyboard.press("Escape")
    wait_for_card(page, "Demandes en cours", "1")  # R1 alone
    page.wait_for_function("() => location.search.includes('title_type=passport')", timeout=10_000)
    shots(page, "today-fr-13-nov-passport")

    # The URL is the view: a new reader opening it sees the same day, filter and numbers.
    again = context.new_page()
    again.goto(page.url)
    settled(again, "Demandes en cours")
    wait_for_card(again, "Demandes en cours", "1")
    field = again.locator('[data-testid="stDateInput"]').filter(has_text="Jour affiché")
    expect(field.locator('[data-testid="hidden-dateinput-container"] input')).to_have_value("2018-11-13")
    context.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_journey_every_page_opens_without_an_error_box(server, browser, lang):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    for path in ("", "backlog", "delivery", "contacts", "data", "quarantine"):
        page.goto(f"{server}/{path}?{PERIOD}&lang={lang}")
        expect(page.locator('[data-testid="stHeading"]').first).to_be_visible(timeout=60_000)
        idle(page)
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        expect(page.get_by_text("Page not found")).to_have_count(0)
    context.close()


def test_a_title_type_attention_item_opens_the_backlog_drilled_and_leaves_the_filter(server, browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="fr-FR")
    page = context.new_page()
    page.goto(f"{server}/?{PERIOD}")
    settled(page, "Points d'attention")
    # R5, a driving licence, turned late this week (see tests/test_pages.py).
    page.locator('[data-testid="stPageLink"]').filter(has_text="Permis de conduire").click()
    settled(page, "Stock de demandes en cours")
    page.wait_for_function("() => location.search.includes('bl_title=driving_licence')", timeout=10_000)
    # Drilled: the type's own stages and ages are drawn, and their pickers are enabled.
    settled(page, "Permis de conduire\u202f: stock par étape et ancienneté")
    expect(page.get_by_role("combobox", name="Type de titre").first).to_be_visible()
    expect(page.locator(".st-key-bl_stage input")).to_be_enabled()
    assert "title_type=" not in page.url
    expect(page.locator(".st-key-flt_title_types [data-baseweb=tag]")).to_have_count(0)  # the global filter untouched
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Aujourd'hui").click()
    settled(page, "Points d'attention")
    wait_for_card(page, "Demandes en cours", "3")  # every type, as before the click
    context.close()


@pytest.mark.parametrize(("path", "width"), [("delivery", 760), ("contacts", 760), ("", 760), ("", 1440)])
def test_the_cards_show_their_whole_labels_and_values(server, browser, shots, path, width):
    context = browser.new_context(viewport={"width": width, "height": 1000}, locale="fr-FR")
    page = context.new_page()
    page.goto(f"{server}/{path}?from={fx.PERIOD[0]}&to={fx.PERIOD[1]}")
    expect(page.locator('[data-testid="stMetric"]').first).to_be_visible(timeout=60_000)
    idle(page)
    cut = page.evaluate("""() => [...document.querySelectorAll(
        '[data-testid="stMetricValue"], [data-testid="stMetricValue"] *, [data-testid="stMetricLabel"] *')]
        .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)""")
    assert cut == []
    shots(page, f"{path or 'today'}-{width}", width=width, height=2400)
    context.close()

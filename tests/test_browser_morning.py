"""The director's first morning in a real browser (issue 13), on tests/director_fixtures.py's
warehouse: the default working day, a day typed in the date field, every red card listed."""

import pytest
from playwright.sync_api import expect

from tests import director_fixtures as fx
from tests.browser_support import (  # noqa: F401 (the shared browser fixtures)
    browser,
    dashboard,
    idle,
    screenshot_on_failure,
    settled,
    shots,
)
from tests.test_browser import set_day


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    directory = tmp_path_factory.mktemp("browser_morning")
    log = tmp_path_factory.mktemp("server_morning") / "streamlit.log"
    with dashboard(directory / "morning.duckdb", lambda: fx.build(directory), log) as base:
        yield base


def test_the_day_typed_is_the_day_shown(server, browser, shots):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="fr-FR")
    page = context.new_page()
    page.goto(server)
    # as_of is Monday 31 December: the last complete working day, Friday 28, is shown.
    settled(page, "Indicateurs du 28/12/2018")
    page.wait_for_function("() => location.search.includes('to=2018-12-28')", timeout=10_000)
    # An earlier day than the trends' start (30/09): it is shown, the trends move with it.
    set_day(page, "Jour affiché", "01", "03", "2018")
    settled(page, "Indicateurs du 01/03/2018")
    page.wait_for_function("() => location.search.includes('to=2018-03-01')"
                           " && location.search.includes('from=2018-01-02')", timeout=10_000)
    expect(page.get_by_text("Indicateurs du 30/09/2018")).to_have_count(0)
    shots(page, "morning-day-typed", width=1440)

    # A link with the day alone shows that day too.
    page.goto(f"{server}/?to=2018-06-01")
    settled(page, "Indicateurs du 01/06/2018")
    page.wait_for_function("() => location.search.includes('from=2018-03-04')", timeout=10_000)
    context.close()


def test_every_red_card_is_in_the_attention_list(server, browser, shots):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="fr-FR")
    page = context.new_page()
    page.goto(f"{server}/?to={fx.CRISIS_DAY.isoformat()}")
    settled(page, "Points d'attention")
    items = page.locator('[data-testid="stPageLink"]').filter(has_text="hors seuil")
    expect(items).to_have_count(fx.RED_ON_CRISIS_DAY, timeout=30_000)
    for label in ("Réglé au premier contact", "Délivrés dans le délai", "Délai réel, 90e centile"):
        expect(items.filter(has_text=label)).to_have_count(1)
    shots(page, "morning-attention", width=1440)
    context.close()

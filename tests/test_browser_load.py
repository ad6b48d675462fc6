"""The load page in a real browser (issue 19), on tests/load_fixtures.py's warehouse: a director
opens a week, reads each team's breaking point, picks another team, keeps the phone only, moves to
another week; every chart draws something, no agent is ever named, axe-core finds nothing serious."""

import re

import pytest
from playwright.sync_api import Page, expect

from oncedone import i18n
from tests import accessibility as a11y
from tests import load_fixtures as fx
from tests.browser_support import (  # noqa: F401 (the shared browser fixtures)
    browser,
    dashboard,
    idle,
    screenshot_on_failure,
    settled,
)
from tests.test_browser import set_day

TITLE = "Charge des équipes"
AGENT_IDS = (*fx.AGENTS, *fx.MAIL_AGENTS)
# "**N1 phone** : le taux de réponse se dégrade à partir de **5,3** contacts offerts ... (intervalle à 90 % : 5,2 à 5,3)".
FOUND = re.compile(r"N1 phone\s*:\s*le taux de réponse se dégrade à partir de (\d+,\d) contacts offerts .*"
                   r"intervalle à 90\s*%\s*:\s*(\d+,\d) à (\d+,\d)")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    directory = tmp_path_factory.mktemp("browser_load")
    log = tmp_path_factory.mktemp("server_load") / "streamlit.log"
    with dashboard(directory / "load.duckdb", lambda: fx.build(directory), log) as base:
        yield base


def number(text: str) -> float:
    return float(text.replace(",", "."))


def charts_drawn(page: Page) -> list[int]:
    """For each Plotly chart on the page, how many values its traces draw (x, or z for the grid)."""
    return page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')].map(gd =>
        (gd.data || []).reduce((n, t) => n + ((t.z && t.z.length) || (t.x && t.x.length) || 0), 0))""")


def expect_charts_drawn(page: Page, at_least: int) -> None:
    expect(page.locator('[data-testid="stPlotlyChart"]').nth(at_least - 1)).to_be_visible(timeout=30_000)
    idle(page)
    drawn = charts_drawn(page)
    assert len(drawn) >= at_least and all(n > 0 for n in drawn), drawn


def expect_no_agent(page: Page) -> None:
    """No agent id in the page's text nor in any chart's data (hover texts included)."""
    text = page.locator('[data-testid="stMain"]').inner_text()
    data = page.evaluate("() => JSON.stringify([...document.querySelectorAll('.js-plotly-plot')].map(gd => gd.data))")
    for agent in AGENT_IDS:
        assert not re.search(rf"\b{agent}\b", text), agent
        assert f'"{agent}"' not in data, agent


def choose(page: Page, widget: str, option: str) -> None:
    """Pick an option of a selectbox or multiselect by its key, as a person would."""
    page.locator(f".st-key-{widget}").click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    idle(page)


def test_a_director_reads_the_breaking_points_then_changes_team_channel_and_week(server, browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="fr-FR")
    page = context.new_page()
    page.goto(f"{server}/load?from={fx.WEEKS[0][0]}&to={fx.WEEKS[0][1]}")
    settled(page, TITLE)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)

    # The phone team's answered share falls from 95 % at a load of 5 to 85 % at 6 (load_fixtures):
    # its breaking point lies between them, inside its own interval.
    found = page.get_by_text(FOUND)
    expect(found).to_have_count(1)
    point, low, high = (number(v) for v in FOUND.search(found.inner_text()).groups())
    assert 5 <= point <= 6 and low <= point <= high, (point, low, high)
    # The mail team's few contacts give no number, only the reason why.
    expect(page.get_by_text("N1 mail : pas assez de données pour dire à partir de quelle charge")).to_be_visible()
    # Against the load (2), by half hour, by day (2), the rhythm (2); three agents a half hour: no spread.
    expect_charts_drawn(page, 7)
    expect(page.get_by_text(i18n.t("load.distribution_none", "fr", minimum="5"))).to_be_visible()
    expect_no_agent(page)

    # Another team: its charts follow.
    choose(page, "load_team", "N1 mail")
    expect(page.locator(".st-key-load_team input")).to_have_value("N1 mail")
    expect_charts_drawn(page, 5)
    expect_no_agent(page)

    # The phone only: the mail team leaves the table and the team list.
    choose(page, "flt_channels", "Téléphone")
    page.wait_for_function("() => location.search.includes('channel=phone')", timeout=30_000)
    settled(page, TITLE)
    table = page.locator('[data-testid="stDataFrame"]').first
    expect(table).to_contain_text("N1 phone")
    expect(table).not_to_contain_text("N1 mail")
    expect(page.locator(".st-key-load_team input")).to_have_value("N1 phone")
    expect(found).to_have_count(1)

    # Another week, typed in the filter bar: the last day first, so the period never runs backwards.
    day, month, year = reversed(fx.WEEKS[1][1].split("-"))
    set_day(page, "Au", day, month, year)
    page.wait_for_function(f"() => location.search.includes('to={fx.WEEKS[1][1]}')", timeout=30_000)
    day, month, year = reversed(fx.WEEKS[1][0].split("-"))
    set_day(page, "Du", day, month, year)
    page.wait_for_function(f"() => location.search.includes('from={fx.WEEKS[1][0]}')", timeout=30_000)
    settled(page, TITLE)
    expect(page.get_by_text("Du 29/10/2018 au 04/11/2018", exact=False)).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(found).to_have_count(1)
    expect_charts_drawn(page, 7)
    expect_no_agent(page)

    # axe-core, as on the other pages (tests/test_browser_accessibility.py): nothing serious of ours.
    serious = [(v["id"], n["target"]) for v in a11y.ours(a11y.audit(page)) if v["impact"] in ("serious", "critical")
               for n in v["nodes"]]
    assert serious == []
    context.close()

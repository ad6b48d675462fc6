"""The login end to end, in a real browser, with a real identity provider (oidc-provider-mock, an
Authlib authorisation server on this machine): the server in the oidc mode answers with the login
screen and no number; the passports' team lead logs in, lands on Today, the sidebar says who and
what they see, the filter bar offers passports only, a forged link naming identity cards shows
none of them and says so, the data team's pages stay out of reach; they log out.

Streamlit's login broke twice in 1.57-1.58: this journey is what catches it.
"""

import json
import re
import urllib.request

import oidc_provider_mock
import pytest
from playwright.sync_api import expect

from oncedone import audit, config
from tests import app_fixtures as fx
from tests.browser_support import browser, dashboard, free_port, screenshot_on_failure, shots  # noqa: F401

LEAD = {"email": "lead75@agency.example", "groups": ["lead_passport", "some_other_group"]}
GROUPS = """
[access.groups.lead_passport]
title_types = ["passport"]
departments = "all"

[access.groups.data]
title_types = "all"
departments = "all"
data_team = true
"""


def settled(page, text: str) -> None:
    """`text` shown and the run finished; Today's first run after a login is the longest of the suite
    on a loaded machine (a cold server), so this waits longer than tests/browser_support.py's."""
    expect(page.get_by_text(text, exact=False).first).to_be_visible(timeout=120_000)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=120_000)
    expect(page.locator('[data-stale="true"]')).to_have_count(0, timeout=120_000)


@pytest.fixture(scope="module")
def provider():
    with oidc_provider_mock.run_server_in_thread(port=0) as server:
        base = f"http://localhost:{server.server_port}"
        request = urllib.request.Request(f"{base}/users/lead75", data=json.dumps(LEAD).encode(), method="PUT",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 204
        yield base


@pytest.fixture(scope="module")
def server(tmp_path_factory, provider):
    """The dashboard in the oidc mode, its login set in a secrets file of its own."""
    directory = tmp_path_factory.mktemp("login")
    port = free_port()
    settings = directory / "oncedone.toml"
    settings.write_text(config.DEFAULT_PATH.read_text(encoding="utf-8").replace('mode = "open"', 'mode = "oidc"') + GROUPS,
                        encoding="utf-8")
    secrets = directory / "secrets.toml"
    secrets.write_text(f'''[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "{"k" * 40}"
client_id = "oncedone"
client_secret = "not-a-secret-in-tests"
server_metadata_url = "{provider}/.well-known/openid-configuration"
''', encoding="utf-8")
    log = directory / "streamlit.log"
    with dashboard(directory / "warehouse.duckdb", lambda: fx.build(directory), log, port=port,
                   env={"ONCEDONE_CONFIG": str(settings)}, args=(f"--secrets.files={secrets}",)) as base:
        yield base, directory / "warehouse.duckdb"


def test_a_team_lead_logs_in_sees_their_scope_and_logs_out(server, browser, shots):
    base, warehouse = server
    context = browser.new_context(viewport={"width": 1440, "height": 1100}, locale="fr-FR")
    page = context.new_page()
    page.goto(base)
    settled(page, "Connexion requise")
    expect(page.locator('[data-testid="stMetric"]')).to_have_count(0)  # not one indicator before the login
    shots(page, "login-screen-fr", height=700)

    page.get_by_role("button", name="Se connecter").click()
    page.locator("input[name=sub]").wait_for(timeout=60_000)  # the identity provider's own form
    page.locator("input[name=sub]").fill("lead75")
    page.get_by_role("button", name="Authorize").click()

    settled(page, "Périmètre")
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text("lead75@agency.example")).to_be_visible()
    expect(sidebar.get_by_text("Périmètre\u202f: Passeport × tous les départements")).to_be_visible()
    expect(page.get_by_role("heading", name="Aujourd'hui").first).to_be_visible()
    expect(page.locator('[data-testid="stMetric"]').first).to_be_visible(timeout=60_000)
    nav = page.locator('[data-testid="stSidebarNav"]')
    expect(nav.get_by_text("Aujourd'hui")).to_be_visible()
    expect(nav.get_by_text("Quarantaine")).to_have_count(0)  # not the data team
    expect(nav.get_by_text("Données")).to_have_count(0)
    shots(page, "login-lead-passport-today-fr")

    titles = sidebar.locator('[data-testid="stMultiSelect"]').first  # the filter bar's title types
    titles.click()
    options = page.locator('[role="option"]')
    expect(options).to_have_count(1)  # passports only
    expect(options.first).to_have_text("Passeport")
    page.keyboard.press("Escape")

    page.goto(f"{base}/backlog?title_type=id_card")  # a forged link: identity cards are not theirs
    settled(page, "hors de votre périmètre")
    expect(page.get_by_text("Ce lien nomme Carte d'identité, hors de votre périmètre").first).to_be_visible()
    expect(page).not_to_have_url(re.compile("id_card"))  # the URL keeps nothing outside the scope

    page.goto(f"{base}/quarantine")  # typed by hand: the page is not theirs
    settled(page, "Périmètre")
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text("Page not found")).to_be_visible()  # Streamlit's own words, then the main page
    expect(page.get_by_role("heading", name="Quarantaine")).to_have_count(0)
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("heading", name="Aujourd'hui").first).to_be_visible()

    sidebar.get_by_role("button", name="Se déconnecter").click()
    end_session = page.get_by_role("button", name="End session")  # the provider asks, then sends back
    end_session.wait_for(timeout=60_000)
    end_session.click()
    settled(page, "Connexion requise")
    expect(page.locator('[data-testid="stMetric"]')).to_have_count(0)

    rows = audit.recent(warehouse).filter(subject="lead75")
    assert {"login", "view"} <= set(rows["action"].to_list())
    assert set(rows["email"].to_list()) == {"lead75@agency.example"}

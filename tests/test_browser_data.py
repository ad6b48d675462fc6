"""A data officer's journey in a real browser: upload an export on the data page, see the import's
summary and the new as-of, find the refused row in the quarantine and download it.

This module has its own server and warehouse (tests/browser_support.py): its import changes no
other module's numbers.
"""

import re

from playwright.sync_api import Page, expect

from tests import app_fixtures as fx
from tests.browser_support import (  # noqa: F401 (fixtures)
    browser,
    idle,
    screenshot_on_failure,
    server,
    settled,
    shots,
    wait_for_card,
)
from tests.conftest import REQUESTS_HEADER

# R8 loads (2 December 10:00 in Paris: the new as_of); R9's title type is unknown: quarantined.
EXPORT = (REQUESTS_HEADER + "\nR8,passport,2018-12-02 10:00,75,online,C8\nR9,boat_licence,2018-12-02 11:00,75,online,C9\n").encode()


def upload(page: Page, name: str, data: bytes, button: str) -> None:
    page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(  # the exports', before the events'
        files=[{"name": name, "mimeType": "text/csv", "buffer": data}]
    )
    expect(page.locator('[data-testid="stFileChip"]')).to_have_count(1, timeout=30_000)  # its name is shortened
    idle(page)
    page.get_by_role("button", name=button, exact=True).click()


def tables_drawn(page: Page, *texts: str) -> None:
    """Wait until the grids have drawn these cells (they draw after the rest of the page)."""
    for text in texts:
        expect(page.get_by_text(text).first).to_be_attached(timeout=30_000)


def test_upload_on_the_data_page_shows_the_summary_and_the_new_as_of(server, browser, shots):
    context = browser.new_context(viewport={"width": 1440, "height": 1100}, locale="fr-FR", accept_downloads=True)
    page = context.new_page()
    page.goto(f"{server}/data")
    settled(page, "Importer des exports")
    wait_for_card(page, "Date des données", fx.AS_OF_FR)

    upload(page, "requests-december.csv", EXPORT, "Importer")

    summary = page.get_by_text(re.compile(r"Import 2\u202f: chargé en partie, en .*Lignes mises en quarantaine\u202f: 1"))
    expect(summary).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Données désormais à jour au 02/12/2018 10:00 (heure de Paris).")).to_be_visible()
    wait_for_card(page, "Date des données", "02/12/2018 10:00")
    wait_for_card(page, "Demandes", "8")
    wait_for_card(page, "Lignes en quarantaine", str(fx.QUARANTINED + 1))
    tables_drawn(page, "title_type «\u202fboat_licence\u202f» n'est pas une valeur prévue", "Contacts sans usager identifié", "requests-december.csv")
    shots(page, "data-upload-fr", height=2600, width=1440)

    # The refused row, in the quarantine, ready to download in the contract's form.
    page.get_by_text(re.compile("Lignes en quarantaine\u202f: 3. Les voir")).click()
    settled(page, "Quarantaine\u202f: les lignes refusées")
    page.locator('[data-testid="stMultiSelect"]').filter(has=page.get_by_text("Fichier", exact=True)).click()
    page.get_by_role("option", name="requests-december.csv").click()
    page.keyboard.press("Escape")
    page.wait_for_function("() => location.search.includes('q_file=requests-december.csv')", timeout=10_000)
    button = page.get_by_role("button", name=re.compile("Télécharger les lignes «\\sDemandes\\s» \\(1\\)"))
    expect(button).to_be_visible(timeout=30_000)
    with page.expect_download() as download:
        button.click()
    saved = download.value.path().read_bytes().decode("utf-8")
    assert saved == (
        "\ufeffrequest_id;title_type;submitted_at;department;submission_channel;citizen_id\r\n"
        "R9;boat_licence;2018-12-02 11:00;75;online;C9\r\n"
    )
    tables_drawn(page, "boat_licence")
    shots(page, "quarantine-fr", height=1400, width=1440)
    context.close()


def test_the_data_page_in_english_after_the_upload(server, browser, shots):
    # Runs after the French journey (same module, same server): the summary of another session is
    # not shown here, the new data is.
    context = browser.new_context(viewport={"width": 1440, "height": 1100}, locale="en-GB")
    page = context.new_page()
    page.goto(f"{server}/data?lang=en")
    settled(page, "Import export files")
    wait_for_card(page, "Data as of", "2018-12-02 10:00")
    expect(page.get_by_text("Result of this page's last import")).to_have_count(0)
    tables_drawn(page, "Contacts without an identified citizen", "requests-december.csv")
    shots(page, "data-en", height=2400, width=1440)
    context.close()

"""The data and quarantine pages, run headless with AppTest on a copy of the small warehouse
(tests/app_fixtures.py): freshness, upload through the page, completeness, history, quarantine.

Hand-worked values for the default period: 90 days ending on the last complete day (30 November,
the day before as_of's), cut at the data's first day (R4, 20 October): 20 October to 30 November.
  contacts: K1, K2, K3, K4, K6, K7 = 6 (K5 is 1 December, K9 quarantined); without a citizen: K3;
            every request_id named (R1, R2, R3, R4, R7) is known: 0 unmatched;
  applications submitted: R1, R2, R3, R4, R5, R7 = 6 (R6 is 1 December at 00:30 in Paris), all
            with a department;
  channel days: each channel's usual weekdays from its first contact to 1 December, public holidays
            left out: phone got calls on 1 of 5 Tuesdays (30 October), 1 of 5 Wednesdays and 1 of 4
            Thursdays (1 November is a holiday): no weekday usual, nothing expected; likewise email
            and chatbot; webform's first contact is K5 on Saturday 1 December, after the period:
            no channel-day expected in the period at all.
"""


import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from tests import app_fixtures as fx
from tests.conftest import CONTACTS_HEADER, REQUESTS_HEADER, copy_warehouse
from tests.test_pages import captions, cards, run, tables

GOOD = (REQUESTS_HEADER + "\nR8,passport,2018-12-02 10:00,75,online,C8\n").encode()
PARTLY_BAD = (
    CONTACTS_HEADER
    + "\nK10,phone,2018-12-01 09:00,,resolved,other,C1,,,,,"
    + "\nK11,phone,2018-12-01 09:30,,resolved,weather,C1,,,,,\n"  # line 3: reason "weather"
).encode()
UNUSABLE = b"name,age\nBob,3\n"


@pytest.fixture(scope="module")
def small_warehouse(tmp_path_factory):
    return fx.build(tmp_path_factory.mktemp("data-pages"))


@pytest.fixture
def warehouse(small_warehouse, tmp_path, monkeypatch):
    """A copy of the small warehouse for one test (an upload changes it)."""
    copy = tmp_path / "warehouse.duckdb"
    copy_warehouse(small_warehouse, copy)
    monkeypatch.setenv("ONCEDONE_WAREHOUSE", str(copy))
    return copy


def data_page(lang: str = "fr", **params) -> AppTest:
    at = run(AppTest.from_file("../dashboard.py", default_timeout=60), lang=lang, **params)
    at.switch_page("views/data.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.file_uploader[0].set_value([(name, data, "text/csv") for name, data in files]).run()
    at.button(key="data_upload_button").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table_by_column(at: AppTest, column: str):
    return next(t for t in tables(at) if column in t.columns)


def test_data_page_in_french_shows_freshness_completeness_and_history(warehouse):
    at = data_page()
    shown = cards(at)
    assert shown["Date des données"] == fx.AS_OF_FR
    assert shown["Lignes en quarantaine"] == str(fx.QUARANTINED)
    assert (shown["Demandes"], shown["Événements de demande"], shown["Contacts reçus"]) == ("7", "6", "7")
    assert at.title[0].value == "Données et imports"
    assert "Du 20/10/2018 au 30/11/2018." in captions(at)

    measures = table_by_column(at, "Mesure")
    assert list(zip(measures["Mesure"], measures["Concernés"], measures["Sur"])) == [
        ("Contacts sans usager identifié", 1, 6),  # K3
        ("Contacts liés à une demande inconnue", 0, 6),
        ("Demandes sans département", 0, 6),
        ("Jours sans données d'un canal", 0, 0),
    ]
    assert measures["Part"].isna().tolist() == [False, False, False, True]  # a share of no channel-day is no number
    assert "Aucun jour sans données sur la période, pour aucun canal." in [s.value for s in at.success]

    history = table_by_column(at, "Fichiers")
    assert list(history["Fichiers"]) == ["contacts.csv, events.csv, requests.csv"]  # one import of three files
    assert list(history["Résultat"]) == ["En partie (quarantaine)"]
    assert (history["Lues"][0], history["Nouvelles"][0], history["En quarantaine"][0]) == (22, 20, 2)  # 7 + 7 + 8 read
    assert at.get("page_link")[0].proto.page.endswith("quarantine")


def test_the_channel_filter_reaches_completeness(warehouse):
    at = data_page(channel="phone")
    measures = table_by_column(at, "Mesure")
    # Phone in the period: K1, K4, K6, all with a citizen and a known application; applications unchanged.
    assert list(measures["Concernés"][:3]) == [0, 0, 0]
    assert list(measures["Sur"]) == [3, 3, 6, 0]


def test_data_page_in_english(warehouse):
    at = data_page("en")
    assert at.title[0].value == "Data and imports"
    assert cards(at)["Data as of"] == fx.AS_OF_EN
    assert list(table_by_column(at, "Measure")["Measure"])[0] == "Contacts without an identified citizen"
    assert list(table_by_column(at, "Files")["Outcome"]) == ["Partly (quarantine)"]
    assert at.file_uploader[0].label == "Export files"


def test_upload_of_a_good_file_shows_the_summary_and_the_new_data(warehouse):
    at = data_page()
    at = upload(at, ("good.csv", GOOD))
    [success] = at.success[:1]
    assert success.value.startswith("Import 2\u202f: toutes les lignes ont été chargées, en ")
    assert "Données désormais à jour au 02/12/2018 10:00 (heure de Paris)." in [m.value for m in at.markdown]
    files = table_by_column(at, "Type de fichier")
    assert (files["Fichier"][0], files["Type de fichier"][0], files["Lues"][0], files["Nouvelles"][0]) == ("good.csv", "Demandes", 1, 1)
    # The page ran again on the swapped warehouse: its cached datasets show the new data.
    shown = cards(at)
    assert (shown["Date des données"], shown["Demandes"]) == ("02/12/2018 10:00", "8")
    history = table_by_column(at, "Fichiers")
    assert list(history["Fichiers"]) == ["good.csv", "contacts.csv, events.csv, requests.csv"]  # newest first
    assert (history["Résultat"][0], history["Commande"][0]) == ("Tout chargé", "dashboard upload: good.csv")
    assert at.file_uploader[0].value in (None, [])  # emptied for the next import


def test_upload_of_a_partly_bad_file_quarantines_the_bad_row(warehouse):
    at = upload(data_page(), ("contacts-dec.csv", PARTLY_BAD))
    assert [w.value for w in at.warning][0].startswith("Import 2\u202f: chargé en partie, en ")
    assert "Lignes mises en quarantaine\u202f: 1\u202f; toutes les autres sont chargées." in at.warning[0].value
    rejected = table_by_column(at, "Détail")
    assert list(zip(rejected["Fichier"], rejected["Raison"], rejected["Lignes"], rejected["Ligne"], rejected["Détail"])) == [
        ("contacts-dec.csv", "Valeur inconnue", 1, 3, "reason «\u202fweather\u202f» n'est pas une valeur prévue"),
    ]
    assert (cards(at)["Contacts reçus"], cards(at)["Lignes en quarantaine"]) == ("8", "3")  # K10 loaded, K11 kept
    assert table_by_column(at, "Fichiers")["Résultat"][0] == "En partie (quarantaine)"


def test_upload_of_an_unusable_file_loads_nothing_and_says_why(warehouse):
    before = warehouse.read_bytes()
    at = upload(data_page(), ("good.csv", GOOD), ("junk.csv", UNUSABLE))
    assert at.error[0].value == (
        "Rien n'a été importé\u202f: junk.csv\u202f: type de fichier inconnu (son en-tête ne nomme aucune colonne des demandes, "
        "des événements de demande ni des contacts). Les données sont inchangées."
    )
    assert warehouse.read_bytes() == before  # not even the good file
    assert cards(at)["Demandes"] == "7"
    assert len(table_by_column(at, "Fichiers")) == 1  # no history row for a refused import


def test_a_missing_column_is_said_in_english_too(warehouse):
    at = upload(data_page("en"), ("calls.csv", b"contact_id,channel,outcome,reason\nK1,phone,resolved,other\n"))
    assert at.error[0].value == (
        "Nothing was imported: calls.csv: a file of kind “Contacts” needs the column(s) received_at. The data is unchanged."
    )


def test_a_file_over_the_size_limit_is_refused_before_importing(warehouse):
    from streamlit import config

    limit = config.get_option("server.maxUploadSize")
    config.set_option("server.maxUploadSize", 1)  # 1 MB for this test
    try:
        at = data_page()
        big = REQUESTS_HEADER.encode() + b"\n" + b"x" * (2**20)
        at.file_uploader[0].set_value([("big.csv", big, "text/csv")]).run()
        assert at.error[0].value == "Rien n'a été importé\u202f:\n- big.csv\u202f: 1,0 Mo, au-delà de la limite de 1 Mo."
        assert at.button(key="data_upload_button").disabled
    finally:
        config.set_option("server.maxUploadSize", limit)
    assert "500 Mo au plus chacun" in captions(data_page())  # the limit of .streamlit/config.toml


def test_days_without_data_are_listed_per_channel(tmp_path, monkeypatch):
    from oncedone.store import ingest
    from tests.conftest import write_lines
    from tests.test_data_golden import REQUESTS, contact_lines

    path = tmp_path / "gaps.duckdb"
    ingest.ingest(path, [write_lines(tmp_path / "requests.csv", REQUESTS_HEADER, *REQUESTS),
                         write_lines(tmp_path / "contacts.csv", CONTACTS_HEADER, *contact_lines())])
    monkeypatch.setenv("ONCEDONE_WAREHOUSE", str(path))
    # The golden period of tests/test_data_golden.py: chatbot misses 4 and 7 April, phone 28 March.
    at = data_page(**{"from": "2018-03-26", "to": "2018-04-08"})
    gaps = table_by_column(at, "Lesquels")
    assert list(zip(gaps["Canal"], gaps["Jours sans données"], gaps["Jours attendus"], gaps["Lesquels"])) == [
        ("Agent conversationnel", 2, 13, "04/04/2018, 07/04/2018"),
        ("Téléphone", 1, 9, "28/03/2018"),
    ]
    measures = table_by_column(at, "Mesure")
    assert list(measures["Concernés"]) == [2, 1, 2, 3]


# The quarantine page ----------------------------------------------------------------------------


@pytest.fixture
def downloads(monkeypatch) -> dict[str, bytes]:
    """The bytes behind each download button, by media file id (read back as a browser would)."""
    saved = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def recording(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        saved[file_id] = path_or_data
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", recording)
    return saved


def quarantine_page(lang: str = "fr", **params) -> AppTest:
    at = run(AppTest.from_file("../dashboard.py", default_timeout=60), lang=lang, **params)
    at.switch_page("views/quarantine.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def download(at: AppTest, key: str, saved: dict[str, bytes]) -> bytes:
    button = at.get("download_button")
    url = next(b.proto.url for b in button if b.proto.id.endswith(key))
    return saved[url.rsplit("/", 1)[1].split(".")[0]]


def test_quarantine_page_lists_rows_with_their_original_values_and_downloads_them(warehouse, downloads):
    at = quarantine_page()
    facets, rows = tables(at)
    assert sorted(zip(facets["Fichier"], facets["Raison"], facets["Lignes"])) == [
        ("contacts.csv", "Valeur inconnue", 1), ("events.csv", "Demande inconnue", 1),
    ]
    # Two kinds: the original values as one line of the file each.
    assert sorted(zip(rows["Fichier"], rows["Ligne"], rows["Valeurs d'origine"])) == [
        ("contacts.csv", 9, "K9,fax,2018-11-12 10:00,,resolved,other,C1,,,,,"),
        ("events.csv", 8, "R404,in_review,2018-11-10 10:00"),
    ]
    # One download per kind, in the contract's form (French: ";" and a BOM for spreadsheets).
    assert download(at, "quarantine_download_contacts", downloads).decode("utf-8") == (
        "\ufeffcontact_id;channel;received_at;answered_at;outcome;reason;citizen_id;request_id;team;agent_id;handle_seconds;csat\r\n"
        "K9;fax;2018-11-12 10:00;;resolved;other;C1;;;;;\r\n"
    )
    assert download(at, "quarantine_download_request_events", downloads).decode("utf-8") == (
        "\ufeffrequest_id;status;occurred_at\r\nR404;in_review;2018-11-10 10:00\r\n"
    )


def test_quarantine_filters_are_in_the_url_and_one_kind_shows_its_columns(warehouse, downloads):
    at = quarantine_page("en", q_kind="contacts")
    assert at.multiselect(key="quarantine_kinds").value == ["contacts"]
    rows = tables(at)[1]
    assert list(rows["Line"]) == [9]
    assert (rows["channel"][0], rows["reason"][0], rows["Reason"][0]) == ("fax", "other", "Unknown value")
    assert "Kind of file" not in rows.columns and "Id" not in rows.columns  # said by the columns already
    assert [b.proto.id.rsplit("-", 1)[1] for b in at.get("download_button")] == ["quarantine_download_contacts"]
    assert download(at, "quarantine_download_contacts", downloads).decode("utf-8").startswith("\ufeffcontact_id,channel,")

    at.multiselect(key="quarantine_kinds").unselect("contacts").run()
    at.multiselect(key="quarantine_reasons").select("unknown_request").run()
    assert at.query_params.get("q_reason") in ("unknown_request", ["unknown_request"])
    assert "q_kind" not in at.query_params
    assert list(tables(at)[1]["Line"]) == [8]


def test_a_downloaded_row_fixed_and_uploaded_leaves_the_quarantine(warehouse, downloads):
    at = quarantine_page()
    fixed = download(at, "quarantine_download_contacts", downloads).replace(b";fax;", b";email;")
    at = upload(data_page(), ("quarantine-contacts.csv", fixed))
    assert at.success[0].value.startswith("Import 2\u202f: toutes les lignes ont été chargées")
    assert "Lignes corrigées sorties de la quarantaine\u202f: 1." in [i.value for i in at.info]
    assert (cards(at)["Lignes en quarantaine"], cards(at)["Contacts reçus"]) == ("1", "8")
    at = quarantine_page()
    assert list(tables(at)[1]["request_id"]) == ["R404"]  # the other row stays


def test_an_empty_quarantine_says_so(tmp_path, monkeypatch):
    from oncedone.store import ingest
    from tests.conftest import write_lines

    path = tmp_path / "clean.duckdb"
    ingest.ingest(path, [write_lines(tmp_path / "r.csv", REQUESTS_HEADER, "R1,passport,2018-11-05 10:00,75,online,C1")])
    monkeypatch.setenv("ONCEDONE_WAREHOUSE", str(path))
    at = quarantine_page()
    assert at.success[0].value == "Aucune ligne en quarantaine\u202f: tout ce qui a été lu a été chargé."
    at = data_page()
    assert not at.get("page_link")  # no link to an empty quarantine


def test_an_import_started_in_an_earlier_run_is_followed_to_its_result(warehouse):
    """A click elsewhere stops the page's script, never the import (it has its own thread): the
    next run of the page finds the session's job, follows it and shows its result."""
    from oncedone.app import ui, uploads

    at = data_page()
    job = uploads.start(warehouse, [("good.csv", GOOD)])
    at.session_state[ui.UPLOAD_JOB] = job
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert job.done.is_set()
    assert at.success[0].value.startswith("Import 2\u202f: toutes les lignes ont été chargées")
    assert cards(at)["Demandes"] == "8"

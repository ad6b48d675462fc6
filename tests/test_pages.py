"""Every page, run headless with AppTest on a small warehouse built through the real import.

The expected numbers are worked out by hand in tests/app_fixtures.py.
"""

import json

import pytest
from streamlit.testing.v1 import AppTest

from oncedone.i18n import NNBSP
from tests import app_fixtures as fx

LABELS = {
    "fr": {
        "submitted_count": "Demandes déposées",
        "delivered_count": "Titres délivrés",
        "open_count": "Demandes en cours",
        "contacts_count": "Contacts reçus",
    },
    "en": {
        "submitted_count": "Applications submitted",
        "delivered_count": "Titles delivered",
        "open_count": "Applications open",
        "contacts_count": "Contacts received",
    },
}


# The default period: as_of is Dec 1 (Paris), so the 28 days from Nov 4 to Dec 1.
# submitted: R1, R2, R3, R7 and R6 (Dec 1, 00:30 in Paris) = 5; delivered: R1 (R4 was Nov 2) = 1;
# open at the end of Dec 1: R2, R5, R7, R6 = 4; contacts: K1, K2, K3, K6, K7, K5 (Dec 1) = 6.
DEFAULT_PERIOD_EXPECTED = {"submitted_count": 5, "delivered_count": 1, "open_count": 4, "contacts_count": 6}


@pytest.fixture(scope="module")
def small_warehouse(tmp_path_factory):
    return fx.build(tmp_path_factory.mktemp("pages"))


@pytest.fixture
def app(small_warehouse, monkeypatch):
    """A fresh session of the dashboard (not yet run) on the small warehouse."""
    monkeypatch.setenv("ONCEDONE_WAREHOUSE", str(small_warehouse))
    return AppTest.from_file("../dashboard.py", default_timeout=60)


def run(at: AppTest, **params) -> AppTest:
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def cards(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def expect_cards(at: AppTest, expected: dict[str, int], lang: str) -> None:
    assert cards(at) == {LABELS[lang][k]: str(v) for k, v in expected.items()}


def url(at: AppTest, name: str) -> list[str]:
    """A query parameter of the session's URL, always as a list (repeated keys)."""
    value = at.query_params.get(name, [])
    return [value] if isinstance(value, str) else list(value)


def tables(at: AppTest) -> list:
    """The page's tables as the reader sees them: columns under their labels."""
    shown = []
    for element in at.dataframe:
        labels = {name: c["label"] for name, c in json.loads(element.proto.columns).items() if "label" in c}
        shown.append(element.value.rename(columns=labels))
    return shown


def captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def test_today_in_french_shows_the_periods_numbers_from_the_url(app):
    at = run(app, **{"from": fx.PERIOD[0], "to": fx.PERIOD[1]})
    expect_cards(at, fx.EXPECTED, "fr")
    assert "Période du 01/11/2018 au 30/11/2018" in captions(at)
    assert f"Données à jour au {fx.AS_OF_FR} (heure de Paris)" in captions(at)
    assert at.title[0].value == "Aujourd'hui"
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    # Weeks of Nov 5 (R1 passport, R2 id card), Nov 12 (R3), Nov 19 (R7 id card), in French labels.
    assert sorted(trace["name"] for trace in spec["data"]) == ["Carte d'identité", "Immatriculation", "Passeport"]
    assert spec["layout"]["separators"] == "," + NNBSP
    assert spec["layout"]["xaxis"]["tickformat"] == "%d/%m/%Y"


def test_today_in_english_on_request(app):
    at = run(app, **{"from": fx.PERIOD[0], "to": fx.PERIOD[1], "lang": "en"})
    expect_cards(at, fx.EXPECTED, "en")
    assert "Period from 2018-11-01 to 2018-11-30" in captions(at)
    assert f"Data as of {fx.AS_OF_EN} (Paris time)" in captions(at)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert sorted(trace["name"] for trace in spec["data"]) == ["Identity card", "Passport", "Vehicle registration"]
    assert at.multiselect(key="flt_title_types").options == ["Passport", "Identity card", "Driving licence", "Vehicle registration"]


def test_default_period_is_the_four_weeks_ending_on_the_datas_last_day_and_goes_into_the_url(app):
    at = run(app)
    expect_cards(at, DEFAULT_PERIOD_EXPECTED, "fr")
    assert url(at, "from") == ["2018-11-04"]
    assert url(at, "to") == ["2018-12-01"]
    assert url(at, "lang") == []  # French is the default: the URL stays clean


def test_title_type_and_channel_filters_from_the_url(app):
    at = run(app, **{"from": fx.PERIOD[0], "to": fx.PERIOD[1], "title_type": ["passport"]})
    expect_cards(at, fx.EXPECTED_PASSPORT, "fr")
    assert at.multiselect(key="flt_title_types").value == ["passport"]

    at.multiselect(key="flt_title_types").unselect("passport").run()
    at.multiselect(key="flt_channels").select("phone").run()
    expect_cards(at, fx.EXPECTED_PHONE, "fr")
    assert url(at, "channel") == ["phone"]
    assert url(at, "title_type") == []

    at.button(key="flt_reset").click().run()  # back to no filter over the default period
    expect_cards(at, DEFAULT_PERIOD_EXPECTED, "fr")
    assert (url(at, "from"), url(at, "channel")) == (["2018-11-04"], [])


def test_a_widget_change_is_written_back_to_the_url_and_survives_a_page_switch(app):
    at = run(app, **{"from": fx.PERIOD[0], "to": fx.PERIOD[1]})
    at.multiselect(key="flt_title_types").select("passport").run()
    assert url(at, "title_type") == ["passport"]
    expect_cards(at, fx.EXPECTED_PASSPORT, "fr")

    at.switch_page("views/data.py").run()
    assert not at.exception
    at.switch_page("views/today.py").run()
    assert not at.exception
    expect_cards(at, fx.EXPECTED_PASSPORT, "fr")
    assert url(at, "title_type") == ["passport"]


def test_bad_url_values_are_ignored(app):
    at = run(app, **{"from": "not-a-date", "to": fx.PERIOD[1], "title_type": ["boat_licence", "passport"], "lang": "xx"})
    assert at.multiselect(key="flt_title_types").value == ["passport"]
    assert at.date_input(key="flt_from").value.isoformat() == "2018-11-04"  # 28 days ending at as_of's day
    assert cards(at)[LABELS["fr"]["submitted_count"]] == "1"  # R1 only


def test_language_switch_changes_the_words_and_the_url_and_keeps_the_filters(app):
    at = run(app, **{"from": fx.PERIOD[0], "to": fx.PERIOD[1], "title_type": ["passport"]})
    at.button_group(key="ui_lang").set_value("en").run()
    assert not at.exception
    expect_cards(at, fx.EXPECTED_PASSPORT, "en")
    assert url(at, "lang") == ["en"]
    assert url(at, "title_type") == ["passport"]
    assert at.date_input(key="flt_from").value.isoformat() == fx.PERIOD[0]
    at.button_group(key="ui_lang").set_value("fr").run()
    expect_cards(at, fx.EXPECTED_PASSPORT, "fr")
    assert url(at, "lang") == []


# The data and quarantine pages: tests/test_pages_data.py.


def test_a_missing_warehouse_gets_a_friendly_message(monkeypatch, tmp_path):
    monkeypatch.setenv("ONCEDONE_WAREHOUSE", str(tmp_path / "nowhere.duckdb"))
    for lang, words in (("fr", "Aucune donnée pour l'instant"), ("en", "No data yet")):
        at = AppTest.from_file("../dashboard.py", default_timeout=60)
        at.query_params["lang"] = lang
        at.run()
        assert not at.exception
        assert words in at.info[0].value
        assert "python -m oncedone demo --warehouse" in at.info[0].value


def test_a_warehouse_from_another_release_gets_a_message_not_a_traceback(monkeypatch, small_warehouse, tmp_path):
    import duckdb
    import shutil

    stale = tmp_path / "stale.duckdb"
    shutil.copy(small_warehouse, stale)
    with duckdb.connect(str(stale)) as con:
        con.execute("update warehouse_build set signature = 'an older release'")
    monkeypatch.setenv("ONCEDONE_WAREHOUSE", str(stale))
    at = AppTest.from_file("../dashboard.py", default_timeout=60)
    at.run()
    assert not at.exception
    assert "Entrepôt illisible" in at.info[0].value
    assert "oncedone upgrade" in at.info[0].value


def test_an_empty_warehouse_shows_zeros_and_says_so(monkeypatch, tmp_path):
    from oncedone import ingest
    from tests.conftest import REQUESTS_HEADER, write_lines

    only_bad = write_lines(tmp_path / "requests.csv", REQUESTS_HEADER, "R1,boat_licence,2018-11-05 10:00,75,online,C1")
    warehouse = tmp_path / "empty.duckdb"
    ingest.ingest(warehouse, [only_bad])  # the one row is quarantined: no application at all
    monkeypatch.setenv("ONCEDONE_WAREHOUSE", str(warehouse))
    at = run(AppTest.from_file("../dashboard.py", default_timeout=60))
    expect_cards(at, {"submitted_count": 0, "delivered_count": 0, "open_count": 0, "contacts_count": 0}, "fr")
    assert "Données à jour" not in captions(at)
    assert [i.value for i in at.info] == [
        "L'entrepôt ne contient encore aucune demande ni aucun contact.",
        "Aucune demande déposée sur cette période.",
    ]
    at.switch_page("views/data.py").run()
    assert not at.exception
    assert cards(at)["Lignes en quarantaine"] == "1"

"""The load page and the emerging-demand lines, run headless with AppTest on the load's hand-made
warehouse (tests/test_load_golden.py): no exception in either language, the period's numbers as
the engine computes them, and never an agent's id on the page."""

import json
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from oncedone import i18n
from oncedone.kpi import emerging
from oncedone.store import ingest
from tests.conftest import export_files
from tests.test_load_golden import CONTACTS, REQUESTS
from tests.test_pages import run

WEEK = {"from": "2018-11-01", "to": "2018-11-05"}
AGENT_IDS = ("A1", "A2", "B1", "B2")


@pytest.fixture(scope="module")
def load_warehouse(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages_load")
    path = folder / "warehouse.duckdb"
    assert ingest.ingest(path, export_files(folder, REQUESTS, [], CONTACTS)).exit_code == 0
    return path


@pytest.fixture
def app(load_warehouse, monkeypatch):
    monkeypatch.setenv("ONCEDONE_WAREHOUSE", str(load_warehouse))
    return AppTest.from_file("../dashboard.py", default_timeout=60)


def everything_said(at: AppTest) -> str:
    """Every text, table cell and chart spec of the page, to look for what must not be there."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    parts += [df.value.to_csv() for df in at.dataframe]
    parts += [chart.proto.spec for chart in at.get("plotly_chart")]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_load_page_shows_the_teams_and_never_an_agent(app, lang):
    at = app
    at.switch_page("views/load.py")
    run(at, **WEEK, lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == i18n.t("load.title", lang)
    table = at.dataframe[0].value
    # N1 phone over 1-5 November: 7 offered, 5 agent-half-hours over 4 staffed half hours (see the golden test).
    phone = table[(table.iloc[:, 0] == "N1 phone")]
    assert len(phone) == 1  # one channel: no "all channels" row beside it
    assert phone.iloc[0, 2] == 7
    said = everything_said(at)
    for agent in AGENT_IDS:
        assert f'"{agent}"' not in said and f" {agent} " not in said and f",{agent}," not in said
    # Too few agents for a distribution: said, not drawn.
    assert any(i18n.t("load.distribution_none", lang, minimum="5") == i.value for i in at.info)


def test_the_load_page_charts_follow_the_language(app):
    at = app
    at.switch_page("views/load.py")
    run(at, **WEEK)
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    assert specs and all(spec["layout"]["separators"] == i18n.plotly_separators("fr") for spec in specs)  # "1 234,5"


def test_the_contacts_page_says_when_nothing_is_emerging(app):
    at = app
    at.switch_page("views/contacts.py")
    run(at, **WEEK)
    assert not at.exception, [e.value for e in at.exception]
    assert any(s.value == i18n.t("emerging.none", "fr") for s in at.success)


def test_a_finding_links_to_its_contacts_from_its_first_day():
    finding = {"reason": "technical_issue", "title_type": "vehicle_registration", "channel": None, "department": None,
               "since_day": "2017-11-07", "contacts": 350, "expected_contacts": 31.0}
    view = emerging.finding_view(finding, date(2017, 11, 26), "en")
    assert view["page"] == "contacts"
    assert view["changes"] == {"from": "2017-11-07", "to": "2017-11-26", "title_type": ["vehicle_registration"]}
    assert "350 contacts since 2017-11-07 against 31 expected (+319)" in view["text"]
    loops = emerging.finding_view({"title_type": "driving_licence", "since_day": "2017-11-08", "incomplete": 483,
                                   "expected_incomplete": 144.0}, date(2017, 11, 26), "fr")
    assert loops["page"] == "delivery" and loops["changes"]["title_type"] == ["driving_licence"]

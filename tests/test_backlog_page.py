"""The backlog page at each drill level, run headless with AppTest on tests/backlog_fixtures.py's
warehouse; its numbers are compared with the report's for the same day and filters."""

import json

import plotly.io
import pytest
from streamlit.testing.v1 import AppTest

from oncedone import config, i18n
from oncedone.i18n import NNBSP
from oncedone.kpi import indicators
from oncedone.store.warehouse import Warehouse
from tests import backlog_fixtures as fx
from oncedone.access import EVERYTHING

PERIOD = {"from": fx.PERIOD[0].isoformat(), "to": fx.PERIOD[1].isoformat()}
VR = "vehicle_registration"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    return fx.build(tmp_path_factory.mktemp("backlog_page"))


@pytest.fixture
def app(warehouse, monkeypatch):
    monkeypatch.setenv("ONCEDONE_WAREHOUSE", str(warehouse))
    return AppTest.from_file("../dashboard.py", default_timeout=60)


def report(warehouse, **filters) -> dict:
    chosen = indicators.Selection(fx.PERIOD[0], fx.PERIOD[1], **filters, scope=EVERYTHING)
    return indicators.report(Warehouse(warehouse), chosen, config.load())


def open_page(at: AppTest, **params) -> AppTest:
    for name, value in {**PERIOD, **params}.items():
        at.query_params[name] = value
    at.switch_page("views/backlog.py")
    return ran(at)


def ran(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def cards(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def chart(at: AppTest, key: str):
    """A Plotly chart of the page as a Figure (its arrays decoded)."""
    for element in at.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        if element.proto.id.endswith(key) or key in element.proto.id:
            return plotly.io.from_json(json.dumps(spec))
    raise AssertionError(f"no chart {key}")


def bars(figure) -> dict[str, list]:
    """Each trace's values by name."""
    return {trace.name: list(trace.y if trace.orientation != "h" else trace.x) for trace in figure.data}


def table_ids(at: AppTest, oldest: bool = False) -> list[str]:
    """The application ids of the applications table (or of the oldest ones' table), in order."""
    for element in at.dataframe:  # a table without selections has no element id: tell them by their columns
        if ("submission_channel" not in element.value.columns) == oldest:
            return list(element.value["request_id"])
    raise AssertionError("no such table")


def url(at: AppTest, name: str):
    return at.query_params.get(name)


def test_level_0_every_title_type_agrees_with_the_report(app, warehouse):
    at = open_page(app)
    expected = report(warehouse)
    assert cards(at) == {
        "Demandes en cours": str(expected["backlog"]),  # 5
        "Part au-delà du délai cible": f"60,0{NNBSP}%",  # 3 / 5
        "Jours pour résorber": f"8,8{NNBSP}jours",  # 5 / (4 / 7) = 8.75
        "Plus ancienne": f"106{NNBSP}jours",  # B8
    }
    titles = bars(chart(at, "bl_title_chart"))
    # Passport, identity card, driving licence, vehicle registration, in the configuration's order.
    within, over = titles["Dans le délai cible"], titles["Au-delà du délai cible"]
    assert over == [fx.OVER_BY_TITLE_TYPE[t] for t in config.load().title_types]
    assert [w + o for w, o in zip(within, over)] == list(expected["backlog_by_title_type"].values())
    assert table_ids(at) == fx.OLDEST_ORDER
    assert at.selectbox(key="bl_stage").disabled  # no stage before a title type
    assert "Cliquez sur la barre d'un type de titre" in at.info[0].value
    assert url(at, "bl_title") is None


def test_level_1_a_title_type_from_the_url(app, warehouse):
    at = open_page(app, bl_title=VR)
    expected = report(warehouse, title_types=(VR,))
    shown = cards(at)
    assert shown["Demandes en cours"] == str(expected["backlog"]) == "3"
    assert shown["Part au-delà du délai cible"] == f"33,3{NNBSP}%"  # B1 of B1, B2, B3
    assert shown["Jours pour résorber"] == f"21,0{NNBSP}jours"  # 3 / (1 / 7): B10 alone finished in 9-15 January
    assert shown["Plus ancienne"] == f"14{NNBSP}jours"  # B1
    assert shown["Reprises au moins une fois"] == f"100,0{NNBSP}%"  # B10, delivered in the period, sent back once
    stages = bars(chart(at, "bl_stage_chart"))
    # Stages in the contract's order; per age bucket: B3 submitted and B2 incomplete at 0-7, B1 in review at 8-15.
    assert stages["0 à 7 jours"] == [1, 1, 0, 0, 0, 0, 0]
    assert stages["8 à 15 jours"] == [0, 0, 0, 1, 0, 0, 0]
    per_stage = [sum(v[i] for v in stages.values()) for i in range(7)]
    assert per_stage == [expected["backlog_by_stage"][s] for s in expected["backlog_by_stage"]]
    durations = bars(chart(at, "bl_durations"))
    assert durations[i18n.column_label("stage_days_p50", "fr")] == pytest.approx([5 + 14.5 / 24, 2, 7.5, 1, 1, 1, 2])  # see the golden test
    assert table_ids(at) == ["B1", "B2", "B3"]
    assert table_ids(at, oldest=True) == ["B1", "B2", "B3"]
    assert at.selectbox(key="bl_title").value == VR
    assert url(at, "bl_title") == VR


def test_level_2_a_stage_and_age_bucket_from_the_url(app, warehouse):
    at = open_page(app, bl_title=VR, bl_stage="submitted", bl_age="0-7", lang="en")
    assert table_ids(at) == ["B3"]
    coarse = Warehouse(warehouse).query("indicators/backlog_at_day", **indicators.Selection(
        *fx.PERIOD, title_types=(VR,), scope=EVERYTHING).params(config.load()), day=fx.DAY)
    cell = coarse.filter((coarse["stage"] == "submitted") & (coarse["age_bucket"] == "0-7"))
    assert cell["backlog_count"].to_list() == [1]  # the report's dataset agrees: one application there
    assert cards(at)["Open applications"] == "3"  # the cards stay at the title type's level
    channels = bars(chart(at, "bl_channels"))
    assert channels == {"Within target": [1], "Over target": [0]}  # B3, online
    assert "Vehicle registration · Submitted · 0–7 days" in "\n".join(c.value for c in at.caption)
    assert (url(at, "bl_stage"), url(at, "bl_age")) == ("submitted", "0-7")


def test_choosing_clearing_and_a_new_title_type_reset_the_levels_below(app):
    at = open_page(app, bl_title=VR, bl_stage="submitted", bl_age="0-7")
    at.selectbox(key="bl_title").set_value("driving_licence")
    ran(at)
    assert (at.selectbox(key="bl_stage").value, at.selectbox(key="bl_age").value) == ("", "")
    assert (url(at, "bl_title"), url(at, "bl_stage"), url(at, "bl_age")) == ("driving_licence", None, None)
    assert table_ids(at) == ["B5"]
    at.selectbox(key="bl_stage").set_value("in_production")
    ran(at)
    assert table_ids(at) == ["B5"] and url(at, "bl_stage") == "in_production"
    at.selectbox(key="bl_stage").set_value("submitted")
    ran(at)
    assert "Aucune demande en cours pour cette sélection." in [i.value for i in at.info]
    at.button(key="bl_clear").click()
    ran(at)
    assert at.selectbox(key="bl_title").value == ""
    assert (url(at, "bl_title"), url(at, "bl_stage")) == (None, None)
    assert table_ids(at) == fx.OLDEST_ORDER


def test_a_bad_or_filtered_out_drill_is_dropped(app):
    at = open_page(app, bl_title="boat_licence", bl_stage="in_review")
    assert at.selectbox(key="bl_title").value == ""
    assert url(at, "bl_title") is None and url(at, "bl_stage") is None
    at.multiselect(key="flt_title_types").select("passport")
    ran(at)
    at.selectbox(key="bl_title").set_value("passport")
    ran(at)
    assert table_ids(at) == ["B8"]
    at.multiselect(key="flt_title_types").unselect("passport").select("id_card")
    ran(at)  # the drilled title type is outside the filter now: back to every chosen type
    assert url(at, "bl_title") is None
    assert cards(at)["Demandes en cours"] == "0"


def test_the_drill_survives_a_visit_to_another_page(app):
    at = open_page(app, bl_title=VR, bl_stage="incomplete")
    at.switch_page("views/today.py")
    ran(at)
    at.switch_page("views/backlog.py")
    ran(at)
    assert (at.selectbox(key="bl_title").value, at.selectbox(key="bl_stage").value) == (VR, "incomplete")
    assert table_ids(at) == ["B2"]


def test_filters_reach_every_dataset(app, warehouse):
    at = open_page(app, department=["75"])
    expected = report(warehouse, departments=("75",))
    assert cards(at)["Demandes en cours"] == str(expected["backlog"]) == "2"  # B1, B3
    assert table_ids(at) == ["B1", "B3"]
    departments = bars(chart(at, "bl_departments"))
    assert departments == {"Dans le délai cible": [1], "Au-delà du délai cible": [1]}


def test_an_empty_period_draws_without_error(app):
    at = open_page(app, **{"from": "2017-10-01", "to": "2017-10-01"})
    assert cards(at)["Demandes en cours"] == "1"  # B8, submitted at 10:00 that day
    at.selectbox(key="bl_title").set_value("id_card")
    ran(at)
    assert "Aucun passage d'étape terminé sur cette période." in [i.value for i in at.info]


def test_a_link_with_another_drill_replaces_the_sessions(app):
    at = open_page(app, bl_title=VR, bl_stage="incomplete")
    at.query_params["bl_title"] = "passport"  # a colleague's link opened in this session
    del at.query_params["bl_stage"]
    ran(at)
    assert (at.selectbox(key="bl_title").value, at.selectbox(key="bl_stage").value) == ("passport", "")
    assert table_ids(at) == ["B8"]


def test_an_empty_warehouse_draws_zeros(monkeypatch, tmp_path):
    from oncedone.store import ingest
    from tests.conftest import REQUESTS_HEADER, write_lines

    only_bad = write_lines(tmp_path / "requests.csv", REQUESTS_HEADER, "R1,boat_licence,2018-11-05 10:00,75,online,C1")
    warehouse = tmp_path / "empty.duckdb"
    ingest.ingest(warehouse, [only_bad])  # the one row is quarantined: no application at all
    monkeypatch.setenv("ONCEDONE_WAREHOUSE", str(warehouse))
    at = AppTest.from_file("../dashboard.py", default_timeout=60)
    at.switch_page("views/backlog.py")
    ran(at)
    assert cards(at)["Demandes en cours"] == "0"
    assert "Aucune demande en cours pour cette sélection." in [i.value for i in at.info]
    at.selectbox(key="bl_title").set_value(VR)
    ran(at)
    assert cards(at)["Plus ancienne"] == "—"

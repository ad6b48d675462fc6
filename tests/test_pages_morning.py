"""The director's first morning (issue 13), run headless with AppTest on tests/director_fixtures.py's
warehouse: a year of data, a crisis day where every headline card is red, as_of on a Monday."""

import json
from datetime import date
from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

from oncedone.i18n import NNBSP
from tests import director_fixtures as fx
from tests.test_pages import captions, run, said_in_order, url

CRISIS = {"to": fx.CRISIS_DAY.isoformat()}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    return fx.build(tmp_path_factory.mktemp("morning"))


@pytest.fixture
def app(warehouse, monkeypatch):
    monkeypatch.setenv("ONCEDONE_WAREHOUSE", str(warehouse))
    return AppTest.from_file("../dashboard.py", default_timeout=60)


def shown_day(at: AppTest) -> str:
    line = next(c for c in captions(at).split("\n") if c.startswith("Indicateurs du "))
    return line.removeprefix("Indicateurs du ")[:10]


def test_the_default_day_is_the_last_complete_working_day(app):
    at = run(app)
    # as_of is Monday 31 December 08:00: Sunday 30 is not a working day, Friday 28 is shown.
    assert url(at, "to") == ["2018-12-28"]
    assert shown_day(at) == "28/12/2018"
    assert url(at, "from") == ["2018-09-30"]  # 28 December - 89 days


def test_a_link_with_only_the_day_shows_that_day(app):
    at = run(app, to="2018-06-01")
    # Before: the default start (30/09) fell after the day, the two were swapped and 30/09 was shown.
    assert shown_day(at) == "01/06/2018"
    assert (url(at, "from"), url(at, "to")) == (["2018-03-04"], ["2018-06-01"])  # 1 June - 89 days
    assert not at.warning


def test_choosing_an_earlier_day_shows_that_day_and_moves_the_trends_with_it(app):
    at = run(app)
    at.date_input(key="flt_to").set_value(date(2018, 6, 1)).run()
    assert not at.exception
    assert shown_day(at) == "01/06/2018"
    # The trends keep their 90 days and end on the day chosen: 4 March to 1 June.
    assert (url(at, "from"), url(at, "to")) == (["2018-03-04"], ["2018-06-01"])
    assert at.date_input(key="flt_from").value == date(2018, 3, 4)
    at.date_input(key="flt_to").set_value(date(2018, 1, 20)).run()
    # 1 March - 89 days is before the first data (2 January): the trends start there.
    assert (shown_day(at), url(at, "from")) == ("20/01/2018", ["2018-01-02"])


def test_a_trend_start_after_the_day_is_corrected_without_a_swap(app):
    at = run(app, **{"from": "2018-12-30", "to": "2018-06-01"})
    assert shown_day(at) == "01/06/2018"  # the day stays the day
    assert url(at, "from") == ["2018-03-04"]
    assert "ramené" in at.warning[0].value
    at.date_input(key="flt_from").set_value(date(2018, 7, 1)).run()
    assert (shown_day(at), url(at, "from")) == ("01/06/2018", ["2018-03-04"])


def attention_lines(at: AppTest) -> list[str]:
    return [line for line in said_in_order(at.main) if line.startswith((":red", ":orange"))]


def test_every_red_card_is_listed_the_engagements_of_service_first(app):
    at = run(app, **CRISIS)
    lines = attention_lines(at)
    cards = [line for line in lines if line.startswith(":red")]
    assert len(cards) == fx.RED_ON_CRISIS_DAY  # eight red headline cards, none dropped
    labels = [line.split("**")[3] for line in cards]
    assert labels[:3] == ["Délai réel, 90e centile", "Réglé au premier contact", "Délivrés dans le délai"]
    # The backlog is judged on its share past target: L2..L7, 6 of 6.
    assert f":red-badge[**✕ hors seuil**] **Demandes en cours hors délai**{NNBSP}: 100,0{NNBSP}% des 6" in cards[4]


def links(at: AppTest) -> list[tuple[str, dict]]:
    return [(link.proto.page, parse_qs(link.proto.query_string)) for link in at.get("page_link")]


def test_a_title_type_item_opens_the_backlog_drilled_without_the_global_filter(app):
    at = run(app, **CRISIS)
    page, query = next((page, q) for page, q in links(at) if "bl_title" in q)
    # Vehicle registration: L2..L7 past target on 1 March; on 22 February L6 (6 days) and L7 (2) were not.
    assert page == "backlog" and query["bl_title"] == ["vehicle_registration"]
    assert "title_type" not in query
    at.query_params.update({k: v for k, v in query.items()})
    at.switch_page("views/backlog.py").run()
    assert not at.exception
    assert at.selectbox(key="bl_title").value == "vehicle_registration"
    assert not at.selectbox(key="bl_stage").disabled
    assert at.multiselect(key="flt_title_types").value == []
    at.switch_page("views/today.py").run()
    assert at.multiselect(key="flt_title_types").value == []  # the filter did not stick


def test_streamlit_widgets_say_nothing_in_english_we_can_turn_off(app):
    at = run(app, **CRISIS)
    for key in ("flt_title_types", "flt_departments", "flt_channels"):
        widget = at.multiselect(key=key)
        # "Select all" cannot be translated: it is turned off (0 shows it for no list).
        assert (widget.proto.placeholder, widget.proto.select_all) == ("Tous", 0)
    configs = [json.loads(chart.proto.config) for chart in at.get("plotly_chart")]
    assert configs and all(c["locale"] == "fr" and c["locales"]["fr"]["dictionary"] for c in configs)


def pinned_columns(at: AppTest) -> list[list[str]]:
    """Each table's pinned columns (those kept in view while it scrolls sideways)."""
    return [[name for name, c in json.loads(t.proto.columns).items() if c.get("pinned")] for t in at.dataframe]


def test_wide_tables_keep_their_key_column_in_view_and_say_they_scroll(app):
    at = run(app, **CRISIS)
    at.switch_page("views/backlog.py").run()
    assert not at.exception
    assert ["request_id"] in pinned_columns(at)  # the applications table: the application's id stays
    assert "Tableau plus large que l'écran" in captions(at)
    at.switch_page("views/data.py").run()
    assert not at.exception
    assert ["import_id"] in pinned_columns(at)  # the import history: the import's number stays

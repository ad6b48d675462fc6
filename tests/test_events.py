"""Events on the trends (issue 21): the CSV import checked by the quarantine's rules, the data
page's table, the query the charts read, and the marks every trend chart draws."""

import json
from datetime import date

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from oncedone import config, events
from oncedone.app import charts
from oncedone.store.warehouse import Warehouse
from tests import director_fixtures as fx
from tests.conftest import write_lines

TODAY = date(2026, 12, 1)
GOOD_AND_BAD = [
    "event_day;label;title_type;channel;note",
    "2018-02-05;Renfort de 10 agents;;phone;ignored column",          # line 2: good, a channel
    "15/02/2018;Nouveau formulaire; Vehicle_Registration ;;",          # line 3: good, French day, any case
    ";Sans date;;;",                                                   # line 4: missing_value
    "2018-02-30;Jour impossible;;;",                                   # line 5: bad_timestamp
    "1999-12-31;Trop ancien;;;",                                       # line 6: implausible_instant
    "2018-03-01;Canal inconnu;;fax;",                                  # line 7: unknown_value
    "2018-03-02;Type inconnu;boat_licence;;",                          # line 8: unknown_value
    "2018-03-05;" + "x" * 61 + ";;;",                                  # line 9: too_long (60 at most)
    "2018-03-06;Deux versions;passport;;",                             # lines 10, 11: conflicting_duplicate
    "2018-03-06;Deux versions;id_card;;",
    "2018-03-07;Copie exacte;;;",                                      # lines 12, 13: the same event twice: one
    "2018-03-07;Copie exacte;;;",
    "2018-03-08;Trop;de;champs;ici;encore",                            # line 14: wrong_field_count
]


@pytest.fixture
def wh(tmp_path):
    path = fx.build(tmp_path / "wh")
    return path


def stored(path) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.sql("select event_day, label, title_type, channel from trend_events order by all").fetchall()


def rejects(path) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.sql("select file_name, line_number, reason, row_json from trend_event_rejects order by line_number").fetchall()


def test_good_rows_load_and_bad_rows_are_kept_with_their_line_and_reason(wh, tmp_path):
    csv = write_lines(tmp_path / "events.csv", *GOOD_AND_BAD)
    outcome = events.import_file(wh, csv, config.load(), today=TODAY)
    assert stored(wh) == [
        (date(2018, 2, 5), "Renfort de 10 agents", None, "phone"),
        (date(2018, 2, 15), "Nouveau formulaire", "vehicle_registration", None),
        (date(2018, 3, 7), "Copie exacte", None, None),
    ]
    assert outcome.loaded == 3 and outcome.exit_code == 3
    assert outcome.ignored_columns == ["note"]
    assert outcome.rejected == {"missing_value": 1, "bad_timestamp": 1, "implausible_instant": 1, "unknown_value": 2,
                                "too_long": 1, "conflicting_duplicate": 2, "wrong_field_count": 1}
    kept = rejects(wh)
    assert [(n, reason) for _, n, reason, _ in kept] == [
        (4, "missing_value"), (5, "bad_timestamp"), (6, "implausible_instant"), (7, "unknown_value"),
        (8, "unknown_value"), (9, "too_long"), (10, "conflicting_duplicate"), (11, "conflicting_duplicate"),
        (14, "wrong_field_count")]
    assert all(name == "events.csv" for name, *_ in kept)
    # Kept whole: the original values, as read.
    assert json.loads(kept[-1][3]) == ["2018-03-08", "Trop", "de", "champs", "ici", "encore"]


def test_an_event_of_the_same_day_and_label_is_replaced_and_a_file_without_a_day_loads_nothing(wh, tmp_path):
    cfg = config.load()
    events.import_file(wh, write_lines(tmp_path / "a.csv", "event_day,label,channel", "2018-02-05,Renfort,phone"), cfg, TODAY)
    outcome = events.import_file(wh, write_lines(tmp_path / "b.csv", "event_day,label,channel", "2018-02-05,Renfort,email"),
                                 cfg, TODAY)
    assert outcome.replaced == 1 and outcome.exit_code == 0
    assert stored(wh) == [(date(2018, 2, 5), "Renfort", None, "email")]
    before = wh.read_bytes()
    with pytest.raises(events.EventsFileError) as err:
        events.import_file(wh, write_lines(tmp_path / "c.csv", "label,channel", "Renfort,phone"), cfg, TODAY)
    assert err.value.code == "missing_columns"
    assert wh.read_bytes() == before  # nothing written


def test_the_data_pages_table_replaces_the_whole_list_by_the_same_rules(wh):
    cfg = config.load()
    events.story_events(wh)
    outcome = events.save_table(wh, [
        {"event_day": date(2018, 4, 3), "label": "Agent conversationnel", "title_type": None, "channel": "chatbot"},
        {"event_day": "2018-13-01", "label": "Mauvaise date", "title_type": None, "channel": None},
    ], cfg, TODAY)
    assert stored(wh) == [(date(2018, 4, 3), "Agent conversationnel", None, "chatbot")]  # the story's are gone
    assert outcome.rejected == {"bad_timestamp": 1}
    assert [(f, n, r) for f, n, r, _ in rejects(wh)] == [(events.SAVED_FROM_PAGE, 2, "bad_timestamp")]


def test_the_trends_get_the_events_of_their_period_that_the_filters_keep(wh):
    events.story_events(wh)
    reader = Warehouse(wh)

    def labels(from_day, to_day, title_types=(), channels=()):
        rows = reader.query("app/trend_events", from_day=from_day, to_day=to_day, title_types=list(title_types),
                            channels=list(channels))
        return rows["label"].to_list()

    assert labels(date(2017, 10, 1), date(2018, 4, 30)) == ["staff_90", "online_only", "staff_175", "chatbot"]
    assert labels(date(2017, 11, 6), date(2018, 1, 30)) == ["online_only"]  # both ends inclusive
    assert labels(date(2018, 4, 1), date(2018, 4, 30), channels=("phone",)) == []  # the chatbot's is a chatbot event
    assert labels(date(2018, 4, 1), date(2018, 4, 30), channels=("chatbot", "phone")) == ["chatbot"]
    assert labels(date(2017, 11, 1), date(2017, 11, 30), title_types=("passport",)) == ["online_only"]  # for every type


def story_frame():
    import polars as pl
    return pl.DataFrame({"event_day": [d for d, *_ in events.STORY], "label": [label for _, label, *_ in events.STORY]})


def test_every_trend_chart_draws_the_events_of_its_period_as_labelled_marks():
    import polars as pl
    period = (date(2017, 11, 1), date(2018, 2, 28))  # holds online_only and staff_175, not staff_90 nor chatbot
    ev = story_frame()
    day = pl.DataFrame({"day": [date(2017, 11, 1), date(2018, 2, 28)], "once_and_done_rate": [0.5, 0.6],
                        "once_and_done_rate_7d": [0.5, 0.6], "is_provisional": [False, False], "backlog": [1, 2],
                        "inflow_per_day": [1.0, 2.0], "throughput_per_day": [1.0, 2.0], "backlog_count": [1, 2],
                        "days_to_clear": [1.0, 1.0]})
    periods = pl.DataFrame({"period_start_day": [date(2017, 10, 30), date(2018, 2, 26)], "delivery_days_p90": [5.0, 6.0],
                            "cohort_p90": [5.0, None], "max_followup_days": [9.0, 3.0], "pickup_rate": [0.5, 0.6],
                            "contact_share_rate": [0.1, 0.2], "reason": ["documents", "documents"],
                            "channel": ["phone", "phone"], "stage": ["in_review", "in_review"],
                            "title_type": ["passport", "passport"], "stage_days_p50": [1.0, 2.0],
                            "is_partial_period": [False, False]})
    figures = {
        "once_and_done_trend": charts.once_and_done_trend(day, "en", period, 0.7, events=ev),
        "delivery_against_cohort": charts.delivery_against_cohort(periods, periods, "en", period, 15, events=ev),
        "backlog_and_flows": charts.backlog_and_flows(day, "en", period, events=ev),
        "time_lines": charts.time_lines(periods, "period_start_day", [("pickup_rate", "Pickup", "#000", "solid")], "en",
                                        "week", period, events=ev),
        "group_lines": charts.group_lines(periods, "period_start_day", "pickup_rate", "channel", "en", "week", period,
                                          events=ev),
        "period_bars": charts.period_bars(periods, "period_start_day", "contact_share_rate", "reason", "en", "week",
                                          period, events=ev),
        "period_bar_panels": charts.period_bar_panels(periods, "period_start_day", "stage_days_p50", "stage",
                                                      "title_type", "en", "week", period, kind="status", events=ev),
        "trend_panels": charts.trend_panels(day, "day", [("Backlog", ["backlog_count"])], "en", events=ev),
    }
    for name, fig in figures.items():
        texts = [a.text for a in fig.layout.annotations if a.hovertext]
        assert texts == ["Registration and licences online only", "175 contact-centre agents"], name
        marks = [s for s in fig.layout.shapes if s.line.dash == "dashdot"]
        assert {str(s.x0)[:10] for s in marks} == {"2017-11-06", "2018-01-31"}, name
    # The backlog above its flows: each mark crosses both panels.
    assert len([s for s in figures["backlog_and_flows"].layout.shapes if s.line.dash == "dashdot"]) == 4
    # A label typed by the data team is drawn as typed, escaped (no markup of its own).
    own = pl.DataFrame({"event_day": [date(2018, 1, 2)], "label": ["<b>Grève</b> & co"]})
    fig = charts.time_lines(periods, "period_start_day", [("pickup_rate", "P", "#000", "solid")], "fr", "week", period,
                            events=own)
    assert [a.text for a in fig.layout.annotations if a.hovertext] == ["&lt;b&gt;Grève&lt;/b&gt; &amp; co"]


def test_todays_trends_show_the_story_events_in_both_languages(wh, monkeypatch):
    events.story_events(wh)
    monkeypatch.setenv("ONCEDONE_WAREHOUSE", str(wh))
    # The fixture's data start on 2 January 2018: the period holds staff_175 and the chatbot.
    for lang, expected in (("fr", ["175 agents au centre de contacts", "Ouverture de l'agent conversationnel"]),
                           ("en", ["175 contact-centre agents", "Chatbot opens"])):
        at = AppTest.from_file("../dashboard.py", default_timeout=60)
        at.query_params.update({"from": "2018-01-02", "to": "2018-04-30", **({"lang": "en"} if lang == "en" else {})})
        at.run()
        assert not at.exception
        specs = {c.proto.spec: None for c in at.get("plotly_chart")}
        trends = [json.loads(spec) for spec in specs if "dashdot" in spec]
        assert len(trends) == 3, lang  # once and done, delivery, backlog
        for figure in trends:
            drawn = [a["text"] for a in figure["layout"]["annotations"] if a.get("hovertext")]
            assert drawn == expected, (lang, drawn)


def test_the_data_page_lists_the_events_with_their_label_as_drawn_and_saves_them(wh, monkeypatch):
    events.story_events(wh)
    monkeypatch.setenv("ONCEDONE_WAREHOUSE", str(wh))
    at = AppTest.from_file("../dashboard.py", default_timeout=60)
    at.switch_page("views/data.py")
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    editor = at.get("data_editor")[0].value  # the events as the data team edits them
    assert editor["drawn_label"].tolist() == ["90 contact-centre agents", "Registration and licences online only",
                                              "175 contact-centre agents", "Chatbot opens"]
    assert editor["channel"].tolist()[-1] == "chatbot"
    at.button(key="data_events_save").click().run()
    at.run()  # the page runs again after a save (st.rerun), on the new warehouse
    assert not at.exception
    assert "4 event(s) saved, 0 line(s) set aside." in [m.value for m in at.success]
    assert [label for _, label, *_ in stored(wh)] == ["staff_90", "online_only", "staff_175", "chatbot"]

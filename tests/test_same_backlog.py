"""The backlog read from the stays open at a day (issue 16: derived/070_stage_stays.sql) gives exactly
what it gave when every open application was scanned.

Every backlog dataset (the page's, and the report's and Today's backlog_at_day, throughput_at_day
and backlog_segments_at_day) is run through today's queries and through the frozen copy
(tests/reference_queries), on the demo and on the clock-change warehouse of test_same_numbers.py,
at several days, filters, scopes and drill-downs (a title type, a stage, an age bucket), the
applications list capped and not. So are the engine functions the page calls on those rows
(oncedone/kpi/backlog.py) and both export files, byte for byte.
"""

from datetime import date, timedelta

import polars as pl
import pytest

from oncedone import config
from oncedone.access import EVERYTHING, Grant, Scope
from oncedone.app import exports
from oncedone.kpi import backlog, indicators
from oncedone.kpi.indicators import Selection
from tests import reference_queries
from tests.test_same_numbers import FILTERS, Before, _difference, warehouses  # noqa: F401 (a fixture)

# A reader who sees passports everywhere and every title type in the Bouches-du-Rhône only.
NARROW = Scope((Grant(("passport",), None), Grant(None, ("13",))))
SCOPES = {"national": EVERYTHING, "narrow": NARROW}
DRILLS = [
    backlog.Drill(),
    backlog.Drill("passport"),
    backlog.Drill("vehicle_registration"),
    backlog.Drill("passport", "in_review"),
    backlog.Drill("id_card", None, "0-7"),
    backlog.Drill("driving_licence", "incomplete", "16-30"),
    backlog.Drill("passport", "submitted", "61+"),
]
PERIOD_DAYS = 90


def selections(warehouses, filters=FILTERS):
    """Every (where, selection) the datasets are compared at: each warehouse's days (on the demo, a
    year back and a day before the data too) with the demo's filters, and a narrow reader's scope."""
    for name, (wh, days) in warehouses.items():
        shown = (*days, days[0] - timedelta(days=364), date(2016, 12, 31)) if name == "demo" else (*days, date(2017, 10, 28))
        for day in shown:
            cases = [(f, s, "national", EVERYTHING) for f, s in (filters if name == "demo" else {"no filter": {}}).items()]
            cases += [("no filter", {}, "narrow", NARROW)] if name == "demo" else []
            for filter_name, chosen, scope_name, scope in cases:
                selection = Selection(day - timedelta(days=PERIOD_DAYS - 1), day, scope=scope, **chosen)
                yield wh, f"{name} {day} {filter_name} {scope_name}", selection


def both(wh, dataset: str, params: dict) -> tuple[pl.DataFrame, pl.DataFrame]:
    return indicators.query(wh, dataset, **params), reference_queries.query(wh, dataset, **params)


def compare(wh, where: str, dataset: str, params: dict, differences: dict, ordered: bool = False) -> pl.DataFrame:
    new, old = both(wh, dataset, params)
    said = _difference(new, old)
    if said is None and ordered and not new.equals(old):  # the applications list's order is its meaning
        said = "same rows, another order"
    if said:
        differences[f"{dataset} {where}"] = said
    return new


def test_every_backlog_dataset_gives_what_it_gave_before(warehouses):
    cfg = config.load()
    differences, compared, nonempty = {}, 0, 0
    for wh, where, selection in selections(warehouses):
        day = selection.to_day
        base = selection.params(cfg)
        for dataset, params in (
            ("indicators/backlog_at_day", {**base, "day": day}),
            ("indicators/throughput_at_day", {**base, "day": day}),
            ("indicators/backlog_segments_at_day", {**base, "day": day, "before_day": day - timedelta(days=7)}),
            ("indicators/backlog_segments_at_day", {**base, "day": day, "before_day": day - timedelta(days=364)}),
            ("indicators/backlog_segments_at_day", {**base, "day": day - timedelta(days=30), "before_day": day}),
        ):
            rows = compare(wh, where, dataset, params, differences)
            compared, nonempty = compared + 1, nonempty + bool(rows.height)
        for drill in DRILLS:
            rows = compare(wh, f"{where} {drill}", "backlog/open_at_day", backlog.params(selection, drill, cfg, day=day), differences)
            params = backlog.applications_params(day, selection, drill, cfg)
            apps = compare(wh, f"{where} {drill}", "backlog/applications_at_day", params, differences, ordered=True)
            compared, nonempty = compared + 2, nonempty + bool(rows.height) + bool(apps.height)
        for drill in DRILLS[:3]:  # the durations take a title type, not a stage or an age bucket
            rows = compare(wh, f"{where} {drill}", "backlog/stage_durations", backlog.params(selection, drill, cfg), differences)
            capped = {**backlog.applications_params(day, selection, drill, cfg), "max_rows": 7}  # the oldest 7
            apps = compare(wh, f"{where} {drill} capped", "backlog/applications_at_day", capped, differences, ordered=True)
            compared, nonempty = compared + 2, nonempty + bool(rows.height) + bool(apps.height)
    assert compared > 500 and nonempty > compared / 2  # the comparison ran, and mostly on something
    assert differences == {}


def test_the_page_engine_and_its_exports_give_what_they_gave_before(warehouses):
    """What views/backlog.py draws from those rows: the cards, each breakdown, the applications
    behind a drill-down and both files, through the new queries and the frozen ones."""
    cfg = config.load()
    checked = 0
    few = {name: FILTERS[name] for name in ("no filter", "passport")}  # plain Polars over rows compared above
    for wh, where, selection in selections(warehouses, few):
        day, before = selection.to_day, Before(wh)
        now_rows, old_rows = (indicators.query(w, "backlog/open_at_day", **selection.params(cfg), day=day) for w in (wh, before))
        titles = selection.shown_title_types(cfg)
        assert backlog.by_title_type(now_rows, titles).equals(backlog.by_title_type(old_rows, titles)), where
        for drill in DRILLS:
            if drill.title_type and drill.title_type not in titles:
                continue  # the page drops a drill outside the filter bar's title types (backlog.valid_drill)
            now, old = backlog.chosen(now_rows, drill), backlog.chosen(old_rows, drill)
            assert backlog.totals(now) == backlog.totals(old), (where, drill)
            assert backlog.by_stage_and_age(now).equals(backlog.by_stage_and_age(old)), (where, drill)
            for key, limit in (("department", backlog.TOP_DEPARTMENTS), ("submission_channel", None)):
                assert backlog.breakdown(now, key, limit, "?").equals(backlog.breakdown(old, key, limit, "?")), (where, drill, key)
            apps = [indicators.query(w, "backlog/applications_at_day", **backlog.applications_params(day, selection, drill, cfg))
                    for w in (wh, before)]
            assert apps[0].equals(apps[1]), (where, drill)
            assert apps[0].height == backlog.totals(now)["backlog_count"], (where, drill)  # the list is the count
            if drill.title_type and apps[0].height:
                for lang in ("fr", "en"):
                    assert exports.backlog_csv(apps[0], lang) == exports.backlog_csv(apps[1], lang), (where, drill)
                    assert exports.backlog_frame(apps[0], lang).equals(exports.backlog_frame(apps[1], lang)), (where, drill)  # the xlsx sheet
                checked += 1
    assert checked > 20


def test_the_stays_open_at_a_day_are_the_applications_open_then(warehouses):
    """One stay per open application: the rows of open_stays_at are those of open_applications_at,
    application for application, with the same stage, age and day it entered that stage."""
    for name, (wh, days) in warehouses.items():
        for day in (*days, date(2017, 6, 30), date(2018, 12, 31)):
            with wh._current_root().cursor() as cur:
                stays = cur.sql(f"select request_id, stage, age_days, stage_entered_day from open_stays_at(date '{day}')").pl()
                spans = cur.sql(
                    f"select request_id, stage, age_days, paris_day(stage_entered_at) as stage_entered_day "
                    f"from open_applications_at(date '{day}')"
                ).pl()
            assert stays["request_id"].is_unique().all(), (name, day)
            assert _difference(stays, spans) is None, (name, day)


def test_a_wrong_stay_is_caught(warehouses):
    """The comparison can fail: the backlog one application short differs from its twin."""
    wh, days = warehouses["demo"]
    params = {**Selection(days[0], days[0], scope=EVERYTHING).params(config.load()), "day": days[0]}
    new, old = both(wh, "backlog/open_at_day", params)
    assert _difference(new, old) is None
    short = new.with_columns(pl.col("backlog_count") - (pl.int_range(pl.len()) == 0))
    assert _difference(short, old)


@pytest.mark.parametrize("day", [date(2017, 10, 28), date(2017, 10, 29), date(2018, 3, 24), date(2018, 3, 25)])
def test_the_clock_change_nights_by_hand(warehouses, day):
    """On the hand-made warehouse: D1 (first 02:30 of 29 Oct 2017, in review 02:45 the second time,
    delivered 10 Nov) and D2 (the second 02:30, incomplete 30 Oct, resubmitted 2 Nov, delivered
    25 Mar 03:30), D3 (28 Oct 23:59:59, rejected 29 Oct 23:59:59), D4 (25 Mar 01:59:59, in review
    03:00:01), D5 (25 Mar 03:00, approved 26 Mar 00:00), D6 (24 Mar 23:30Z = 25 Mar 00:30 Paris),
    D7 (1 Oct 2017, delivered 29 Oct 02:10 the second time)."""
    wh, _ = warehouses["clock changes"]
    expected = {
        date(2017, 10, 28): {("D3", "submitted"), ("D7", "submitted")},  # D7 delivered on the 29th
        date(2017, 10, 29): {("D1", "in_review"), ("D2", "submitted")},  # D3 rejected at 23:59:59, D7 delivered
        date(2018, 3, 24): {("D2", "resubmitted")},  # D6 is submitted on the 25th in Paris
        date(2018, 3, 25): {("D4", "in_review"), ("D5", "submitted"), ("D6", "submitted")},  # D2 delivered at 03:30
    }[day]
    with wh._current_root().cursor() as cur:
        rows = cur.sql(f"select request_id, stage from open_stays_at(date '{day}')").fetchall()
    assert set(rows) == expected

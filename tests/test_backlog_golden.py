"""Golden tests of the backlog page's datasets and engine, on tests/backlog_fixtures.py's warehouse.

Every expected value is worked out by hand beside it (times are Paris local, CET in January).
"""

from datetime import date

import polars as pl
import pytest

from oncedone import config
from oncedone.kpi import backlog, indicators
from oncedone.store.warehouse import Warehouse
from tests import backlog_fixtures as fx
from oncedone.access import EVERYTHING

CFG = config.load()
VR = "vehicle_registration"


@pytest.fixture(scope="module")
def wh(tmp_path_factory):
    return Warehouse(fx.build(tmp_path_factory.mktemp("backlog")))


def selection(**filters) -> indicators.Selection:
    return indicators.Selection(fx.PERIOD[0], fx.PERIOD[1], **filters, scope=EVERYTHING)


def query(wh, name, drill=backlog.Drill(), sel=None, **extra):
    sel = sel or selection()
    return wh.query(f"backlog/{name}", **backlog.params(sel, drill, CFG, **extra))


def test_open_at_day_has_one_row_per_application_here(wh):
    rows = query(wh, "open_at_day", day=fx.DAY).sort("title_type", "stage")
    assert rows.rows() == [
        # title type, stage, age bucket, department, submission channel, backlog, over target
        ("driving_licence", "in_production", "31-60", "2A", "assisted", 1, 1),  # B5: 45 > 19
        ("passport", "submitted", "61+", None, "online", 1, 1),  # B8: 106 > 15, no department
        ("vehicle_registration", "in_review", "8-15", "75", "online", 1, 1),  # B1: 14 > 7
        ("vehicle_registration", "incomplete", "0-7", "13", "professional", 1, 0),  # B2: 5
        ("vehicle_registration", "submitted", "0-7", "75", "online", 1, 0),  # B3: 0
    ]


def test_open_at_day_adds_up_to_the_reports_backlog(wh):
    rows = query(wh, "open_at_day", day=fx.DAY)
    report = indicators.report(wh, selection(), CFG)
    assert (report["backlog"], report["backlog_over_target"]) == (fx.BACKLOG, fx.OVER_TARGET)
    assert backlog.totals(rows) == {"backlog_count": 5, "over_target_count": 3, "over_target_rate": 3 / 5}
    for column, key in (("title_type", "backlog_by_title_type"), ("stage", "backlog_by_stage"),
                        ("age_bucket", "backlog_by_age_bucket")):
        sums = dict(rows.group_by(column).agg(pl.col("backlog_count").sum()).iter_rows())
        assert {k: sums.get(k, 0) for k in report[key]} == report[key]
    # One level finer than the report's dataset, the same counts once summed.
    coarse = wh.query("indicators/backlog_at_day", **selection().params(CFG), day=fx.DAY)
    summed = rows.group_by("title_type", "stage", "age_bucket").agg(pl.col("backlog_count", "over_target_count").sum())
    assert summed.sort(pl.all()).equals(coarse.sort(pl.all()))


def test_open_at_day_with_a_department_filter(wh):
    rows = query(wh, "open_at_day", sel=selection(departments=("75",)), day=fx.DAY)
    assert sorted(rows["stage"]) == ["in_review", "submitted"]  # B1, B3 (B8 has no department)


def test_applications_oldest_first_with_stage_age_target_and_contacts(wh):
    apps = query(wh, "applications_at_day", day=fx.DAY, stages=[], age_buckets=[], max_rows=100)
    shown = apps.select("request_id", "stage", "stage_days", "age_days", "age_bucket", "past_target_days",
                        "contact_count", "last_contact_day")
    assert shown.rows() == [
        ("B8", "submitted", 106, 106, "61+", 91, 1, date(2018, 1, 2)),  # 106 - 15; K5
        ("B5", "in_production", 26, 45, "31-60", 26, 0, None),  # since 20 Dec: 11 + 15; 45 - 19
        ("B1", "in_review", 3, 14, "8-15", 7, 2, date(2018, 1, 15)),  # K1 and K2 (22:00 on D); K3 is after D
        ("B2", "incomplete", 0, 5, "0-7", None, 1, date(2018, 1, 11)),  # within target: no days past it
        ("B3", "submitted", 0, 0, "0-7", None, 0, None),
    ]
    assert apps["department"].to_list() == [None, "2A", "75", "13", "75"]
    assert apps["submission_channel"].to_list() == ["online", "assisted", "online", "professional", "online"]
    # B3 at 23:59 Paris on D is 22:59 UTC.
    assert apps["submitted_at"][4].isoformat() == "2018-01-15T22:59:00+00:00"


def test_applications_behind_a_drill_and_a_channel_filter(wh):
    drill = backlog.Drill(VR, None, "0-7")
    apps = wh.query("backlog/applications_at_day", **backlog.applications_params(fx.DAY, selection(), drill, CFG))
    assert apps["request_id"].to_list() == ["B2", "B3"]
    stage = backlog.Drill(None, "submitted")  # the stage alone, as the query allows
    apps = query(wh, "applications_at_day", day=fx.DAY, stages=stage.stages(), age_buckets=[], max_rows=100)
    assert apps["request_id"].to_list() == ["B8", "B3"]
    phone = query(wh, "applications_at_day", sel=selection(channels=("phone",)), day=fx.DAY, stages=[],
                  age_buckets=[], max_rows=100)
    # Phone contacts only: B1 keeps K1 (5 January), B2's chat leaves it with none.
    assert dict(zip(phone["request_id"], phone["contact_count"])) == {"B8": 1, "B5": 0, "B1": 1, "B2": 0, "B3": 0}
    assert phone.filter(pl.col("request_id") == "B1")["last_contact_day"].item() == date(2018, 1, 5)


def test_applications_stop_at_max_rows_keeping_the_oldest(wh):
    apps = query(wh, "applications_at_day", day=fx.DAY, stages=[], age_buckets=[], max_rows=2)
    assert apps["request_id"].to_list() == ["B8", "B5"]


def test_trend_by_day(wh):
    trend = query(wh, "trend_by_day")
    # Open before 3 January (the calendar's start, the period's first day - 6): B8, B5, B10, B1, B6 = 5.
    # In: B7 3rd, B2 10th, B9 14th, B3 15th. Out: B6 10th, B7 12th, B10 14th, B9 15th.
    assert trend["day"].to_list() == [date(2018, 1, d) for d in range(9, 16)]
    assert trend["inflow_count"].to_list() == [0, 1, 0, 0, 0, 1, 1]
    assert trend["terminal_count"].to_list() == [0, 1, 0, 1, 0, 1, 1]
    assert trend["backlog_count"].to_list() == [6, 6, 6, 5, 5, 5, 5]  # 5 + B7; then in - out
    # Terminal events in the 7 days ending each day: 9th none (3-9); 10th, 11th B6; 12th, 13th B6 B7;
    # 14th B6 B7 B10 (8-14); 15th B6 B7 B10 B9 (9-15).
    assert trend["throughput_per_day"].to_list() == pytest.approx([0, 1 / 7, 1 / 7, 2 / 7, 2 / 7, 3 / 7, 4 / 7])
    assert trend["days_to_clear"].to_list() == pytest.approx([None, 42, 42, 17.5, 17.5, 35 / 3, 8.75], nan_ok=True)
    # Inflow in the 7 days ending the 9th: B7 (3rd); ending the 15th: B2, B9, B3.
    assert trend["inflow_per_day"][0] == pytest.approx(1 / 7)
    assert trend["inflow_per_day"][-1] == pytest.approx(3 / 7)
    # The last day is the report's.
    report = indicators.report(wh, selection(), CFG)
    assert trend["backlog_count"][-1] == report["backlog"]
    assert trend["days_to_clear"][-1] == pytest.approx(report["days_to_clear"]) == pytest.approx(fx.DAYS_TO_CLEAR)


def test_trend_of_a_drilled_title_type(wh):
    trend = query(wh, "trend_by_day", drill=backlog.Drill(VR))
    # Vehicle registration: open before the 3rd B10, B1; B2 in on the 10th, B10 out on the 14th, B3 in on the 15th.
    assert trend["backlog_count"].to_list() == [2, 3, 3, 3, 3, 2, 3]
    assert trend["days_to_clear"][-1] == pytest.approx(3 / (1 / 7))  # B10 alone in 9-15 January: 21 days


def test_stage_durations_over_the_stays_that_ended_in_the_period(wh):
    rows = query(wh, "stage_durations")
    got = {r["stage"]: (r["span_count"], r["stage_days_p50"], r["stage_days_p90"]) for r in rows.iter_rows(named=True)}
    assert rows["stage"].to_list() == ["submitted", "incomplete", "resubmitted", "in_review", "approved",
                                       "in_production", "shipped"]  # the contract's order
    # submitted: B2 10th 09:00 -> 15th 23:30 = 5 d 14.5 h; B9 1 d. p90 = 1 + 0.9 * 4.604.
    assert got["submitted"] == pytest.approx((2, (5 + 14.5 / 24 + 1) / 2, 1 + 0.9 * (4 + 14.5 / 24)))
    # incomplete: B1 8th -> 10th = 2, B6 4th -> 10th = 6 (cancelled then; terminal stages have no stay).
    assert got["incomplete"] == pytest.approx((2, 4, 2 + 0.9 * 4))
    # resubmitted: B1 10th -> 12th = 2, B10 27 Dec -> 9 Jan = 13.
    assert got["resubmitted"] == pytest.approx((2, 7.5, 2 + 0.9 * 11))
    assert got["in_review"] == pytest.approx((1, 1, 1))  # B10 9th -> 10th; B1's has not ended
    assert got["approved"] == pytest.approx((1, 1, 1))  # B10; B5's shares its instant with in_production: no stay
    assert got["in_production"] == pytest.approx((2, 1.5, 1.9))  # B7 2, B10 1; B5's ends on the 16th, after the period
    assert got["shipped"] == pytest.approx((2, 2, 2))  # B7, B10


def test_stage_durations_of_a_title_type(wh):
    rows = query(wh, "stage_durations", drill=backlog.Drill(VR))
    got = dict(zip(rows["stage"], rows["span_count"]))
    # B1 (incomplete, resubmitted), B2 (submitted), B10 (resubmitted to shipped).
    assert got == {"submitted": 1, "incomplete": 1, "resubmitted": 2, "in_review": 1, "approved": 1,
                   "in_production": 1, "shipped": 1}


def test_rework_over_the_applications_delivered_or_rejected_in_the_period(wh):
    rows = wh.query("indicators/rework_by_title_type", **backlog.params(selection(), backlog.Drill(), CFG))
    # Delivered or rejected 9-15 January (as right first time): B7 (no loop), B10 (one), B9 (none).
    # B6 was cancelled: left out; B1's two loops are not over.
    assert backlog.rework(rows) == {"finished_count": 3, "reworked_count": 1, "rework_rate": 1 / 3}
    assert backlog.rework_loops(rows).rows() == [("0", 2), ("1", 1), ("2", 0), ("3+", 0)]
    vehicles = wh.query("indicators/rework_by_title_type", **backlog.params(selection(), backlog.Drill(VR), CFG))
    assert backlog.rework(vehicles) == {"finished_count": 1, "reworked_count": 1, "rework_rate": 1.0}  # B10


def test_rework_rate_of_nobody_is_null():
    empty = pl.DataFrame(schema={"title_type": pl.String, "finished_count": pl.Int64, "no_loop_count": pl.Int64,
                                 "one_loop_count": pl.Int64, "two_loops_count": pl.Int64,
                                 "three_loops_or_more_count": pl.Int64})
    assert backlog.rework(empty) == {"finished_count": 0, "reworked_count": 0, "rework_rate": None}
    assert backlog.rework_loops(empty)["application_count"].to_list() == [0, 0, 0, 0]


def test_breakdowns_of_the_open_applications(wh):
    rows = query(wh, "open_at_day", day=fx.DAY)
    titles = backlog.by_title_type(rows, CFG.title_types)
    within = dict(titles.filter(pl.col("target_state") == "within").select("title_type", "backlog_count").iter_rows())
    over = dict(titles.filter(pl.col("target_state") == "over").select("title_type", "backlog_count").iter_rows())
    assert over == fx.OVER_BY_TITLE_TYPE
    assert {t: within[t] + over[t] for t in within} == fx.BY_TITLE_TYPE
    assert titles["title_type"].unique(maintain_order=True).to_list() == CFG.title_types

    stages = backlog.by_stage_and_age(backlog.chosen(rows, backlog.Drill(VR)))
    assert stages.height == 7 * 5  # every stage and bucket, zeros included
    nonzero = stages.filter(pl.col("backlog_count") > 0).select("stage", "age_bucket", "backlog_count").rows()
    assert nonzero == [("submitted", "0-7", 1), ("incomplete", "0-7", 1), ("in_review", "8-15", 1)]  # B3, B2, B1

    departments = backlog.breakdown(rows, "department", missing="?")
    # 75: B1 (over), B3; then 13 (B2), 2A (B5, over), ? (B8, over): ties by name.
    assert departments["department"].unique(maintain_order=True).to_list() == ["75", "13", "2A", "?"]
    first = departments.filter(pl.col("department") == "75")
    assert first.select("target_state", "backlog_count", "over_target_rate").rows() == [("within", 1, 0.5), ("over", 1, 0.5)]
    top = backlog.breakdown(rows, "submission_channel", limit=1)
    assert top["submission_channel"].unique().to_list() == ["online"]  # B1, B3, B8


def test_a_drill_from_the_url_is_checked_against_the_filters():
    everything = selection()
    assert backlog.valid_drill(VR, "in_review", "8-15", everything, CFG) == backlog.Drill(VR, "in_review", "8-15")
    assert backlog.valid_drill("boat_licence", "in_review", None, everything, CFG) == backlog.Drill()
    assert backlog.valid_drill(None, "in_review", "8-15", everything, CFG) == backlog.Drill()  # no stage without a title
    assert backlog.valid_drill(VR, "delivered", "8-16", everything, CFG) == backlog.Drill(VR)  # not open stages, buckets
    assert backlog.valid_drill(VR, None, None, selection(title_types=("passport",)), CFG) == backlog.Drill()


def test_export_file_names_say_the_day_and_every_filter():
    drill = backlog.Drill(VR, "in_review", "16-30")
    assert backlog.export_name(fx.DAY, selection(), drill, "csv") == \
        "backlog_2018-01-15_vehicle_registration_stage-in_review_age-16-30.csv"
    filtered = selection(title_types=("passport", "id_card"), departments=("75", "2A"), channels=("phone",))
    assert backlog.export_name(fx.DAY, filtered, backlog.Drill(), "xlsx") == \
        "backlog_2018-01-15_passport+id_card_dept-75+2A_channel-phone.xlsx"
    assert backlog.export_name(fx.DAY, selection(), backlog.Drill(), "csv") == "backlog_2018-01-15.csv"


def test_the_drill_said_in_words():
    assert backlog.describe(backlog.Drill(VR, "in_review", "16-30"), selection(), "fr") == \
        "Immatriculation · En instruction · 16 à 30 jours"
    assert backlog.describe(backlog.Drill(), selection(), "en") == "All applications"
    assert backlog.describe(backlog.Drill(), selection(title_types=("passport", "id_card")), "en") == "Passport, Identity card"


# Boundaries (issue 23): each case fails when its boundary moves by one unit -----------------
# D = 2018-01-15 (CET); its end is 2018-01-16 00:00:00 Paris. Vehicle registrations (target 7)
# sit on the edges of "open at D" and of the throughput's seven days; passports (target 15) on
# the bounds of the age buckets.
EDGE_REQUESTS = [
    "M1,vehicle_registration,2018-01-10 10:00,75,online,C1",     # delivered exactly at the end of D: a D + 1 event
    "M2,vehicle_registration,2018-01-10 10:00,75,online,C2",     # cancelled one second after it
    "M3,vehicle_registration,2018-01-16 00:00,75,online,C3",     # submitted exactly at the end of D
    "M4,vehicle_registration,2018-01-15 23:59:59,75,online,C4",  # submitted one second before it
    "M5,vehicle_registration,2018-01-10 10:00,75,online,C5",     # rejected one second before it
    "M6,vehicle_registration,2018-01-12 10:00,75,online,C6",     # in review one second before it
    "M7,vehicle_registration,2018-01-02 10:00,75,online,C7",     # delivered at the start of D - 6
    "M8,vehicle_registration,2018-01-02 10:00,75,online,C8",     # delivered at the end of D - 7
    "M9,vehicle_registration,2018-01-08 10:00,75,online,C9",     # age 7: at its target, not over
    "M10,vehicle_registration,2018-01-07 23:59:59,75,online,C10",  # age 8: over
    "P15,passport,2017-12-31 10:00,13,online,C11",  # ages at D: 15 (Dec 31 + 15 = Jan 15)
    "P16,passport,2017-12-30 10:00,13,online,C12",  # 16
    "P30,passport,2017-12-16 10:00,13,online,C13",  # 30 (15 + 15)
    "P31,passport,2017-12-15 10:00,13,online,C14",  # 31
    "P60,passport,2017-11-16 10:00,13,online,C15",  # 60 (14 + 31 + 15)
    "P61,passport,2017-11-15 10:00,13,online,C16",  # 61
]
EDGE_EVENTS = [
    "M1,delivered,2018-01-16 00:00",
    "M2,in_review,2018-01-16 00:00", "M2,cancelled,2018-01-16 00:00:01",
    "M5,rejected,2018-01-15 23:59:59",
    "M6,in_review,2018-01-15 23:59:59",
    "M7,delivered,2018-01-09 00:00",
    "M8,delivered,2018-01-08 23:59:59",
]

EDGE_CONTACTS = [  # about M2: one a second before the end of D, one exactly at it (a 16 January contact)
    "L1,phone,2018-01-15 23:59:59,,abandoned,status_inquiry,C2,M2,,,,",
    "L2,phone,2018-01-16 00:00,,abandoned,status_inquiry,C2,M2,,,,",
]


@pytest.fixture(scope="module")
def edges(tmp_path_factory):
    from oncedone.store import ingest
    from tests.conftest import export_files

    folder = tmp_path_factory.mktemp("edges")
    outcome = ingest.ingest(folder / "edges.duckdb", export_files(folder, EDGE_REQUESTS, EDGE_EVENTS, EDGE_CONTACTS))
    assert outcome.exit_code == 0, ingest.summary(outcome, "edges")
    return Warehouse(folder / "edges.duckdb")


def test_open_at_d_ends_exactly_at_paris_midnight(edges):
    r = indicators.report(edges, selection(), CFG)
    # kpis.md: open at D = submitted before the end of D and no terminal event before it. M1's
    # delivery, exactly at midnight, is not before the end of D (it is a 16 January event): M1 is
    # open at D. Open: M1, M2 (its in_review and cancel come at and after midnight), M4, M6, M9,
    # M10 and the six passports = 12. Not: M3 (submitted at midnight), M5 (rejected a second
    # before it), M7, M8 (delivered earlier).
    assert r["backlog"] == 12
    assert r["backlog_by_title_type"] == {"passport": 6, "id_card": 0, "driving_licence": 0, "vehicle_registration": 6}
    # Stage at D: the latest event strictly before midnight: M6 in review; M2's comes at midnight.
    assert r["backlog_by_stage"] == {"submitted": 11, "incomplete": 0, "resubmitted": 0, "in_review": 1,
                                     "approved": 0, "in_production": 0, "shipped": 0}
    # Terminal events on D - 6 .. D (9-15 January): M7 (9th at 00:00), M5 (15th at 23:59:59);
    # M8 (8th) and M1, M2 (16th) are outside: 2 / 7 a day, 12 / (2/7) = 42 days to clear.
    assert r["days_to_clear"] == pytest.approx(42)
    rows = query(edges, "open_at_day", day=fx.DAY)
    assert rows["backlog_count"].sum() == 12
    apps = query(edges, "applications_at_day", day=fx.DAY, stages=[], age_buckets=[], max_rows=100)
    assert sorted(apps.filter(pl.col("title_type") == VR)["request_id"]) == ["M1", "M10", "M2", "M4", "M6", "M9"]
    m2 = apps.filter(pl.col("request_id") == "M2")
    assert (m2["contact_count"].item(), m2["last_contact_day"].item()) == (1, fx.DAY)  # L1; L2 comes at midnight
    trend = query(edges, "trend_by_day")
    assert (trend["day"][-1], trend["backlog_count"][-1]) == (fx.DAY, 12)
    assert trend["throughput_per_day"][-1] == pytest.approx(2 / 7)
    assert trend["days_to_clear"][-1] == pytest.approx(42)
    flows = indicators.dataset(edges, "flows_by_day", selection(), CFG)
    at_d = flows.filter(pl.col("day") == fx.DAY)
    # On D: M4 arrives (M3 is a 16 January arrival), M5 ends.
    assert (at_d["backlog_count"].sum(), at_d["inflow_count"].sum(), at_d["terminal_count"].sum()) == (12, 1, 1)
    # Stays ended 9-15 January (from 9 January 00:00 to the end of D, excluded): the `submitted`
    # stays of M7 (left at 00:00 on the 9th), M5 and M6 (at 23:59:59 on D); M8's ended on the 8th,
    # M1's and M2's at midnight ending D.
    durations = query(edges, "stage_durations")
    assert dict(zip(durations["stage"], durations["span_count"]))["submitted"] == 3
    # The next day, M1, M2 end and M3 arrives: 12 + 1 - 2 = 11 open at the end of 16 January.
    after = indicators.report(edges, indicators.Selection(fx.DAY, date(2018, 1, 16), scope=EVERYTHING), CFG)
    assert after["backlog"] == 11


def test_age_buckets_and_over_target_at_every_bound(edges):
    r = indicators.report(edges, selection(), CFG)
    # Ages: M4 0, M6 3, M1 5, M2 5, M9 7 | M10 8, P15 15 | P16 16, P30 30 | P31 31, P60 60 | P61 61.
    assert r["backlog_by_age_bucket"] == {"0-7": 5, "8-15": 2, "16-30": 2, "31-60": 2, "61+": 1}
    # Over target (age > target): M10 (8 > 7), P16 P30 P31 P60 P61 (> 15); M9 (7) and P15 (15) are at it.
    assert r["backlog_over_target"] == 6
    rows = query(edges, "open_at_day", day=fx.DAY)
    buckets = dict(rows.group_by("age_bucket").agg(pl.col("backlog_count").sum()).iter_rows())
    assert buckets == {"0-7": 5, "8-15": 2, "16-30": 2, "31-60": 2, "61+": 1}
    assert rows["over_target_count"].sum() == 6
    apps = query(edges, "applications_at_day", day=fx.DAY, stages=[], age_buckets=[], max_rows=100)
    past = dict(zip(apps["request_id"], apps["past_target_days"]))
    assert (past["M9"], past["M10"], past["P15"], past["P16"], past["P61"]) == (None, 1, None, 1, 46)

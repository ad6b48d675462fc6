"""Golden tests of the delivery and contacts pages' datasets, on a hand-made warehouse imported
through the real import; every expected value is worked out by hand beside it.

Times without an offset are Europe/Paris local, CET (UTC+1) all along. The period is January 2018.
as_of = 2018-02-10 12:00 (S15, the latest timestamp). W = 7 days. Targets: passport 15 days,
id_card 15, driving_licence 19, vehicle_registration 7.
"""

from datetime import date

import polars as pl
import pytest

from oncedone import config
from oncedone.kpi import indicators
from oncedone.store import ingest
from oncedone.store.warehouse import Warehouse
from tests.conftest import export_files
from oncedone.access import EVERYTHING

REQUESTS = [
    "B1,vehicle_registration,2018-01-02 10:00,75,online,Q1",   # delivered in 6 days
    "B2,vehicle_registration,2018-01-03 10:00,75,online,Q2",   # two rework loops, delivered in 17 days
    "B3,passport,2017-12-28 10:00,13,online,Q3",              # submitted in December, delivered in 13 days
    "B4,passport,2018-01-15 10:00,13,online,Q4",              # no event: still waiting at as_of
    "B5,id_card,2018-01-16 09:00,2A,assisted,Q5",             # rejected
    "B6,id_card,2018-01-17 09:00,2A,online,Q6",               # incomplete, then cancelled
    "B7,driving_licence,2018-01-22 09:00,,online,Q7",         # no department; delivered in 9.5 days
    "B8,driving_licence,2017-11-01 10:00,69,online,Q8",       # three rework loops, rejected in January
]
EVENTS = [
    "B1,in_review,2018-01-04 10:00", "B1,approved,2018-01-05 10:00", "B1,in_production,2018-01-05 16:00",
    "B1,shipped,2018-01-07 10:00", "B1,delivered,2018-01-08 10:00",
    "B2,incomplete,2018-01-05 10:00", "B2,resubmitted,2018-01-09 10:00", "B2,incomplete,2018-01-10 10:00",
    "B2,resubmitted,2018-01-12 10:00", "B2,in_review,2018-01-15 10:00", "B2,approved,2018-01-16 10:00",
    "B2,shipped,2018-01-18 10:00", "B2,delivered,2018-01-20 10:00",
    "B3,in_review,2018-01-02 10:00", "B3,delivered,2018-01-10 10:00",
    "B5,rejected,2018-01-18 09:00",
    "B6,incomplete,2018-01-18 09:00", "B6,cancelled,2018-01-25 09:00",
    "B7,delivered,2018-01-31 21:00",
    "B8,incomplete,2017-11-05 10:00", "B8,resubmitted,2017-11-10 10:00", "B8,incomplete,2017-11-15 10:00",
    "B8,resubmitted,2017-11-20 10:00", "B8,incomplete,2017-11-25 10:00", "B8,resubmitted,2017-12-01 10:00",
    "B8,rejected,2018-01-05 10:00",
]
CONTACTS = [
    # E1: one call about B2, resolved; the next call comes 7 days and 1 hour later: once and done.
    "S1,phone,2018-01-12 10:00,2018-01-12 10:01,resolved,status_inquiry,Q2,B2,N1,A1,120,4",
    # E2: a call escalated, then a mail the next morning: path phone > email.
    "S2,phone,2018-01-19 11:00,2018-01-19 11:02,escalated,status_inquiry,Q2,B2,N1,A2,300,",
    "S2b,email,2018-01-20 09:00,2018-01-20 15:00,resolved,documents,Q2,B2,MAIL,A3,600,",
    # E3: a call about B8 (63 days old), resolved.
    "S3,phone,2018-01-03 09:00,2018-01-03 09:01,resolved,status_inquiry,Q8,B8,N1,A1,180,5",
    # E4: a call about B1 an hour after its delivery: once and done, but not about a waiting application.
    "S4,phone,2018-01-08 11:00,2018-01-08 11:01,resolved,status_inquiry,Q1,B1,N1,A2,240,",
    # E5: the chatbot logs B4's question resolved; three calls follow (the third exactly W after the
    # first call, so still in the episode): chatbot > phone > phone > ..., a false containment.
    "S5,chatbot,2018-01-20 10:00,2018-01-20 10:00,resolved,status_inquiry,Q4,B4,BOT,,,",
    "S8,phone,2018-01-22 10:00,2018-01-22 10:03,callback,status_inquiry,Q4,B4,N1,A2,60,",
    "S7,phone,2018-01-29 10:00,2018-01-29 10:05,escalated,status_inquiry,Q4,B4,N1,A1,600,2",
    "S9,phone,2018-01-30 10:00,,abandoned,status_inquiry,Q4,B4,,,,",
    # No citizen: no episode.
    "S6,phone,2018-01-15 08:30,,abandoned,status_inquiry,,,,,,",
    # E6: a chat logged resolved, a call the next morning on the same reason: chatbot > phone.
    "S10,chatbot,2018-01-25 20:00,2018-01-25 20:00,resolved,other,Q9,,BOT,,,",
    "S11,phone,2018-01-26 09:00,2018-01-26 09:02,resolved,other,Q9,,N1,A1,360,3",
    # E7: a mail at 23:30 UTC on 9 January: 00:30 on Wednesday 10 January in Paris.
    "S12,email,2018-01-09T23:30:00Z,2018-01-10 11:00,resolved,payment,Q10,,MAIL,A3,900,",
    # An episode opened on 29 December continues on 2 January: not a January episode.
    "S13,webform,2017-12-29 10:00,2017-12-29 12:00,callback,documents,Q11,,MAIL,A3,,",
    "S14,webform,2018-01-02 10:00,2018-01-02 14:00,resolved,documents,Q11,,MAIL,A3,300,",
    # February: the latest instant (as_of).
    "S15,email,2018-02-10 12:00,,pending,other,Q12,,,,,",
    # E8: opened on 31 January, its second contact in February: webform > phone.
    "S16,webform,2018-01-31 22:00,,pending,technical_issue,Q13,,,,,",
    "S17,phone,2018-02-02 10:00,2018-02-02 10:01,resolved,technical_issue,Q13,,N1,A2,200,",
]

JANUARY = (date(2018, 1, 1), date(2018, 1, 31))


@pytest.fixture(scope="module")
def golden(tmp_path_factory):
    folder = tmp_path_factory.mktemp("golden_pages")
    files = export_files(folder, REQUESTS, EVENTS, CONTACTS)
    outcome = ingest.ingest(folder / "golden.duckdb", files)
    assert outcome.exit_code == 0, ingest.summary(outcome, "golden")
    return Warehouse(folder / "golden.duckdb")


def selection(period=JANUARY, **filters) -> indicators.Selection:
    return indicators.Selection(period[0], period[1], **filters, scope=EVERYTHING)


def data(golden, name, period=JANUARY, extra=None, **filters) -> pl.DataFrame:
    return indicators.dataset(golden, name, selection(period, **filters), config.load(), **(extra or {}))


def rows(frame: pl.DataFrame, key: str) -> dict:
    return {r[key]: r for r in frame.iter_rows(named=True)}


def report(golden, period=JANUARY, **filters) -> dict:
    return indicators.report(golden, selection(period, **filters), config.load())


# Delivery ---------------------------------------------------------------------------------


def test_delivery_distribution_by_title_type(golden):
    by_type = rows(data(golden, "delivery_distribution_by_title_type"), "title_type")
    # Delivered in January: B1 (8 Jan, 6 d) and B2 (20 Jan, 17 d), B3 (10 Jan, 13 d), B7 (31 Jan, 9.5 d).
    assert sorted(by_type) == ["driving_licence", "passport", "vehicle_registration"]  # no identity card
    vr = by_type["vehicle_registration"]
    assert (vr["target_days"], vr["delivered_count"], vr["within_target_count"]) == (7, 2, 1)  # 6 <= 7 < 17
    assert vr["within_target_rate"] == pytest.approx(0.5)
    assert (vr["delivery_days_min"], vr["delivery_days_max"]) == (pytest.approx(6), pytest.approx(17))
    assert vr["delivery_days_p10"] == pytest.approx(6 + 0.1 * 11)  # linear between the two: 7.1
    assert vr["delivery_days_p25"] == pytest.approx(6 + 0.25 * 11)  # 8.75
    assert vr["delivery_days_p50"] == pytest.approx(11.5)
    assert vr["delivery_days_p75"] == pytest.approx(6 + 0.75 * 11)  # 14.25
    assert vr["delivery_days_p90"] == pytest.approx(6 + 0.9 * 11)  # 15.9
    assert vr["delivery_days_mean"] == pytest.approx(11.5)
    # B7: 22 Jan 09:00 -> 31 Jan 21:00 = 9.5 days, within 19.
    dl = by_type["driving_licence"]
    assert (dl["target_days"], dl["delivered_count"], dl["within_target_rate"], dl["delivery_days_p50"]) == (
        19, 1, 1.0, pytest.approx(9.5))
    assert by_type["passport"]["delivery_days_p90"] == pytest.approx(13)  # B3 alone: 28 Dec -> 10 Jan


def test_delivery_distribution_adds_up_to_the_report(golden):
    spread = data(golden, "delivery_distribution_by_title_type")
    r = report(golden)
    assert spread["delivered_count"].sum() == r["delivered"] == 4
    assert spread["within_target_count"].sum() / spread["delivered_count"].sum() == pytest.approx(r["within_target_rate"])  # 3/4


def test_within_target_by_department(golden):
    shown = data(golden, "within_target_by_department")
    # 75: B1 and B2 (one within target); 13: B3; no department: B7. Worst first, then most
    # delivered, then the department, the missing one last.
    assert shown["department"].to_list() == ["75", "13", None]
    assert shown["delivered_count"].to_list() == [2, 1, 1]
    assert shown["within_target_rate"].to_list() == pytest.approx([0.5, 1.0, 1.0])
    assert shown["delivery_days_p90"].to_list() == pytest.approx([15.9, 13, 9.5])


def test_cohort_table_by_week(golden):
    weeks = rows(data(golden, "cohort_table_by_week"), "week_start_day")
    # Submitted in January, rejected (B5) and cancelled (B6) left out; B3 was submitted in December.
    assert sorted(weeks) == [date(2018, 1, 1), date(2018, 1, 15), date(2018, 1, 22)]
    first = weeks[date(2018, 1, 1)]
    # B1 (6 d) and B2 (17 d). The latest, B2 (3 Jan 10:00), is followed 38 d 2 h to as_of:
    # the 60-day share is not known yet.
    assert (first["cohort_count"], first["delivered_count"], first["in_flight_count"], first["is_partial_week"]) == (2, 2, 0, False)
    assert [first[f"within_{h}_days_rate"] for h in (7, 15, 30)] == pytest.approx([0.5, 0.5, 1.0])
    assert first["within_60_days_rate"] is None
    assert first["min_followup_days"] == pytest.approx(38 + 2 / 24)
    # B4 alone, waiting; followed 26 d 2 h: 0 % within 7 and 15 days so far, 30 and 60 unknown.
    waiting = weeks[date(2018, 1, 15)]
    assert (waiting["cohort_count"], waiting["delivered_count"], waiting["in_flight_count"]) == (1, 0, 1)
    assert (waiting["within_7_days_rate"], waiting["within_15_days_rate"], waiting["within_30_days_rate"]) == (0.0, 0.0, None)
    # B7 (9.5 d), followed 19 d 3 h: not within 7 days, within 15, 30 unknown.
    late = weeks[date(2018, 1, 22)]
    assert (late["within_7_days_rate"], late["within_15_days_rate"], late["within_30_days_rate"]) == (0.0, 1.0, None)
    assert sum(w["cohort_count"] for w in weeks.values()) == report(golden)["cohort_requests"] == 4


def test_cohort_table_marks_a_week_cut_by_the_period(golden):
    weeks = rows(data(golden, "cohort_table_by_week", period=(date(2018, 1, 3), date(2018, 1, 31))), "week_start_day")
    # From Wednesday 3 January: B1 (2 Jan) is out, the week of 1 January holds B2 alone.
    cut = weeks[date(2018, 1, 1)]
    assert (cut["is_partial_week"], cut["cohort_count"], cut["within_15_days_rate"], cut["within_30_days_rate"]) == (True, 1, 0.0, 1.0)
    assert weeks[date(2018, 1, 22)]["is_partial_week"] is False


def test_stage_days_per_title_type(golden):
    stages = data(golden, "stage_days_by_period", extra={"grain": "period"})
    vr = {r["stage"]: r for r in stages.filter(pl.col("title_type") == "vehicle_registration").iter_rows(named=True)}
    # Every stage has a row, in the contract's order; both vehicle registrations are in each.
    assert list(vr) == ["submitted", "incomplete", "resubmitted", "in_review", "approved", "in_production", "shipped"]
    assert {r["delivered_count"] for r in vr.values()} == {2}
    # B1: submitted 2, in_review 1, approved 0.25 (10:00 -> 16:00), in_production 1.75, shipped 1 = 6 d.
    # B2: submitted 2, incomplete 4 + 2 = 6, resubmitted 1 + 3 = 4, in_review 1, approved 2, never in
    # production, shipped 2 = 17 d. Two values: the median is their mean, p90 = a + 0.9 (b - a).
    assert [vr[s]["stage_days_p50"] for s in vr] == pytest.approx([2, 3, 2, 1, 1.125, 0.875, 1.5])
    assert vr["incomplete"]["stage_days_p90"] == pytest.approx(0.9 * 6)
    assert vr["approved"]["stage_days_p90"] == pytest.approx(0.25 + 0.9 * 1.75)
    # The stages' means add up to the mean delivery time (6 + 17) / 2.
    assert sum(r["stage_days_mean"] for r in vr.values()) == pytest.approx(11.5)
    passport = {r["stage"]: r["stage_days_p50"] for r in stages.filter(pl.col("title_type") == "passport").iter_rows(named=True)}
    # B3: 28 Dec -> 2 Jan waiting (5 d, spans before the period count), 8 d in review, then delivered.
    assert passport == pytest.approx({"submitted": 5, "incomplete": 0, "resubmitted": 0, "in_review": 8,
                                      "approved": 0, "in_production": 0, "shipped": 0})
    # B7 has no event before its delivery: 9.5 days waiting as submitted.
    dl = stages.filter((pl.col("title_type") == "driving_licence") & (pl.col("stage") == "submitted"))
    assert dl["stage_days_p50"].item() == pytest.approx(9.5)


def test_stage_days_by_week(golden):
    weeks = data(golden, "stage_days_by_period", extra={"grain": "week"}).filter(pl.col("stage") == "submitted")
    # Delivered: B1 Monday 8 Jan and B3 Wednesday 10 Jan (week of 8 Jan), B2 Saturday 20 Jan (week
    # of 15 Jan), B7 Wednesday 31 Jan (week of 29 Jan).
    got = {(str(r["period_start_day"]), r["title_type"]): r["stage_days_p50"] for r in weeks.iter_rows(named=True)}
    assert got == pytest.approx({("2018-01-08", "passport"): 5, ("2018-01-08", "vehicle_registration"): 2,
                                 ("2018-01-15", "vehicle_registration"): 2, ("2018-01-29", "driving_licence"): 9.5})


def test_rework_by_title_type(golden):
    by_type = rows(data(golden, "rework_by_title_type"), "title_type")
    # Terminal in January, delivered or rejected: B1, B2, B3, B7 delivered; B5, B8 rejected; B6
    # (cancelled) left out. B2 looped twice, B8 three times.
    assert by_type["vehicle_registration"] == {
        "title_type": "vehicle_registration", "finished_count": 2, "right_first_time_count": 1, "no_loop_count": 1,
        "one_loop_count": 0, "two_loops_count": 1, "three_loops_or_more_count": 0, "loop_count": 2, "reworked_rate": 0.5,
    }
    dl = by_type["driving_licence"]  # B7 right first time, B8 rejected after three loops
    assert (dl["finished_count"], dl["right_first_time_count"], dl["three_loops_or_more_count"], dl["loop_count"]) == (2, 1, 1, 3)
    ic = by_type["id_card"]  # B5 rejected without a loop: not right first time, not reworked
    assert (ic["finished_count"], ic["right_first_time_count"], ic["no_loop_count"], ic["reworked_rate"]) == (1, 0, 1, 0.0)
    # Right first time of the report: B1, B3, B7 out of six finished.
    total = sum(r["right_first_time_count"] for r in by_type.values()) / sum(r["finished_count"] for r in by_type.values())
    assert total == pytest.approx(report(golden)["right_first_time_rate"]) == pytest.approx(3 / 6)


def test_rework_shares_in_long_form(golden):
    long = indicators.rework_shares(data(golden, "rework_by_title_type"))
    vr = {r["loops"]: (r["application_count"], r["application_share_rate"])
          for r in long.filter(pl.col("title_type") == "vehicle_registration").iter_rows(named=True)}
    assert vr == {"0": (1, 0.5), "1": (0, 0.0), "2": (1, 0.5), "3+": (0, 0.0)}


def test_delivery_curves_side_by_side(golden):
    delivered = data(golden, "delivery_by_period", extra={"grain": "week"})
    cohort = data(golden, "cohort_delivery_by_period", extra={"grain": "week"})
    curves = rows(indicators.delivery_curves(delivered, cohort), "period_start_day")
    # Delivery weeks: 8 Jan (B1 6 d, B3 13 d), 15 Jan (B2 17 d), 29 Jan (B7 9.5 d). Submission
    # weeks: 1 Jan (B1, B2: S(6) = 1/2, S(17) = 0), 15 Jan (B4 waiting), 22 Jan (B7).
    assert sorted(curves) == [date(2018, 1, d) for d in (1, 8, 15, 22, 29)]
    assert (curves[date(2018, 1, 1)]["delivery_days_p50"], curves[date(2018, 1, 1)]["cohort_days_p50"]) == (None, pytest.approx(6))
    assert curves[date(2018, 1, 1)]["cohort_days_p90"] == pytest.approx(17)
    assert (curves[date(2018, 1, 8)]["delivery_days_p50"], curves[date(2018, 1, 8)]["cohort_days_p50"]) == (pytest.approx(9.5), None)
    assert (curves[date(2018, 1, 15)]["cohort_count"], curves[date(2018, 1, 15)]["cohort_days_p50"]) == (1, None)


# Contacts ---------------------------------------------------------------------------------


def test_episodes_count_their_first_contacts_logged_resolved(golden):
    episodes = data(golden, "episodes_by_day")
    # January openings: S1 S2 S3 S4 S5 S10 S12 S16 (S14 continues a December episode, S6 has no
    # citizen). Logged resolved: all but S2 (escalated) and S16 (pending). Once and done: S1 S3 S4 S12.
    assert (episodes["episode_count"].sum(), episodes["logged_resolved_count"].sum(), episodes["once_and_done_count"].sum()) == (8, 6, 4)


def test_episode_breakdown_by_first_channel(golden):
    table = rows(indicators.episode_breakdown(data(golden, "episodes_by_day"), selection(), "channel"), "channel")
    assert list(table) == ["phone", "chatbot", "email", "webform"]  # most episodes first, then by name
    # Phone: S1 S3 S4 resolved alone, S2 escalated: 3/4 logged resolved, 3/4 once and done.
    assert (table["phone"]["episode_count"], table["phone"]["false_containment_rate"]) == (4, 0.0)
    assert table["phone"]["once_and_done_rate"] == pytest.approx(0.75)
    # Chatbot: S5 and S10 both logged resolved, both followed by calls: all false containment.
    assert (table["chatbot"]["logged_resolved_rate"], table["chatbot"]["once_and_done_rate"], table["chatbot"]["false_containment_rate"]) == (1.0, 0.0, 1.0)


def test_repeat_paths(golden):
    paths = data(golden, "repeat_paths")
    got = {r["channel_path"]: (r["episode_count"], r["contact_count"], r["logged_resolved_count"], r["once_and_done_count"])
           for r in paths.iter_rows(named=True)}
    assert got == {
        "phone": (3, 3, 3, 3),                     # S1, S3, S4
        "chatbot>phone": (1, 2, 1, 0),             # S10 logged resolved, S11 the next morning
        "chatbot>phone>phone>…": (1, 4, 1, 0),     # S5, S8, S7 (exactly W later), S9: cut at three
        "email": (1, 1, 1, 1),                     # S12
        "phone>email": (1, 2, 0, 0),               # S2 escalated, S2b
        "webform>phone": (1, 2, 0, 0),             # S16 on 31 January, S17 in February
    }
    assert paths["channel_path"][0] == "phone"  # most frequent first, then by path
    assert paths["channel_path"].to_list()[1:3] == ["chatbot>phone", "chatbot>phone>phone>…"]
    assert paths["episode_share_rate"][0] == pytest.approx(3 / 8)
    assert paths.filter(pl.col("channel_path") == "chatbot>phone")["logged_resolved_rate"].item() == 1.0
    # The paths hold every episode of the report, once.
    assert paths["episode_count"].sum() == report(golden)["episodes"] == 8


def test_repeat_paths_follow_the_filters_and_the_window(golden):
    chatbot = data(golden, "repeat_paths", channels=("chatbot",))
    # Episodes chosen by their first contact's channel: E5 and E6; S8 (phone) still belongs to E5.
    assert dict(zip(chatbot["channel_path"], chatbot["episode_count"])) == {"chatbot>phone": 1, "chatbot>phone>phone>…": 1}
    assert chatbot["episode_share_rate"].to_list() == [0.5, 0.5]
    vehicle = data(golden, "repeat_paths", title_types=("vehicle_registration",))
    # Contacts about B1 and B2: S1, S4 alone, S2 > S2b.
    assert dict(zip(vehicle["channel_path"], vehicle["episode_count"])) == {"phone": 2, "phone>email": 1}
    one_day = data(golden, "repeat_paths", window_days=1)
    # W = 24 h: E5 splits into S5 | S8 | S7 + S9 (exactly 24 h apart); S16 and S17 (36 h) split,
    # S17 opening a February episode; S14, 4 days after S13, opens a January one; S2 + S2b (22 h)
    # and S10 + S11 (13 h) hold. 8 + S8 + S7 + S14 = 11 episodes.
    got = dict(zip(one_day["channel_path"], one_day["episode_count"]))
    assert (got["phone"], got["chatbot"], got["phone>phone"], got["webform"]) == (4, 1, 1, 2)  # webform: S14, S16
    assert one_day["episode_count"].sum() == report(golden, window_days=1)["episodes"] == 11


def test_status_inquiries_by_age(golden):
    by_age = rows(data(golden, "status_inquiries_by_age"), "age_bucket")
    assert list(by_age) == ["0-7", "8-15", "16-30", "31-60", "61+"]
    # Status inquiries about an application open at that instant, by its age that day:
    # S5 (B4, 5 d), S8 (B4, 7 d) | S1 (B2, 9 d), S7 (B4, 14 d), S9 (B4, 15 d) | S2 (B2, 16 d) | S3 (B8, 63 d).
    # Left out: S4 (B1 delivered an hour before), S6 (no application).
    assert [r["status_inquiry_count"] for r in by_age.values()] == [2, 3, 1, 0, 1]
    # Application-days open at the end of a January day, by age:
    #   B1 2-7 Jan ages 0-5: 6 | B2 3-19 Jan ages 0-16: 8, 8, 1 | B3 1-9 Jan ages 4-12: 4, 5
    #   B4 15-31 Jan ages 0-16: 8, 8, 1 | B5 16-17 Jan: 2 | B6 17-24 Jan: 8 | B7 22-30 Jan ages 0-8: 8, 1
    #   B8 1-4 Jan ages 61-64: 4 (61+).
    assert [r["backlog_day_count"] for r in by_age.values()] == [44, 22, 2, 0, 4]
    per_1000 = [r["inquiries_per_1000_backlog"] for r in by_age.values()]
    assert per_1000 == [pytest.approx(2000 / 44), pytest.approx(3000 / 22), pytest.approx(500), None, pytest.approx(250)]


def test_status_inquiries_by_age_with_a_channel_filter(golden):
    by_age = rows(data(golden, "status_inquiries_by_age", channels=("phone",)), "age_bucket")
    # The channel chooses the contacts only: S5 (chatbot) leaves, the application-days stay.
    assert (by_age["0-7"]["status_inquiry_count"], by_age["0-7"]["backlog_day_count"]) == (1, 44)


def test_contacts_by_hour_in_paris_time(golden):
    cells = {(r["weekday_number"], r["hour_number"]): r for r in data(golden, "contacts_by_hour").iter_rows(named=True)}
    assert len(cells) == 7 * 24  # every slot, empty ones included
    # Mondays 22 and 29 January at 10:00 (S8, S7), out of five Mondays (1, 8, 15, 22, 29).
    assert (cells[1, 10]["contact_count"], cells[1, 10]["mean_contact_count"]) == (2, pytest.approx(2 / 5))
    # S12, 23:30 UTC on Tuesday 9: Wednesday 10 at 00:30 in Paris.
    assert (cells[3, 0]["contact_count"], cells[2, 23]["contact_count"]) == (1, 0)
    # Saturday 20 January 09:00 (S2b), four Saturdays.
    assert cells[6, 9]["mean_contact_count"] == pytest.approx(1 / 4)
    assert sum(c["contact_count"] for c in cells.values()) == report(golden)["contacts"] == 15


def test_handle_time_by_channel(golden):
    by_channel = rows(data(golden, "handle_time_by_channel"), "channel")
    assert list(by_channel) == ["phone", "email", "webform"]  # no handle time on the chatbot here
    phone = by_channel["phone"]
    # Calls in January with a handle time: 2, 5, 3, 4, 10, 1, 6 minutes (S1 S2 S3 S4 S7 S8 S11).
    assert phone["handled_count"] == 7
    assert phone["handle_minutes_p50"] == pytest.approx(4)
    assert phone["handle_minutes_p90"] == pytest.approx(6 + 0.4 * (10 - 6))  # rank 0.9 * 6 = 5.4
    assert phone["handle_minutes_mean"] == pytest.approx(31 / 7)
    assert (by_channel["email"]["handle_minutes_p50"], by_channel["webform"]["handle_minutes_p90"]) == (pytest.approx(12.5), pytest.approx(5))


# Series the pages draw from the by-day datasets ---------------------------------------------


def test_grain_follows_the_length_of_the_period():
    assert indicators.grain_for(selection((date(2018, 1, 1), date(2018, 1, 21)))) == "day"
    assert indicators.grain_for(selection(JANUARY)) == "week"
    assert indicators.grain_for(selection((date(2017, 1, 1), date(2018, 12, 31)))) == "week"  # 730 days
    assert indicators.grain_for(selection((date(2016, 1, 1), date(2018, 12, 31)))) == "month"


def test_once_and_done_by_week(golden):
    weekly = indicators.rollup(data(golden, "episodes_by_day"), "episode_day", selection(), "week",
                               rates=indicators.ONCE_AND_DONE)
    # Openings by week: 1 Jan S3 | 8 Jan S4, S12 (Paris day 10 Jan), S1 | 15 Jan S2, S5 | 22 Jan S10 | 29 Jan S16.
    assert weekly["episode_count"].to_list() == [1, 3, 2, 1, 1]
    assert weekly["once_and_done_rate"].to_list() == [1.0, 1.0, 0.0, 0.0, 0.0]
    assert weekly["is_partial_period"].to_list() == [False, False, False, False, True]  # 29 Jan - 4 Feb
    whole = indicators.rollup(data(golden, "episodes_by_day"), "episode_day", selection(), "period",
                              rates=indicators.ONCE_AND_DONE)
    assert whole["once_and_done_rate"].item() == pytest.approx(report(golden)["once_and_done_rate"]) == pytest.approx(4 / 8)


def test_pickup_by_week(golden):
    weekly = indicators.pickup_series(data(golden, "contacts_by_day"), selection(), "week")
    # Calls: 1 Jan S3 | 8 Jan S4, S1 | 15 Jan S6 (abandoned), S2 | 22 Jan S8, S11 | 29 Jan S7, S9 (abandoned).
    assert weekly["pickup_rate"].to_list() == [1.0, 1.0, 0.5, 1.0, 0.5]
    whole = indicators.pickup_series(data(golden, "contacts_by_day"), selection(), "period")
    assert whole["pickup_rate"].item() == pytest.approx(report(golden)["pickup_rate"]) == pytest.approx(7 / 9)


def test_failure_demand_shares_add_up_to_the_rate(golden):
    cfg = config.load()
    shares = indicators.reason_shares(data(golden, "contacts_by_day"), selection(), "period", cfg.failure_demand_reasons)
    # January's 15 contacts: 9 status inquiries (S1-S9 but S2b), 1 technical issue (S16), no correction.
    assert dict(zip(shares["reason"], shares["contact_share_rate"])) == {
        "status_inquiry": pytest.approx(9 / 15), "technical_issue": pytest.approx(1 / 15)}
    assert shares["contact_share_rate"].sum() == pytest.approx(report(golden)["failure_demand_rate"])


# Boundaries (issue 23): each case fails when its boundary moves by one unit -----------------
# CET (UTC+1) from November 2017 to January 2018. as_of = 18 January 10:00:01 (Q15s's delivery).
EDGE_REQUESTS = [
    "V7,vehicle_registration,2018-01-02 10:00,75,online,Z2",   # delivered in exactly 7 days (its target)
    "V7s,vehicle_registration,2018-01-02 10:00,75,online,Z3",  # in 7 days and 1 second
    "Q15,passport,2018-01-03 10:00,13,online,Z4",              # in exactly 15 days (its target)
    "Q15s,passport,2018-01-03 10:00,13,online,Z5",             # in 15 days and 1 second
    "P1,passport,2017-11-01 10:00,13,online,Z1",               # waits all along: status inquiries
]
EDGE_EVENTS = [
    "V7,delivered,2018-01-09 10:00", "V7s,delivered,2018-01-09 10:00:01",
    "Q15,delivered,2018-01-18 10:00", "Q15s,delivered,2018-01-18 10:00:01",
]
# P1's status inquiries at ages 7, 8, 15, 16, 30, 31, 60 and 61 days (1 November + the age).
EDGE_CONTACTS = [
    f"I{age},phone,{day} 10:00,{day} 10:01,resolved,status_inquiry,Z1,P1,N1,A1,60,"
    for age, day in ((7, "2017-11-08"), (8, "2017-11-09"), (15, "2017-11-16"), (16, "2017-11-17"),
                     (30, "2017-12-01"), (31, "2017-12-02"), (60, "2017-12-31"), (61, "2018-01-01"))
] + [
    "J1,phone,2018-01-02 10:00,,abandoned,status_inquiry,Z3,V7s,,,,",    # at V7s's submission instant
    "J2,phone,2018-01-09 09:59:59,,abandoned,status_inquiry,Z2,V7,,,,",  # a second before V7's delivery
    "J3,phone,2018-01-09 10:00,,abandoned,status_inquiry,Z2,V7,,,,",     # at V7's delivery instant
]


@pytest.fixture(scope="module")
def edges(tmp_path_factory):
    folder = tmp_path_factory.mktemp("edges_pages")
    outcome = ingest.ingest(folder / "edges.duckdb", export_files(folder, EDGE_REQUESTS, EDGE_EVENTS, EDGE_CONTACTS))
    assert outcome.exit_code == 0, ingest.summary(outcome, "edges")
    return Warehouse(folder / "edges.duckdb")


def test_delivered_in_exactly_the_target_is_within_it(edges):
    # kpis.md §2: within target = delivered in <= the target delay. V7 (7 d) and Q15 (15 d) are
    # within; V7s and Q15s, one second later, are not: 2 / 4.
    r = report(edges)
    assert (r["delivered"], r["within_target_rate"]) == (4, pytest.approx(2 / 4))
    whole = data(edges, "delivery_by_period", extra={"grain": "period"})
    assert (whole["delivered_count"].item(), whole["within_target_count"].item()) == (4, 2)
    by_type = rows(data(edges, "delivery_distribution_by_title_type"), "title_type")
    assert (by_type["vehicle_registration"]["within_target_count"], by_type["passport"]["within_target_count"]) == (1, 1)
    assert by_type["vehicle_registration"]["within_target_rate"] == pytest.approx(1 / 2)
    by_department = rows(data(edges, "within_target_by_department"), "department")
    assert (by_department["75"]["within_target_count"], by_department["13"]["within_target_count"]) == (1, 1)
    # The cohort of the week of 1 January (all four): within 7 days V7 alone; within 15 days V7,
    # V7s, Q15 (Q15s is 15 d 1 s). Followed at least 15 d 1 s (Q15 to as_of), so both are known.
    week = rows(data(edges, "cohort_table_by_week"), "week_start_day")[date(2018, 1, 1)]
    assert (week["within_7_days_rate"], week["within_15_days_rate"]) == (pytest.approx(1 / 4), pytest.approx(3 / 4))


def test_status_inquiries_fall_in_age_buckets_at_every_bound(edges):
    period = (date(2017, 11, 1), date(2018, 1, 1))
    by_age = rows(data(edges, "status_inquiries_by_age", period=period), "age_bucket")
    # Ages 7 | 8, 15 | 16, 30 | 31, 60 | 61: the 31-60 bucket starts at 31, and so on.
    assert [r["status_inquiry_count"] for r in by_age.values()] == [1, 2, 2, 2, 1]
    # P1 open at the end of each day from 1 November (age 0) to 1 January (age 61): ages 0-7 are
    # 8 days, 8-15 8, 16-30 15, 31-60 30, 61 one (the other four arrive on 2 and 3 January).
    assert [r["backlog_day_count"] for r in by_age.values()] == [8, 8, 15, 30, 1]


def test_a_status_inquiry_counts_while_its_application_waits_strictly(edges):
    # Waiting at the contact's instant: submitted strictly before it, terminal strictly after it.
    # J1 comes at V7s's submission instant, J3 at V7's delivery instant: neither counts; J2, a
    # second before V7's delivery, does, at age 7 (2 -> 9 January).
    by_age = rows(data(edges, "status_inquiries_by_age", period=(date(2018, 1, 2), date(2018, 1, 9))), "age_bucket")
    assert [r["status_inquiry_count"] for r in by_age.values()] == [1, 0, 0, 0, 0]

"""Golden tests: every indicator on a hand-made warehouse, each expected value worked out by hand.

Times without an offset are Europe/Paris local (CET, UTC+1, until 25 March 2018 02:00; CEST,
UTC+2, after). as_of = 2018-04-10 10:00 UTC (A9's submission, the latest timestamp).
Targets (oncedone.toml): passport 15 days, id_card 15, driving_licence 19, vehicle_registration 7.
"""

from datetime import date

import pytest

from oncedone import config
from oncedone.kpi import indicators
from oncedone.store import ingest
from oncedone.store.warehouse import Warehouse
from tests.conftest import export_files
from oncedone.access import EVERYTHING

REQUESTS = [
    "A1,passport,2018-03-01 10:00,75,online,C1",
    "A2,passport,2018-03-01 12:00,13,online,C2",
    "A3,id_card,2018-03-02 08:00,2A,assisted,C3",
    "A4,vehicle_registration,2018-03-10 09:00,75,professional,C6",
    "A5,vehicle_registration,2018-03-20 09:00,69,professional,C9",
    "A6,driving_licence,2018-02-01 10:00,33,online,C10",
    "A7,id_card,2018-03-30 10:00,13,online,C11",
    "A8,passport,2018-03-24 12:00,75,online,C12",
    "A9,driving_licence,2018-04-10 12:00,75,online,C13",      # 10:00 UTC: as_of
    "A10,passport,2018-01-15 10:00,59,online,C14",
    "A11,id_card,2018-03-31 23:30,75,online,C8",               # 21:30 UTC: before the end of 31 March
    "A12,driving_licence,2018-04-01 00:30,31,online,C15",      # 31 March 22:30 UTC: after it
]
EVENTS = [
    "A1,submitted,2018-03-01 10:00", "A1,in_review,2018-03-05 10:00", "A1,approved,2018-03-06 10:00",
    "A1,in_production,2018-03-07 10:00", "A1,shipped,2018-03-09 10:00", "A1,delivered,2018-03-11 10:00",
    "A2,submitted,2018-03-01 12:00", "A2,incomplete,2018-03-03 12:00", "A2,resubmitted,2018-03-06 12:00",
    "A2,in_review,2018-03-08 12:00", "A2,approved,2018-03-12 12:00", "A2,in_production,2018-03-14 12:00",
    "A2,shipped,2018-03-18 12:00", "A2,delivered,2018-03-21 12:00",
    "A3,submitted,2018-03-02 08:00", "A3,in_review,2018-03-04 08:00", "A3,rejected,2018-03-06 08:00",
    "A4,submitted,2018-03-10 09:00", "A4,incomplete,2018-03-12 09:00",
    "A5,submitted,2018-03-20 09:00", "A5,approved,2018-03-31 10:00", "A5,in_review,2018-03-31 10:00",  # same instant
    "A6,submitted,2018-02-01 10:00", "A6,in_review,2018-02-10 10:00", "A6,delivered,2018-03-02 10:00",
    "A7,submitted,2018-03-30 10:00", "A7,cancelled,2018-03-31 09:00",
    "A8,submitted,2018-03-24 12:00", "A8,delivered,2018-03-28 12:00",   # across the clock change: 95 hours
    "A9,submitted,2018-04-10 12:00",
    "A10,submitted,2018-01-15 10:00", "A10,in_review,2018-01-20 10:00",
    "A12,submitted,2018-04-01 00:30",
]
CONTACTS = [
    # E1: one call, resolved: once and done.
    "K01,phone,2018-03-05 09:00,2018-03-05 09:01,resolved,status_inquiry,C1,A1,N1,X1,200,4",
    # E2: a chat logged resolved, then a call within W about the same application: not once and done.
    "K02,chatbot,2018-03-06 20:00,2018-03-06 20:00,resolved,status_inquiry,C2,A2,BOT,,,",
    "K03,phone,2018-03-08 10:00,2018-03-08 10:05,resolved,status_inquiry,C2,A2,N1,X2,300,2",
    # E3: a repeat exactly W (168 h) later stays in the episode.
    "K04,email,2018-03-10 10:00,2018-03-10 15:00,resolved,documents,C3,,MAIL,X3,,",
    "K05,email,2018-03-17 10:00,2018-03-17 12:00,resolved,documents,C3,,MAIL,X3,,",
    # E4, E5: one second over W opens a new episode.
    "K06,webform,2018-03-01 10:00,2018-03-01 11:00,resolved,technical_issue,C4,,MAIL,X4,,",
    "K07,webform,2018-03-08 10:00:01,2018-03-08 12:00,resolved,technical_issue,C4,,MAIL,X4,,",
    # No citizen: unlinked, outside the rate.
    "K08,phone,2018-03-12 09:00,,abandoned,status_inquiry,,,,,,",
    # E6: 00:30 Paris on the clock-change night (23:30 UTC on the 24th): a 25 March episode.
    "K09,chatbot,2018-03-24T23:30:00Z,2018-03-24T23:30:00Z,resolved,other,C5,,BOT,,,",
    # E7: a call then a mail 6 days later, the last less than W before as_of: provisional.
    "K10,phone,2018-03-30 10:00,2018-03-30 10:02,escalated,documents,C6,A4,N1,X1,400,",
    "K11,email,2018-04-05 10:00,,pending,documents,C6,A4,,,,",
    # E8, E9: single resolved contacts.
    "K12,phone,2018-03-28 10:00,2018-03-28 10:01,resolved,payment,C7,,N1,X2,100,5",
    "K13,email,2018-03-31 23:45,2018-04-01 09:00,resolved,correction,C8,A11,MAIL,X3,,",
]

MARCH = (date(2018, 3, 1), date(2018, 3, 31))


@pytest.fixture(scope="module")
def golden(tmp_path_factory):
    folder = tmp_path_factory.mktemp("golden")
    files = export_files(folder, REQUESTS, EVENTS, CONTACTS)
    outcome = ingest.ingest(folder / "golden.duckdb", files)
    assert outcome.exit_code == 0, ingest.summary(outcome, "golden")
    return Warehouse(folder / "golden.duckdb")


def report(golden, period=MARCH, **filters):
    selection = indicators.Selection(period[0], period[1], **filters, scope=EVERYTHING)
    return indicators.report(golden, selection, config.load())


def test_report_has_every_key_of_the_spec(golden):
    keys = """period_from period_to as_of window_days episodes once_and_done_episodes once_and_done_rate
    provisional_episodes unlinked_contacts delivered delivery_days_p50 delivery_days_p90 delivery_days_mean
    within_target_rate cohort_requests cohort_p50 cohort_p90 right_first_time_rate backlog backlog_over_target
    days_to_clear backlog_by_title_type backlog_by_stage backlog_by_age_bucket contacts contacts_by_channel
    failure_demand_rate contacts_per_delivered_title phone_contacts pickup_rate mail_response_hours_p50
    mail_response_hours_p90 csat_avg csat_count""".split()
    assert set(keys) <= set(report(golden))


def test_as_of_is_the_latest_timestamp(golden):
    assert report(golden)["as_of"] == "2018-04-10T10:00:00+00:00"  # A9 submitted 12:00 CEST


def test_once_and_done(golden):
    r = report(golden)
    # March episodes: E1 E2 E3 E4 E5 E6 E7 E8 E9 = 9 (K11 belongs to E7, K08 has no citizen).
    assert r["episodes"] == 9
    # Once and done: E1, E4, E5, E6, E8, E9 = 6 (E2: chat then call; E3: repeat at exactly W; E7: two).
    assert r["once_and_done_episodes"] == 6
    assert r["once_and_done_rate"] == pytest.approx(6 / 9)
    # Provisional: last contact after as_of - 168 h = 3 April 10:00 UTC: only E7 (K11, 5 April).
    assert r["provisional_episodes"] == 1
    assert r["unlinked_contacts"] == 1  # K08


def test_a_shorter_window_splits_the_repeats(golden):
    r = report(golden, window_days=1)
    # W = 24 h splits E2 (38 h gap), E3 (7 days) and E7 (6 days; K11 then opens an April episode):
    # 11 March episodes, all single; only E7's K10 (escalated) is not resolved: 10 once and done.
    assert (r["episodes"], r["once_and_done_episodes"]) == (11, 10)
    assert r["provisional_episodes"] == 0  # K11's episode starts in April
    assert r["window_days"] == 1


def test_the_channel_filter_selects_whole_episodes_by_their_first_contact(golden):
    chatbot = report(golden, channels=("chatbot",))
    # E2 (chat, then a call) and E6: the call K03 still makes E2 a repeat.
    assert (chatbot["episodes"], chatbot["once_and_done_episodes"]) == (2, 1)
    phone = report(golden, channels=("phone",))
    # E1, E7, E8 start with a call; E2 does not, although K03 is a call.
    assert (phone["episodes"], phone["once_and_done_episodes"]) == (3, 2)
    assert phone["contacts"] == 5  # K01 K03 K08 K10 K12
    assert phone["contacts_by_channel"] == {"phone": 5}


def test_application_filters_select_contacts_and_episodes_by_their_application(golden):
    passport = report(golden, title_types=("passport",))
    # Contacts about A1 and A2 (K01, K02, K03); K08, without application, leaves the population.
    assert (passport["episodes"], passport["once_and_done_episodes"]) == (2, 1)
    assert (passport["contacts"], passport["unlinked_contacts"]) == (3, 0)
    vehicle = report(golden, title_types=("vehicle_registration",))
    assert (vehicle["episodes"], vehicle["once_and_done_rate"], vehicle["provisional_episodes"]) == (1, 0.0, 1)


def test_episode_day_on_the_clock_change_night(golden):
    assert report(golden, period=(date(2018, 3, 25), date(2018, 3, 25)))["episodes"] == 1  # E6 at 00:30 CET
    assert report(golden, period=(date(2018, 3, 24), date(2018, 3, 24)))["episodes"] == 0


def test_delivery_time_by_delivery_day(golden):
    r = report(golden)
    # Delivered in March: A8 95 h = 3.958333 d (the clock change), A1 10, A2 20, A6 29 (1 Feb -> 2 Mar).
    assert r["delivered"] == 4
    assert r["delivery_days_p50"] == pytest.approx((10 + 20) / 2)
    assert r["delivery_days_p90"] == pytest.approx(20 + 0.7 * (29 - 20))  # rank 0.9 * 3 = 2.7
    assert r["delivery_days_mean"] == pytest.approx((95 / 24 + 10 + 20 + 29) / 4)
    assert r["within_target_rate"] == pytest.approx(2 / 4)  # A8 and A1 within 15; A2 > 15, A6 > 19


def test_delivery_time_by_cohort_counts_the_waiting(golden):
    r = report(golden)
    # Submitted in March, A3 rejected and A7 cancelled left out: A1 A2 A4 A5 A8 A11 = 6.
    assert r["cohort_requests"] == 6
    # Kaplan-Meier: t=95/24 n=6 d=1 -> 5/6; A11 censored at 9.52; t=10 n=4 -> 5/6*3/4 = 0.625;
    # t=20 n=3 -> 0.625*2/3 = 0.4167 <= 0.5: the median is 20 (the delivered alone would say 10).
    assert r["cohort_p50"] == pytest.approx(20.0)
    assert r["cohort_p90"] is None  # S never reaches 0.1: A4 and A5 still wait
    # Longest follow-up: A4, from 10 March 08:00 UTC to as_of 10 April 10:00 UTC = 31 d 2 h.
    assert r["cohort_max_followup_days"] == pytest.approx(31 + 2 / 24)


def test_cohort_quantiles_reached_when_everyone_is_delivered(golden):
    r = report(golden, departments=("13",))
    # Department 13: A2 (delivered, 20 d) and A7 (cancelled, left out): S(20) = 0.
    assert (r["cohort_requests"], r["cohort_p50"], r["cohort_p90"]) == (1, 20.0, 20.0)
    assert (r["delivered"], r["within_target_rate"]) == (1, 0.0)  # a rate of 0, not null


def test_right_first_time(golden):
    # Terminal in March, delivered or rejected: A1 A2 A3 A6 A8 (A7 cancelled left out).
    # Delivered without `incomplete`: A1 A6 A8; A2 looped, A3 was rejected: 3 / 5.
    assert report(golden)["right_first_time_rate"] == pytest.approx(3 / 5)


def test_backlog_at_the_last_day(golden):
    r = report(golden)
    # Open at the end of 31 March (22:00 UTC): A4, A5, A10, A11. A7 cancelled that morning,
    # A12 submitted 30 minutes after midnight.
    assert r["backlog"] == 4
    assert r["backlog_by_title_type"] == {"passport": 1, "id_card": 1, "driving_licence": 0, "vehicle_registration": 2}
    # A5's in_review and approved share an instant: the later status wins. A11 has no event.
    assert r["backlog_by_stage"] == {
        "submitted": 1, "incomplete": 1, "resubmitted": 0, "in_review": 1, "approved": 1, "in_production": 0, "shipped": 0
    }
    # Ages: A11 0, A5 11, A4 21, A10 75 (16 + 28 + 31) days.
    assert r["backlog_by_age_bucket"] == {"0-7": 1, "8-15": 1, "16-30": 1, "31-60": 0, "61+": 1}
    assert r["backlog_over_target"] == 3  # A4 21 > 7, A5 11 > 7, A10 75 > 15; A11 0
    # Terminal 25-31 March: A8 (28th), A7 (31st): 2 / 7 a day; 4 / (2/7) = 14 days to clear.
    assert r["days_to_clear"] == pytest.approx(14.0)


def test_days_to_clear_is_null_without_throughput(golden):
    r = report(golden, period=(date(2018, 3, 14), date(2018, 3, 20)), title_types=("vehicle_registration",))
    # A4 and A5 open at the end of 20 March; no vehicle registration finished 14-20 March.
    assert (r["backlog"], r["days_to_clear"]) == (2, None)


def test_contacts_and_secondary_indicators(golden):
    r = report(golden)
    assert r["contacts"] == 12  # K01-K10, K12, K13 (K11 is in April)
    assert r["contacts_by_channel"] == {"phone": 5, "email": 3, "chatbot": 2, "webform": 2}
    # status_inquiry K01 K02 K03 K08, technical_issue K06 K07, correction K13.
    assert r["failure_demand_rate"] == pytest.approx(7 / 12)
    assert r["contacts_per_delivered_title"] == pytest.approx(12 / 4)
    assert (r["phone_contacts"], r["pickup_rate"]) == (5, pytest.approx(4 / 5))  # K08 never answered
    # Mail answered: K06 1 h, K07 1 h 59 min 59 s, K05 2 h, K04 5 h, K13 9.25 h (23:45 -> 09:00).
    assert r["mail_response_hours_p50"] == pytest.approx(2.0)
    assert r["mail_response_hours_p90"] == pytest.approx(5 + 0.6 * (9.25 - 5))  # rank 0.9 * 4 = 3.6
    assert (r["csat_count"], r["csat_avg"]) == (3, pytest.approx((4 + 2 + 5) / 3))


def test_rates_over_an_empty_population_are_null(golden):
    r = report(golden, period=(date(2017, 6, 1), date(2017, 6, 30)))
    for key in (
        "once_and_done_rate", "delivery_days_p50", "delivery_days_p90", "delivery_days_mean", "within_target_rate",
        "cohort_p50", "cohort_p90", "right_first_time_rate", "days_to_clear", "failure_demand_rate",
        "contacts_per_delivered_title", "pickup_rate", "mail_response_hours_p50", "csat_avg",
    ):
        assert r[key] is None, key
    assert (r["episodes"], r["delivered"], r["contacts"], r["backlog"]) == (0, 0, 0, 0)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2018-02-30", "--to", "2018-03-31"], "--from '2018-02-30' is not a date"),
        (["--from", "2018-04-01", "--to", "2018-03-31"], "starts (2018-04-01) after it ends (2018-03-31)"),
        (["--from", "2018-03-01", "--to", "2018-03-31", "--title-type", "boat"], "unknown title type 'boat'"),
        (["--from", "2018-03-01", "--to", "2018-03-31", "--channel", "fax"], "unknown channel 'fax'"),
        (["--from", "2018-03-01", "--to", "2018-03-31", "--window-days", "31"], "between 1 and 30"),
    ],
)
def test_report_command_refuses_bad_requests_clearly(golden, args, message):
    from tests.conftest import cli

    result = cli("report", "--warehouse", str(golden.path), *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_report_command_prints_one_json_object(golden):
    import json

    from tests.conftest import cli

    result = cli("report", "--warehouse", str(golden.path), "--from", "2018-03-01", "--to", "2018-03-31", "--channel", "phone")
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed == report(golden, channels=("phone",))


def series(golden, name, period=MARCH, **extra):
    selection = indicators.Selection(period[0], period[1], scope=EVERYTHING)
    return indicators.dataset(golden, name, selection, config.load(), **extra)


def test_flows_by_day(golden):
    flows = series(golden, "flows_by_day")
    assert flows.height == 31 * 4  # every day of March for every title type, movement or not
    day = {(str(r["day"]), r["title_type"]): r for r in flows.iter_rows(named=True)}
    # 1 March: A1 and A2 arrive; A10 (January) was already waiting: 3 passports open.
    assert (day["2018-03-01", "passport"]["inflow_count"], day["2018-03-01", "passport"]["backlog_count"]) == (2, 3)
    # A6 (1 February) is open on 1 March and delivered on the 2nd.
    assert [day[d, "driving_licence"]["backlog_count"] for d in ("2018-03-01", "2018-03-02")] == [1, 0]
    assert day["2018-03-02", "driving_licence"]["net_flow_count"] == -1
    # 31 March: A11 arrives, A7 is cancelled; the open total matches the report's backlog.
    assert (day["2018-03-31", "id_card"]["inflow_count"], day["2018-03-31", "id_card"]["terminal_count"]) == (1, 1)
    assert sum(day["2018-03-31", t]["backlog_count"] for t in config.load().title_types) == report(golden)["backlog"] == 4
    assert flows["delivered_count"].sum() == 4


def test_delivery_by_week(golden):
    weeks = series(golden, "delivery_by_period", grain="week")
    rows = [(str(r["period_start_day"]), r["delivered_count"], r["within_target_count"]) for r in weeks.iter_rows(named=True)]
    # Weeks start on Monday: A6 on Friday 2 March (week of 26 February), A1 Sunday 11 March,
    # A2 Wednesday 21 March, A8 Wednesday 28 March.
    assert rows == [("2018-02-26", 1, 0), ("2018-03-05", 1, 1), ("2018-03-19", 1, 0), ("2018-03-26", 1, 1)]
    assert weeks["delivery_days_p50"].to_list() == pytest.approx([29, 10, 20, 95 / 24])


def test_mail_response_by_week(golden):
    weeks = series(golden, "mail_response_by_period", grain="week")
    # Week of 26 Feb: K06 1 h. Week of 5 March: K07 1 h 59 min 59 s and K04 5 h. Week of 12 March:
    # K05 2 h. Week of 26 March: K13 9.25 h.
    assert [str(d) for d in weeks["period_start_day"]] == ["2018-02-26", "2018-03-05", "2018-03-12", "2018-03-26"]
    k07 = 2 - 1 / 3600
    assert weeks["mail_response_hours_p50"].to_list() == pytest.approx([1, (k07 + 5) / 2, 2, 9.25])
    assert weeks["mail_response_hours_p90"][1] == pytest.approx(k07 + 0.9 * (5 - k07))


def test_cohort_delivery_by_week(golden):
    weeks = series(golden, "cohort_delivery_by_period", grain="week")
    rows = {str(r["period_start_day"]): r for r in weeks.iter_rows(named=True)}
    # Week of 26 Feb: A1 (10 d) and A2 (20 d), A3 rejected: S(10) = 1/2, S(20) = 0.
    assert (rows["2018-02-26"]["cohort_count"], rows["2018-02-26"]["cohort_p50"], rows["2018-02-26"]["cohort_p90"]) == (2, 10, 20)
    # Week of 5 March: A4 alone, still waiting: no median yet, followed 31 d 2 h.
    assert (rows["2018-03-05"]["cohort_count"], rows["2018-03-05"]["cohort_p50"]) == (1, None)
    assert rows["2018-03-05"]["max_followup_days"] == pytest.approx(31 + 2 / 24)
    # Week of 19 March: A8 delivered in 95 h, A5 waiting (21 d 2 h): S(95 h) = 1/2.
    assert rows["2018-03-19"]["cohort_p50"] == pytest.approx(95 / 24)
    assert rows["2018-03-19"]["cohort_p90"] is None
    # Week of 26 March: A7 cancelled leaves the cohort, A11 waits.
    assert (rows["2018-03-26"]["cohort_count"], rows["2018-03-26"]["cohort_p50"]) == (1, None)


def test_cohort_delivery_of_a_period_with_no_application_is_empty_with_its_columns(golden):
    # Nothing was submitted in January 2016: no cohort row, and the columns the pages read.
    none = series(golden, "cohort_delivery_by_period", period=(date(2016, 1, 1), date(2016, 1, 31)), grain="week")
    assert none.height == 0
    assert none.columns == ["period_start_day", "cohort_count", "cohort_delivered_count", "cohort_p50", "cohort_p90",
                            "max_followup_days"]


def test_previous_period_has_the_same_length_and_ends_the_day_before():
    march = indicators.Selection(date(2018, 3, 1), date(2018, 3, 31), channels=("phone",), scope=EVERYTHING)
    previous = march.previous()
    assert (previous.from_day, previous.to_day, previous.channels) == (date(2018, 1, 29), date(2018, 2, 28), ("phone",))


# Boundaries (issue 23): each case fails when its boundary moves by one unit -----------------

# Two terminal events at one instant: the earlier in the contract's status order is the terminal
# one (delivered < rejected < cancelled). Each pair is written latest-in-order first, so the file's
# order cannot be what decides. April 2018 is CEST (UTC+2) all along.
TIES_REQUESTS = [
    "T1,passport,2018-04-02 10:00,75,online,C1",
    "T2,passport,2018-04-02 10:00,75,online,C2",
    "T3,passport,2018-04-03 10:00,75,online,C3",
    "T4,id_card,2018-04-03 10:00,75,online,C4",
]
TIES_EVENTS = [
    "T1,rejected,2018-04-10 10:00", "T1,delivered,2018-04-10 10:00",    # delivered wins
    "T2,cancelled,2018-04-11 10:00", "T2,rejected,2018-04-11 10:00",    # rejected wins
    "T3,cancelled,2018-04-12 10:00", "T3,delivered,2018-04-12 10:00",    # delivered wins
    "T4,incomplete,2018-04-05 10:00", "T4,delivered,2018-04-13 10:00",  # a later instant: no tie
]
APRIL = (date(2018, 4, 1), date(2018, 4, 30))
# as_of = 13 April 10:00 (T4's delivery): W = 7 days before it is 6 April 10:00.
TIES_CONTACTS = [
    "Y1,phone,2018-04-06 10:00,2018-04-06 10:01,resolved,other,Q1,,N1,X1,60,",      # exactly W before as_of
    "Y2,phone,2018-04-06 10:00:01,2018-04-06 10:01,resolved,documents,Q2,,N1,X1,60,",  # a second less
    "Y3,email,2018-03-30 10:00,2018-03-30 11:00,resolved,payment,Q3,,MAIL,X3,,",
    "Y4,email,2018-04-06 10:00:01,2018-04-06 11:00,resolved,payment,Q3,,MAIL,X3,,",    # Y3 + W + 1 s: a new episode
    "Y5,email,2018-03-30 10:00:01,2018-03-30 11:00,resolved,payment,Q4,,MAIL,X3,,",
    "Y6,email,2018-04-06 10:00:01,2018-04-06 11:00,resolved,payment,Q4,,MAIL,X3,,",    # Y5 + exactly W: the same
    # In time Y7, Y9 (2 days later), Y8 (11 days after Y9): episodes follow time, not the ids.
    "Y7,phone,2018-03-27 10:00,2018-03-27 10:01,resolved,other,Q5,,N1,X1,60,",
    "Y8,phone,2018-04-09 10:00,2018-04-09 10:01,escalated,other,Q5,,N1,X1,60,",
    "Y9,phone,2018-03-29 10:00,2018-03-29 10:01,resolved,other,Q5,,N1,X1,60,",
]


@pytest.fixture(scope="module")
def ties(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ties")
    files = export_files(folder, TIES_REQUESTS, TIES_EVENTS, TIES_CONTACTS)
    outcome = ingest.ingest(folder / "ties.duckdb", files)
    assert outcome.exit_code == 0, ingest.summary(outcome, "ties")
    return Warehouse(folder / "ties.duckdb")


def test_two_terminal_events_at_one_instant_resolve_in_the_contracts_order(ties):
    r = report(ties, period=APRIL)
    # Terminal: T1 delivered, T2 rejected, T3 delivered, T4 delivered (after an `incomplete`).
    # Right first time over the delivered or rejected: T1, T3 out of T1 T2 T3 T4 = 2 / 4.
    # (The reverse order would make T1 rejected, T2 and T3 cancelled: 0 / 2.)
    assert r["right_first_time_rate"] == pytest.approx(2 / 4)
    # The cohort leaves out the rejected and cancelled: T1, T3, T4 (reversed: T4 alone).
    assert r["cohort_requests"] == 3
    # Delivered in April: T1 8 d, T3 9 d, T4 10 d; the first `delivered` event, whatever the tie.
    assert (r["delivered"], r["delivery_days_p50"]) == (3, pytest.approx(9))
    # Not open at the end of April: each has a terminal event (the backlog does not care which).
    assert r["backlog"] == 0
    by_type = {row["title_type"]: row for row in series(ties, "rework_by_title_type", period=APRIL).iter_rows(named=True)}
    # Passports finished: T1, T2, T3 (3), right first time T1 and T3 (2); id card T4 reworked.
    assert (by_type["passport"]["finished_count"], by_type["passport"]["right_first_time_count"]) == (3, 2)
    assert (by_type["id_card"]["finished_count"], by_type["id_card"]["right_first_time_count"]) == (1, 0)


def test_provisional_means_a_last_contact_less_than_w_before_as_of(ties):
    r = report(ties, period=(date(2018, 3, 26), date(2018, 4, 30)))
    # Episodes: Y1, Y2, Y3, Y4 (Y3 + W + 1 s opens one), Y5-Y6 (exactly W apart: one), Y7-Y9,
    # Y8 = 7. Once and done: Y1, Y2, Y3, Y4 (alone and resolved); Y5-Y6 and Y7-Y9 hold two
    # contacts, Y8 alone was escalated: 4. (In the ids' order Y7 would stand alone: 5.)
    assert (r["episodes"], r["once_and_done_episodes"]) == (7, 4)
    # Provisional (last contact after 6 April 10:00): Y2, Y4, Y5-Y6 by Y6, Y8 = 4; Y1 is exactly W
    # before as_of, Y3's and Y7-Y9's episodes ended when a later one opened.
    assert r["provisional_episodes"] == 4


def test_the_failure_demand_reasons_default_to_the_set_of_kpis_md(golden):
    # kpis.md §5: status_inquiry, correction, technical_issue, whether a file names them or not.
    assert set(config.load().failure_demand_reasons) == {"status_inquiry", "correction", "technical_issue"}
    targets = "[target_days]\npassport = 15\nid_card = 15\ndriving_licence = 19\nvehicle_registration = 7\n"
    bare = config.parse(targets, "bare.toml")
    assert set(bare.failure_demand_reasons) == {"status_inquiry", "correction", "technical_issue"}
    assert bare.repeat_window_days == 7  # kpis.md: W defaults to 7 days
    # The golden March: K01 K02 K03 K08 status inquiries, K06 K07 technical issues, K13 a correction.
    selection = indicators.Selection(MARCH[0], MARCH[1], scope=EVERYTHING)
    assert indicators.report(golden, selection, bare)["failure_demand_rate"] == pytest.approx(7 / 12)
    only_status = config.parse(targets + '[contacts]\nfailure_demand_reasons = ["status_inquiry"]\n', "one.toml")
    assert indicators.report(golden, selection, only_status)["failure_demand_rate"] == pytest.approx(4 / 12)
    assert only_status.repeat_window_days == 7  # the other key still defaults

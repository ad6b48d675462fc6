"""Golden tests of the director's view on the golden warehouse (tests/test_indicators_golden.py),
each expected value worked out by hand from its rows. The day is Wednesday 28 March 2018.

Open at the end of 28 March: A4 (vehicle registration, 10 March, dept 75), A5 (vehicle registration,
20 March, dept 69), A10 (passport, 15 January, dept 59). A8 was delivered that day, A2 on 21 March.
"""

from datetime import date

import pytest

from oncedone import config
from oncedone.kpi import director, indicators
from tests.test_indicators_golden import golden  # noqa: F401 (the module-scoped fixture)

DAY = date(2018, 3, 28)
HOURS = 1 / 24


def readings(golden, **filters):  # noqa: F811
    selection = indicators.Selection(date(2018, 3, 1), DAY, **filters)
    return director.readings(golden, DAY, selection, config.load())


def test_the_day_reads_flows_of_the_day_and_the_stock_at_its_end(golden):  # noqa: F811
    day = readings(golden)["day"]
    # Delivered on 28 March: A8, 24 March 12:00 -> 28 March 12:00 across the clock change: 95 hours.
    assert day["delivery_days_p90"] == pytest.approx(95 * HOURS)
    assert day["within_target_rate"] == 1.0  # 3.96 days <= 15 (passport)
    assert day["right_first_time_rate"] == 1.0  # A8 never incomplete
    # K12, the only contact of the day: a phone call, resolved, reason payment, CSAT 5.
    assert (day["once_and_done_rate"], day["failure_demand_rate"], day["contacts"]) == (1.0, 0.0, 1)
    assert (day["pickup_rate"], day["csat_avg"]) == (1.0, 5.0)
    # Backlog A4, A5, A10, all older than their target (18 > 7, 8 > 7, 72 > 15 days).
    assert (day["backlog"], day["backlog_over_target"]) == (3, 3)
    # Finished in 22-28 March: A8 only, so 1/7 a day, and 3 / (1/7) = 21 days to clear.
    assert day["throughput_per_day"] == pytest.approx(1 / 7)
    assert day["days_to_clear"] == pytest.approx(21)


def test_the_cohort_reads_the_four_weeks_ending_the_day_in_flight_included(golden):  # noqa: F811
    day = readings(golden)["day"]
    # Submitted 1-28 March, rejected A3 left out: A8 3.96 d, A1 10 d, A2 20 d delivered; A5 (21 d 2 h)
    # and A4 (31 d 2 h) censored at as_of. S: 4/5, 3/5, 2/5 after 20 days, then only censoring.
    assert day["cohort_requests"] == 5
    assert day["cohort_p50"] == pytest.approx(20)  # first t with S <= 0.5
    assert day["cohort_p90"] is None  # S never reaches 0.1
    assert day["cohort_max_followup_days"] == pytest.approx(31 + 2 * HOURS)


def test_the_previous_seven_days_pool_flows_and_read_the_stock_a_week_before(golden):  # noqa: F811
    before = readings(golden)["previous"]
    # 21-27 March: A2 delivered (20 days, incomplete once: not on time, not right first time).
    assert before["delivery_days_p90"] == pytest.approx(20)
    assert (before["within_target_rate"], before["right_first_time_rate"]) == (0.0, 0.0)
    # K09 (25 March, a resolved chat) alone: 1 contact in 7 days, said per day.
    assert (before["once_and_done_rate"], before["contacts"]) == (1.0, pytest.approx(1 / 7))
    # Open at the end of 21 March: A4, A5, A10 (A2 delivered at noon that day); finished 15-21 March: A2.
    assert (before["backlog"], before["days_to_clear"]) == (3, pytest.approx(21))


def test_no_year_before_the_first_data(golden):  # noqa: F811
    assert readings(golden)["year_before"] is None  # 29 March 2017 is before 15 January 2018


def test_lights_against_thresholds_and_targets(golden):  # noqa: F811
    cfg = config.load()
    selection = indicators.Selection(date(2018, 3, 1), DAY)
    day = readings(golden)["day"]
    lights = {card.key: director.light(card.key, day, selection, cfg) for card in director.CARDS}
    assert lights["within_target_rate"] == "good"  # 100 % >= 90 %
    assert lights["backlog"] == "bad"  # 3 of 3 past target: 100 % > 25 %
    assert lights["days_to_clear"] == "watch"  # 21 / 19 (the most lenient target) = 1.1, between 1.0 and 1.5
    assert lights["cohort_p90"] == "bad"  # unknown, but more than 31.08 days: 31.08 / 19 = 1.64 > 1.5
    assert lights["delivery_days_p90"] == "good"  # 3.96 / 19 <= 1.0
    assert lights["csat_avg"] is None  # no threshold configured


def test_one_title_type_is_judged_against_its_own_target(golden):  # noqa: F811
    cfg = config.load()
    selection = indicators.Selection(date(2018, 3, 1), DAY, title_types=("passport",))
    day = readings(golden, title_types=("passport",))["day"]
    # Passports submitted 1-28 March: A8 3.96 d, A1 10 d, A2 20 d: S = 2/3, 1/3, 0.
    assert (day["cohort_p50"], day["cohort_p90"]) == (pytest.approx(10), pytest.approx(20))
    assert director.target("cohort_p90", selection, cfg) == 15
    assert director.light("cohort_p90", day, selection, cfg) == "watch"  # 20 / 15 = 1.33
    assert (day["backlog"], day["backlog_over_target"]) == (1, 1)  # A10


def test_backlog_segments_at_a_day_and_a_week_before(golden):  # noqa: F811
    selection = indicators.Selection(date(2018, 3, 1), DAY)
    rows = indicators.dataset(golden, "backlog_segments_at_day", selection, config.load(),
                              day=DAY, before_day=date(2018, 3, 21))
    got = {(r["segment_kind"], r["segment"]): (r["backlog_count"], r["over_target_count"], r["backlog_before_count"],
                                               r["over_target_before_count"]) for r in rows.iter_rows(named=True)}
    # (open, past target) at the end of 28 March, then of 21 March, when A5 was 1 day old.
    assert got == {
        ("title_type", "driving_licence"): (0, 0, 0, 0),  # A6 delivered 2 March
        ("title_type", "id_card"): (0, 0, 0, 0),  # A3 rejected 6 March; A7, A11 submitted later
        ("title_type", "passport"): (1, 1, 1, 1),  # A10
        ("title_type", "vehicle_registration"): (2, 2, 2, 1),  # A4 and A5; on 21 March only A4 late
        ("department", "13"): (0, 0, 0, 0),  # A2
        ("department", "2A"): (0, 0, 0, 0),  # A3
        ("department", "33"): (0, 0, 0, 0),  # A6
        ("department", "59"): (1, 1, 1, 1),  # A10
        ("department", "69"): (1, 1, 1, 0),  # A5
        ("department", "75"): (1, 1, 1, 1),  # A4 (A1, A8 delivered)
    }


def test_attention_lists_bad_cards_worst_first_then_growing_segments(golden):  # noqa: F811
    cfg = config.load()
    selection = indicators.Selection(date(2018, 3, 1), DAY)
    day = readings(golden)["day"]
    items = director.attention(golden, DAY, selection, day, cfg)
    # Backlog: (100 % - 25 %) / 15 % = 5 beyond; cohort: (1.64 - 1.5) / 0.5 = 0.27 beyond.
    # Then past target grew by one for vehicle registration (A5) and department 69 (A5).
    assert [(i["kind"], i.get("key") or i.get("segment")) for i in items] == [
        ("card", "backlog"), ("card", "cohort_p90"), ("title_type", "vehicle_registration"), ("department", "69"),
    ]
    view = director.attention_view(items[2], day, selection, cfg, "fr")
    assert view["page"] == "backlog" and view["changes"] == {"title_type": ["vehicle_registration"]}
    assert "**Immatriculation** : hors délai 2 (+1 en une semaine)" in view["text"]


def test_daily_series_match_the_report_of_each_day(golden):  # noqa: F811
    cfg = config.load()
    series = director.daily_series(golden, indicators.Selection(date(2018, 3, 20), DAY), cfg)
    assert series["day"].to_list()[0] == date(2018, 3, 20) and series.height == 9
    row = series.filter(series["day"] == DAY).row(0, named=True)
    assert (row["backlog"], row["days_to_clear"]) == (3, pytest.approx(21))
    assert (row["once_and_done_rate"], row["contacts"]) == (1.0, 1)
    # The 7 days ending 28 March hold K09 (25th) and K12 (28th): 2 once-and-done episodes of 2.
    assert row["once_and_done_rate_7d"] == 1.0
    assert row["contacts_7d"] == pytest.approx(2 / 7)


def test_card_view_says_value_change_target_and_details(golden):  # noqa: F811
    cfg = config.load()
    selection = indicators.Selection(date(2018, 3, 1), DAY)
    both = readings(golden)
    view = director.card_view(director.CARD["delivery_days_p90"], both, [1.0, 2.0], selection, cfg, "fr")
    assert view["value"] == "4,0 j"  # 95 hours
    assert view["delta"] == "-16,0 j"  # 3.96 - 20: down, good news for a delay
    assert view["delta_color"] == "inverse"
    assert view["caption"].startswith("Cible ≤ 19 j · médiane 4,0")
    cohort = director.card_view(director.CARD["cohort_p90"], both, [], selection, cfg, "en")
    assert cohort["value"] == "> 31 d"  # more than 31 days
    assert cohort["label"] == ":red[●] True delay p90"
    once = director.card_view(director.CARD["once_and_done_rate"], both, [], selection, cfg, "fr")
    assert (once["delta"], once["delta_color"], once["delta_arrow"]) == ("0,0 pts", "off", "off")  # 100 % both

"""Golden tests of the director's view on the golden warehouse (tests/test_indicators_golden.py),
each expected value worked out by hand from its rows. The day is Wednesday 28 March 2018.

Open at the end of 28 March: A4 (vehicle registration, 10 March, dept 75), A5 (vehicle registration,
20 March, dept 69), A10 (passport, 15 January, dept 59). A8 was delivered that day, A2 on 21 March.
"""

from datetime import date

import pytest

from oncedone import config
from oncedone.kpi import director, indicators, working_time
from tests.test_indicators_golden import golden  # noqa: F401 (the module-scoped fixture)
from oncedone.access import EVERYTHING

DAY = date(2018, 3, 28)
HOURS = 1 / 24


def readings(golden, **filters):  # noqa: F811
    selection = indicators.Selection(date(2018, 3, 1), DAY, **filters, scope=EVERYTHING)
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


def test_the_comparison_is_the_same_weekday_one_week_before(golden):  # noqa: F811
    before = readings(golden)["previous"]
    # Wednesday 21 March alone, the same weekday a week before Wednesday 28 March: A2 delivered at noon
    # after 20 days, sent back incomplete once: p90 20 days, not on time, not right first time.
    # Nothing was delivered on 20 or 22 March: a comparison 6 or 8 days back reads no delivery (None).
    assert before["delivery_days_p90"] == pytest.approx(20)
    assert (before["within_target_rate"], before["right_first_time_rate"]) == (0.0, 0.0)
    # No contact on 21 March (K07 on the 8th, K09 on the 25th): 0 contacts, once and done undefined.
    # A pooled week 21-27 March would hold K09 (0.14 a day, once and done 100 %).
    assert (before["contacts"], before["once_and_done_rate"]) == (0, None)
    # Open at the end of 21 March: A4 (11 days > 7), A5 (1 day), A10 (65 days > 15); A2 delivered at noon.
    # A week earlier (14 March) A4 was 4 days old, A5 not yet submitted: the stock pins the day too.
    assert (before["backlog"], before["backlog_over_target"]) == (3, 2)
    # Finished 15-21 March: A2 only, so 1/7 a day, and 3 / (1/7) = 21 days to clear.
    assert before["days_to_clear"] == pytest.approx(21)


def test_the_card_tooltip_says_what_it_is_compared_with(golden):  # noqa: F811
    cfg = config.load()
    selection = indicators.Selection(date(2018, 3, 1), DAY, scope=EVERYTHING)
    view = director.card_view(director.CARD["within_target_rate"], readings(golden), [], selection, cfg, "fr")
    assert "Flèche\u202f: écart avec le même jour de la semaine précédente, le mercredi 21/03/2018." in view["help"]
    view = director.card_view(director.CARD["contacts"], readings(golden), [], selection, cfg, "en")
    assert "Arrow: change from the same weekday a week before, Wednesday 2018-03-21." in view["help"]


def test_the_default_day_is_the_last_complete_working_day():
    first = date(2017, 1, 2)
    # The demo's as_of is Monday 31 December 2018: Sunday 30 is complete but not worked: Friday 28.
    assert director.last_complete_day(date(2018, 12, 31), first) == date(2018, 12, 28)
    # as_of Wednesday 2 May 2018: 1 May is a public holiday, so Monday 30 April.
    assert director.last_complete_day(date(2018, 5, 2), first) == date(2018, 4, 30)
    # as_of Tuesday 3 April 2018: Easter Monday (Easter is 1 April 2018), then the weekend: Friday 30 March.
    assert director.last_complete_day(date(2018, 4, 3), first) == date(2018, 3, 30)
    assert director.last_complete_day(date(2018, 11, 30), first) == date(2018, 11, 29)  # Thursday, worked
    # Never before the first day of the data, even when no working day lies between.
    assert director.last_complete_day(date(2018, 12, 31), date(2018, 12, 30)) == date(2018, 12, 30)


def test_working_days_agree_with_the_warehouses_public_holidays():
    import duckdb

    from tests.conftest import REPO

    con = duckdb.connect()
    con.execute((REPO / "queries/schema/007_public_holidays.sql").read_text())
    rows = con.sql("""select d::date as day, isodow(d) <= 5 and not is_public_holiday(d) as worked,
                             is_public_holiday(d) as holiday
                      from range(date '2016-01-01', date '2031-01-01', interval 1 day) t(d)""").fetchall()
    assert len(rows) == 5479  # fifteen years, the macro and the engine agree on each day
    assert [day for day, worked, _ in rows if director.is_working_day(day) != worked] == []
    holidays = [day for day, _, holiday in rows if holiday]
    assert len(holidays) == 15 * 11  # eleven a year, none falling on another
    assert working_time.public_holidays_between(date(2016, 1, 1), date(2030, 12, 31)) == holidays
    assert working_time.public_holidays_between(date(2018, 5, 2), date(2018, 5, 9)) == [date(2018, 5, 8)]


def test_no_year_before_the_first_data(golden):  # noqa: F811
    assert readings(golden)["year_before"] is None  # 29 March 2017 is before 15 January 2018


def test_lights_against_thresholds_and_targets(golden):  # noqa: F811
    cfg = config.load()
    selection = indicators.Selection(date(2018, 3, 1), DAY, scope=EVERYTHING)
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
    selection = indicators.Selection(date(2018, 3, 1), DAY, title_types=("passport",), scope=EVERYTHING)
    day = readings(golden, title_types=("passport",))["day"]
    # Passports submitted 1-28 March: A8 3.96 d, A1 10 d, A2 20 d: S = 2/3, 1/3, 0.
    assert (day["cohort_p50"], day["cohort_p90"]) == (pytest.approx(10), pytest.approx(20))
    assert director.target("cohort_p90", selection, cfg) == 15
    assert director.light("cohort_p90", day, selection, cfg) == "watch"  # 20 / 15 = 1.33
    assert (day["backlog"], day["backlog_over_target"]) == (1, 1)  # A10


def test_backlog_segments_at_a_day_and_a_week_before(golden):  # noqa: F811
    selection = indicators.Selection(date(2018, 3, 1), DAY, scope=EVERYTHING)
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
    selection = indicators.Selection(date(2018, 3, 1), DAY, scope=EVERYTHING)
    day = readings(golden)["day"]
    items = director.attention(golden, DAY, selection, day, cfg)
    # Backlog: (100 % - 25 %) / 15 % = 5 beyond; cohort: (1.64 - 1.5) / 0.5 = 0.27 beyond, but the true
    # delay is one of the two engagements of service: it comes first, however far the backlog is.
    # Then past target grew by one for vehicle registration (A5) and department 69 (A5).
    assert [(i["kind"], i.get("key") or i.get("segment")) for i in items] == [
        ("card", "cohort_p90"), ("card", "backlog"), ("title_type", "vehicle_registration"), ("department", "69"),
    ]
    view = director.attention_view(items[2], day, selection, cfg, "fr")
    # The backlog drilled to that type, the global filter untouched.
    assert view["page"] == "backlog" and view["changes"] == {"bl_title": "vehicle_registration"}
    assert "**Immatriculation**\u202f: 2 hors délai (+1 en une semaine)" in view["text"]


def test_attention_lists_every_red_card_the_engagements_of_service_first(tmp_path):
    from tests import director_fixtures as dfx

    cfg = config.load()
    from oncedone.store.warehouse import Warehouse

    wh = Warehouse(dfx.build(tmp_path))
    selection = indicators.Selection(dfx.FIRST_DAY, dfx.CRISIS_DAY, scope=EVERYTHING)
    day = director.readings(wh, dfx.CRISIS_DAY, selection, cfg)["day"]
    cards = [i["key"] for i in director.attention(wh, dfx.CRISIS_DAY, selection, day, cfg) if i["kind"] == "card"]
    # All eight headline cards are red (tests/director_fixtures.py). Severity, beyond the bad bound over
    # its distance from good: cohort > 300 days / 19 (31.1); right first time (0.75 - 0) / 0.10 = 7.5;
    # once and done 0.60 / 0.10 = 6; failure demand (1 - 0.45) / 0.15 = 3.7; on time 0.75 / 0.15 = 5;
    # delivery 58 / 19 = 3.05: (3.05 - 1.5) / 0.5 = 3.1; days to clear 42 / 19 = 2.2: 1.4; backlog 5.
    # The engagements of service first (once and done, on time, the true delay), worst first; then the others.
    assert cards == ["cohort_p90", "once_and_done_rate", "within_target_rate",
                     "right_first_time_rate", "backlog", "failure_demand_rate", "delivery_days_p90", "days_to_clear"]
    assert len(cards) == dfx.RED_ON_CRISIS_DAY


def test_a_segment_equal_to_the_whole_selection_is_listed_once(golden):  # noqa: F811
    cfg = config.load()
    day21 = date(2018, 3, 21)
    selection = indicators.Selection(date(2018, 3, 1), day21, title_types=("vehicle_registration",),
                                     departments=("75",), scope=EVERYTHING)
    values = director.readings(golden, day21, selection, cfg)["day"]
    segments = [(i["kind"], i["segment"]) for i in director.attention(golden, day21, selection, values, cfg)
                if i["kind"] != "card"]
    # Vehicle registration in department 75 is A4 alone: 11 days old on 21 March (past 7), 4 days on the
    # 14th. The type and the department are then the same applications: one line, not two.
    assert segments == [("title_type", "vehicle_registration")]


def test_an_attention_link_lands_on_the_number_it_shows(golden):  # noqa: F811
    cfg = config.load()
    selection = indicators.Selection(date(2018, 3, 1), DAY, scope=EVERYTHING)
    values = readings(golden)["day"]
    on_time = director.attention_view({"kind": "card", "key": "within_target_rate"}, values, selection, cfg, "fr")
    # The day's value: the delivery page over that one day shows it as its headline, and says so.
    assert on_time["changes"] == {"from": "2018-03-28", "to": "2018-03-28"}
    assert on_time["text"].endswith("→ Délivrance, le 28/03/2018")
    cohort = director.attention_view({"kind": "card", "key": "cohort_p90"}, values, selection, cfg, "fr")
    # The true delay reads the applications submitted in the 4 weeks ending the day: 1-28 March.
    assert cohort["changes"] == {"from": "2018-03-01", "to": "2018-03-28"}
    assert cohort["text"].endswith("→ Délivrance, dépôts du 01/03/2018 au 28/03/2018")
    backlog = director.attention_view({"kind": "card", "key": "backlog"}, values, selection, cfg, "fr")
    # The backlog is judged on its share past target: 3 of 3 = 100 %, against at most 10 %.
    assert backlog["text"] == (
        ":red-badge[**✕ hors seuil**] **Demandes en cours hors délai**\u202f: 100,0\u202f% des 3 "
        "(cible ≤ 10\u202f%) → Stock au 28/03/2018")
    assert (backlog["page"], backlog["changes"]) == ("backlog", {})


def test_daily_series_match_the_report_of_each_day(golden):  # noqa: F811
    cfg = config.load()
    series = director.daily_series(golden, indicators.Selection(date(2018, 3, 20), DAY, scope=EVERYTHING), cfg)
    assert series["day"].to_list()[0] == date(2018, 3, 20) and series.height == 9
    row = series.filter(series["day"] == DAY).row(0, named=True)
    assert (row["backlog"], row["days_to_clear"]) == (3, pytest.approx(21))
    assert (row["once_and_done_rate"], row["contacts"]) == (1.0, 1)
    # The 7 days ending 28 March hold K09 (25th) and K12 (28th): 2 once-and-done episodes of 2.
    assert row["once_and_done_rate_7d"] == 1.0
    assert row["contacts_7d"] == pytest.approx(2 / 7)


def test_card_view_says_value_change_target_and_details(golden):  # noqa: F811
    cfg = config.load()
    selection = indicators.Selection(date(2018, 3, 1), DAY, scope=EVERYTHING)
    both = readings(golden)
    view = director.card_view(director.CARD["delivery_days_p90"], both, [1.0, 2.0], selection, cfg, "fr")
    assert view["value"] == "4,0\u202fjours"  # 95 hours
    assert view["delta"] == "-16,0\u202fjours"  # 3.96 - 20: down, good news for a delay
    assert view["delta_color"] == "inverse"
    assert view["caption"].startswith("Cible ≤ 19\u202fjours · médiane 4,0")
    cohort = director.card_view(director.CARD["cohort_p90"], both, [], selection, cfg, "en")
    assert cohort["value"] == "> 31 days"  # more than 31 days
    assert cohort["label"] == ":red-badge[**✕**] True delay, 90th centile"
    once = director.card_view(director.CARD["once_and_done_rate"], both, [], selection, cfg, "fr")
    assert once["delta"] is None  # no contact on Wednesday 21 March: nothing to compare with
    backlog = director.card_view(director.CARD["backlog"], both, [], selection, cfg, "fr")
    assert (backlog["delta"], backlog["delta_color"], backlog["delta_arrow"]) == ("0", "off", "off")  # 3 both days


def test_lights_differ_by_shape_and_say_their_word():
    from oncedone import i18n

    glyphs = {light: i18n.t(f"today.light.{light}", "fr") for light in ("good", "watch", "bad", "none")}
    assert glyphs == {"good": ":green-badge[**✓**]", "watch": ":orange-badge[**!**]", "bad": ":red-badge[**✕**]", "none": ":gray-badge[**–**]"}
    legend = i18n.t("today.light_legend", "fr")
    for glyph, word in (("✓", "dans la cible"), ("!", "à surveiller"), ("✕", "hors seuil")):
        assert f"{glyph}**] {word}" in legend


def test_the_rolling_week_holds_its_seventh_day(golden):  # noqa: F811
    # A10 is the only application submitted in January (15 January, 10:00). The 7 days ending
    # 21 January are 15..21: they hold it, so inflow = 1 / 7; the 7 days ending 22 January
    # (16..22) do not, so 0. A 6-day window would already lose it on the 21st.
    series = director.daily_series(golden, indicators.Selection(date(2018, 1, 14), date(2018, 1, 22), scope=EVERYTHING), config.load())
    inflow = dict(zip(series["day"].to_list(), series["inflow_per_day"].to_list()))
    assert inflow[date(2018, 1, 14)] == 0
    assert inflow[date(2018, 1, 15)] == pytest.approx(1 / 7)
    assert inflow[date(2018, 1, 21)] == pytest.approx(1 / 7)
    assert inflow[date(2018, 1, 22)] == 0

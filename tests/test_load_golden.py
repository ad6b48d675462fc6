"""The load measures on a hand-made warehouse built through the real import, each expected value
worked out beside it (kpis.md §7, load). Paris is UTC+1 in November 2018; office hours 08:30-17:30."""

from dataclasses import replace
from datetime import date

import numpy as np
import polars as pl
import pytest

from oncedone import config
from oncedone.kpi import load
from oncedone.kpi.indicators import Selection
from oncedone.store import ingest
from oncedone.store.warehouse import Warehouse
from tests.conftest import export_files
from oncedone.access import EVERYTHING

REQUESTS = ["R1,passport,2018-10-20 10:00,75,online,C1"]
CONTACTS = [
    # Thursday 1 November, a public holiday (Toussaint): handled outside office hours.
    "P7,phone,2018-11-01 10:00,2018-11-01 10:01,resolved,other,C7,,N1 phone,A1,100,",
    # Monday 5 November, 09:00-09:30 (slot 18): four calls offered, one abandoned, one answered in the next slot.
    "P1,phone,2018-11-05 09:00,2018-11-05 09:01,resolved,status_inquiry,C1,R1,N1 phone,A1,600,",
    "P2,phone,2018-11-05 09:10,2018-11-05 09:12,resolved,other,C2,,N1 phone,A2,300,",
    "P3,phone,2018-11-05 09:20,,abandoned,other,C3,,N1 phone,,,",
    "P4,phone,2018-11-05 09:25,2018-11-05 09:31,resolved,other,C4,,N1 phone,A1,120,",
    # 09:30-10:00 (slot 19).
    "P5,phone,2018-11-05 09:40,2018-11-05 09:41,resolved,other,C5,,N1 phone,A1,240,",
    # 18:00-18:30 (slot 36): after the office closed.
    "P6,phone,2018-11-05 18:05,2018-11-05 18:06,resolved,other,C6,,N1 phone,A2,60,",
    # The mail team: a mail of Sunday night answered on Monday at 10:05, a web form of Monday 10:10 at 10:20.
    "M1,email,2018-11-04 22:00,2018-11-05 10:05,resolved,documents,C8,,N1 mail,B1,900,",
    "M2,webform,2018-11-05 10:10,2018-11-05 10:20,resolved,documents,C9,,N1 mail,B2,300,",
    # A mail of 1 August answered on Friday 2 November, 14:05 (slot 28), three months later.
    "M3,email,2018-08-01 10:00,2018-11-02 14:05,resolved,documents,C10,,N1 mail,B1,600,",
    # The chatbot has no agent: offered, never a load.
    "K1,chatbot,2018-11-05 11:00,2018-11-05 11:00,resolved,other,,,chatbot,,,",
]
PERIOD = Selection(date(2018, 11, 1), date(2018, 11, 5), scope=EVERYTHING)


@pytest.fixture(scope="module")
def wh(tmp_path_factory) -> Warehouse:
    folder = tmp_path_factory.mktemp("load_golden")
    path = folder / "warehouse.duckdb"
    outcome = ingest.ingest(path, export_files(folder, REQUESTS, [], CONTACTS))
    assert outcome.exit_code == 0
    return Warehouse(path)


@pytest.fixture(scope="module", params=["contact_slots", "load_slots"])
def measures(wh, request):
    """The period's measures read from contacts (any filter or scope) and from the national
    serving table (no filter): the same values either way."""
    cfg = config.load()
    if request.param == "contact_slots":
        return load.measures(wh, PERIOD, cfg)
    read = load.read_all(wh, PERIOD, cfg, served=True)
    return load.measures(wh, PERIOD, cfg, read[("load/offered_by_slot", load.history(PERIOD, cfg))], read)


def row(frame: pl.DataFrame, **keys) -> dict:
    chosen = frame.filter(*[pl.col(k).is_null() if v is None else pl.col(k) == v for k, v in keys.items()])
    assert chosen.height == 1, chosen
    return chosen.row(0, named=True)


def test_a_half_hour_of_the_phone_team(measures):
    slot = row(measures["slots"], team="N1 phone", channel=None, day=date(2018, 11, 5), slot_number=18)
    assert slot["offered_count"] == 4  # P1, P2, P3, P4 received 09:00-09:30
    assert slot["answered_rate"] == 0.75  # P1, P2, P4 answered (P4 in the next half hour), P3 abandoned: 3 / 4
    assert slot["handled_count"] == 2  # answered in this half hour: P1, P2 (P4 at 09:31 is the next one's)
    assert slot["agents_on_duty"] == 2  # A1 and A2 answered in it
    assert slot["load_per_agent"] == 2.0  # 4 offered / 2 agents
    assert slot["handled_per_agent"] == 1.0  # 2 handled / 2 agents
    assert slot["occupancy_rate"] == 0.25  # (600 + 300) s / (2 agents x 1 800 s)
    assert slot["handle_seconds_p50"] == 450  # between 300 and 600
    assert slot["handle_seconds_p90"] == pytest.approx(570)  # 300 + 0.9 x (600 - 300)
    assert slot["is_office_slot"] is True


def test_the_next_half_hour_counts_what_it_answered(measures):
    slot = row(measures["slots"], team="N1 phone", channel=None, day=date(2018, 11, 5), slot_number=19)
    assert (slot["offered_count"], slot["handled_count"], slot["agents_on_duty"]) == (1, 2, 1)  # P5 offered; P4, P5 by A1
    assert slot["load_per_agent"] == 1.0  # 1 offered / 1 agent
    assert slot["occupancy_rate"] == pytest.approx(0.2)  # (120 + 240) s / (1 x 1 800 s)


def test_office_hours_and_public_holidays(measures):
    evening = row(measures["slots"], team="N1 phone", channel=None, day=date(2018, 11, 5), slot_number=36)
    assert evening["is_office_slot"] is False  # 18:00 is after 17:30
    holiday = row(measures["slots"], team="N1 phone", channel=None, day=date(2018, 11, 1), slot_number=20)
    assert holiday["is_office_slot"] is False  # 10:00 on Toussaint


def test_a_day_is_per_agent_and_half_hour_on_duty(measures):
    day = row(measures["days"], team="N1 phone", channel=None, day=date(2018, 11, 5))
    assert day["offered_count"] == 6  # P1-P6
    assert day["answered_rate"] == pytest.approx(5 / 6)  # all but P3
    assert day["agent_slot_count"] == 4  # 2 agents in slot 18, 1 in 19, 1 in 36
    assert day["agents_on_duty"] == 2  # A1 and A2 that day
    assert day["load_per_agent"] == 1.5  # 6 offered / 4 agent-half-hours
    assert day["handled_per_agent"] == 1.25  # 5 handled / 4
    assert day["occupancy_rate"] == pytest.approx(1320 / 7200)  # (600+300+120+240+60) s / (4 x 1 800 s)


def test_mail_answered_the_next_day_weighs_on_that_day(measures):
    sunday = row(measures["slots"], team="N1 mail", channel=None, day=date(2018, 11, 4), slot_number=44)
    assert (sunday["offered_count"], sunday["agents_on_duty"], sunday["load_per_agent"]) == (1, 0, None)  # M1, nobody there
    monday = row(measures["slots"], team="N1 mail", channel=None, day=date(2018, 11, 5), slot_number=20)
    assert (monday["offered_count"], monday["handled_count"], monday["agents_on_duty"]) == (1, 2, 2)  # M2; M1 and M2 by B1, B2
    assert monday["load_per_agent"] == 0.5  # 1 offered / 2 agents
    assert monday["occupancy_rate"] == pytest.approx(1200 / 3600)  # (900 + 300) s / (2 x 1 800 s)
    # Per channel: the email side had B1 and nothing offered (0 / 1), the web form side B2 and M2 (1 / 1).
    assert row(measures["slots"], team="N1 mail", channel="email", day=date(2018, 11, 5), slot_number=20)["load_per_agent"] == 0.0
    assert row(measures["slots"], team="N1 mail", channel="webform", day=date(2018, 11, 5), slot_number=20)["load_per_agent"] == 1.0


def test_a_mail_answered_months_after_it_came_counts_on_the_day_it_was_answered(measures):
    friday = row(measures["slots"], team="N1 mail", channel=None, day=date(2018, 11, 2), slot_number=28)
    assert (friday["offered_count"], friday["handled_count"], friday["agents_on_duty"]) == (0, 1, 1)  # M3 by B1, 93 days on
    assert friday["load_per_agent"] == 0.0  # nothing offered then / 1 agent
    assert friday["occupancy_rate"] == pytest.approx(600 / 1800)  # 600 s / (1 agent x 1 800 s)
    mail = row(measures["period"], team="N1 mail", channel=None)
    assert (mail["offered_count"], mail["handled_count"]) == (2, 3)  # M1, M2 received in the period; M1, M2, M3 answered in it


def test_the_period_and_the_chatbot(measures):
    phone = row(measures["period"], team="N1 phone", channel=None)
    assert phone["offered_count"] == 7  # P1-P7
    assert phone["agent_slot_count"] == 5  # 1 (Nov 1) + 4 (Nov 5)
    assert phone["agents_on_duty_mean"] == 1.25  # 5 agent-half-hours over 4 half hours with someone on duty
    assert phone["agents_on_duty"] == 2  # A1, A2 over the period
    bot = row(measures["period"], team="chatbot", channel=None)
    assert (bot["offered_count"], bot["agents_on_duty"], bot["load_per_agent"]) == (1, 0, None)


def test_no_frame_names_an_agent(wh, measures):
    frames = [*measures.values(), *(v for v in load.history_view(wh, PERIOD, config.load()).values() if isinstance(v, pl.DataFrame))]
    assert all("agent_id" not in frame.columns for frame in frames)


def test_the_weeks_outside_office_hours(wh):
    weeks = load.team_slots(wh, PERIOD, config.load())
    assert weeks.filter(~pl.col("is_office_slot") & (pl.col("team") == "N1 phone"))["handled_count"].sum() == 2  # P7, P6
    view = load.rhythm(PERIOD, weeks, pl.DataFrame({"team": ["N1 phone"], "answered_breaking_load": [1.2]}))
    phone = view["weeks"].filter(pl.col("team") == "N1 phone").sort("week_day")
    assert phone["week_day"].to_list() == [date(2018, 10, 29), date(2018, 11, 5)]
    assert phone["outside_office_rate"].to_list() == [1.0, 0.2]  # P7 of 1; P6 of P1, P2, P4, P5, P6
    # Half hours above 1.2 contacts per agent: Nov 1 slot 20 (1 / 1) no; Nov 5 slot 18 (2.0) yes, 19 (1.0) no, 36 (1.0) no.
    assert phone["overloaded_slot_count"].to_list() == [0, 1]
    # Week loads: Oct 29: 1 / 1 = 1.0, under; Nov 5: 6 / 4 = 1.5, above: one week in a row.
    assert phone["load_per_agent"].to_list() == [1.0, 1.5]
    assert dict(view["streaks"].iter_rows()) == {"N1 phone": 1, "N1 mail": 0, "chatbot": 0}  # no breaking point: never above


def test_a_distribution_over_agents_needs_enough_of_them(wh):
    cfg = config.load()
    assert load.agent_distribution(wh, PERIOD, cfg).is_empty()  # never 5 agents in one half hour
    two = replace(cfg, load=replace(cfg.load, min_agent_count=2))
    # With 2: slot 18 (A1 took P1, A2 took P2) and the mail's slot 20 (B1 M1, B2 M2): one contact each.
    spread = load.agent_distribution(wh, PERIOD, two)
    assert spread.rows() == [("N1 mail", 1, 2), ("N1 phone", 1, 2)]


def test_the_breaking_point_of_a_hand_made_curve():
    # 20 days, each with one half hour at every load 1..10; answered 95 % up to 5, then 10 points less per unit.
    loads = np.tile(np.arange(1, 11, dtype=float), 20)
    rates = np.where(loads <= 5, 0.95, 0.95 - 0.1 * (loads - 5))
    days = np.repeat(np.arange(20), 10)
    fit = load.fit_breaking_point(loads, rates, np.ones_like(loads), days)
    # The level at the lowest quarter of loads is 0.95; 5 points below it is 0.90, crossed halfway
    # between load 5 (0.95) and load 6 (0.85): 5 + (0.95 - 0.90) / (0.95 - 0.85) = 5.5. Every
    # resampling of identical days finds the same: the interval is [5.5, 5.5].
    assert fit["breaking_load"] == pytest.approx(5.5)
    assert (fit["breaking_load_low"], fit["breaking_load_high"]) == (pytest.approx(5.5), pytest.approx(5.5))
    assert fit["rate_before"] == pytest.approx(0.95)
    # A service that never degrades has no breaking point.
    assert load.fit_breaking_point(loads, np.full_like(loads, 0.95), np.ones_like(loads), days) is None

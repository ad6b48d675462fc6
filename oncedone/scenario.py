"""The reference scenario: synthetic exports of a French titles agency, 2017-01-02 to 2018-12-31.

Applications queue per title type (daily capacity against inflow, FIFO), so backlog and delays
emerge; contacts flow from the applications' lives and from the contact centre's load, and
unresolved ones come back. Every step is vectorised numpy; only days, title types, incomplete
rounds and contact generations are looped over. Times are int64 UTC seconds until the frames;
what lives through the whole run is stored as int32 (scale 1.0 is 50 M applications).

The world is simulated once (`simulate`), whole: every record with every instant it will have.
An export is a view of it at an instant T, the Paris midnight ending a day (`Cut`), written a
million records at a time so the files never exist whole in memory (`write`):

- an application exists from its `submitted_at` and never changes afterwards;
- an event exists from its `occurred_at` and never changes;
- a contact has three instants: received, answered (none if abandoned) and closed, when its
  outcome is recorded: the end of its handling (answered + handle_seconds), or, for an abandoned
  call, the moment the caller hung up. Its state at T: absent if received at or after T; final
  (outcome, answered_at, agent, handle_seconds, csat) if closed before T; otherwise `pending`,
  with its channel, reason, citizen, application and team but no answered_at, agent_id,
  handle_seconds or csat. Answering alone changes nothing: a chat answered at 23:59 and closed
  at 00:02 is pending at the end of its first day and final at the end of the next.

`--until D` is every record that exists at the end of D, in its state then. `--day D` is the
delta of D: the records created or changed during D (from the end of D-1 to the end of D), in
their state at the end of D: applications submitted that day, events that occurred that day,
contacts received or closed that day. A delta's events file carries only the day's new events,
not each touched application's whole history: an event never changes, the ones before D are
already in the warehouse (with their application, so none is an orphan), the nightly file stays
proportional to the day's activity (whole histories are about 3 times as many rows: 12,107
against 4,118 events on 2018-01-16 at scale 0.01), and it is what an agency's change log
produces. Importing `--until D` then the deltas of D+1..D+k stores exactly what `--until D+k`
stores (tests/test_nightly.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from oncedone.store import contract

SCENARIO_START = date(2017, 1, 2)
SCENARIO_END = date(2018, 12, 31)
DEFAULT_SEED = 20171106  # the day vehicle registration went fully online

# ---------------------------------------------------------------- calendar and time

DAY_S = 86_400
HOUR_S = 3_600
SLOT_S = 1_800  # intraday profiles and phone load work on half-hour slots
SLOTS_PER_DAY = 48
N_DAYS = (SCENARIO_END - SCENARIO_START).days + 1
# The simulation runs a year past the end so in-flight work gets a future, which is then cut off.
HORIZON_DAYS = N_DAYS + 366
OFFICE_OPEN_S = 8 * HOUR_S + 1_800
OFFICE_CLOSE_S = 17 * HOUR_S + 1_800
ABSENT = -1  # a missing time, code or index in the numpy stage
# What is kept for the whole run (instants, citizens, indices) is stored as int32: UTC seconds fit
# until 2038, and national volume is 50 M applications; arithmetic on them promotes to int64.
STORED = np.int32


def _epoch_s(day: date) -> int:
    return (day - date(1970, 1, 1)).days * DAY_S


def _day_index(day: date) -> int:
    return (day - SCENARIO_START).days


# Naive Paris midnight of day 0 read as if UTC: local wall-clock seconds are offsets from it.
START_LOCAL_S = _epoch_s(SCENARIO_START)
# Europe/Paris summer time as UTC instants [start, end): 01:00 UTC, last Sundays of March and October.
_SUMMER_BOUNDS_UTC_S = np.array(
    [
        _epoch_s(d) + HOUR_S
        for d in (
            date(2017, 3, 26), date(2017, 10, 29), date(2018, 3, 25), date(2018, 10, 28),
            date(2019, 3, 31), date(2019, 10, 27), date(2020, 3, 29), date(2020, 10, 25),
        )
    ]
)


def _is_summer(utc_s: np.ndarray) -> np.ndarray:
    return np.searchsorted(_SUMMER_BOUNDS_UTC_S, utc_s, side="right") % 2 == 1


def _local_to_utc(local_s: np.ndarray) -> np.ndarray:
    """UTC of Paris wall-clock times; an ambiguous time takes the earlier instant, a skipped one moves past the gap."""
    summer_utc_s = local_s - 2 * HOUR_S
    return np.where(_is_summer(summer_utc_s), summer_utc_s, local_s - HOUR_S)


def _paris_local(utc_s: np.ndarray) -> np.ndarray:
    return utc_s + np.where(_is_summer(utc_s), 2 * HOUR_S, HOUR_S)


def _paris_day(utc_s: np.ndarray) -> np.ndarray:
    return (_paris_local(utc_s) - START_LOCAL_S) // DAY_S


def _second_of_day(utc_s: np.ndarray) -> np.ndarray:
    return (_paris_local(utc_s) - START_LOCAL_S) % DAY_S


def _at(day: np.ndarray, second_of_day: np.ndarray) -> np.ndarray:
    """UTC instant of a Paris day index and local second of that day."""
    return _local_to_utc(START_LOCAL_S + np.asarray(day, dtype=np.int64) * DAY_S + second_of_day)


END_UTC_S = int(_at(np.int64(N_DAYS), np.int64(0)))  # Paris midnight ending 2018-12-31: nothing at or after

_HOLIDAYS = (
    date(2017, 4, 17), date(2017, 5, 1), date(2017, 5, 8), date(2017, 5, 25), date(2017, 6, 5),
    date(2017, 7, 14), date(2017, 8, 15), date(2017, 11, 1), date(2017, 11, 11), date(2017, 12, 25),
    date(2018, 1, 1), date(2018, 4, 2), date(2018, 5, 1), date(2018, 5, 8), date(2018, 5, 10),
    date(2018, 5, 21), date(2018, 7, 14), date(2018, 8, 15), date(2018, 11, 1), date(2018, 11, 11),
    date(2018, 12, 25), date(2019, 1, 1), date(2019, 4, 22), date(2019, 5, 1), date(2019, 5, 8),
    date(2019, 5, 30), date(2019, 6, 10), date(2019, 7, 14), date(2019, 8, 15), date(2019, 11, 1),
    date(2019, 11, 11), date(2019, 12, 25),
)
_DAYS = np.arange(HORIZON_DAYS)
WEEKDAY = _DAYS % 7  # 2017-01-02 is a Monday: 0 = Monday
HOLIDAY = np.isin(_DAYS, [_day_index(d) for d in _HOLIDAYS])
WORKDAY = (WEEKDAY < 5) & ~HOLIDAY
POSTDAY = (WEEKDAY < 6) & ~HOLIDAY  # the post delivers on Saturdays
EVERYDAY = np.ones(HORIZON_DAYS, dtype=bool)


def _next_open_days(open_mask: np.ndarray) -> np.ndarray:
    """For each day, the first open day strictly after it (clipped to the horizon)."""
    open_days = np.flatnonzero(open_mask)
    after = np.searchsorted(open_days, _DAYS, side="right")
    return open_days[np.minimum(after, len(open_days) - 1)]


_NEXT_OPEN = {id(m): _next_open_days(m) for m in (WORKDAY, POSTDAY, EVERYDAY)}


def _curve(knots: list[tuple[date, float]]) -> np.ndarray:
    """A daily value over the horizon, linear between dated knots and flat beyond them."""
    knot_days = [_day_index(d) for d, _ in knots]
    return np.interp(_DAYS, knot_days, [v for _, v in knots])


def _season(monthly: tuple[float, ...]) -> np.ndarray:
    """A smooth daily multiplier (mean 1) from twelve monthly values placed mid-month."""
    values = np.asarray(monthly) / np.mean(monthly)
    return _curve([(date(y, m, 15), values[m - 1]) for y in range(2016, 2021) for m in range(1, 13)])


# ---------------------------------------------------------------- the story's knobs

DEMAT_DAY = _day_index(date(2017, 11, 6))
CHATBOT_DAY = _day_index(date(2018, 4, 3))
VR, DL, ID, PP = range(4)  # indices into contract.TITLE_TYPES
ANNUAL_REQUEST_COUNT = 25_000_000  # national volume, scale 1.0
TITLE_SHARES = (0.45, 0.15, 0.22, 0.18)
TARGET_DAYS = np.array([7, 19, 15, 15])  # the configuration's default targets, in title order
SEASONS = (
    _season((1.02, 1.0, 1.08, 1.02, 1.0, 1.04, 1.0, 0.85, 1.02, 1.02, 0.98, 0.92)),
    _season((0.85, 0.9, 1.0, 1.0, 1.05, 1.2, 1.2, 0.85, 1.0, 1.0, 0.95, 0.9)),
    _season((0.78, 0.85, 1.15, 1.3, 1.35, 1.3, 1.05, 0.75, 0.8, 0.85, 0.85, 0.75)),
    _season((0.75, 0.85, 1.2, 1.35, 1.4, 1.3, 1.0, 0.7, 0.8, 0.85, 0.85, 0.7)),
)
ONLINE, ASSISTED, PROFESSIONAL = range(3)  # indices into contract.SUBMISSION_CHANNELS
# (online, assisted, professional) before and after dematerialisation; help points keep a few.
CHANNEL_SHARES_BEFORE = ((0.15, 0.35, 0.50), (0.10, 0.45, 0.45), (0.25, 0.75, 0.0), (0.25, 0.75, 0.0))
CHANNEL_SHARES_AFTER = ((0.45, 0.03, 0.52), (0.50, 0.03, 0.47), (0.25, 0.75, 0.0), (0.25, 0.75, 0.0))
# Monday..Sunday demand per submission channel, normalised to a weekly mean of 1.
_WEEK = np.array(
    [
        (1.12, 1.08, 1.05, 1.03, 1.0, 0.7, 0.6),
        (1.2, 1.2, 1.2, 1.2, 1.2, 0.45, 0.0),
        (1.25, 1.25, 1.25, 1.25, 1.2, 0.35, 0.0),
    ]
)
WEEKDAY_FACTORS = _WEEK / _WEEK.mean(axis=1, keepdims=True)

# Instruction capacity as a multiple of expected inflow: slack in normal times; vehicle
# registration falls far behind after dematerialisation, then catches up with extra effort.
CAPACITY_SLACK_RATIO = 1.15
VR_CAPACITY_RATIO = _curve(
    [
        (date(2017, 11, 5), CAPACITY_SLACK_RATIO), (date(2017, 11, 6), 0.50), (date(2017, 12, 15), 0.60),
        (date(2018, 1, 15), 0.80), (date(2018, 2, 15), 1.00), (date(2018, 3, 10), 1.25),
        (date(2018, 7, 31), 1.25), (date(2018, 9, 1), CAPACITY_SLACK_RATIO),
    ]
)
QUEUE_LAG_DAYS = np.array([1, 2, 2, 2])  # earliest instruction day after the file is complete
REVIEW_MEDIAN_S = np.array([3 * HOUR_S, 30 * HOUR_S, 30 * HOUR_S, 30 * HOUR_S])
HANDOVER_MEDIAN_S = np.array([0.7 * DAY_S, 1.0 * DAY_S, 2 * DAY_S, 2 * DAY_S])  # shipped -> delivered
REJECTED_RATE = 0.02
ABANDON_RATE = 0.12  # per incomplete round: the citizen never resubmits
MAX_INCOMPLETE_ROUNDS = 3
# Share of first examinations that send the file back, by title; the new website confuses citizens.
INCOMPLETE_RATES = np.stack(
    [
        _curve([(date(2017, 11, 5), 0.09), (date(2017, 11, 6), 0.32), (date(2018, 1, 31), 0.26),
                (date(2018, 6, 30), 0.16), (date(2018, 12, 31), 0.14)]),
        _curve([(date(2017, 11, 5), 0.11), (date(2017, 11, 6), 0.28), (date(2018, 1, 31), 0.22),
                (date(2018, 6, 30), 0.15), (date(2018, 12, 31), 0.14)]),
        np.full(HORIZON_DAYS, 0.08),
        np.full(HORIZON_DAYS, 0.07),
    ]
)
INCOMPLETE_CHANNEL_FACTOR = np.array([1.25, 0.7, 0.75])
REPEAT_INCOMPLETE_FACTOR = 0.3  # later rounds are rarer
TECH_ISSUE_BASE_RATE = 0.012
TECH_ISSUE_DEMAT_RATE = _curve(
    [(date(2017, 11, 5), TECH_ISSUE_BASE_RATE), (date(2017, 11, 6), 0.10), (date(2017, 12, 31), 0.07),
     (date(2018, 3, 31), 0.03), (date(2018, 6, 30), 0.015)]
)
REPEAT_CITIZEN_RATE = 0.12  # applications by a citizen who already has another one

DEPARTMENTS = (
    "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16",
    "17", "18", "19", "2A", "2B", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31",
    "32", "33", "34", "35", "36", "37", "38", "39", "40", "41", "42", "43", "44", "45", "46", "47",
    "48", "49", "50", "51", "52", "53", "54", "55", "56", "57", "58", "59", "60", "61", "62", "63",
    "64", "65", "66", "67", "68", "69", "70", "71", "72", "73", "74", "75", "76", "77", "78", "79",
    "80", "81", "82", "83", "84", "85", "86", "87", "88", "89", "90", "91", "92", "93", "94", "95",
    "971", "972", "973", "974", "976",
)
# Approximate populations in thousands, in DEPARTMENTS order: demand follows people.
DEPARTMENT_POPULATIONS = np.array(
    [
        640, 535, 340, 163, 141, 1083, 325, 275, 153, 310, 370, 279, 2020, 694, 145, 353,
        644, 305, 241, 157, 177, 533, 598, 119, 414, 539, 511, 601, 433, 909, 744, 1362,
        191, 1583, 1144, 1060, 222, 606, 1258, 260, 407, 332, 762, 227, 1394, 678, 174, 332,
        76, 813, 496, 568, 175, 307, 733, 187, 750, 1044, 207, 2604, 824, 283, 1468, 653,
        677, 228, 474, 1125, 764, 1843, 236, 553, 566, 431, 808, 2187, 1254, 1404, 1438, 374,
        571, 387, 258, 1058, 559, 675, 436, 374, 367, 340, 142, 1296, 1609, 1623, 1387, 1228,
        390, 372, 269, 853, 256,
    ],
    dtype=float,
)
MISSING_DEPARTMENT_RATE = 0.02

# Contact centre: the story's positions on the phone and mail queues (60, 90, then 175), national.
AGENT_COUNT = _curve(
    [(date(2017, 10, 1), 60), (date(2017, 10, 31), 90), (date(2018, 1, 2), 90), (date(2018, 1, 31), 175)]
)
# National calls a position on duty absorbs per half hour, calibrated for ~90 % pickup in normal times.
CALL_COUNT_PER_AGENT_SLOT = 16.5
# The people who staff it, scaled with the volume so that an agent's load is the same at every
# scale: a person takes a third of a position's calls (5.5 calls of 285 s fill 87 % of a half
# hour), so the phone team employs 3 people per position; the mail team 5 (about 40 % busy in
# normal times, 80 % in the crisis, with mails of 7 to 8 minutes), the experts 40 in all.
STAFF_PER_POSITION = {"N1 phone": 3.0, "N1 mail": 5.0}
N2_EXPERT_COUNT = 40
MIN_TEAM_AGENT_COUNT = 3  # every team keeps at least this many agents at small scales
# Agent numbers per team (A0001.., A3001.., A9001..): an agent belongs to one team.
AGENT_NUMBER_BASES = {"N1 phone": 1, "N1 mail": 3001, "N2 experts": 9001}
PHONE, EMAIL, CHATBOT, WEBFORM = range(4)  # indices into contract.CHANNELS
R_STATUS, R_DOCUMENTS, R_TECHNICAL, R_PAYMENT, R_CORRECTION, R_FRAUD, R_OTHER = range(7)
O_RESOLVED, O_ESCALATED, O_TRANSFERRED, O_CALLBACK, O_ABANDONED, O_PENDING = range(6)
TEAMS = ("N1 phone", "N1 mail", "N2 experts", "chatbot")
T_PHONE, T_MAIL, T_N2, T_BOT = range(4)
# First-contact channel (phone, email, chatbot, webform) per reason, before and after the chatbot.
CHANNEL_BY_REASON_BEFORE = np.array(
    [[0.62, 0.18, 0, 0.20], [0.45, 0.35, 0, 0.20], [0.55, 0.20, 0, 0.25]] + [[0.55, 0.28, 0, 0.17]] * 4
)
CHANNEL_BY_REASON_AFTER = np.array(
    [[0.40, 0.12, 0.36, 0.12], [0.40, 0.32, 0.10, 0.18], [0.45, 0.17, 0.15, 0.23]] + [[0.50, 0.25, 0.08, 0.17]] * 4
)
# Channel of a repeat given the previous contact's channel (rows); no chatbot before it opens.
REPEAT_CHANNEL = np.array(
    [[0.78, 0.10, 0.02, 0.10], [0.35, 0.50, 0.03, 0.12], [0.60, 0.10, 0.20, 0.10], [0.35, 0.15, 0.03, 0.47]]
)
ANONYMOUS_RATE = np.array([0.07, 0.0, 0.35, 0.03])  # hidden numbers, anonymous chats
REQUEST_UNRECORDED_RATE = 0.12  # the agent did not note which application it was about
# Contacts naming no application, per day at scale 1, in contract.REASONS order.
UNLINKED_COUNT_PER_DAY = np.array([350, 250, 200, 300, 150, 100, 3600], dtype=float)
NEW_CITIZEN_RATE = 0.25  # unlinked contacts from people with no application at all
STATUS_INQUIRY_BASE_RATE = 0.02  # inquiries per application even when on time
STATUS_INQUIRY_EXTRA_RATE = 0.9  # extra inquiries per application when far past target
STATUS_INQUIRY_GROWTH_DAYS = 10.0  # how fast worry grows past the target
DOCUMENTS_CONTACT_RATE = 0.4  # per incomplete notice
PAYMENT_CONTACT_RATE = 0.02
CORRECTION_CONTACT_RATE = 0.008  # per delivered title
# Chance that a contact with this outcome (contract.OUTCOMES order; the world never holds `pending`) brings another one.
REPEAT_RATE = np.array([0.05, 0.35, 0.40, 0.30, 0.72, 0.0])
FALSE_CONTAINMENT_RATE = 0.25  # citizens the chatbot "resolved" who call anyway
BOT_TRANSFER_REPEAT_RATE = 0.6  # a chat handed over comes back as a new contact
MAX_CONTACT_GENERATIONS = 12
CSAT_RATE = 0.15

# Intraday profiles: 48 half-hour weights, Paris time.
_HOURLY_ALLDAY = np.array(
    [0.3, 0.15, 0.1, 0.07, 0.07, 0.12, 0.3, 0.6, 0.9, 1.1, 1.2, 1.2,
     1.0, 1.0, 1.15, 1.15, 1.1, 1.0, 1.0, 1.05, 1.1, 1.1, 0.9, 0.6]
)
PROFILE_ALLDAY = np.repeat(_HOURLY_ALLDAY, 2) / np.repeat(_HOURLY_ALLDAY, 2).sum()
_PHONE_SLOTS = np.zeros(SLOTS_PER_DAY)
_PHONE_SLOTS[17:35] = [0.8, 1.2, 1.4, 1.5, 1.5, 1.4, 1.2, 0.8, 0.7, 0.8, 1.0, 1.3, 1.3, 1.2, 1.1, 1.0, 0.9, 0.6]
PROFILE_PHONE = _PHONE_SLOTS / _PHONE_SLOTS.sum()
_ASSISTED_SLOTS = np.zeros(SLOTS_PER_DAY)
_ASSISTED_SLOTS[18:24] = 1.0
_ASSISTED_SLOTS[27:34] = 0.9
PROFILE_ASSISTED = _ASSISTED_SLOTS / _ASSISTED_SLOTS.sum()
_PRO_SLOTS = np.zeros(SLOTS_PER_DAY)
_PRO_SLOTS[16:38] = 1.0
PROFILE_PROFESSIONAL = _PRO_SLOTS / _PRO_SLOTS.sum()
SUBMISSION_PROFILES = (PROFILE_ALLDAY, PROFILE_ASSISTED, PROFILE_PROFESSIONAL)
# Share of agents on duty per slot (lunch breaks); zero outside the office's opening.
PRESENCE_RATE = np.where(_PHONE_SLOTS > 0, 0.95, 0.0)
PRESENCE_RATE[24:28] = 0.7

# ---------------------------------------------------------------- small helpers


def _lognormal_s(rng: np.random.Generator, median_s: np.ndarray | float, sigma: float, n: int) -> np.ndarray:
    return (np.asarray(median_s) * np.exp(sigma * rng.standard_normal(n))).astype(np.int64)


def _uniform_s(rng: np.random.Generator, low_s: float, high_s: float, n: int) -> np.ndarray:
    return rng.integers(int(low_s), int(high_s), size=n, dtype=np.int64)


def _pick(rng: np.random.Generator, probabilities: np.ndarray) -> np.ndarray:
    """One category per row of a (n, k) matrix of weights."""
    cumulative = np.cumsum(probabilities, axis=1)
    draws = rng.random(len(probabilities)) * cumulative[:, -1]
    return (draws[:, None] >= cumulative).sum(axis=1).astype(np.int8)


# Files simulated at a time where a step is independent per application (fixed: the bytes depend on it).
SIMULATION_CHUNK_COUNT = 1_000_000


def _stored(values: np.ndarray) -> np.ndarray:
    """A column kept for the whole run, in int32 (checked: a silent wrap would corrupt the story)."""
    values = np.asarray(values)
    if values.size and (values.min() < ABSENT or values.max() >= 2**31):
        raise OverflowError("a stored scenario column left the int32 range")
    return values.astype(STORED)


def _scatter(n: int, index: np.ndarray, values: np.ndarray) -> np.ndarray:
    """A full-length stored column holding `values` at `index`, ABSENT elsewhere."""
    column = np.full(n, ABSENT, STORED)
    column[index] = values
    return column


def _slot_times(rng: np.random.Generator, profile: np.ndarray, n: int) -> np.ndarray:
    """Local seconds of day drawn from a half-hour profile."""
    slots = rng.choice(SLOTS_PER_DAY, size=n, p=profile)
    return slots * SLOT_S + rng.integers(0, SLOT_S, size=n)


def _snap_open(utc_s: np.ndarray, open_mask: np.ndarray, open_s: int, close_s: int, rng) -> np.ndarray:
    """The instant itself inside opening hours, else a random time in the next opening window."""
    day = np.clip(_paris_day(utc_s), 0, HORIZON_DAYS - 1)
    second = _second_of_day(utc_s)
    inside = open_mask[day] & (second >= open_s) & (second < close_s)
    before_opening = open_mask[day] & (second < open_s)
    target_day = np.where(before_opening, day, _NEXT_OPEN[id(open_mask)][day])
    moved_s = _at(target_day, rng.integers(open_s, close_s, size=len(utc_s)))
    return np.where(inside, utc_s, moved_s)


def _office(utc_s: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Back-office work happens on workdays, 8:30-17:30 Paris."""
    return _snap_open(utc_s, WORKDAY, OFFICE_OPEN_S, OFFICE_CLOSE_S, rng)


def _time_after(utc_s: np.ndarray, profile: np.ndarray, open_mask: np.ndarray, rng) -> np.ndarray:
    """A time drawn from an intraday profile: that day if open and later than `utc_s`, else a following open day."""
    day = np.clip(_paris_day(utc_s), 0, HORIZON_DAYS - 1)
    second = _slot_times(rng, profile, len(utc_s))
    same_day_s = _at(day, second)
    keep = open_mask[day] & (same_day_s > utc_s)
    next_day = _NEXT_OPEN[id(open_mask)][day]
    # Not everyone calls on the very first open day: spreads the Monday rush a little.
    next_day = np.where(rng.random(len(utc_s)) < 0.2, _NEXT_OPEN[id(open_mask)][next_day], next_day)
    return np.where(keep, same_day_s, _at(next_day, second))


# ---------------------------------------------------------------- applications


def _expected_inflow(title: int, channel: int, scale: float) -> np.ndarray:
    """Expected applications per day of one title and channel over the horizon."""
    base = ANNUAL_REQUEST_COUNT * TITLE_SHARES[title] / 365.25 * scale
    share = np.where(_DAYS < DEMAT_DAY, CHANNEL_SHARES_BEFORE[title][channel], CHANNEL_SHARES_AFTER[title][channel])
    # Help points and professionals close on public holidays; the website does not.
    week = np.where(HOLIDAY, 0.7 if channel == ONLINE else 0.0, WEEKDAY_FACTORS[channel][WEEKDAY])
    return base * SEASONS[title] * share * week


def _submissions(title: int, channel: int, scale: float, rng: np.random.Generator) -> np.ndarray:
    """Submission instants of one title and channel over the scenario's days."""
    counts = rng.poisson(_expected_inflow(title, channel, scale)[:N_DAYS])
    day = np.repeat(np.arange(N_DAYS), counts)
    return _at(day, _slot_times(rng, SUBMISSION_PROFILES[channel], len(day)))


def _requests(scale: float, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Applications of every title and channel, sorted by submission (their id order)."""
    parts = [(t, c, _submissions(t, c, scale, rng)) for t in range(4) for c in range(3)]
    submitted_s = np.concatenate([s for _, _, s in parts])
    order = np.argsort(submitted_s, kind="stable")
    n = len(order)
    department = rng.choice(len(DEPARTMENTS), size=n, p=DEPARTMENT_POPULATIONS / DEPARTMENT_POPULATIONS.sum())
    department[rng.random(n) < MISSING_DEPARTMENT_RATE] = ABSENT
    return {
        "submitted_s": _stored(submitted_s[order]),
        "title": np.concatenate([np.full(len(s), t, np.int8) for t, _, s in parts])[order],
        "channel": np.concatenate([np.full(len(s), c, np.int8) for _, c, s in parts])[order],
        "department": department.astype(np.int16),
        "citizen": _stored(_citizens(n, rng)),
    }


def _citizens(n: int, rng: np.random.Generator) -> np.ndarray:
    """Citizen index per application: mostly new people, some already known."""
    returning = rng.random(n) < REPEAT_CITIZEN_RATE
    new_index = np.cumsum(~returning) - 1
    known = rng.integers(0, max(int((~returning).sum()), 1), size=n)
    return np.where(returning, known, new_index).astype(np.int64)


# ---------------------------------------------------------------- application lives


def _first_incomplete_rate(req: dict[str, np.ndarray]) -> np.ndarray:
    day = _paris_day(req["submitted_s"])
    return INCOMPLETE_RATES[req["title"], day] * INCOMPLETE_CHANNEL_FACTOR[req["channel"]]


def _incomplete_rounds(req: dict[str, np.ndarray], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Sent-back rounds: incomplete then resubmitted, or abandoned then cancelled; and when the file is complete."""
    n = len(req["submitted_s"])
    first_rate = _first_incomplete_rate(req)
    ready_s = req["submitted_s"].copy()
    candidates = np.arange(n)  # files that may be sent back in this round
    out = {"cancelled_s": np.full(n, ABSENT, STORED)}
    for k in range(MAX_INCOMPLETE_ROUNDS):
        back = candidates[rng.random(len(candidates)) < first_rate[candidates] * REPEAT_INCOMPLETE_FACTOR**k]
        notice_s = _office(ready_s[back] + _lognormal_s(rng, 1.5 * DAY_S, 0.6, len(back)) + HOUR_S, rng)
        gives_up = rng.random(len(back)) < ABANDON_RATE
        out[f"incomplete_{k}_s"] = _scatter(n, back, notice_s)
        # The agency closes a file some weeks after the citizen stopped answering.
        wait_s = _uniform_s(rng, 28 * DAY_S, 60 * DAY_S, int(gives_up.sum()))
        out["cancelled_s"][back[gives_up]] = _office(notice_s[gives_up] + wait_s, rng)
        retry = back[~gives_up]
        resubmit_s = np.minimum(_lognormal_s(rng, 4 * DAY_S, 0.8, len(retry)), 40 * DAY_S) + 600
        ready_s[retry] = notice_s[~gives_up] + resubmit_s
        out[f"resubmitted_{k}_s"] = _scatter(n, retry, ready_s[retry])
        candidates = retry
    out["ready_s"] = np.where(out["cancelled_s"] != ABSENT, ABSENT, ready_s)
    return out


def _capacity(title: int, scale: float) -> np.ndarray:
    """Files the instruction team can open per day: a multiple of the expected inflow around that day."""
    inflow = sum(_expected_inflow(title, c, scale) for c in range(3))
    # Staffing is planned for the season (four weeks centred on the day), not for each day's noise.
    planned = np.convolve(np.pad(inflow, 14, mode="edge"), np.ones(28) / 28, mode="same")[14:-14]
    ratio = VR_CAPACITY_RATIO if title == VR else CAPACITY_SLACK_RATIO
    # A week's capacity is worked on its open days: overtime makes up for public holidays.
    week = _DAYS // 7
    workdays_in_week = np.bincount(week, weights=WORKDAY)[week]
    return np.where(WORKDAY, planned * ratio * 7 / np.maximum(workdays_in_week, 1), 0.0)


def _serve_days(ready_s: np.ndarray, lag_days: int, capacity: np.ndarray) -> np.ndarray:
    """Day each complete file reaches the front of its FIFO queue, from cumulative arrivals against capacity."""
    ready_day = np.minimum(_paris_day(ready_s) + lag_days, HORIZON_DAYS - 1)
    arrivals = np.bincount(ready_day, minlength=HORIZON_DAYS)
    served_cum = np.empty(HORIZON_DAYS)
    arrived, served = 0.0, 0.0
    for day in range(HORIZON_DAYS):
        arrived += arrivals[day]
        served = min(arrived, served + capacity[day])  # idle capacity is lost, never banked
        served_cum[day] = served
    order = np.argsort(ready_s, kind="stable")
    serve_day = np.empty(len(ready_s), dtype=np.int64)
    serve_day[order] = np.searchsorted(served_cum, np.arange(len(ready_s)), side="right")
    return np.minimum(serve_day, HORIZON_DAYS - 1)


def _reviews(req: dict[str, np.ndarray], ready_s: np.ndarray, scale: float, rng: np.random.Generator) -> np.ndarray:
    """in_review instants: each title's queue decides the day, office hours the time."""
    review_s = np.full(len(ready_s), ABSENT, STORED)
    for title in range(4):
        mine = np.flatnonzero((req["title"] == title) & (ready_s != ABSENT))
        day = _serve_days(ready_s[mine], int(QUEUE_LAG_DAYS[title]), _capacity(title, scale))
        review_s[mine] = _at(day, rng.integers(OFFICE_OPEN_S, OFFICE_CLOSE_S, size=len(mine)))
    return review_s


def _production(title: np.ndarray, review_s: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Approval, production, shipping and hand-over of approved files, each hours to days after the previous step."""
    n = len(review_s)
    approved_s = _office(review_s + _lognormal_s(rng, REVIEW_MEDIAN_S[title], 0.7, n) + 300, rng)
    production_s = approved_s + _lognormal_s(rng, 6 * HOUR_S, 0.5, n) + 1_800
    shipped_s = _office(production_s + _lognormal_s(rng, 16 * HOUR_S, 0.5, n) + HOUR_S, rng)
    handover_s = shipped_s + _lognormal_s(rng, HANDOVER_MEDIAN_S[title], 0.4, n) + HOUR_S
    # Registrations and licences come by post (Saturdays too); cards and passports are collected at the town hall.
    delivered_s = np.where(
        title <= DL,
        _snap_open(handover_s, POSTDAY, 9 * HOUR_S, 13 * HOUR_S, rng),
        _snap_open(handover_s, WORKDAY, 9 * HOUR_S, 17 * HOUR_S, rng),
    )
    return {
        "approved_s": approved_s,
        "in_production_s": production_s,
        "shipped_s": shipped_s,
        "delivered_s": delivered_s,
    }


def _decisions(title: np.ndarray, review_s: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """After review: a few files rejected within days, the rest approved and produced.
    A million files at a time: the production steps' temporaries would be gigabytes at national volume."""
    n = len(review_s)
    stages = ("approved_s", "in_production_s", "shipped_s", "delivered_s", "rejected_s")
    out = {name: np.full(n, ABSENT, STORED) for name in stages}
    all_reviewed = np.flatnonzero(review_s != ABSENT)
    for start in range(0, len(all_reviewed), SIMULATION_CHUNK_COUNT):
        reviewed = all_reviewed[start : start + SIMULATION_CHUNK_COUNT]
        is_rejected = rng.random(len(reviewed)) < REJECTED_RATE
        rejected, approved = reviewed[is_rejected], reviewed[~is_rejected]
        out["rejected_s"][rejected] = _office(review_s[rejected] + _uniform_s(rng, DAY_S, 5 * DAY_S, len(rejected)), rng)
        for name, values in _production(title[approved], review_s[approved], rng).items():
            out[name][approved] = values
    return {"in_review_s": review_s, **out}


def _lives(req: dict[str, np.ndarray], scale: float, rngs: dict[str, np.random.Generator]) -> dict[str, np.ndarray]:
    """Every stage instant of every application (ABSENT when it never happens), up to the horizon."""
    rounds = _incomplete_rounds(req, rngs["rounds"])
    review_s = _reviews(req, rounds.pop("ready_s"), scale, rngs["queue"])  # no event of its own: not kept
    return {**rounds, **_decisions(req["title"], review_s, rngs["production"])}


# Event slots in chronological order within an application, with their status.
EVENT_SLOTS = (
    ("submitted_s", "submitted"),
    *[(f"{kind}_{k}_s", kind) for k in range(MAX_INCOMPLETE_ROUNDS) for kind in ("incomplete", "resubmitted")],
    ("in_review_s", "in_review"),
    ("approved_s", "approved"),
    ("in_production_s", "in_production"),
    ("shipped_s", "shipped"),
    ("delivered_s", "delivered"),
    ("rejected_s", "rejected"),
    ("cancelled_s", "cancelled"),
)
EVENT_STATUS_CODES = np.array([contract.STATUSES.index(s) for _, s in EVENT_SLOTS], dtype=np.uint8)
def _terminal_s(lives: dict[str, np.ndarray]) -> np.ndarray:
    """First terminal instant before the end, else the end itself (still in flight)."""
    ends = [lives[k] for k in ("delivered_s", "rejected_s", "cancelled_s")]
    return np.stack([np.where((e == ABSENT) | (e >= END_UTC_S), END_UTC_S, e) for e in ends]).min(axis=0)


# ---------------------------------------------------------------- contact demand


def _batch(base_s, reason, request, citizen) -> dict[str, np.ndarray]:
    """Contacts about to happen: what prompts them (base_s), why, about what, from whom."""
    return {
        "base_s": np.asarray(base_s, np.int64),
        "reason": np.broadcast_to(np.asarray(reason, np.int8), np.shape(base_s)).copy(),
        "request": np.asarray(request, np.int64),
        "citizen": np.asarray(citizen, np.int64),
    }


def _concat(batches: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    return {k: np.concatenate([b[k] for b in batches]) for k in batches[0]}


def _take(batch: dict[str, np.ndarray], index: np.ndarray) -> dict[str, np.ndarray]:
    return {k: v[index] for k, v in batch.items()}


def _status_inquiries(req, terminal_s, rng) -> dict[str, np.ndarray]:
    """'Where is my title?': more likely, and more often, the longer an application runs past its target."""
    target_s = TARGET_DAYS[req["title"]] * DAY_S
    running_s = terminal_s - req["submitted_s"]
    worry = 1 - np.exp(-np.maximum(running_s - target_s, 0) / DAY_S / STATUS_INQUIRY_GROWTH_DAYS)
    counts = rng.poisson(STATUS_INQUIRY_BASE_RATE + STATUS_INQUIRY_EXTRA_RATE * worry)
    index = np.repeat(np.arange(len(counts)), counts)
    # Citizens ask from half-way to the target (or to the end) until the title arrives.
    earliest_s = req["submitted_s"][index] + np.minimum(target_s[index], running_s[index]) // 2
    base_s = earliest_s + (rng.random(len(index)) * (terminal_s[index] - earliest_s)).astype(np.int64)
    return _batch(base_s, R_STATUS, index, req["citizen"][index])


def _document_questions(req, lives, rng) -> dict[str, np.ndarray]:
    """Questions about the documents asked for, a day or so after an incomplete notice."""
    batches = []
    for k in range(MAX_INCOMPLETE_ROUNDS):
        notice_s = lives[f"incomplete_{k}_s"]
        index = np.flatnonzero((notice_s != ABSENT) & (rng.random(len(notice_s)) < DOCUMENTS_CONTACT_RATE))
        base_s = notice_s[index] + rng.exponential(0.8 * DAY_S, len(index)).astype(np.int64)
        batches.append(_batch(base_s, R_DOCUMENTS, index, req["citizen"][index]))
    return _concat(batches)


def _technical_issues(req, rng) -> dict[str, np.ndarray]:
    """Website trouble around submission, surging with dematerialisation; some never got to submit."""
    day = _paris_day(req["submitted_s"])
    rate = np.where(req["title"] <= DL, TECH_ISSUE_DEMAT_RATE[day], TECH_ISSUE_BASE_RATE)
    rate = np.where(req["channel"] == ASSISTED, 0.0, rate)
    index = np.flatnonzero(rng.random(len(day)) < rate)
    n = len(index)
    before = rng.random(n) < 0.35
    shift_s = np.where(before, -_uniform_s(rng, 1_800, DAY_S, n), _uniform_s(rng, 60, 36 * HOUR_S, n))
    request = np.where(before, ABSENT, index)  # a failed attempt has no application yet
    return _batch(req["submitted_s"][index] + shift_s, R_TECHNICAL, request, req["citizen"][index])


def _payment_questions(req, rng) -> dict[str, np.ndarray]:
    index = np.flatnonzero(rng.random(len(req["submitted_s"])) < PAYMENT_CONTACT_RATE)
    base_s = req["submitted_s"][index] + _uniform_s(rng, 600, 3 * DAY_S, len(index))
    return _batch(base_s, R_PAYMENT, index, req["citizen"][index])


def _correction_requests(req, lives, rng) -> dict[str, np.ndarray]:
    """A wrong name or address noticed on the delivered title."""
    delivered_s = lives["delivered_s"]
    index = np.flatnonzero((delivered_s != ABSENT) & (rng.random(len(delivered_s)) < CORRECTION_CONTACT_RATE))
    base_s = delivered_s[index] + rng.exponential(4 * DAY_S, len(index)).astype(np.int64)
    return _batch(base_s, R_CORRECTION, index, req["citizen"][index])


def _unlinked(citizen_count: int, scale: float, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Contacts about no known application, from known and new citizens alike."""
    week = np.where(WEEKDAY[:N_DAYS] < 5, 1.1, 0.75)
    batches = []
    for reason, per_day in enumerate(UNLINKED_COUNT_PER_DAY):
        day = np.repeat(np.arange(N_DAYS), rng.poisson(per_day * scale * week))
        base_s = _at(day, rng.integers(0, DAY_S, size=len(day)))
        batches.append(_batch(base_s, reason, np.full(len(day), ABSENT), np.zeros(len(day))))
    out = _concat(batches)
    n = len(out["base_s"])
    newcomer = rng.random(n) < NEW_CITIZEN_RATE
    out["citizen"] = np.where(newcomer, citizen_count + np.arange(n), rng.integers(0, citizen_count, size=n))
    return out


def _first_channels(reason: np.ndarray, base_s: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The channel a citizen first tries, by reason; the chatbot once it exists."""
    chatbot_open = (_paris_day(base_s) >= CHATBOT_DAY)[:, None]
    return _pick(rng, np.where(chatbot_open, CHANNEL_BY_REASON_AFTER[reason], CHANNEL_BY_REASON_BEFORE[reason]))


def _first_contacts(req, lives, scale, rng) -> dict[str, np.ndarray]:
    """Every first contact prompted by an application's life or by something else."""
    sources = _concat(
        [
            _status_inquiries(req, _terminal_s(lives), rng),
            _document_questions(req, lives, rng),
            _technical_issues(req, rng),
            _payment_questions(req, rng),
            _correction_requests(req, lives, rng),
            _unlinked(int(req["citizen"].max()) + 1, scale, rng),
        ]
    )
    n = len(sources["base_s"])
    sources["channel"] = _first_channels(sources["reason"], sources["base_s"], rng)
    sources["citizen"] = np.where(rng.random(n) < ANONYMOUS_RATE[sources["channel"]], ABSENT, sources["citizen"])
    sources["request"] = np.where(rng.random(n) < REQUEST_UNRECORDED_RATE, ABSENT, sources["request"])
    return _arrive(sources, rng)


def _arrive(batch: dict[str, np.ndarray], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Received instants (phone in office hours, the rest around the clock); what falls after the end is dropped."""
    received_s = np.where(
        batch["channel"] == PHONE,
        _time_after(batch["base_s"], PROFILE_PHONE, WORKDAY, rng),
        _time_after(batch["base_s"], PROFILE_ALLDAY, EVERYDAY, rng),
    )
    return _take({**batch, "received_s": received_s}, np.flatnonzero(received_s < END_UTC_S))


# ---------------------------------------------------------------- the contact centre


def _phone_load_ratio(received_s: np.ndarray, scale: float, weight: float = 1.0) -> np.ndarray:
    """Calls offered over what the agents on duty can take, per day and half hour, at national volume."""
    slot = _paris_day(received_s) * SLOTS_PER_DAY + _second_of_day(received_s) // SLOT_S
    calls = np.bincount(slot, minlength=N_DAYS * SLOTS_PER_DAY)[: N_DAYS * SLOTS_PER_DAY]
    calls = calls.reshape(N_DAYS, SLOTS_PER_DAY) * weight / scale
    on_duty = AGENT_COUNT[:N_DAYS, None] * PRESENCE_RATE[None, :] * CALL_COUNT_PER_AGENT_SLOT
    return calls / np.maximum(on_duty, 1e-9)


def _daily_stress(load_ratio: np.ndarray) -> np.ndarray:
    """0 in normal times, 1 when the calls offered reach about twice what the agents can take."""
    offered = (load_ratio * PRESENCE_RATE).sum(axis=1) / PRESENCE_RATE.sum()
    return np.clip((offered - 0.85) / 1.2, 0.0, 1.0)


def _outcomes(batch, stress, rng) -> np.ndarray:
    """Outcome if served: overload leaves fewer resolved and more callbacks; the bot logs most chats resolved."""
    resolved = np.where(batch["reason"] == R_FRAUD, 0.35, 0.80 - 0.18 * stress)
    rest = 1 - resolved
    weights = np.stack([resolved, rest * (0.35 + 0.1 * stress), rest * 0.30, rest * (0.35 - 0.1 * stress)], axis=1)
    outcome = _pick(rng, weights)
    bot_outcome = _pick(rng, np.tile([0.80, 0.0, 0.13, 0.0, 0.07], (len(stress), 1)))
    return np.where(batch["channel"] == CHATBOT, bot_outcome, outcome).astype(np.int8)


def _phone_answers(received_s, load_ratio, rng) -> tuple[np.ndarray, np.ndarray]:
    """Phone: the citizen hangs up when the agents on duty cannot keep up; the wait grows with the load."""
    day = np.clip(_paris_day(received_s), 0, N_DAYS - 1)
    rho = load_ratio[day, _second_of_day(received_s) // SLOT_S]
    hung_up = rng.random(len(received_s)) < 1 - 0.96 / np.maximum(rho, 1.0)
    wait_s = np.minimum(rng.exponential(20 * (1 + 8 * np.maximum(rho - 0.7, 0))), 1_800).astype(np.int64) + 5
    return received_s + wait_s, hung_up


def _answer_times(batch, load_ratio, stress, rng) -> tuple[np.ndarray, np.ndarray]:
    """When each contact is first answered, and which calls were abandoned."""
    channel, received_s = batch["channel"], batch["received_s"]
    phone_s, hung_up = _phone_answers(received_s, load_ratio, rng)
    # Mails wait hours to days for an agent, longer when the centre is overloaded.
    mail_delay_s = _lognormal_s(rng, 16 * HOUR_S * (1 + 4 * stress), 0.8, len(channel)) + 600
    mail_s = _office(received_s + mail_delay_s, rng)
    bot_s = received_s + rng.integers(1, 6, len(channel))
    answered_s = np.select([channel == PHONE, channel == CHATBOT], [phone_s, bot_s], mail_s)
    return answered_s, hung_up & (channel == PHONE)


def _teams(batch, rng) -> np.ndarray:
    """Team by channel; fraud and corrections mostly go to the experts."""
    expert = np.isin(batch["reason"], (R_FRAUD, R_CORRECTION)) & (rng.random(len(batch["reason"])) < 0.7)
    by_channel = np.array([T_PHONE, T_MAIL, T_BOT, T_MAIL], dtype=np.int8)[batch["channel"]]
    return np.where(expert & (batch["channel"] != CHATBOT), T_N2, by_channel).astype(np.int8)


def staffing(scale: float) -> np.ndarray:
    """Agents employed per team (TEAMS order) and day at this scale: the national headcount times
    the scale, at least MIN_TEAM_AGENT_COUNT (the chatbot employs none)."""
    national = np.zeros((len(TEAMS), N_DAYS))
    national[T_PHONE] = AGENT_COUNT[:N_DAYS] * STAFF_PER_POSITION["N1 phone"]
    national[T_MAIL] = AGENT_COUNT[:N_DAYS] * STAFF_PER_POSITION["N1 mail"]
    national[T_N2] = N2_EXPERT_COUNT
    employed = np.maximum(MIN_TEAM_AGENT_COUNT, np.rint(national * scale)).astype(np.int64)
    employed[T_BOT] = 0
    return employed


def _agents(team, answered_s, employed, rng) -> np.ndarray:
    """Agent number: one of the team's agents on duty in the half hour it answered (a share of those
    employed that day, as the lunch breaks leave, rotating from slot to slot), at random."""
    pick = rng.random(len(team))
    rng.integers(0, 12, len(team))  # the draw the experts' former 12 desks took: later draws, and indicators, stay
    day = np.clip(_paris_day(answered_s), 0, N_DAYS - 1)
    slot = _second_of_day(answered_s) // SLOT_S
    staff = employed[np.clip(team, 0, len(TEAMS) - 1), day]
    presence = np.where(PRESENCE_RATE[slot] > 0, PRESENCE_RATE[slot], 0.7)  # overtime at the edges
    on_duty = np.maximum(1, np.rint(staff * presence)).astype(np.int64)
    first = (day * SLOTS_PER_DAY + slot) * 7 % np.maximum(staff, 1)
    member = (first + (pick * on_duty).astype(np.int64)) % np.maximum(staff, 1)
    base = np.array([AGENT_NUMBER_BASES.get(name, 0) for name in TEAMS])[np.clip(team, 0, len(TEAMS) - 1)]
    return np.where(team == T_BOT, ABSENT, base + member)


def _handle_seconds(channel, stress, rng) -> np.ndarray:
    """Log-normal talk or handling time per channel, a little longer under pressure."""
    median_s = np.array([240.0, 420.0, 150.0, 360.0])[channel] * (1 + 0.15 * stress)
    return np.maximum(_lognormal_s(rng, median_s, 0.55, len(channel)), 10)


def _csat(outcome, stress, rng) -> np.ndarray:
    """A 1-5 answer from a few citizens: happier when resolved, grumpier in the crisis."""
    mean = np.where(outcome == O_RESOLVED, 4.2, 2.6) - 1.0 * stress
    score = np.clip(np.rint(mean + 0.9 * rng.standard_normal(len(outcome))), 1, 5).astype(np.int64)
    return np.where(rng.random(len(outcome)) < CSAT_RATE, score, ABSENT)


def _handle(batch, load_ratio, stress_by_day, employed, rng) -> dict[str, np.ndarray]:
    """What the contact centre does with a generation of contacts: answer, final outcome, team, agent,
    time, csat, and the instant the outcome is recorded (closed_s). Never `pending`: that is only the
    state of a contact not closed yet when an export is taken (see the module's docstring)."""
    day = np.clip(_paris_day(batch["received_s"]), 0, N_DAYS - 1)
    stress = stress_by_day[day]
    answered_s, hung_up = _answer_times(batch, load_ratio, stress, rng)
    outcome = np.where(hung_up, O_ABANDONED, _outcomes(batch, stress, rng))
    served = outcome != O_ABANDONED
    team = _teams(batch, rng)
    handle_s = np.where(served, _handle_seconds(batch["channel"], stress, rng), ABSENT)
    return {
        **batch,
        "answered_s": np.where(served, answered_s, ABSENT),
        # Served: logged when the handling ends; abandoned: when the caller hangs up, after the queue's wait.
        "closed_s": np.where(served, answered_s + handle_s, answered_s),
        "outcome": outcome.astype(np.int8),
        "team": team,
        "agent": np.where(served, _agents(team, answered_s, employed, rng), ABSENT),
        "handle_s": handle_s,
        "csat": np.where(served, _csat(outcome, stress, rng), ABSENT),
    }


def _repeat_delays(parent, false_contained, rng) -> np.ndarray:
    """Hung-up callers retry within hours; other unmet demands come back within days."""
    n = len(false_contained)
    retry_s = _lognormal_s(rng, 3 * HOUR_S, 1.2, n)
    again_s = _lognormal_s(rng, 2 * DAY_S, 0.8, n)
    delay_s = np.where(parent["outcome"] == O_ABANDONED, retry_s, again_s)
    return np.where(false_contained, _uniform_s(rng, 2 * HOUR_S, 6.8 * DAY_S, n), delay_s) + 300


def _repeats(handled, rng) -> dict[str, np.ndarray]:
    """The next contacts of citizens whose demand was not met (or only seemed met, on the chatbot)."""
    outcome, channel = handled["outcome"], handled["channel"]
    bot_resolved = (channel == CHATBOT) & (outcome == O_RESOLVED)
    rate = np.where(bot_resolved, FALSE_CONTAINMENT_RATE, REPEAT_RATE[outcome])
    rate = np.where((channel == CHATBOT) & (outcome == O_TRANSFERRED), BOT_TRANSFER_REPEAT_RATE, rate)
    index = np.flatnonzero(rng.random(len(outcome)) < rate)
    parent, false_contained = _take(handled, index), bot_resolved[index]
    after_s = np.where(parent["answered_s"] != ABSENT, parent["answered_s"], parent["received_s"])
    base_s = after_s + _repeat_delays(parent, false_contained, rng)
    chatbot_open = (_paris_day(base_s) >= CHATBOT_DAY)[:, None]
    weights = REPEAT_CHANNEL[parent["channel"]] * np.where(chatbot_open, 1.0, [1.0, 1.0, 0.0, 1.0])
    next_channel = np.where(false_contained, PHONE, _pick(rng, weights)).astype(np.int8)
    child = _batch(base_s, parent["reason"], parent["request"], parent["citizen"])
    return _arrive({**child, "channel": next_channel}, rng)


def _contact_centre(first, load_ratio, seed: int, employed: np.ndarray) -> dict[str, np.ndarray]:
    """All generations of contacts handled under a given phone load, by the agents employed."""
    rng = np.random.default_rng(seed)
    stress = _daily_stress(load_ratio)
    generations = []
    batch = first
    for generation in range(MAX_CONTACT_GENERATIONS):
        handled = _handle(batch, load_ratio, stress, employed, rng)
        handled["generation"] = np.full(len(handled["received_s"]), generation, np.int8)
        generations.append(handled)
        batch = _repeats(handled, rng)
        if len(batch["received_s"]) == 0:
            break
    return _concat(generations)


def _contacts(req, lives, scale, rngs) -> dict[str, np.ndarray]:
    """Contacts with their handling, in id order; the phone load is re-estimated so repeats weigh on the lines."""
    first = _first_contacts(req, lives, scale, rngs["demand"])
    seed = int(rngs["centre"].integers(2**63))
    # Start from first contacts plus a guess for repeats, then replay once with the load that produced.
    load_ratio = _phone_load_ratio(first["received_s"][first["channel"] == PHONE], scale, weight=1.3)
    employed = staffing(scale)
    guessed = _contact_centre(first, load_ratio, seed, employed)
    load_ratio = _phone_load_ratio(guessed["received_s"][guessed["channel"] == PHONE], scale)
    del guessed  # one generation set at a time: at national volume each is gigabytes
    contacts = _contact_centre(first, load_ratio, seed, employed)
    del first
    order = np.lexsort((contacts["generation"], contacts["received_s"]))
    return {name: _kept_contact_column(name, contacts.pop(name)[order]) for name in CONTACT_COLUMNS}


# What the files need of a contact, and the dtype it is kept in until they are written.
CONTACT_COLUMNS = {
    "channel": np.int8, "received_s": STORED, "answered_s": STORED, "closed_s": STORED, "outcome": np.int8,
    "reason": np.int8, "citizen": STORED, "request": STORED, "team": np.int8, "agent": np.int16,
    "handle_s": STORED, "csat": np.int8,
}


def _kept_contact_column(name: str, values: np.ndarray) -> np.ndarray:
    return _stored(values) if CONTACT_COLUMNS[name] is STORED else values.astype(CONTACT_COLUMNS[name])


# ---------------------------------------------------------------- the world, and what one export shows of it

TIMESTAMP = pl.Datetime("us", "UTC")
RNG_PARTS = ("requests", "rounds", "queue", "production", "demand", "centre")
CHUNK_COUNT = 1_000_000  # applications (with their events) or contacts turned into rows at a time


@dataclass(frozen=True)
class World:
    """Everything that happens in the scenario: each record with all its instants, as numpy columns."""

    requests: dict[str, np.ndarray]
    lives: dict[str, np.ndarray]
    contacts: dict[str, np.ndarray]


def simulate(scale: float = 0.01, seed: int = DEFAULT_SEED) -> World:
    """The scenario's world at this scale and seed; every export is a view of it (see Cut)."""
    rngs = dict(zip(RNG_PARTS, np.random.default_rng(seed).spawn(len(RNG_PARTS)), strict=True))
    req = _requests(scale, rngs["requests"])
    lives = _lives(req, scale, rngs)
    contacts = _contacts(req, lives, scale, rngs)
    return World(req, lives, contacts)


def _end_of_day_s(day: date) -> int:
    """UTC second of the Paris midnight that ends `day`."""
    return int(_at(np.int64(_day_index(day) + 1), np.int64(0)))


def _checked_day(day: date) -> date:
    if not SCENARIO_START <= day <= SCENARIO_END:
        raise ValueError(f"{day.isoformat()} is outside the scenario ({SCENARIO_START} to {SCENARIO_END})")
    return day


@dataclass(frozen=True)
class Cut:
    """What one export shows: every record in its state at until_s; with since_s, only the records
    created or changed in [since_s, until_s) (a nightly delta)."""

    until_s: int
    since_s: int | None = None

    @classmethod
    def until(cls, day: date | None = None) -> "Cut":
        """Everything as it stands at the end of this Paris day (default: the scenario's last day)."""
        return cls(_end_of_day_s(_checked_day(SCENARIO_END if day is None else day)))

    @classmethod
    def day(cls, day: date) -> "Cut":
        """The delta of this Paris day: what was created or changed during it, as it stands at its end."""
        return cls(_end_of_day_s(_checked_day(day)), _end_of_day_s(day - timedelta(days=1)))

    def shows(self, utc_s: np.ndarray) -> np.ndarray:
        """Whether an instant (ABSENT never) falls inside what this export covers."""
        inside = (utc_s != ABSENT) & (utc_s < self.until_s)
        return inside if self.since_s is None else inside & (utc_s >= self.since_s)


def cut_for(until: date | None = None, day: date | None = None) -> Cut:
    """The cut of the command line's --until or --day (neither: the whole scenario)."""
    if until is not None and day is not None:
        raise ValueError("give --until or --day, not both")
    return Cut.day(day) if day is not None else Cut.until(until)


def _chunks(n: int):
    for start in range(0, n, CHUNK_COUNT):
        yield start, min(start + CHUNK_COUNT, n)


def _requests_pieces(world: World, cut: Cut):
    """An application never changes after its submission: it is shown from the day it is submitted."""
    req = world.requests
    for start, stop in _chunks(len(req["submitted_s"])):
        yield _requests_frame(req, start + np.flatnonzero(cut.shows(req["submitted_s"][start:stop])))


def _events_pieces(world: World, cut: Cut):
    """An event is created when it occurs; a delta carries the day's new events only (module docstring)."""
    columns = {"submitted_s": world.requests["submitted_s"], **world.lives}
    for start, stop in _chunks(len(columns["submitted_s"])):
        times = np.stack([columns[name][start:stop] for name, _ in EVENT_SLOTS], axis=1)
        rows, slots = np.nonzero(cut.shows(times))  # row-major: application by application, slots in time order
        yield _events_frame(rows.astype(np.int64) + start, EVENT_STATUS_CODES[slots], times[rows, slots])


def _contacts_pieces(world: World, cut: Cut):
    """A contact changes when it is received and when it is closed; it is shown in its state at until_s."""
    contacts = world.contacts
    for start, stop in _chunks(len(contacts["received_s"])):
        part = {name: values[start:stop] for name, values in contacts.items()}
        index = np.flatnonzero(cut.shows(part["received_s"]) | cut.shows(part["closed_s"]))
        yield _contacts_frame(_state_at(_take(part, index), cut.until_s), index.astype(np.int64) + start)


def _state_at(contacts: dict[str, np.ndarray], until_s: int) -> dict[str, np.ndarray]:
    """Not closed by then: `pending`, with no answer, agent, handling time or satisfaction yet."""
    still_open = contacts["closed_s"] >= until_s
    blanked = {name: np.where(still_open, ABSENT, contacts[name]) for name in ("answered_s", "agent", "handle_s", "csat")}
    return {**contacts, **blanked, "outcome": np.where(still_open, O_PENDING, contacts["outcome"])}


# ---------------------------------------------------------------- frames and files


def _valid(values: np.ndarray) -> pl.Series:
    """An Int64 series with nulls where the numpy stage held ABSENT (or any negative marker)."""
    series = pl.Series(np.asarray(values, np.int64))
    return pl.select(pl.when(series >= 0).then(series)).to_series()


def _timestamps(name: str, seconds: np.ndarray) -> pl.Series:
    return (_valid(seconds) * 1_000_000).cast(TIMESTAMP).alias(name)


def _labels(name: str, codes: np.ndarray, labels: tuple[str, ...]) -> pl.Series:
    return pl.Series(labels).gather(_valid(codes)).alias(name)


def _ids(name: str, prefix: str, numbers: np.ndarray, width: int) -> pl.Series:
    """Fixed-width text ids, so that text order is number order."""
    return (prefix + _valid(numbers).cast(pl.String).str.zfill(width)).alias(name)


def _citizen_numbers(citizen: np.ndarray) -> np.ndarray:
    """Pseudonymous 8-digit numbers: an affine bijection modulo 10^8 scatters consecutive citizens."""
    citizen = np.asarray(citizen, np.int64)  # the product overflows int32
    return np.where(citizen >= 0, (citizen * 48_271_217 + 13_579_313) % 100_000_000, ABSENT)


def _requests_frame(req: dict[str, np.ndarray], index: np.ndarray) -> pl.DataFrame:
    """The applications at these indices (their id is index + 1)."""
    return pl.DataFrame(
        [
            _ids("request_id", "R", index + 1, 9),
            _labels("title_type", req["title"][index], contract.TITLE_TYPES),
            _timestamps("submitted_at", req["submitted_s"][index]),
            _labels("department", req["department"][index], DEPARTMENTS),
            _labels("submission_channel", req["channel"][index], contract.SUBMISSION_CHANNELS),
            _ids("citizen_id", "C", _citizen_numbers(req["citizen"][index]), 8),
        ]
    )


def _events_frame(request: np.ndarray, status: np.ndarray, occurred_s: np.ndarray) -> pl.DataFrame:
    return pl.DataFrame(
        [
            _ids("request_id", "R", request + 1, 9),
            pl.Series(contract.STATUSES).gather(pl.Series(status, dtype=pl.UInt32)).alias("status"),
            _timestamps("occurred_at", occurred_s),
        ]
    )


def _contacts_frame(contacts: dict[str, np.ndarray], index: np.ndarray) -> pl.DataFrame:
    """These contacts (their id is their index in received order + 1)."""
    request_number = np.where(contacts["request"] >= 0, contacts["request"].astype(np.int64) + 1, ABSENT)
    return pl.DataFrame(
        [
            _ids("contact_id", "K", index + 1, 9),
            _labels("channel", contacts["channel"], contract.CHANNELS),
            _timestamps("received_at", contacts["received_s"]),
            _timestamps("answered_at", contacts["answered_s"]),
            _labels("outcome", contacts["outcome"], contract.OUTCOMES),
            _labels("reason", contacts["reason"], contract.REASONS),
            _ids("citizen_id", "C", _citizen_numbers(contacts["citizen"]), 8),
            _ids("request_id", "R", request_number, 9),
            _labels("team", contacts["team"], TEAMS),
            _ids("agent_id", "A", contacts["agent"], 4),
            _valid(contacts["handle_s"]).alias("handle_seconds"),
            _valid(contacts["csat"]).alias("csat"),
        ]
    )


def _empty(kind: contract.Kind) -> pl.DataFrame:
    """A kind's file with no row, in the frames' types: the header and schema every piece follows."""
    def dtype(column: str) -> pl.DataType:
        return TIMESTAMP if column.endswith("_at") else pl.Int64 if column in ("handle_seconds", "csat") else pl.String

    return pl.DataFrame(schema={c: dtype(c) for c in kind.columns})


def _pieces(world: World, cut: Cut) -> dict[str, object]:
    """Each kind's rows as a stream of frames, in id order (events by id, time, status)."""
    return {
        "requests": _requests_pieces(world, cut),
        "request_events": _events_pieces(world, cut),
        "contacts": _contacts_pieces(world, cut),
    }


def frames(world: World, cut: Cut | None = None) -> dict[str, pl.DataFrame]:
    """The three contract tables of one export of the world, whole in memory (small scales)."""
    kinds = {k.name: k for k in contract.KINDS}
    return {
        name: pl.concat([_empty(kinds[name]), *pieces], rechunk=True)
        for name, pieces in _pieces(world, cut or Cut.until()).items()
    }


def scenario_frames(
    scale: float = 0.01, seed: int = DEFAULT_SEED, until: date | None = None, day: date | None = None
) -> dict[str, pl.DataFrame]:
    """The three contract tables of the reference scenario, typed and sorted by id (events by id, time, status)."""
    return frames(simulate(scale, seed), cut_for(until, day))


def _csv_ready(frame: pl.DataFrame) -> pl.DataFrame:
    """Timestamps as ISO 8601 UTC text with whole seconds."""
    stamps = [c for c, t in frame.schema.items() if isinstance(t, pl.Datetime)]
    return frame.with_columns(pl.col(c).dt.strftime("%Y-%m-%dT%H:%M:%SZ") for c in stamps)


def _write_csv(path: Path, empty: pl.DataFrame, pieces) -> None:
    with open(path, "wb") as handle:
        _csv_ready(empty).write_csv(handle, null_value="")
        for frame in pieces:
            _csv_ready(frame).write_csv(handle, include_header=False, null_value="")


def _write_parquet(path: Path, empty: pl.DataFrame, pieces) -> None:
    import pyarrow.parquet as pq  # only here: CSV is the common case

    schema = empty.to_arrow().schema
    with pq.ParquetWriter(path, schema) as writer:
        for frame in pieces:
            if frame.height:
                writer.write_table(frame.to_arrow().cast(schema))


def write(world: World, out_dir, cut: Cut | None = None, file_format: str = "csv") -> dict[str, Path]:
    """Write one export of the world (default: the whole scenario) into out_dir, a piece at a time; return the paths by kind."""
    if file_format not in ("csv", "parquet"):
        raise ValueError(f"file_format must be 'csv' or 'parquet', not {file_format!r}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    kinds = {k.name: k for k in contract.KINDS}
    paths = {}
    for name, pieces in _pieces(world, cut or Cut.until()).items():
        paths[name] = out / f"{name}.{file_format}"
        (_write_csv if file_format == "csv" else _write_parquet)(paths[name], _empty(kinds[name]), pieces)
    return paths


def generate(
    out_dir,
    scale: float = 0.01,
    seed: int = DEFAULT_SEED,
    file_format: str = "csv",
    until: date | None = None,
    day: date | None = None,
) -> dict[str, Path]:
    """Write the scenario's requests, request_events and contacts files into out_dir; return their paths by kind.

    `until`: as they stand at the end of that Paris day; `day`: that day's delta (module docstring)."""
    cut = cut_for(until, day)  # a wrong day fails before minutes of simulation
    if file_format not in ("csv", "parquet"):
        raise ValueError(f"file_format must be 'csv' or 'parquet', not {file_format!r}")
    return write(simulate(scale, seed), out_dir, cut, file_format)

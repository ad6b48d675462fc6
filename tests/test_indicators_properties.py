"""On random small warehouses: the report's numbers agree with each other, and with a naive
implementation of kpis.md written here contact by contact and application by application.

The generators aim at the edges kpis.md defines (a repeat exactly W later, two terminal events at
one instant, an event exactly at the end of a day, a delivery in exactly its target, an age on a
bucket bound), and each edge also has an explicit example below, so every run checks it.
"""

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from oncedone import config
from oncedone.kpi import indicators
from oncedone.store import contract, ingest
from oncedone.store.warehouse import Warehouse
from tests.conftest import CONTACTS_HEADER, EVENTS_HEADER, REQUESTS_HEADER, write_lines
from oncedone.access import EVERYTHING

START = datetime(2018, 3, 1)  # Paris local; the clock changes on 25 March at 02:00
STAMP = "%Y-%m-%d %H:%M:%S"
EXAMPLES = 30  # random ones, on top of the explicit examples; about 1 s each
PATH = ("in_review", "approved", "in_production", "shipped", "delivered")
TARGETS = config.load().target_days
BOUND_AGES = (0, 7, 8, 15, 16, 19, 20, 30, 31, 60, 61)  # the age buckets' and the targets' bounds
SECOND = timedelta(seconds=1)


def written(moment: datetime) -> str:
    """A Paris local time as the files write it; one in the clock change's missing hour moves on by an hour."""
    if moment.date() == date(2018, 3, 25) and moment.hour == 2:
        moment += timedelta(hours=1)
    return f"{moment:{STAMP}}"


@st.composite
def applications(draw, index: int, last_day: date):
    title = draw(st.sampled_from(contract.TITLE_TYPES))
    if draw(st.booleans()):  # an age on a bound at the period's last day
        age = draw(st.sampled_from(BOUND_AGES))
        submitted = datetime.combine(last_day - timedelta(days=age), time()) + timedelta(hours=draw(st.integers(0, 23)))
    else:
        submitted = START + timedelta(hours=draw(st.integers(0, 40 * 24)))
    department = draw(st.sampled_from(["75", "13", "2A", ""]))
    steps = ["incomplete", "resubmitted"] * draw(st.integers(0, 2))
    steps += list(PATH[: draw(st.integers(0, len(PATH)))])
    if draw(st.booleans()) and (not steps or steps[-1] != "delivered"):
        steps.append(draw(st.sampled_from(["rejected", "cancelled"])))
    at, events = submitted, [("submitted", submitted)]
    for status in steps:
        gap = draw(st.sampled_from(["same instant", "1 s", "1 h", "30 h", "7 d", "to midnight"]))
        if gap == "to midnight":  # exactly the end of the day
            at = datetime.combine(at.date() + timedelta(days=1), time())
        else:
            at += {"same instant": timedelta(0), "1 s": SECOND, "1 h": timedelta(hours=1),
                   "30 h": timedelta(hours=30), "7 d": timedelta(days=7)}[gap]
        if status == "delivered" and draw(st.booleans()):  # in exactly the target, or a second more
            at = max(at, submitted + timedelta(days=TARGETS[title]) + draw(st.sampled_from([timedelta(0), SECOND])))
        events.append((status, at))
    if steps and steps[-1] in contract.TERMINAL_STATUSES and draw(st.booleans()):  # two terminal events at one instant
        events.append((draw(st.sampled_from([s for s in contract.TERMINAL_STATUSES if s != steps[-1]])), at))
    lines = [f"A{index},{status},{written(moment)}" for status, moment in events]
    request = f"A{index},{title},{written(submitted)},{department},online,C{index % 4}"
    return request, draw(st.permutations(lines))  # the file's order must not matter


@st.composite
def contact_lines(draw, count: int, application_count: int, window_days: int):
    made = []  # (received, citizen, request, reason) of each contact so far
    lines = []
    for index in range(count):
        if made and draw(st.booleans()):  # a repeat on an earlier contact's subject, near W later
            received, citizen, request, reason = draw(st.sampled_from(made))
            window = timedelta(days=window_days)
            received += draw(st.sampled_from([window, window + SECOND, window - SECOND, timedelta(hours=1)]))
        else:
            received = START + timedelta(minutes=draw(st.integers(0, 40 * 24 * 60)))
            citizen = draw(st.sampled_from(["C0", "C1", "C2", ""]))
            request = draw(st.sampled_from([""] + [f"A{i}" for i in range(application_count)]))
            reason = draw(st.sampled_from(contract.REASONS))
        made.append((received, citizen, request, reason))
        answered = received + timedelta(minutes=draw(st.integers(0, 3000))) if draw(st.booleans()) else None
        csat = draw(st.sampled_from(["", "1", "3", "5"]))
        lines.append(",".join([
            f"K{index}", draw(st.sampled_from(contract.CHANNELS)), written(received),
            written(answered) if answered else "", draw(st.sampled_from(contract.OUTCOMES)),
            reason, citizen, request, "N1", "", "", csat,
        ]))
    return lines


@st.composite
def warehouses(draw):
    first = START.date() + timedelta(days=draw(st.integers(0, 30)))
    period = (first, first + timedelta(days=draw(st.integers(0, 20))))
    window = draw(st.sampled_from([1, 7, 30]) | st.integers(1, 30))
    count = draw(st.integers(1, 12))
    apps = [draw(applications(i, period[1])) for i in range(count)]
    contacts = draw(contact_lines(draw(st.integers(0, 25)), count, window))
    return [a[0] for a in apps], [e for a in apps for e in a[1]], contacts, period, window


PARIS = ZoneInfo("Europe/Paris")


def instant(local: str) -> datetime:
    """A Paris local time of these files as an instant in UTC.

    In UTC, because Python subtracts two datetimes of one zone by their wall clocks.
    """
    return datetime.strptime(local, STAMP).replace(tzinfo=PARIS).astimezone(timezone.utc)


def paris_day(moment: datetime) -> date:
    return moment.astimezone(PARIS).date()


def as_of(requests, events, contacts) -> datetime:
    stamps = [r.split(",")[2] for r in requests] + [e.split(",")[2] for e in events] + [c.split(",")[2] for c in contacts]
    return max(instant(s) for s in stamps)


def reference_episodes(requests, events, contacts, period, window_days) -> tuple[int, int, int]:
    """kpis.md §1 computed naively, contact by contact: (episodes, once and done, provisional)."""
    latest = as_of(requests, events, contacts)
    window = timedelta(hours=24 * window_days)
    subjects: dict[tuple, list] = {}
    for row in contacts:
        cid, _, received, _, outcome, reason, citizen, request = row.split(",")[:8]
        if citizen:
            subjects.setdefault((citizen, request or "reason:" + reason), []).append((instant(received), cid, outcome))
    episodes = []
    for history in subjects.values():
        history.sort()
        current = [history[0]]
        for previous, contact in zip(history, history[1:]):
            if contact[0] - previous[0] > window:  # exactly W stays in the episode
                episodes.append(current)
                current = []
            current.append(contact)
        episodes.append(current)
    chosen = [e for e in episodes if period[0] <= paris_day(e[0][0]) <= period[1]]
    once = sum(1 for e in chosen if len(e) == 1 and e[0][2] == "resolved")
    provisional = sum(1 for e in chosen if latest - e[-1][0] < window)
    return len(chosen), once, provisional


RANK = {status: i for i, status in enumerate(contract.STATUSES)}
BUCKETS = ((7, "0-7"), (15, "8-15"), (30, "16-30"), (60, "31-60"))


def quantile(values: list[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default, DuckDB's quantile_cont)."""
    if not values:
        return None
    ordered, position = sorted(values), (len(values) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (position - low) * (ordered[high] - ordered[low])


def end_of(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=PARIS)


def reference_applications(requests, events, contacts, period, targets) -> dict:
    """kpis.md §2-4 computed naively, application by application."""
    latest = as_of(requests, events, contacts)
    apps = {}
    for row in requests:
        rid, title, submitted = row.split(",")[:3]
        apps[rid] = {"title": title, "submitted": instant(submitted), "events": []}
    for row in events:
        rid, status, at = row.split(",")
        apps[rid]["events"].append((instant(at), RANK[status], status))
    first_day, last_day = period
    delivered, cohort, finished, backlog, ended_last_7_days = [], [], [], [], 0
    for app in apps.values():
        history = sorted(set(app["events"]))  # time, then the contract's order
        terminal = next(((t, s) for t, _, s in history if s in contract.TERMINAL_STATUSES), None)
        delivered_at = next((t for t, _, s in history if s == "delivered"), None)
        days = (delivered_at - app["submitted"]).total_seconds() / 86400 if delivered_at else None
        if delivered_at and first_day <= paris_day(delivered_at) <= last_day:
            delivered.append((days, days <= targets[app["title"]]))
        if first_day <= paris_day(app["submitted"]) <= last_day and (terminal is None or terminal[1] == "delivered"):
            cohort.append((days if days is not None else (latest - app["submitted"]).total_seconds() / 86400, days is not None))
        if terminal and terminal[1] in ("delivered", "rejected") and first_day <= paris_day(terminal[0]) <= last_day:
            finished.append(terminal[1] == "delivered" and all(s != "incomplete" for _, _, s in history))
        if terminal and last_day - timedelta(days=6) <= paris_day(terminal[0]) <= last_day:
            ended_last_7_days += 1
        end = end_of(last_day)
        if app["submitted"] < end and (terminal is None or terminal[0] >= end):
            before = [s for t, _, s in history if t < end]
            age = (last_day - paris_day(app["submitted"])).days
            bucket = next((b for limit, b in BUCKETS if age <= limit), "61+")
            backlog.append((before[-1] if before else "submitted", bucket, age > targets[app["title"]], app["title"]))
    survival, p50, p90 = 1.0, None, None
    for t in sorted({d for d, _ in cohort}):
        deliveries = sum(1 for d, done in cohort if d == t and done)
        if deliveries:
            survival *= 1 - deliveries / sum(1 for d, _ in cohort if d >= t)
            p50 = t if p50 is None and survival <= 0.5 + 1e-9 else p50
            p90 = t if p90 is None and survival <= 0.1 + 1e-9 else p90
    throughput = ended_last_7_days / 7
    return {
        "delivered": len(delivered),
        "delivery_days_p50": quantile([d for d, _ in delivered], 0.5),
        "delivery_days_p90": quantile([d for d, _ in delivered], 0.9),
        "delivery_days_mean": sum(d for d, _ in delivered) / len(delivered) if delivered else None,
        "within_target_rate": sum(w for _, w in delivered) / len(delivered) if delivered else None,
        "cohort_requests": len(cohort),
        "cohort_p50": p50,
        "cohort_p90": p90,
        "right_first_time_rate": sum(finished) / len(finished) if finished else None,
        "backlog": len(backlog),
        "backlog_by_stage": {s: sum(1 for b in backlog if b[0] == s) for s in indicators.OPEN_STAGES},
        "backlog_by_age_bucket": {a: sum(1 for b in backlog if b[1] == a) for a in indicators.AGE_BUCKETS},
        "backlog_by_title_type": {t: sum(1 for b in backlog if b[3] == t) for t in targets},
        "backlog_over_target": sum(1 for b in backlog if b[2]),
        "throughput_per_day": throughput,
        "days_to_clear": len(backlog) / throughput if throughput else None,
    }


def reference_contacts(contacts, period, failure_reasons, delivered_count: int) -> dict:
    """kpis.md §5 computed naively, contact by contact."""
    rows = [row.split(",") for row in contacts]
    chosen = [r for r in rows if period[0] <= paris_day(instant(r[2])) <= period[1]]
    phone = [r for r in chosen if r[1] == "phone"]
    answers = [int(r[11]) for r in chosen if r[11]]
    return {
        "contacts": len(chosen),
        "failure_demand_rate": sum(1 for r in chosen if r[5] in failure_reasons) / len(chosen) if chosen else None,
        "contacts_per_delivered_title": len(chosen) / delivered_count if delivered_count else None,
        "phone_contacts": len(phone),
        "pickup_rate": sum(1 for r in phone if r[3]) / len(phone) if phone else None,
        "csat_count": len(answers),
        "csat_avg": sum(answers) / len(answers) if answers else None,
        "unlinked_contacts": sum(1 for r in chosen if not r[6]),
    }


def contact(cid: str, channel: str, received: str, outcome: str, reason: str, citizen: str, request: str = "",
            answered: str = "", csat: str = "") -> str:
    return ",".join([cid, channel, received, answered, outcome, reason, citizen, request, "N1", "", "", csat])


MARCH_1_20 = (date(2018, 3, 1), date(2018, 3, 20))

# Explicit edges of kpis.md, checked on every run whatever the random draw.
REPEAT_AT_EXACTLY_W = (  # K1 exactly W after K0 stays; K2 one second over W opens; K4 a second under W
    # stays; as_of (A0) is exactly W after K2, so K2's episode is no longer provisional.
    ["A0,passport,2018-03-23 10:00:01,75,online,C0"], [],
    [contact("K0", "phone", "2018-03-02 10:00:00", "resolved", "status_inquiry", "C0"),
     contact("K1", "phone", "2018-03-09 10:00:00", "resolved", "status_inquiry", "C0", answered="2018-03-09 10:01:00"),
     contact("K2", "email", "2018-03-16 10:00:01", "resolved", "status_inquiry", "C0", csat="5"),
     contact("K3", "webform", "2018-03-04 10:00:00", "resolved", "documents", "C1"),
     contact("K4", "phone", "2018-03-11 09:59:59", "escalated", "documents", "C1", csat="1")],
    MARCH_1_20, 7,
)
TERMINAL_TIES = (  # two terminal events at one instant, written latest-in-order first; a stage tie too
    ["A0,passport,2018-03-02 10:00:00,75,online,C0", "A1,id_card,2018-03-02 10:00:00,75,online,C1",
     "A2,passport,2018-03-03 10:00:00,13,online,C2", "A3,driving_licence,2018-03-03 10:00:00,13,online,C3"],
    ["A0,rejected,2018-03-10 10:00:00", "A0,delivered,2018-03-10 10:00:00",
     "A1,cancelled,2018-03-11 10:00:00", "A1,rejected,2018-03-11 10:00:00",
     "A2,approved,2018-03-05 10:00:00", "A2,in_review,2018-03-05 10:00:00",
     "A3,cancelled,2018-03-12 10:00:00", "A3,delivered,2018-03-12 10:00:00"],
    [contact("K0", "phone", "2018-03-06 10:00:00", "resolved", "status_inquiry", "C0", "A0")],
    MARCH_1_20, 7,
)
AT_THE_END_OF_THE_DAY = (  # events exactly at the end of 10 March, and one second before it
    ["A0,vehicle_registration,2018-03-05 10:00:00,75,online,C0", "A1,vehicle_registration,2018-03-11 00:00:00,75,online,C1",
     "A2,vehicle_registration,2018-03-10 23:59:59,75,online,C2", "A3,vehicle_registration,2018-03-05 10:00:00,75,online,C3",
     "A4,vehicle_registration,2018-03-05 10:00:00,75,online,C0"],
    ["A0,delivered,2018-03-11 00:00:00", "A3,cancelled,2018-03-10 23:59:59", "A4,in_review,2018-03-11 00:00:00"],
    [contact("K0", "chatbot", "2018-03-11 00:00:00", "resolved", "other", "C0"),
     contact("K1", "chatbot", "2018-03-10 23:59:59", "resolved", "other", "C1")],
    (date(2018, 3, 4), date(2018, 3, 10)), 1,
)
AT_EXACTLY_THE_TARGET = (  # delivered in exactly the target, and one second more
    ["A0,vehicle_registration,2018-03-02 10:00:00,75,online,C0", "A1,vehicle_registration,2018-03-02 10:00:00,75,online,C1",
     "A2,driving_licence,2018-03-01 10:00:00,75,online,C2", "A3,passport,2018-03-01 10:00:00,75,online,C3"],
    ["A0,delivered,2018-03-09 10:00:00", "A1,delivered,2018-03-09 10:00:01",
     "A2,delivered,2018-03-20 10:00:00", "A3,delivered,2018-03-16 10:00:01"],
    [contact("K0", "phone", "2018-03-12 10:00:00", "resolved", "correction", "C0", "A0")],
    MARCH_1_20, 7,
)
AGES_ON_THE_BOUNDS = (  # aged 7, 8, 15, 16, 19, 20, 30, 31, 60, 61 days on 31 March
    ["A0,vehicle_registration,2018-03-24 10:00:00,75,online,C0", "A1,vehicle_registration,2018-03-23 10:00:00,75,online,C1",
     "A2,passport,2018-03-16 10:00:00,75,online,C2", "A3,passport,2018-03-15 10:00:00,75,online,C3",
     "A4,driving_licence,2018-03-12 10:00:00,75,online,C0", "A5,driving_licence,2018-03-11 10:00:00,75,online,C1",
     "A6,id_card,2018-03-01 10:00:00,75,online,C2", "A7,id_card,2018-02-28 10:00:00,75,online,C3",
     "A8,id_card,2018-01-30 10:00:00,75,online,C0", "A9,id_card,2018-01-29 10:00:00,75,online,C1"],
    [], [], (date(2018, 3, 25), date(2018, 3, 31)), 7,
)
THROUGHPUT_WINDOW = (  # terminal at the start of D - 6 and at the end of D - 7
    ["A0,passport,2018-03-01 10:00:00,75,online,C0", "A1,passport,2018-03-01 10:00:00,75,online,C1",
     "A2,passport,2018-03-01 10:00:00,75,online,C2", "A3,passport,2018-03-02 10:00:00,75,online,C3"],
    ["A0,delivered,2018-03-10 00:00:00", "A1,rejected,2018-03-09 23:59:59", "A3,cancelled,2018-03-16 23:59:59"],
    [], (date(2018, 3, 10), date(2018, 3, 16)), 7,
)
CLOCK_CHANGE = (  # a night of 23 hours: contacts either side, a delivery across it (95 hours)
    ["A0,passport,2018-03-24 12:00:00,75,online,C0"],
    ["A0,delivered,2018-03-28 12:00:00"],
    [contact("K0", "phone", "2018-03-25 00:30:00", "resolved", "other", "C0"),
     contact("K1", "phone", "2018-03-26 00:30:00", "resolved", "other", "C0", answered="2018-03-26 00:31:00")],
    (date(2018, 3, 25), date(2018, 3, 28)), 1,
)


@settings(
    max_examples=EXAMPLES,
    derandomize=True,  # one fixed sample on every run, so a failure is the code's, never the draw's
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=warehouses())
@example(data=REPEAT_AT_EXACTLY_W)
@example(data=TERMINAL_TIES)
@example(data=AT_THE_END_OF_THE_DAY)
@example(data=AT_EXACTLY_THE_TARGET)
@example(data=AGES_ON_THE_BOUNDS)
@example(data=THROUGHPUT_WINDOW)
@example(data=CLOCK_CHANGE)
def test_report_counts_are_consistent(tmp_path_factory, data):
    requests, events, contacts, period, window = data
    folder = tmp_path_factory.mktemp("random")
    files = [
        write_lines(folder / "requests.csv", REQUESTS_HEADER, *requests),
        write_lines(folder / "events.csv", EVENTS_HEADER, *events),
        write_lines(folder / "contacts.csv", CONTACTS_HEADER, *contacts),
    ]
    outcome = ingest.ingest(folder / "w.duckdb", files)
    assert outcome.exit_code == 0, ingest.summary(outcome, "w")
    wh, cfg = Warehouse(folder / "w.duckdb"), config.load()

    def run(**filters) -> dict:
        return indicators.report(wh, indicators.Selection(period[0], period[1], window_days=window, **filters, scope=EVERYTHING), cfg)

    r = run()
    expected = reference_episodes(requests, events, contacts, period, window)
    assert (r["episodes"], r["once_and_done_episodes"], r["provisional_episodes"]) == expected
    applications = reference_applications(requests, events, contacts, period, cfg.target_days)
    naive = {**applications, **reference_contacts(contacts, period, cfg.failure_demand_reasons, applications["delivered"])}
    for key, value in naive.items():
        assert r[key] == (pytest.approx(value) if isinstance(value, float) else value), key
    assert r["episodes"] >= r["once_and_done_episodes"] >= 0
    assert r["episodes"] >= r["provisional_episodes"] >= 0
    backlog = r["backlog"]
    for breakdown in ("backlog_by_stage", "backlog_by_title_type", "backlog_by_age_bucket"):
        assert sum(r[breakdown].values()) == backlog, breakdown
    assert 0 <= r["backlog_over_target"] <= backlog
    assert sum(r["contacts_by_channel"].values()) == r["contacts"]
    assert r["phone_contacts"] == r["contacts_by_channel"]["phone"]
    assert r["unlinked_contacts"] <= r["contacts"]
    assert (r["delivered"] == 0) == (r["delivery_days_p50"] is None) == (r["within_target_rate"] is None)
    for key in ("once_and_done_rate", "within_target_rate", "right_first_time_rate", "failure_demand_rate", "pickup_rate"):
        assert r[key] is None or 0 <= r[key] <= 1, key
    for low, high in (("delivery_days_p50", "delivery_days_p90"), ("cohort_p50", "cohort_p90"),
                      ("mail_response_hours_p50", "mail_response_hours_p90")):
        if r[low] is not None and r[high] is not None:
            assert r[low] <= r[high] + 1e-9, (low, high)
    if r["cohort_p90"] is not None:
        assert r["cohort_p50"] is not None

    # Filters partition without splitting: episodes by first channel, backlog by title type
    # (nothing to split when there is nothing: those reports are skipped, they cost a second).
    if r["contacts"] or r["episodes"]:
        by_channel = [run(channels=(c,)) for c in contract.CHANNELS]
        assert sum(x["episodes"] for x in by_channel) == r["episodes"]
        assert sum(x["once_and_done_episodes"] for x in by_channel) == r["once_and_done_episodes"]
        assert sum(x["contacts"] for x in by_channel) == r["contacts"]
    for title in (t for t in cfg.title_types if r["backlog_by_title_type"][t]):
        assert run(title_types=(title,))["backlog"] == r["backlog_by_title_type"][title]

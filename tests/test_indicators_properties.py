"""On random small warehouses, the report's numbers agree with each other."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oncedone import config, contract, indicators, ingest
from oncedone.warehouse import Warehouse
from tests.conftest import CONTACTS_HEADER, EVENTS_HEADER, REQUESTS_HEADER, write_lines

START = datetime(2018, 3, 1)
PATH = ("in_review", "approved", "in_production", "shipped", "delivered")


@st.composite
def applications(draw, index: int):
    submitted = START + timedelta(hours=draw(st.integers(0, 40 * 24)))
    title = draw(st.sampled_from(contract.TITLE_TYPES))
    department = draw(st.sampled_from(["75", "13", "2A", ""]))
    steps = ["submitted"] + ["incomplete", "resubmitted"] * draw(st.integers(0, 2))
    steps += list(PATH[: draw(st.integers(0, len(PATH)))])
    if draw(st.booleans()) and steps[-1] != "delivered":
        steps.append(draw(st.sampled_from(["rejected", "cancelled"])))
    at, events = submitted, []
    for status in steps:
        events.append(f"A{index},{status},{at:%Y-%m-%d %H:%M}")
        at += timedelta(hours=draw(st.sampled_from([0, 1, 30, 24 * 7])))  # 0: two events at one instant
    request = f"A{index},{title},{submitted:%Y-%m-%d %H:%M},{department},online,C{index % 4}"
    return request, events


@st.composite
def contact(draw, index: int, application_count: int):
    received = START + timedelta(minutes=draw(st.integers(0, 40 * 24 * 60)))
    answered = received + timedelta(minutes=draw(st.integers(0, 3000))) if draw(st.booleans()) else None
    citizen = draw(st.sampled_from(["C0", "C1", "C2", ""]))
    request = draw(st.sampled_from([""] + [f"A{i}" for i in range(application_count)]))
    return ",".join([
        f"K{index}", draw(st.sampled_from(contract.CHANNELS)), f"{received:%Y-%m-%d %H:%M}",
        f"{answered:%Y-%m-%d %H:%M}" if answered else "", draw(st.sampled_from(contract.OUTCOMES)),
        draw(st.sampled_from(contract.REASONS)), citizen, request, "N1", "", "", str(draw(st.integers(1, 5))),
    ])


@st.composite
def warehouses(draw):
    count = draw(st.integers(1, 12))
    apps = [draw(applications(i)) for i in range(count)]
    contacts = [draw(contact(i, count)) for i in range(draw(st.integers(0, 25)))]
    first = START.date() + timedelta(days=draw(st.integers(0, 30)))
    period = (first, first + timedelta(days=draw(st.integers(0, 20))))
    return [a[0] for a in apps], [e for a in apps for e in a[1]], contacts, period, draw(st.integers(1, 30))


PARIS = ZoneInfo("Europe/Paris")


def instant(local: str) -> datetime:
    """A `YYYY-MM-DD HH:MM` Paris local time of these files as an aware instant."""
    return datetime.strptime(local, "%Y-%m-%d %H:%M").replace(tzinfo=PARIS)


def reference_episodes(requests, events, contacts, period, window_days) -> tuple[int, int, int]:
    """kpis.md §1 computed naively, contact by contact: (episodes, once and done, provisional)."""
    stamps = [r.split(",")[2] for r in requests] + [e.split(",")[2] for e in events] + [c.split(",")[2] for c in contacts]
    as_of = max(instant(s) for s in stamps)
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
            if contact[0] - previous[0] > window:
                episodes.append(current)
                current = []
            current.append(contact)
        episodes.append(current)
    chosen = [e for e in episodes if period[0] <= e[0][0].date() <= period[1]]
    once = sum(1 for e in chosen if len(e) == 1 and e[0][2] == "resolved")
    provisional = sum(1 for e in chosen if as_of - e[-1][0] < window)
    return len(chosen), once, provisional


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=warehouses())
def test_report_counts_are_consistent(tmp_path_factory, data):
    requests, events, contacts, period, window = data
    folder = tmp_path_factory.mktemp("random")
    files = [
        write_lines(folder / "requests.csv", REQUESTS_HEADER, *requests),
        write_lines(folder / "events.csv", EVENTS_HEADER, *events),
        write_lines(folder / "contacts.csv", CONTACTS_HEADER, *contacts),
    ]
    assert ingest.ingest(folder / "w.duckdb", files).exit_code == 0
    wh, cfg = Warehouse(folder / "w.duckdb"), config.load()

    def run(**filters) -> dict:
        return indicators.report(wh, indicators.Selection(period[0], period[1], window_days=window, **filters), cfg)

    r = run()
    expected = reference_episodes(requests, events, contacts, period, window)
    assert (r["episodes"], r["once_and_done_episodes"], r["provisional_episodes"]) == expected
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
    if r["csat_count"]:
        assert 1 <= r["csat_avg"] <= 5

    # Filters partition without splitting: episodes by first channel, backlog by title type.
    by_channel = [run(channels=(c,)) for c in contract.CHANNELS]
    assert sum(x["episodes"] for x in by_channel) == r["episodes"]
    assert sum(x["once_and_done_episodes"] for x in by_channel) == r["once_and_done_episodes"]
    assert sum(x["contacts"] for x in by_channel) == r["contacts"]
    for title in cfg.title_types:
        assert run(title_types=(title,))["backlog"] == r["backlog_by_title_type"][title]

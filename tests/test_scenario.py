"""The reference scenario tells its story: checked on the generated data, as the dashboard would read it."""

import calendar
import os
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from oncedone import scenario
from oncedone.store import contract

PARIS = ZoneInfo("Europe/Paris")
UTC = ZoneInfo("UTC")
WINDOW = timedelta(days=7)
VALID_DEPARTMENTS = (
    {f"{n:02d}" for n in range(1, 96) if n != 20} | {"2A", "2B"} | {str(n) for n in (971, 972, 973, 974, 976)}
)
TARGET_DAYS = {"vehicle_registration": 7, "driving_licence": 19, "id_card": 15, "passport": 15}
# The story must hold at every scale: ONCEDONE_STORY_SCALE=0.1 checks it at the benchmarks' scale (9 GB, 3 min).
STORY_SCALE = float(os.environ.get("ONCEDONE_STORY_SCALE", "0.01"))


@pytest.fixture(scope="module")
def frames() -> dict[str, pl.DataFrame]:
    return scenario.scenario_frames(STORY_SCALE)


@pytest.fixture(scope="module")
def lives(frames) -> pl.DataFrame:
    """One row per application with its first terminal and first delivery instants."""
    events = frames["request_events"]

    def first(statuses, name: str) -> pl.DataFrame:
        chosen = events.filter(pl.col("status").is_in(statuses))
        return chosen.group_by("request_id").agg(pl.col("occurred_at").min().alias(name))

    return (
        frames["requests"]
        .join(first(contract.TERMINAL_STATUSES, "terminal_at"), on="request_id", how="left")
        .join(first(["delivered"], "delivered_at"), on="request_id", how="left")
    )


# ---------------------------------------------------------------- helpers


def end_of_day(day: date) -> datetime:
    """Paris midnight starting the next day, as a UTC instant."""
    return datetime.combine(day + timedelta(days=1), datetime.min.time(), PARIS).astimezone(UTC)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def month_span(year: int, month: int) -> tuple[datetime, datetime]:
    """UTC bounds [start, end) of a Paris calendar month."""
    return end_of_day(date(year, month, 1) - timedelta(days=1)), end_of_day(month_end(year, month))


def in_month(column: str, year: int, month: int) -> pl.Expr:
    start, end = month_span(year, month)
    return (pl.col(column) >= start) & (pl.col(column) < end)


def backlog_at(lives: pl.DataFrame, title_type: str, day: date) -> int:
    """Applications submitted before the end of `day` with no terminal event before it."""
    end = end_of_day(day)
    open_ = (pl.col("submitted_at") < end) & (pl.col("terminal_at").is_null() | (pl.col("terminal_at") >= end))
    return lives.filter((pl.col("title_type") == title_type) & open_).height


def pickup_rate(contacts: pl.DataFrame, year: int, month: int) -> float:
    phone = contacts.filter((pl.col("channel") == "phone") & in_month("received_at", year, month))
    return phone["answered_at"].is_not_null().mean()


def episodes(contacts: pl.DataFrame) -> pl.DataFrame:
    """Demand episodes: one citizen, one subject, contacts no more than the window apart."""
    linked = contacts.filter(pl.col("citizen_id").is_not_null()).with_columns(
        subject=pl.coalesce("request_id", "reason")
    )
    linked = linked.sort("citizen_id", "subject", "received_at", "contact_id")
    gap = pl.col("received_at").diff().over("citizen_id", "subject")
    linked = linked.with_columns(episode=(gap.is_null() | (gap > WINDOW)).cum_sum())
    return linked.group_by("episode").agg(
        first_at=pl.col("received_at").first(),
        contacts=pl.len(),
        first_outcome=pl.col("outcome").first(),
    )


def once_and_done_rate(episodes_: pl.DataFrame, year: int, month: int) -> float:
    chosen = episodes_.filter(in_month("first_at", year, month))
    done = (pl.col("contacts") == 1) & (pl.col("first_outcome") == "resolved")
    return chosen.select(done.mean()).item()


def paris(column: str) -> pl.Expr:
    return pl.col(column).dt.convert_time_zone("Europe/Paris")


# ---------------------------------------------------------------- the story


def test_vehicle_registration_backlog_grows_several_fold_then_recovers(lives):
    before = backlog_at(lives, "vehicle_registration", date(2017, 10, 31))
    crisis_months = [(2017, 12), (2018, 1), (2018, 2), (2018, 3), (2018, 4)]
    crisis = [backlog_at(lives, "vehicle_registration", month_end(y, m)) for y, m in crisis_months]
    autumn = backlog_at(lives, "vehicle_registration", date(2018, 10, 31))
    assert before > 0
    assert max(crisis) >= 3 * before
    assert autumn <= 1.5 * before, "back to normal by autumn 2018"


def test_other_titles_keep_a_stable_backlog_through_the_winter(lives):
    for title in ("driving_licence", "passport"):
        before = backlog_at(lives, title, date(2017, 10, 31))
        winter = backlog_at(lives, title, date(2018, 1, 31))
        assert 0.6 * before <= winter <= 1.6 * before, title


def test_littles_law_roughly_holds_in_normal_times(lives):
    """Average work in progress over a steady month ≈ completions per day × mean days in the system."""
    start, end = month_span(2017, 9)
    days = (end - start).total_seconds() / 86_400
    for title in ("vehicle_registration", "passport"):
        mine = lives.filter(pl.col("title_type") == title)
        stop = pl.min_horizontal(pl.col("terminal_at").fill_null(end), pl.lit(end))
        overlap = (stop - pl.max_horizontal(pl.col("submitted_at"), pl.lit(start))).dt.total_seconds() / 86_400
        work_in_progress = mine.select(overlap.clip(lower_bound=0).sum()).item() / days
        finished = mine.filter(in_month("terminal_at", 2017, 9))
        throughput = finished.height / days
        stay_days = (pl.col("terminal_at") - pl.col("submitted_at")).dt.total_seconds() / 86_400
        stay = finished.select(stay_days.mean()).item()
        assert 0.8 <= work_in_progress / (throughput * stay) <= 1.25, title


def test_delivery_is_mostly_on_target_in_normal_times_and_far_past_it_in_the_crisis(lives):
    delivered = lives.filter(pl.col("delivered_at").is_not_null()).with_columns(
        days=(pl.col("delivered_at") - pl.col("submitted_at")).dt.total_seconds() / 86_400,
        target=pl.col("title_type").replace_strict(TARGET_DAYS),
    )
    september = delivered.filter(in_month("delivered_at", 2017, 9))
    assert september.select((pl.col("days") <= pl.col("target")).mean()).item() >= 0.75
    february_vr = delivered.filter(in_month("delivered_at", 2018, 2) & (pl.col("title_type") == "vehicle_registration"))
    assert february_vr["days"].median() > 2 * TARGET_DAYS["vehicle_registration"]


def test_dematerialisation_sends_more_files_back_as_incomplete(frames):
    incomplete = frames["request_events"].filter(pl.col("status") == "incomplete").select("request_id").unique()
    requests = frames["requests"].with_columns(sent_back=pl.col("request_id").is_in(incomplete["request_id"].implode()))

    def share(year: int, month: int) -> float:
        vehicle = pl.col("title_type") == "vehicle_registration"
        chosen = requests.filter(in_month("submitted_at", year, month) & vehicle)
        return chosen["sent_back"].mean()

    assert share(2017, 12) >= 2 * share(2017, 9)


def test_identity_titles_peak_in_spring_and_weekends_see_fewer_online_submissions(frames):
    requests = frames["requests"].with_columns(local=paris("submitted_at"))
    identity = requests.filter(pl.col("title_type").is_in(["id_card", "passport"]))
    spring = identity.filter(pl.col("local").dt.month().is_between(3, 6)).height / 8  # months over two years
    rest = identity.filter(~pl.col("local").dt.month().is_between(3, 6)).height / 16
    assert spring > 1.15 * rest
    online = requests.filter(pl.col("submission_channel") == "online")
    per_day = online.group_by(pl.col("local").dt.weekday().alias("weekday")).len().sort("weekday")["len"].to_list()
    assert max(per_day[5:]) < min(per_day[:5])


def test_phone_pickup_collapses_in_december_2017_and_recovers(frames):
    contacts = frames["contacts"]
    october = pickup_rate(contacts, 2017, 10)
    assert october >= 0.8
    assert pickup_rate(contacts, 2017, 12) < 0.75 * october
    assert pickup_rate(contacts, 2018, 10) >= 0.8


def test_technical_and_status_contacts_surge_after_dematerialisation(frames):
    contacts = frames["contacts"]

    def count(reason: str, year: int, month: int) -> int:
        return contacts.filter((pl.col("reason") == reason) & in_month("received_at", year, month)).height

    assert count("technical_issue", 2017, 11) >= 2 * count("technical_issue", 2017, 10)
    assert count("status_inquiry", 2018, 1) >= 2 * count("status_inquiry", 2017, 10)


def test_staff_grows_from_60_to_175_positions_and_scales_with_the_volume(frames):
    national = scenario.staffing(1.0)
    september, march = scenario._day_index(date(2017, 9, 12)), scenario._day_index(date(2018, 3, 13))
    # 3 people per phone position, 5 per mail one: 60 positions = 180 + 300 people; 175 = 525 + 875.
    assert (national[0, september], national[1, september]) == (180, 300)
    assert (national[0, march], national[1, march]) == (525, 875)
    # A tenth of the volume, a tenth of the people (18 phone agents in September, 52.5 -> 52 in March).
    assert (scenario.staffing(0.1)[0, september], scenario.staffing(0.1)[0, march]) == (18, 52)
    # At a thousandth, every team keeps 3 agents (the chatbot none).
    assert scenario.staffing(0.001)[:, march].tolist() == [3, 3, 3, 0]

    def agents(team: str, year: int, month: int) -> int:
        chosen = frames["contacts"].filter(in_month("received_at", year, month) & (pl.col("team") == team))
        return chosen["agent_id"].drop_nulls().n_unique()

    employed = scenario.staffing(STORY_SCALE)
    for index, team in enumerate(("N1 phone", "N1 mail", "N2 experts")):
        # Over a month every agent employed answers something, and nobody else does.
        assert agents(team, 2017, 9) == employed[index, september]
        assert agents(team, 2018, 3) == employed[index, march]


def test_an_agent_belongs_to_one_team(frames):
    served = frames["contacts"].filter(pl.col("agent_id").is_not_null())
    assert served.group_by("agent_id").agg(pl.col("team").n_unique())["team"].max() == 1


def test_chatbot_resolved_chats_often_end_in_a_phone_call_within_a_week(frames):
    contacts = frames["contacts"]
    first_chat = contacts.filter(pl.col("channel") == "chatbot")["received_at"].min()
    assert first_chat.astimezone(PARIS).date() >= date(2018, 4, 3)
    resolved = contacts.filter(
        (pl.col("channel") == "chatbot") & (pl.col("outcome") == "resolved") & pl.col("citizen_id").is_not_null()
    ).select("contact_id", "citizen_id", chat_at="received_at")
    calls = contacts.filter(pl.col("channel") == "phone").select("citizen_id", call_at="received_at")
    followed = (
        resolved.join(calls, on="citizen_id", how="left")
        .with_columns(hit=(pl.col("call_at") > pl.col("chat_at")) & (pl.col("call_at") <= pl.col("chat_at") + WINDOW))
        .group_by("contact_id")
        .agg(pl.col("hit").any())
    )
    assert resolved.height > 100
    assert 0.10 <= followed["hit"].mean() <= 0.50


def test_once_and_done_is_decent_in_normal_times_and_falls_in_the_crisis(frames):
    all_episodes = episodes(frames["contacts"])
    september = once_and_done_rate(all_episodes, 2017, 9)
    assert 0.55 <= september <= 0.85
    assert once_and_done_rate(all_episodes, 2017, 12) < september - 0.05


def test_satisfaction_drops_in_the_crisis(frames):

    def csat(year: int, month: int) -> float:
        return frames["contacts"].filter(in_month("received_at", year, month))["csat"].mean()

    assert csat(2017, 12) < csat(2017, 9)


def test_contact_rhythms_office_hours_on_the_phone_and_monday_busiest(frames):
    contacts = frames["contacts"].with_columns(local=paris("received_at"))
    minutes = pl.col("local").dt.hour().cast(pl.Int32) * 60 + pl.col("local").dt.minute()  # hour is Int8
    phone = contacts.filter(pl.col("channel") == "phone")
    closed = (pl.col("local").dt.weekday() > 5) | (minutes < 8 * 60 + 30) | (minutes >= 17 * 60 + 30)
    assert phone.filter(closed).is_empty()
    night = contacts.filter(pl.col("channel").is_in(["webform", "chatbot"]) & (pl.col("local").dt.hour() < 6))
    assert night.height > 0
    by_weekday = contacts.group_by(pl.col("local").dt.weekday().alias("weekday")).len()
    assert by_weekday.sort("len", descending=True)["weekday"][0] == 1


def test_some_contacts_are_anonymous_or_unlinked(frames):
    contacts = frames["contacts"]
    assert 0.03 <= contacts["citizen_id"].is_null().mean() <= 0.15
    known_citizen_no_request = contacts.filter(pl.col("citizen_id").is_not_null() & pl.col("request_id").is_null())
    assert known_citizen_no_request.height > 0


# ---------------------------------------------------------------- the contract


@pytest.mark.parametrize("kind", contract.KINDS, ids=lambda k: k.name)
def test_columns_and_types_follow_the_contract(frames, kind):
    frame = frames[kind.name]
    assert tuple(frame.columns) == kind.columns
    for column, dtype in frame.schema.items():
        if column.endswith("_at"):
            assert dtype == pl.Datetime("us", "UTC"), column
        elif column in ("handle_seconds", "csat"):
            assert dtype == pl.Int64, column
        else:
            assert dtype == pl.String, column
    assert frame.select(pl.col(c).null_count() for c in kind.required).sum_horizontal().item() == 0


def test_enumerated_values_are_in_the_allowed_lists(frames):
    allowed = {
        ("requests", "title_type"): contract.TITLE_TYPES,
        ("requests", "submission_channel"): contract.SUBMISSION_CHANNELS,
        ("request_events", "status"): contract.STATUSES,
        ("contacts", "channel"): contract.CHANNELS,
        ("contacts", "outcome"): contract.OUTCOMES,
        ("contacts", "reason"): contract.REASONS,
    }
    for (kind, column), values in allowed.items():
        seen = set(frames[kind][column].drop_nulls().unique().to_list())
        assert seen <= set(values), (kind, column, seen - set(values))
    assert set(frames["requests"]["title_type"].unique()) == set(contract.TITLE_TYPES)


def test_ids_are_unique_and_frames_sorted(frames):
    requests, events, contacts = frames["requests"], frames["request_events"], frames["contacts"]
    assert requests["request_id"].is_unique().all()
    assert contacts["contact_id"].is_unique().all()
    assert not events.select(contract.REQUEST_EVENTS.key).is_duplicated().any()
    assert requests["request_id"].is_sorted()
    assert contacts["contact_id"].is_sorted()
    rank = pl.col("status").replace_strict({s: i for i, s in enumerate(contract.STATUSES)})
    order = events.with_row_index().sort(pl.col("request_id"), pl.col("occurred_at"), rank)["index"]
    assert order.is_sorted()


def test_departments_are_valid_codes_with_leading_zeros(frames):
    departments = frames["requests"]["department"]
    assert set(departments.drop_nulls().unique()) <= VALID_DEPARTMENTS
    assert {"01", "05", "2A", "974"} <= set(departments.drop_nulls().unique())
    assert 0.005 <= departments.is_null().mean() <= 0.05


def test_events_and_answers_never_precede_their_cause(frames):
    submissions = frames["requests"].select("request_id", "submitted_at")
    events = frames["request_events"].join(submissions, on="request_id", how="left")
    assert events["submitted_at"].null_count() == 0, "every event names a known application"
    assert events.filter(pl.col("occurred_at") < pl.col("submitted_at")).is_empty()
    submitted = events.filter(pl.col("status") == "submitted")
    assert submitted.height == frames["requests"].height
    assert (submitted["occurred_at"] == submitted["submitted_at"]).all()
    contacts = frames["contacts"]
    assert contacts.filter(pl.col("answered_at") < pl.col("received_at")).is_empty()
    known = contacts["request_id"].drop_nulls()
    assert known.is_in(frames["requests"]["request_id"].implode()).all()


def test_everything_happens_inside_the_scenario_period(frames):
    start = end_of_day(scenario.SCENARIO_START - timedelta(days=1))
    end = end_of_day(scenario.SCENARIO_END)
    for kind, frame in frames.items():
        for column in (c for c in frame.columns if c.endswith("_at")):
            stamps = frame[column].drop_nulls()
            assert stamps.min() >= start and stamps.max() < end, (kind, column)


def test_contact_fields_are_consistent(frames):
    contacts = frames["contacts"]
    csat = contacts["csat"].drop_nulls()
    assert csat.min() >= 1 and csat.max() <= 5
    assert 0.08 <= contacts["csat"].is_not_null().mean() <= 0.25
    unserved = contacts.filter(pl.col("outcome").is_in(["abandoned", "pending"]))
    assert unserved["answered_at"].null_count() == unserved.height
    assert unserved["handle_seconds"].null_count() == unserved.height
    chats = contacts.filter(pl.col("channel") == "chatbot")
    assert chats["agent_id"].null_count() == chats.height
    assert (contacts["handle_seconds"].drop_nulls() > 0).all()
    agents = contacts["agent_id"].drop_nulls()
    assert agents.str.contains(r"^A\d{4}$").all()
    citizens = pl.concat([contacts["citizen_id"], frames["requests"]["citizen_id"]]).drop_nulls()
    assert citizens.str.contains(r"^C\d{8}$").all()
    assert frames["requests"]["citizen_id"].null_count() == 0
    assert frames["requests"]["citizen_id"].n_unique() < frames["requests"].height, "some citizens apply more than once"


# ---------------------------------------------------------------- files


def test_same_seed_gives_identical_files_and_another_seed_different_ones(tmp_path):
    first = scenario.generate(tmp_path / "a", scale=0.002, seed=7)
    again = scenario.generate(tmp_path / "b", scale=0.002, seed=7)
    other = scenario.generate(tmp_path / "c", scale=0.002, seed=8)
    assert set(first) == {"requests", "request_events", "contacts"}
    for kind in first:
        assert first[kind].name == f"{kind}.csv"
        assert first[kind].read_bytes() == again[kind].read_bytes(), kind
        assert first[kind].read_bytes() != other[kind].read_bytes(), kind


def test_parquet_files_are_deterministic_and_typed(tmp_path):
    first = scenario.generate(tmp_path / "a", scale=0.002, seed=7, file_format="parquet")
    again = scenario.generate(tmp_path / "b", scale=0.002, seed=7, file_format="parquet")
    for kind, path in first.items():
        assert path.read_bytes() == again[kind].read_bytes(), kind
    requests = pl.read_parquet(first["requests"])
    assert requests.schema["submitted_at"] == pl.Datetime("us", "UTC")


def test_csv_files_use_iso_utc_timestamps_empty_nulls_and_text_codes(tmp_path):
    paths = scenario.generate(tmp_path, scale=0.002, seed=3)
    lines = paths["requests"].read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(contract.REQUESTS.columns)
    stamp = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
    rows = [line.split(",") for line in lines[1:]]
    assert all(stamp.match(row[2]) for row in rows)
    departments = {row[3] for row in rows}
    assert "" in departments and "01" in departments
    contacts = paths["contacts"].read_text(encoding="utf-8").splitlines()
    assert contacts[0] == ",".join(contract.CONTACTS.columns)
    assert any(",," in line for line in contacts[1:])
    read = pl.read_csv(paths["contacts"], infer_schema=False)
    assert read.height == len(contacts) - 1

"""The nightly export: `--until D` then the deltas of the following days store what `--until` the
last day stores, through the real import; and a delta is exactly what changed during its day."""

import hashlib
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from oncedone import config, scenario
from oncedone.kpi import indicators
from oncedone.store import contract, ingest
from oncedone.store.warehouse import Warehouse
from tests.conftest import cli, table
from oncedone.access import EVERYTHING

SCALE = 0.002
BASE_DAY = date(2018, 1, 12)  # a Friday in the crisis: mails wait days, so many contacts are pending
NIGHTS = [BASE_DAY + timedelta(days=k) for k in range(1, 5)]  # Saturday to Tuesday
KEYS = {"requests": ["request_id"], "contacts": ["contact_id"], "request_events": list(contract.REQUEST_EVENTS.key)}


@pytest.fixture(scope="module")
def world() -> scenario.World:
    return scenario.simulate(SCALE)


def end_of_day(day: date) -> datetime:
    """Paris midnight starting the next day, as a UTC instant."""
    paris_midnight = datetime.combine(day + timedelta(days=1), datetime.min.time(), ZoneInfo("Europe/Paris"))
    return paris_midnight.astimezone(ZoneInfo("UTC"))


# ---------------------------------------------------------------- through the real import


@pytest.fixture(scope="module")
def warehouses(world, tmp_path_factory):
    """One warehouse fed --until BASE_DAY then each night's delta, one fed --until the last night once."""
    folder = tmp_path_factory.mktemp("nightly")
    nightly, once = folder / "nightly.duckdb", folder / "once.duckdb"
    outcomes = []
    exports = [(f"until-{BASE_DAY}", scenario.Cut.until(BASE_DAY))] + [(f"day-{d}", scenario.Cut.day(d)) for d in NIGHTS]
    for name, cut in exports:
        paths = scenario.write(world, folder / name, cut)
        outcomes.append(ingest.ingest(nightly, list(paths.values())))
    paths = scenario.write(world, folder / "once", scenario.Cut.until(NIGHTS[-1]))
    outcomes.append(ingest.ingest(once, list(paths.values())))
    return nightly, once, outcomes


def test_every_export_imports_without_a_quarantined_row(warehouses):
    *_, outcomes = warehouses
    for outcome in outcomes:
        assert outcome.exit_code == 0
        assert all(f.rows_quarantined == 0 for f in outcome.files)
        assert all(f.unmatched_request_links == 0 for f in outcome.files), "a delta names only stored applications"


def test_deltas_carry_new_events_and_resolve_pending_contacts(warehouses):
    _, _, outcomes = warehouses
    deltas = {day: outcome for day, outcome in zip(NIGHTS, outcomes[1:-1], strict=True)}
    for outcome in deltas.values():
        events = next(f for f in outcome.files if f.kind == "request_events")
        assert events.rows_read > 0
        assert events.rows_new == events.rows_read, "a delta carries only the day's new events"
    monday = next(f for f in deltas[date(2018, 1, 15)].files if f.kind == "contacts")
    # Mails received on Friday evening or the weekend are answered on Monday: stored pending, now replaced.
    assert monday.rows_updated > 0
    assert monday.rows_new > 0


@pytest.mark.parametrize("name", ["requests", "request_events", "contacts"])
def test_nightly_deltas_store_exactly_what_one_import_of_the_last_day_stores(warehouses, name):
    nightly, once, _ = warehouses
    fed, whole = table(nightly, name), table(once, name)
    assert fed.height == whole.height > 0
    assert fed.equals(whole)


@pytest.mark.parametrize(
    "first, last, filters",
    [
        (date(2018, 1, 1), date(2018, 1, 16), {}),
        (date(2018, 1, 16), date(2018, 1, 16), {}),
        (date(2018, 1, 8), date(2018, 1, 14), {"title_types": ("vehicle_registration",)}),
        (date(2017, 12, 1), date(2018, 1, 16), {"channels": ("phone",)}),
        (date(2017, 1, 2), date(2018, 1, 16), {}),
    ],
)
def test_the_report_is_the_same_both_ways(warehouses, first, last, filters):
    nightly, once, _ = warehouses
    selection = indicators.Selection(first, last, **filters, scope=EVERYTHING)
    fed = indicators.report(Warehouse(nightly), selection, config.load())
    whole = indicators.report(Warehouse(once), selection, config.load())
    assert fed.keys() == whole.keys()
    for key, value in fed.items():
        if isinstance(value, float):
            # A mean sums in storage order, which differs when the rows came in five imports: last digits only.
            assert value == pytest.approx(whole[key], rel=1e-12), key
        else:
            assert value == whole[key], key
    assert fed["as_of"] is not None


# ---------------------------------------------------------------- what a delta holds


def changed_rows(today: pl.DataFrame, yesterday: pl.DataFrame) -> pl.DataFrame:
    """Rows of today's state that yesterday's state does not hold identically (new or changed)."""
    return today.join(yesterday, on=today.columns, how="anti", nulls_equal=True)


@pytest.mark.parametrize(
    "day",
    [
        date(2018, 1, 15),  # a Monday in the crisis
        date(2018, 3, 25),  # summer time starts: a 23-hour Paris day
        date(2017, 10, 29),  # summer time ends: a 25-hour Paris day
        date(2018, 4, 3),  # the chatbot opens: chats around the clock, some across midnight
        date(2018, 12, 31),  # the scenario's last day
    ],
)
def test_a_delta_is_what_changed_between_two_ends_of_day(world, day):
    delta = scenario.frames(world, scenario.Cut.day(day))
    today = scenario.frames(world, scenario.Cut.until(day))
    yesterday = scenario.frames(world, scenario.Cut.until(day - timedelta(days=1)))
    for name, keys in KEYS.items():
        expected = changed_rows(today[name], yesterday[name]).sort(keys)
        assert delta[name].sort(keys).equals(expected), name
        assert delta[name].height > 0, name
        # Yesterday's state with the delta upserted by id is today's state.
        replayed = pl.concat([yesterday[name].join(delta[name], on=keys, how="anti"), delta[name]]).sort(keys)
        assert replayed.equals(today[name].sort(keys)), name


def test_the_state_at_the_end_of_a_day_holds_nothing_later(world):
    day = date(2018, 1, 12)
    end = end_of_day(day)
    state = scenario.frames(world, scenario.Cut.until(day))
    assert state["requests"]["submitted_at"].max() < end
    assert state["request_events"]["occurred_at"].max() < end
    contacts = state["contacts"]
    assert contacts["received_at"].max() < end
    assert contacts["answered_at"].drop_nulls().max() < end
    pending = contacts.filter(pl.col("outcome") == "pending")
    assert pending.height > 10, "mails of the crisis wait past the weekend"
    blank = ["answered_at", "agent_id", "handle_seconds", "csat"]
    assert pending.select(pl.col(blank).null_count()).row(0) == (pending.height,) * len(blank)
    assert pending["team"].null_count() == 0, "the team a contact is queued for is known on arrival"
    # The same contacts at the end of the scenario: every one closed by then.
    final = scenario.frames(world)["contacts"].join(pending.select("contact_id"), on="contact_id")
    assert final.height == pending.height
    assert (final["outcome"] != "pending").all()
    assert final["received_at"].equals(pending.sort("contact_id")["received_at"])


def test_a_contact_answered_before_midnight_but_closed_after_is_pending_until_its_closing_day(world):
    """Chats open around the clock: some are answered at 23:59 and closed after midnight."""
    contacts = world.contacts
    answered_day = scenario._paris_day(contacts["answered_s"].astype("int64"))
    closed_day = scenario._paris_day(contacts["closed_s"].astype("int64"))
    across = (contacts["answered_s"] >= 0) & (closed_day > answered_day) & (answered_day < scenario.N_DAYS - 1)
    assert across.sum() > 0
    first = int(across.nonzero()[0][0])
    contact_id = f"K{first + 1:09d}"
    day = scenario.SCENARIO_START + timedelta(days=int(answered_day[first]))
    on_answer_day = scenario.frames(world, scenario.Cut.until(day))["contacts"].filter(pl.col("contact_id") == contact_id)
    next_day = scenario.frames(world, scenario.Cut.day(day + timedelta(days=1)))["contacts"]
    closing = next_day.filter(pl.col("contact_id") == contact_id)
    assert on_answer_day["outcome"].to_list() == ["pending"]
    assert on_answer_day["answered_at"].to_list() == [None]
    assert closing.height == 1 and closing["outcome"].item() != "pending"
    assert closing["answered_at"].item() < end_of_day(day)


def test_until_the_last_day_is_the_whole_scenario(world):
    whole = scenario.frames(world)
    last = scenario.frames(world, scenario.Cut.until(scenario.SCENARIO_END))
    for name in whole:
        assert whole[name].equals(last[name]), name


def test_the_first_day_delta_is_the_state_at_its_end(world):
    first = scenario.SCENARIO_START
    delta = scenario.frames(world, scenario.Cut.day(first))
    state = scenario.frames(world, scenario.Cut.until(first))
    for name in delta:
        assert delta[name].equals(state[name]), name


# ---------------------------------------------------------------- the files


def test_files_written_a_few_rows_at_a_time_are_the_same_bytes(world, tmp_path, monkeypatch):
    cut = scenario.Cut.until(date(2017, 6, 30))
    whole = scenario.write(world, tmp_path / "whole", cut)
    monkeypatch.setattr(scenario, "CHUNK_COUNT", 997)  # many pieces, boundaries inside an application's events
    pieces = scenario.write(world, tmp_path / "pieces", cut)
    parquet = scenario.write(world, tmp_path / "parquet", cut, file_format="parquet")
    for name, path in whole.items():
        assert path.read_bytes() == pieces[name].read_bytes(), name
        read = pl.read_parquet(parquet[name])
        assert read.equals(scenario.frames(world, cut)[name]), name


def test_two_runs_of_the_command_give_the_same_sha256(tmp_path):
    digests = []
    for run in ("a", "b"):
        done = cli("generate", "--out", str(tmp_path / run), "--scale", "0.001", "--seed", "5", "--day", "2018-01-15")
        assert done.returncode == 0, done.stderr
        digests.append({p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((tmp_path / run).iterdir())})
    assert digests[0] == digests[1]
    assert set(digests[0]) == {"requests.csv", "request_events.csv", "contacts.csv"}


@pytest.mark.parametrize(
    "args, message",
    [
        (["--day", "2019-01-01"], "2019-01-01 is outside the scenario (2017-01-02 to 2018-12-31)"),
        (["--until", "2016-12-31"], "2016-12-31 is outside the scenario"),
        (["--until", "12/01/2018"], "--until '12/01/2018' is not a date (YYYY-MM-DD)"),
    ],
)
def test_a_day_outside_the_scenario_generates_nothing(tmp_path, args, message):
    done = cli("generate", "--out", str(tmp_path / "out"), "--scale", "0.001", *args)
    assert done.returncode == 2
    assert message in done.stderr
    assert not (tmp_path / "out").exists()


def test_until_and_day_together_are_refused(tmp_path):
    done = cli("generate", "--out", str(tmp_path / "out"), "--until", "2018-01-01", "--day", "2018-01-02")
    assert done.returncode == 2
    assert "not allowed with" in done.stderr


def test_demo_until_a_day_imports_what_exists_by_its_end(tmp_path):
    warehouse = tmp_path / "demo.duckdb"
    done = cli("demo", "--warehouse", str(warehouse), "--scale", "0.001", "--until", "2017-03-31")
    assert done.returncode == 0, done.stderr
    as_of = Warehouse(warehouse).query("freshness")["as_of"].item()
    # Paris midnight ending 31 March 2017 (summer time since the 26th) is 22:00 UTC.
    assert datetime(2017, 3, 31, 12, tzinfo=ZoneInfo("UTC")) < as_of < datetime(2017, 3, 31, 22, tzinfo=ZoneInfo("UTC"))

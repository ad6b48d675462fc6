"""Incremental derived tables: after any sequence of imports, each derived table is row for row
what a full rebuild of the same base tables gives (an import recomputes only the applications,
subjects, contacts and days it touched, each over its whole history)."""

import os
import shutil
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oncedone.store import contract, ingest
from oncedone.store import warehouse as warehouse_module
from oncedone.store.warehouse import derived_tables, rebuild_derived
from tests.conftest import CONTACTS_HEADER, EVENTS_HEADER, REQUESTS_HEADER, cli, published_tables, table, write_lines

EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "25"))
START = datetime(2018, 3, 24)  # the spring daylight saving night falls in the range
APPLICATIONS = [f"A{i}" for i in range(6)]
CITIZENS = ["C0", "C1", ""]
DERIVED = [d.table for d in derived_tables()]


def test_each_derived_file_selects_over_its_dirty_keys_and_the_full_rebuild_over_every_key():
    for derived in derived_tables():
        assert f"semi join {derived.dirty}" in derived.statements[0], derived.table
        assert "dirty_" not in " ".join(derived.rebuild_sql()), derived.table  # no filter: every key
        fresh, delete, insert = derived.refresh_sql()
        assert fresh.startswith(f"create or replace temporary table fresh_{derived.table} as (")
        assert f"semi join {derived.dirty}" in fresh and f"create or replace table {derived.table}" not in fresh
        assert delete == f"delete from {derived.table} where {derived.key} in (select {derived.key} from {derived.dirty})"
        assert insert == f"insert into {derived.table} by name (select * from fresh_{derived.table})"


def imported(folder: Path, warehouse: Path, name: str, header: str, *lines: str) -> None:
    ingest.ingest(warehouse, [write_lines(folder / f"{name}.csv", header, *lines)])


def contact_gaps(warehouse: Path) -> dict[str, tuple]:
    """contact_id -> (gap_before, gap_after, max_later_gap) in hours, as contact_facts has them."""
    hours = lambda seconds: None if seconds is None else seconds / 3600
    return {
        row["contact_id"]: (hours(row["gap_before_seconds"]), hours(row["gap_after_seconds"]), hours(row["max_later_gap_seconds"]))
        for row in table(warehouse, "contact_facts").to_dicts()
    }


def test_a_late_contact_merges_two_episodes_over_the_subjects_whole_history(tmp_path, warehouse):
    # C1 about "documents": K1 on 1 March 10:00, K3 on 10 March 10:00 (216 h apart: two episodes
    # at W = 7 days). K2 on 5 March 10:00 arrives later: 96 h after K1, 120 h before K3, one episode.
    imported(tmp_path, warehouse, "first", CONTACTS_HEADER,
             "K1,phone,2018-03-01 10:00,,resolved,documents,C1,,,,,", "K3,phone,2018-03-10 10:00,,resolved,documents,C1,,,,,")
    assert contact_gaps(warehouse) == {"K1": (None, 216, 216), "K3": (216, None, None)}
    imported(tmp_path, warehouse, "late", CONTACTS_HEADER, "K2,phone,2018-03-05 10:00,,resolved,documents,C1,,,,,")
    assert contact_gaps(warehouse) == {"K1": (None, 96, 120), "K2": (96, 120, 120), "K3": (120, None, None)}
    assert_derived_tables_equal_a_full_rebuild(warehouse, tmp_path)


def test_a_contact_that_changes_subject_leaves_its_old_subject_recomputed(tmp_path, warehouse):
    # K1 and K2 of C1 about R1, 48 h apart; K2 is corrected to name no application (subject: its
    # reason). R1's subject keeps K1 alone: no gap after it any more.
    imported(tmp_path, warehouse, "requests", REQUESTS_HEADER, "R1,passport,2018-03-01 09:00,75,online,C1")
    imported(tmp_path, warehouse, "first", CONTACTS_HEADER,
             "K1,phone,2018-03-02 10:00,,resolved,status_inquiry,C1,R1,,,,", "K2,phone,2018-03-04 10:00,,resolved,status_inquiry,C1,R1,,,,")
    assert contact_gaps(warehouse) == {"K1": (None, 48, 48), "K2": (48, None, None)}
    imported(tmp_path, warehouse, "fixed", CONTACTS_HEADER, "K2,phone,2018-03-04 10:00,,resolved,status_inquiry,C1,,,,,")
    assert contact_gaps(warehouse) == {"K1": (None, None, None), "K2": (None, None, None)}
    assert_derived_tables_equal_a_full_rebuild(warehouse, tmp_path)


def test_a_changed_application_moves_its_day_and_its_contacts(tmp_path, warehouse):
    # R1, a passport submitted on 1 March, is corrected to an id_card submitted on 3 March: the
    # inflow leaves 1 March for 3 March, and its contact (even one without a citizen) follows its title type.
    imported(tmp_path, warehouse, "requests", REQUESTS_HEADER, "R1,passport,2018-03-01 09:00,75,online,C1")
    imported(tmp_path, warehouse, "contacts", CONTACTS_HEADER, "K1,phone,2018-03-04 10:00,,resolved,status_inquiry,,R1,,,,")
    imported(tmp_path, warehouse, "fixed", REQUESTS_HEADER, "R1,id_card,2018-03-03 09:00,75,online,C1")
    flows = table(warehouse, "daily_flows").select("day", "title_type", "inflow_count")
    assert [(str(r["day"]), r["title_type"], r["inflow_count"]) for r in flows.to_dicts()] == [("2018-03-03", "id_card", 1)]
    assert table(warehouse, "contact_facts")["title_type"].to_list() == ["id_card"]
    assert_derived_tables_equal_a_full_rebuild(warehouse, tmp_path)


def test_an_event_sent_before_its_application_loads_when_sent_again_after_it(tmp_path, warehouse):
    # R2's delivery on 9 March comes before R2 itself: quarantined (unknown_request). Sent again
    # after R2 is imported, it loads: R2 delivered on 9 March, 8 days after its submission.
    imported(tmp_path, warehouse, "r1", REQUESTS_HEADER, "R1,passport,2018-03-01 09:00,75,online,C1")
    imported(tmp_path, warehouse, "early", EVENTS_HEADER, "R2,delivered,2018-03-09 09:00")
    assert table(warehouse, "quarantine")["reason"].to_list() == ["unknown_request"]
    imported(tmp_path, warehouse, "r2", REQUESTS_HEADER, "R2,passport,2018-03-01 09:00,75,online,C2")
    imported(tmp_path, warehouse, "again", EVENTS_HEADER, "R2,delivered,2018-03-09 09:00")
    facts = table(warehouse, "application_facts").sort("request_id")
    assert facts["delivery_days"].to_list() == [None, 8.0]
    assert table(warehouse, "quarantine").height == 0
    assert table(warehouse, "daily_flows")["delivered_count"].sum() == 1
    assert_derived_tables_equal_a_full_rebuild(warehouse, tmp_path)


# A rollup of contacts by received day, as the serving tables of issue 16 are.
CONTACTS_BY_DAY = """-- Keyed by day, recomputed over dirty_days
create or replace table contacts_by_day as
select received_day as day, count(*) as contact_count
from contact_facts
semi join dirty_days
    on dirty_days.day = contact_facts.received_day
group by all;
"""


@pytest.fixture
def with_contacts_by_day(tmp_path, monkeypatch):
    """This release's derived tables, plus CONTACTS_BY_DAY."""
    folder = tmp_path / "derived"
    shutil.copytree(warehouse_module.DERIVED_DIR, folder)
    (folder / "099_contacts_by_day.sql").write_text(CONTACTS_BY_DAY)
    monkeypatch.setattr(warehouse_module, "DERIVED_DIR", folder)
    warehouse_module.derived_tables.cache_clear()
    yield
    monkeypatch.undo()
    warehouse_module.derived_tables.cache_clear()


def test_a_rollup_of_contacts_by_day_follows_a_contact_to_its_new_day(tmp_path, warehouse, with_contacts_by_day):
    # K1 on 1 March and K2 on 2 March, with no application: no application's day moves. K1 is
    # corrected to 5 March: 1 March loses it (a day it left), 5 March gains it (a day it reached).
    imported(tmp_path, warehouse, "first", CONTACTS_HEADER,
             "K1,phone,2018-03-01 10:00,,resolved,documents,C1,,,,,", "K2,phone,2018-03-02 10:00,,resolved,other,C2,,,,,")
    imported(tmp_path, warehouse, "fixed", CONTACTS_HEADER, "K1,phone,2018-03-05 10:00,,resolved,documents,C1,,,,,")
    days = table(warehouse, "contacts_by_day").sort("day")
    assert [(str(r["day"]), r["contact_count"]) for r in days.to_dicts()] == [("2018-03-02", 1), ("2018-03-05", 1)]


def test_the_load_by_half_hour_follows_a_contact_to_the_day_it_was_answered(tmp_path, warehouse):
    # K1, a mail of 1 March, is pending; K2 of 2 March is answered that day. K1 is answered on 8
    # March at 10:05 (slot 20, CET), then that answer is corrected to 9 March: 8 March gains K1,
    # then loses it (a day its answer left), though K1's received day never moves.
    imported(tmp_path, warehouse, "first", CONTACTS_HEADER,
             "K1,email,2018-03-01 10:00,,pending,documents,C1,,N1,,,", "K2,email,2018-03-02 10:00,2018-03-02 11:00,resolved,other,C2,,N1,B1,60,")
    handled = lambda: [(str(r["day"]), r["slot_number"], r["handled_count"]) for r in table(warehouse, "load_slots")
                       .filter(pl.col("channel").is_null() & (pl.col("handled_count") > 0)).sort("day").to_dicts()]
    assert handled() == [("2018-03-02", 22, 1)]
    imported(tmp_path, warehouse, "answered", CONTACTS_HEADER, "K1,email,2018-03-01 10:00,2018-03-08 10:05,resolved,documents,C1,,N1,B1,300,")
    assert handled() == [("2018-03-02", 22, 1), ("2018-03-08", 20, 1)]
    imported(tmp_path, warehouse, "fixed", CONTACTS_HEADER, "K1,email,2018-03-01 10:00,2018-03-09 10:05,resolved,documents,C1,,N1,B1,300,")
    assert handled() == [("2018-03-02", 22, 1), ("2018-03-09", 20, 1)]
    assert_derived_tables_equal_a_full_rebuild(warehouse, tmp_path)


def test_an_import_recomputes_only_what_it_touched_and_rebuild_recomputes_everything(tmp_path, warehouse):
    imported(tmp_path, warehouse, "requests", REQUESTS_HEADER,
             "R1,passport,2018-03-01 09:00,75,online,C1", "R2,passport,2018-03-01 09:00,75,online,C2")
    con = duckdb.connect(str(warehouse))
    con.execute("update application_facts set event_count = 99")  # a mark an import would overwrite
    con.close()
    outcome = ingest.ingest(warehouse, [write_lines(tmp_path / "e.csv", EVENTS_HEADER, "R1,in_review,2018-03-02 10:00")])
    assert "dirty keys" in outcome.phase_seconds
    counts = dict(table(warehouse, "application_facts").select("request_id", "event_count").iter_rows())
    assert counts == {"R1": 1, "R2": 99}  # R2 untouched: not recomputed
    result = cli("rebuild", "--warehouse", str(warehouse))
    assert result.returncode == 0, result.stderr
    assert "derived tables rebuilt" in result.stdout
    counts = dict(table(warehouse, "application_facts").select("request_id", "event_count").iter_rows())
    assert counts == {"R1": 1, "R2": 0}
    assert cli("rebuild", "--warehouse", str(tmp_path / "none.duckdb")).returncode == 2


@pytest.mark.parametrize(("rebuild_above_keys", "r3_event_count"), [(100_000, 99), (0, 0)])
def test_an_import_touching_most_applications_rebuilds_whole(tmp_path, warehouse, monkeypatch, rebuild_above_keys, r3_event_count):
    # Events for 2 of 3 applications: more than half. Below the floor of 100 000 keys it still goes
    # key by key (R3 keeps its mark); with no floor the derived tables are rebuilt whole (R3's 0 events).
    monkeypatch.setattr(warehouse_module, "REBUILD_ABOVE_KEYS", rebuild_above_keys)
    imported(tmp_path, warehouse, "requests", REQUESTS_HEADER, *[f"R{i},passport,2018-03-01 09:00,75,online,C1" for i in (1, 2, 3)])
    con = duckdb.connect(str(warehouse))
    con.execute("update application_facts set event_count = 99")
    con.close()
    imported(tmp_path, warehouse, "events", EVENTS_HEADER, "R1,in_review,2018-03-02 10:00", "R2,in_review,2018-03-02 10:00")
    counts = dict(table(warehouse, "application_facts").select("request_id", "event_count").iter_rows())
    assert counts == {"R1": 1, "R2": 1, "R3": r3_event_count}


def moment(draw) -> datetime:
    # Half-hour steps over twelve days: ties at one instant, gaps of exactly a few hours or days.
    return START + timedelta(minutes=30 * draw(st.integers(0, 12 * 48)))


@st.composite
def request_version(draw, request_id: str) -> str:
    return ",".join([
        request_id, draw(st.sampled_from(contract.TITLE_TYPES)), f"{moment(draw):%Y-%m-%d %H:%M}",
        draw(st.sampled_from(["75", "13", "2A"])), "online", draw(st.sampled_from(CITIZENS)),
    ])


@st.composite
def contact_version(draw, contact_id: str) -> str:
    received = moment(draw)
    answered = f"{received + timedelta(hours=draw(st.integers(0, 30))):%Y-%m-%d %H:%M}" if draw(st.booleans()) else ""
    return ",".join([
        contact_id, draw(st.sampled_from(contract.CHANNELS)), f"{received:%Y-%m-%d %H:%M}", answered,
        draw(st.sampled_from(["resolved", "pending", "abandoned"])),
        draw(st.sampled_from(["status_inquiry", "documents"])), draw(st.sampled_from(CITIZENS)),
        # Few subjects, so that citizens' contacts share them; A99: an application never imported.
        draw(st.sampled_from(["", "", "A0", "A1", "A99"])),
        # A team and an agent: the load's contact_slots follow them (a contact with no team has no row).
        draw(st.sampled_from(["N1", "N1", ""])), draw(st.sampled_from(["", "B1"])), "", "",
    ])


@st.composite
def histories(draw):
    """Import batches: each a list of (kind, line). Records come in one or two versions (the second
    an update of the first, a later batch or the same one); events come in any batch, before their
    application too (quarantined, then sent again in a later batch or not)."""
    batch_count = draw(st.integers(2, 4))
    batches = [[] for _ in range(batch_count)]

    def place(kind, line, earliest=0):
        batch = draw(st.integers(earliest, batch_count - 1))
        batches[batch].append((kind, line))
        return batch

    for request_id in draw(st.lists(st.sampled_from(APPLICATIONS), min_size=1, max_size=6, unique=True)):
        first = place("requests", draw(request_version(request_id)))
        if draw(st.booleans()):
            place("requests", draw(request_version(request_id)), earliest=first)
        for _ in range(draw(st.integers(0, 4))):
            event = f"{request_id},{draw(st.sampled_from(contract.STATUSES))},{moment(draw):%Y-%m-%d %H:%M}"
            if place("request_events", event) < first and draw(st.booleans()):
                place("request_events", event, earliest=first)  # the orphan sent again
    for index in range(draw(st.integers(0, 14))):
        first = place("contacts", draw(contact_version(f"K{index}")))
        for _ in range(draw(st.integers(0, 2))):  # a later state: resolved, another subject...
            place("contacts", draw(contact_version(f"K{index}")), earliest=first)
    return batches


def import_batch(folder: Path, warehouse: Path, number: int, batch) -> None:
    headers = {"requests": REQUESTS_HEADER, "request_events": EVENTS_HEADER, "contacts": CONTACTS_HEADER}
    files = [
        write_lines(folder / f"{number}_{kind}.csv", header, *[line for k, line in batch if k == kind])
        for kind, header in headers.items()
        if any(k == kind for k, _ in batch)
    ]
    if files:
        ingest.ingest(warehouse, files)


def assert_derived_tables_equal_a_full_rebuild(warehouse: Path, folder: Path) -> None:
    copy = folder / "rebuilt.duckdb"
    shutil.copyfile(warehouse, copy)
    con = duckdb.connect(str(copy))
    try:
        rebuild_derived(con)  # what `python -m oncedone rebuild` does, without its copy and swap
    finally:
        con.close()
    for name in DERIVED:
        incremental, full = table(warehouse, name), table(copy, name)
        assert incremental.schema == full.schema, name
        assert incremental.to_dicts() == full.to_dicts(), name


def assert_keys_are_unique(warehouse: Path) -> None:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for name, key in [("requests", "request_id"), ("contacts", "contact_id"),
                          ("request_events", "request_id, status, occurred_at")]:
            assert con.sql(f"select count(*) - count(distinct ({key})) from {name}").fetchall() == [(0,)], name
    finally:
        con.close()


def assert_readers_read_exactly_the_warehouse(warehouse: Path) -> None:
    """Every published table, its months less what its layers replace plus the layers, row for row."""
    for name, read in published_tables(warehouse).items():
        stored = table(warehouse, name)
        assert read.columns == stored.columns, name
        assert read.sort(read.columns, nulls_last=True).equals(stored.sort(stored.columns, nulls_last=True)), name


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(histories())
def test_after_random_batches_every_derived_table_equals_a_full_rebuild(batches):
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        warehouse = folder / "warehouse.duckdb"
        for number, batch in enumerate(batches):
            import_batch(folder, warehouse, number, batch)
            if warehouse.exists():
                assert_derived_tables_equal_a_full_rebuild(warehouse, folder)
                assert_keys_are_unique(warehouse)
                assert_readers_read_exactly_the_warehouse(warehouse)


def test_a_rebuild_in_one_transaction_with_chunks_of_many_rows_keeps_every_row(tmp_path, warehouse, monkeypatch):
    # 300 000 open applications, rebuilt in 2 chunks of about 150 000: more than a row group (122 880
    # rows), which DuckDB inserts in parallel. `rebuild` runs in one transaction; DuckDB 2.0 lost
    # such rows of a table created empty by CREATE TABLE AS in it, and stage_spans came out empty.
    # Each application is open and never moved: one `submitted` span each, one inflow each.
    count = 300_000
    requests = write_lines(tmp_path / "requests.csv", REQUESTS_HEADER,
                           *[f"R{i},passport,2018-03-01 09:00,75,online,C{i}" for i in range(count)])
    assert ingest.ingest(warehouse, [requests]).exit_code == 0
    monkeypatch.setattr(warehouse_module, "REBUILD_CHUNK_REQUESTS", count // 2)
    warehouse_module.rebuild(warehouse)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert con.sql("select count(*) from application_facts").fetchall() == [(count,)]
        assert con.sql("select count(*), count(distinct request_id) from stage_spans").fetchall() == [(count, count)]
        assert con.sql("select sum(inflow_count) from daily_flows").fetchall() == [(count,)]
    finally:
        con.close()


def test_a_rebuild_in_chunks_of_applications_and_of_citizens_equals_the_whole_rebuild(tmp_path, monkeypatch):
    from tests import app_fixtures

    whole = app_fixtures.build(tmp_path / "whole")
    chunked = shutil.copyfile(whole, tmp_path / "chunked.duckdb")
    monkeypatch.setattr(warehouse_module, "REBUILD_CHUNK_REQUESTS", 1)  # as many chunks as applications
    monkeypatch.setattr(warehouse_module, "REBUILD_CHUNK_CONTACTS", 1)  # and as contacts
    con = duckdb.connect(str(chunked))
    try:
        # The 7 applications fall in 5 of the 7 chunks (by the hash the rebuild uses).
        assert con.sql("select count(distinct hash(request_id) % 7) from requests").fetchall() == [(5,)]
        # The 7 contacts fall in 3 of 7 chunks by citizen; by contact, C1's K2 and K5 (one subject,
        # K5's gap before is K2's) would fall in chunks 5 and 0 and K5 would lose its gap.
        assert con.sql("select count(distinct hash(coalesce(citizen_id, contact_id)) % 7) from contacts").fetchall() == [(3,)]
        assert con.sql("select list(hash(contact_id) % 7 order by contact_id) from contacts "
                       "where contact_id in ('K2', 'K5')").fetchall() == [([5, 0],)]
        rebuild_derived(con)
    finally:
        con.close()
    for name in DERIVED:
        assert table(chunked, name).to_dicts() == table(whole, name).to_dicts(), name

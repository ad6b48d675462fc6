"""Incremental derived tables: after any sequence of imports, each derived table is row for row
what a full rebuild of the same base tables gives (an import recomputes only the applications,
subjects, contacts and days it touched, each over its whole history)."""

import os
import shutil
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oncedone.store import contract, ingest
from oncedone.store.warehouse import derived_tables, rebuild_derived
from tests.conftest import CONTACTS_HEADER, EVENTS_HEADER, REQUESTS_HEADER, table, write_lines

EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "30"))
START = datetime(2018, 3, 24)  # the spring daylight saving night falls in the range
APPLICATIONS = [f"A{i}" for i in range(6)]
CITIZENS = ["C0", "C1", ""]
DERIVED = [d.table for d in derived_tables()]


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
        draw(st.sampled_from(["", "A99", *APPLICATIONS])),  # A99: an application never imported
        "N1", "", "", "",
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
    for index in range(draw(st.integers(0, 10))):
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

"""Build-and-swap: an import killed midway changes nothing, and readers never block an import."""

import hashlib
import signal
import subprocess
import sys
import threading
import time

import duckdb
import polars as pl
import pytest

from oncedone.store import ingest
from oncedone.store.warehouse import Warehouse, WarehouseError, migrate, schema_files, schema_version
from tests.conftest import REPO, REQUESTS_HEADER, cli, table, write_lines


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def big_requests_file(path, rows: int):
    """A valid requests export large enough for an import to take a few seconds."""
    ids = pl.int_range(0, rows, eager=True)
    pl.DataFrame({
        "request_id": "B" + ids.cast(pl.String),
        "title_type": "passport",
        "submitted_at": "2018-03-01T10:00:00Z",
        "department": "75",
        "submission_channel": "online",
        "citizen_id": "C" + ids.cast(pl.String),
    }).write_csv(path)
    return path


def test_an_import_killed_midway_leaves_the_warehouse_exactly_as_before(tmp_path, warehouse):
    ingest.ingest(warehouse, [write_lines(tmp_path / "first.csv", REQUESTS_HEADER, "R1,passport,2018-03-01 10:00,75,online,C1")])
    before = digest(warehouse)
    big = big_requests_file(tmp_path / "big.csv", 1_500_000)

    process = subprocess.Popen([sys.executable, "-m", "oncedone", "ingest", "--warehouse", str(warehouse), str(big)], cwd=REPO)
    building = warehouse.with_name(f".{warehouse.name}.{process.pid}.building")
    deadline = time.monotonic() + 120
    while not building.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.5)  # well inside the import: copying, checking or merging
    assert process.poll() is None and building.exists(), "the import finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()

    assert digest(warehouse) == before
    assert table(warehouse, "requests")["request_id"].to_list() == ["R1"]
    # The next import works, and clears what the killed one left behind.
    outcome = ingest.ingest(warehouse, [write_lines(tmp_path / "next.csv", REQUESTS_HEADER, "R2,passport,2018-03-01 10:00,75,online,C2")])
    assert outcome.exit_code == 0
    assert not building.exists()
    assert table(warehouse, "requests")["request_id"].to_list() == ["R1", "R2"]


def test_an_import_succeeds_while_another_process_holds_the_warehouse_open(tmp_path, warehouse):
    ingest.ingest(warehouse, [write_lines(tmp_path / "first.csv", REQUESTS_HEADER, "R1,passport,2018-03-01 10:00,75,online,C1")])
    holder = subprocess.Popen(
        [sys.executable, "-c", (
            "import duckdb, sys, time\n"
            f"con = duckdb.connect({str(warehouse)!r}, read_only=True)\n"
            "print(con.sql('select count(*) from requests').fetchall()[0][0], flush=True)\n"
            "time.sleep(60)\n"
        )],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "1"  # the reader holds the file open now
        outcome = ingest.ingest(warehouse, [write_lines(tmp_path / "second.csv", REQUESTS_HEADER, "R2,passport,2018-03-01 10:00,75,online,C2")])
        assert outcome.exit_code == 0
        assert holder.poll() is None  # the reader was not disturbed
        assert table(warehouse, "requests").height == 2  # a new reader sees the committed import
    finally:
        holder.kill()
        holder.wait()


def test_readers_in_threads_see_each_committed_import_and_never_an_error(tmp_path, warehouse):
    ingest.ingest(warehouse, [write_lines(tmp_path / "r0.csv", REQUESTS_HEADER, "R0,passport,2018-03-01 10:00,75,online,C0")])
    reader = Warehouse(warehouse)
    errors, seen, stop = [], set(), threading.Event()

    def read_continuously():
        while not stop.is_set():
            try:
                seen.add(reader.query("freshness")["requests_count"].item())
            except Exception as err:  # any error a viewer would see
                errors.append(err)

    threads = [threading.Thread(target=read_continuously) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        for i in range(1, 4):
            row = f"R{i},passport,2018-03-01 10:00,75,online,C{i}"
            ingest.ingest(warehouse, [write_lines(tmp_path / f"r{i}.csv", REQUESTS_HEADER, row)])
            time.sleep(0.2)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert errors == []
    assert reader.query("freshness")["requests_count"].item() == 4
    assert {1, 4} <= seen  # the first and the last committed state were both seen


def test_an_older_warehouse_is_upgraded_to_the_current_schema(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create table schema_migrations (version integer, name varchar, applied_at timestamptz)")
    first = schema_files()[0]
    con.execute(first.read_text())
    con.execute("insert into schema_migrations values (1, $n, now())", {"n": first.stem})
    assert schema_version(con) == 1
    assert migrate(con) == int(schema_files()[-1].name[:3]) > 1
    assert con.sql("select paris_day(timestamptz '2018-03-24 23:30:00+00')::varchar").fetchall() == [("2018-03-25",)]
    con.close()


def test_a_schema_file_numbered_below_the_latest_applied_one_is_still_applied(tmp_path):
    # Two branches each add a schema file: 008 merged first, 006 later. A warehouse built in
    # between has 008 and must still get 006.
    con = duckdb.connect(str(tmp_path / "between.duckdb"))
    migrate(con)
    applied = [v for (v,) in con.sql("select version from schema_migrations order by version").fetchall()]
    assert applied == [int(p.name[:3]) for p in schema_files()]
    con.execute("delete from schema_migrations where version = 2; drop macro paris_day; drop macro paris_day_end")
    con.execute("drop macro has_utc_offset; drop macro parse_trimmed_instant; drop macro parse_instant")
    con.execute("drop macro status_rank; drop macro department_code; drop macro is_department_code")
    con.execute("drop macro enum_text; drop macro clean_text")
    migrate(con)  # 002 is below the latest applied version, and missing: applied again
    assert con.sql("select paris_day(timestamptz '2018-03-24 23:30:00+00')::varchar").fetchall() == [("2018-03-25",)]
    assert con.sql("select count(*) from schema_migrations where version = 2").fetchall() == [(1,)]
    con.close()


def test_a_warehouse_built_by_another_release_is_refused_until_upgraded(tmp_path, warehouse):
    ingest.ingest(warehouse, [write_lines(tmp_path / "r.csv", REQUESTS_HEADER, "R1,passport,2018-03-01 10:00,75,online,C1")])
    con = duckdb.connect(str(warehouse))
    con.execute("update warehouse_build set signature = 'older'")
    con.close()
    reader = Warehouse(warehouse)
    with pytest.raises(WarehouseError, match="run `python -m oncedone upgrade"):
        reader.query("freshness")
    assert cli("upgrade", "--warehouse", str(warehouse)).stdout.endswith("upgraded.\n")
    assert reader.query("freshness")["requests_count"].item() == 1
    assert cli("upgrade", "--warehouse", str(warehouse)).stdout.endswith("already current.\n")


def test_two_imports_at_once_are_serialised_and_both_land(tmp_path, warehouse):
    ingest.ingest(warehouse, [write_lines(tmp_path / "r0.csv", REQUESTS_HEADER, "R0,passport,2018-03-01 10:00,75,online,C0")])
    files = [big_requests_file(tmp_path / "big.csv", 300_000),
             write_lines(tmp_path / "small.csv", REQUESTS_HEADER, "S1,passport,2018-03-01 10:00,75,online,C1")]
    processes = [
        subprocess.Popen([sys.executable, "-m", "oncedone", "ingest", "--warehouse", str(warehouse), str(f)], cwd=REPO)
        for f in files
    ]
    assert [p.wait(timeout=300) for p in processes] == [0, 0]
    # Neither swap undid the other: each import started from the file the previous one left.
    assert table(warehouse, "requests").height == 1 + 300_000 + 1
    assert table(warehouse, "import_log").height == 3

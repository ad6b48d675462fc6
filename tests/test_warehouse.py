"""Build-and-swap: an import killed midway changes nothing, and readers never block an import."""

import fcntl
import hashlib
import signal
import subprocess
import sys
import threading

import duckdb
import pytest

from oncedone.store import ingest
from oncedone.store.warehouse import Warehouse, WarehouseError, migrate, schema_files, schema_version
from tests.conftest import REPO, REQUESTS_HEADER, cli, table, write_lines


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# An import that stops at one of its steps (inside the build-and-swap, the copy being built) until
# its standard input gives a line: so a test can kill it there, not after guessing a delay.
HELD_IMPORT = (
    "import sys\n"
    "from oncedone.store import ingest\n"
    "def progress(step, _file):\n"
    "    if step == sys.argv[3]:\n"
    "        print(step, flush=True)\n"
    "        sys.stdin.readline()\n"
    "ingest.ingest(sys.argv[1], [sys.argv[2]], progress=progress)\n"
)


@pytest.mark.parametrize("step", ["check", "merge", "derive", "save"])
def test_an_import_killed_midway_leaves_the_warehouse_exactly_as_before(tmp_path, warehouse, step):
    ingest.ingest(warehouse, [write_lines(tmp_path / "first.csv", REQUESTS_HEADER, "R1,passport,2018-03-01 10:00,75,online,C1")])
    before = digest(warehouse)
    more = write_lines(tmp_path / "more.csv", REQUESTS_HEADER, "R9,passport,2018-03-01 10:00,75,online,C9")

    process = subprocess.Popen([sys.executable, "-c", HELD_IMPORT, str(warehouse), str(more), step], cwd=REPO,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == step  # held inside the import, at that step
        building = warehouse.with_name(f".{warehouse.name}.{process.pid}.building")
        assert process.poll() is None and building.exists()
    finally:
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
    errors, seen, stop, changed = [], set(), threading.Event(), threading.Condition()

    def read_continuously():
        while not stop.is_set():
            try:
                count = reader.query("freshness")["requests_count"].item()
            except Exception as err:  # any error a viewer would see
                errors.append(err)
                continue
            with changed:
                seen.add(count)
                changed.notify_all()

    threads = [threading.Thread(target=read_continuously) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        for i in range(1, 4):
            with changed:  # a reader saw the state before this import: each one is read
                assert changed.wait_for(lambda: i in seen, timeout=60)
            row = f"R{i},passport,2018-03-01 10:00,75,online,C{i}"
            ingest.ingest(warehouse, [write_lines(tmp_path / f"r{i}.csv", REQUESTS_HEADER, row)])
        with changed:
            assert changed.wait_for(lambda: 4 in seen, timeout=60)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert errors == []
    assert seen == {1, 2, 3, 4}  # every committed state, and nothing in between


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
    files = {"A": write_lines(tmp_path / "a.csv", REQUESTS_HEADER, "A1,passport,2018-03-01 10:00,75,online,C1",
                              "A2,passport,2018-03-01 10:00,75,online,C2"),
             "B": write_lines(tmp_path / "b.csv", REQUESTS_HEADER, "B1,passport,2018-03-01 10:00,75,online,C3")}
    a_inside, release_a, b_started = threading.Event(), threading.Event(), threading.Event()
    steps, outcomes = [], {}  # (import, step) in the order they happened; each import's outcome

    def progress(name, step):
        steps.append((name, step))
        if (name, step) == ("A", "merge"):  # A holds here, inside its import, until released
            a_inside.set()
            assert release_a.wait(timeout=60)
        if (name, step) == ("B", "copy"):  # B has read its file and asks for the warehouse
            b_started.set()

    def run(name):
        try:
            outcomes[name] = ingest.ingest(warehouse, [files[name]], progress=lambda step, _f: progress(name, step))
        except Exception as err:
            outcomes[name] = err

    first = threading.Thread(target=run, args=("A",))
    first.start()
    try:
        assert a_inside.wait(timeout=60)
        # A is inside: the import lock is taken, no other writer may enter now.
        with open(warehouse.with_name(warehouse.name + ".lock"), "w") as handle, pytest.raises(BlockingIOError):
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        second = threading.Thread(target=run, args=("B",))
        second.start()
        assert b_started.wait(timeout=60)  # the two imports overlap: B is under way while A is held
    finally:
        release_a.set()
        first.join()
    second.join()

    assert [outcomes[n].exit_code for n in ("A", "B")] == [0, 0], outcomes
    # B entered (its check) only after A had saved: one import at a time.
    assert steps.index(("B", "copy")) < steps.index(("A", "save")) < steps.index(("B", "check"))
    # Neither swap undid the other: each import started from the file the previous one left.
    assert table(warehouse, "requests")["request_id"].to_list() == ["A1", "A2", "B1", "R0"]
    assert table(warehouse, "import_log").height == 3

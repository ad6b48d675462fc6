"""Build-and-swap: an import killed midway changes nothing, and readers never block an import."""

import fcntl
import json
import hashlib
import signal
import subprocess
import sys
import threading
import time

import duckdb
import pytest

from oncedone.access import EVERYTHING
from oncedone.store import ingest, snapshot
from oncedone.store import warehouse as warehouse_module
from oncedone.store.warehouse import Warehouse, WarehouseError, build_signature, migrate, schema_files, schema_version
from tests.conftest import CONTACTS_HEADER, EVENTS_HEADER, REPO, REQUESTS_HEADER, cli, published_tables, table, write_lines


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# An import that stops at one of its steps until its standard input gives a line, so that a test
# can kill it there, not after guessing a delay. `publish` holds once the new version's files are
# written, before the commit; `swap` after the commit, before readers are shown the new version.
HELD_IMPORT = (
    "import sys\n"
    "from oncedone.store import ingest, snapshot\n"
    "def hold(step):\n"
    "    print(step, flush=True)\n"
    "    sys.stdin.readline()\n"
    "def progress(step, _file):\n"
    "    if step == sys.argv[3]:\n"
    "        hold(step)\n"
    "fsync_tree = snapshot._fsync_tree\n"
    "def held_fsync_tree(folder):\n"
    "    fsync_tree(folder)\n"
    "    if sys.argv[3] == 'publish':\n"
    "        hold('publish')\n"
    "snapshot._fsync_tree = held_fsync_tree\n"
    "make_current = snapshot.make_current\n"
    "def held_make_current(*args):\n"
    "    if sys.argv[3] == 'swap':\n"
    "        hold('swap')\n"
    "    make_current(*args)\n"
    "snapshot.make_current = held_make_current\n"
    "ingest.ingest(sys.argv[1], [sys.argv[2]], progress=progress)\n"
)


def published(warehouse):
    """What readers read: the current version's name and the digest of each of its files."""
    version = snapshot.current_version(warehouse)
    return version.name, {p.relative_to(version).as_posix(): digest(p) for p in sorted(version.rglob("*")) if p.is_file()}


def read_requests_count(warehouse) -> int:
    return Warehouse(warehouse).query("freshness")["requests_count"].item()


@pytest.mark.parametrize("step", ["check", "merge", "derive", "save", "publish", "swap"])
def test_an_import_killed_at_any_step_leaves_what_readers_see_exactly_as_before(tmp_path, warehouse, step):
    ingest.ingest(warehouse, [write_lines(tmp_path / "first.csv", REQUESTS_HEADER, "R1,passport,2018-03-01 10:00,75,online,C1")])
    before = published(warehouse)
    more = write_lines(tmp_path / "more.csv", REQUESTS_HEADER, "R9,passport,2018-04-01 10:00,75,online,C9")

    process = subprocess.Popen([sys.executable, "-c", HELD_IMPORT, str(warehouse), str(more), step], cwd=REPO,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == step  # held inside the import, at that step
        assert process.poll() is None
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()

    assert published(warehouse) == before
    assert read_requests_count(warehouse) == 1
    # The next import works, clears what the killed one left behind, and publishes what it
    # committed: only the import killed after its commit, before the swap, had committed R9.
    outcome = ingest.ingest(warehouse, [write_lines(tmp_path / "next.csv", REQUESTS_HEADER, "R2,passport,2018-03-01 10:00,75,online,C2")])
    assert outcome.exit_code == 0
    expected = ["R1", "R2", "R9"] if step == "swap" else ["R1", "R2"]
    assert table(warehouse, "requests")["request_id"].to_list() == expected
    reader = Warehouse(warehouse)
    assert reader.query("freshness")["requests_count"].item() == len(expected)
    # R9 (April) reaches readers even though the import that publishes it did not touch it.
    facts = published_tables(warehouse)["application_facts"]
    assert sorted(facts["request_id"]) == expected
    assert not list(warehouse.parent.glob(".*.spill")) and not list(warehouse.parent.glob(".*.staging*"))
    assert not list(snapshot.snapshot_root(warehouse).glob("*.building"))


@pytest.mark.parametrize("step", ["derive", "save", "publish"])
def test_a_first_import_killed_after_committing_some_steps_leaves_nothing(tmp_path, warehouse, step):
    """A first import commits step by step (its files merged, then each derived table): killed
    after that, its rows are in the file but never published, and the next import removes them."""
    first = write_lines(tmp_path / "first.csv", REQUESTS_HEADER, "R9,passport,2018-04-01 10:00,75,online,C9")
    process = subprocess.Popen([sys.executable, "-c", HELD_IMPORT, str(warehouse), str(first), step], cwd=REPO,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == step  # held after the merge (and the derive) committed
        assert warehouse_module.first_import_marker(warehouse).exists()
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert snapshot.current_version(warehouse) is None  # never published
    with duckdb.connect(str(warehouse), read_only=True) as killed:  # but its merge had committed
        assert killed.sql("select list(request_id) from requests").fetchall() == [(["R9"],)]
    outcome = ingest.ingest(warehouse, [write_lines(tmp_path / "next.csv", REQUESTS_HEADER, "R2,passport,2018-03-01 10:00,75,online,C2")])
    assert outcome.exit_code == 0
    assert table(warehouse, "requests")["request_id"].to_list() == ["R2"]  # R9 went with its killed import
    assert sorted(published_tables(warehouse)["application_facts"]["request_id"]) == ["R2"]
    assert not warehouse_module.first_import_marker(warehouse).exists()


def test_an_import_succeeds_while_another_process_holds_the_warehouse_open(tmp_path, warehouse):
    ingest.ingest(warehouse, [write_lines(tmp_path / "first.csv", REQUESTS_HEADER, "R1,passport,2018-03-01 10:00,75,online,C1")])
    holder = subprocess.Popen(
        [sys.executable, "-c", (
            "import time\n"
            "from oncedone.store.warehouse import Warehouse\n"
            f"reader = Warehouse({str(warehouse)!r})\n"
            "print(reader.query('freshness')['requests_count'].item(), flush=True)\n"
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
    con = duckdb.connect(str(warehouse))  # what an older release left: its signature, in both places
    con.execute("update warehouse_build set signature = 'older'")
    con.close()
    manifest = snapshot.current_version(warehouse) / "manifest.json"
    manifest.write_text(manifest.read_text().replace(build_signature(), "older"))
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
        if (name, step) == ("B", "open"):  # B has read its file and asks for the warehouse
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
    assert steps.index(("B", "open")) < steps.index(("A", "save")) < steps.index(("B", "check"))
    # Neither swap undid the other: each import started from the file the previous one left.
    assert table(warehouse, "requests")["request_id"].to_list() == ["A1", "A2", "B1", "R0"]
    assert table(warehouse, "import_log").height == 3


def test_compact_rewrites_the_file_without_changing_a_row_while_a_reader_reads(tmp_path, warehouse):
    rows = [f"R{i},passport,2018-03-01 10:00,75,online,C{i}" for i in range(2000)]
    ingest.ingest(warehouse, [write_lines(tmp_path / "a.csv", REQUESTS_HEADER, *rows)])
    changed = [r.replace(",75,", ",13,") for r in rows]  # every application updated: deleted, inserted
    ingest.ingest(warehouse, [write_lines(tmp_path / "b.csv", REQUESTS_HEADER, *changed)])
    reader = Warehouse(warehouse)
    assert reader.query("freshness")["requests_count"].item() == 2000
    before = {name: table(warehouse, name).sort(table(warehouse, name).columns) for name in ("requests", "application_facts")}

    assert cli("compact", "--warehouse", str(warehouse)).returncode == 0

    after = {name: table(warehouse, name).sort(table(warehouse, name).columns) for name in ("requests", "application_facts")}
    assert all(before[n].equals(after[n]) for n in before)
    assert reader.query("app/departments", **EVERYTHING.params())["department"].to_list() == ["13"]  # the open reader reads on
    # The compacted file takes the next import, macros and derived tables included.
    outcome = ingest.ingest(warehouse, [write_lines(tmp_path / "c.csv", REQUESTS_HEADER, "R9999,id_card,2018-03-02 09:00,75,online,C9")])
    assert outcome.exit_code == 0
    assert Warehouse(warehouse).query("freshness")["requests_count"].item() == 2001
    assert sorted(Warehouse(warehouse).query("app/departments", **EVERYTHING.params())["department"].to_list()) == ["13", "75"]


# A reader process: reads until it has seen the final state (or a minute passed), then prints
# what it saw as JSON.
READER_PROCESS = (
    "import json, sys, time\n"
    "from oncedone.store.warehouse import Warehouse\n"
    "reader, final, deadline = Warehouse(sys.argv[1]), int(sys.argv[2]), time.monotonic() + 120\n"
    "errors, mixed, seen = [], 0, set()\n"
    "print('reading', flush=True)\n"
    "while final not in seen and time.monotonic() < deadline:\n"
    "    try:\n"
    "        row = reader.query('freshness').row(0, named=True)\n"
    "    except Exception as err:\n"
    "        errors.append(repr(err))\n"
    "        continue\n"
    "    mixed += row['requests_count'] != row['quarantined_count']\n"
    "    seen.add(row['requests_count'])\n"
    "print(json.dumps({'errors': errors, 'mixed': mixed, 'seen': sorted(seen)}))\n"
)


def test_twenty_reader_threads_and_two_reader_processes_see_the_old_or_the_new_never_a_mix(tmp_path, warehouse):
    # Each import adds one application and one quarantined row: in every committed state the two
    # counts are equal, so a query that read half of an import would see them differ.
    def one_import(i):
        good, bad = f"R{i},passport,2018-03-01 10:00,75,online,C{i}", f"X{i},passport,not a date,75,online,C{i}"
        assert ingest.ingest(warehouse, [write_lines(tmp_path / f"r{i}.csv", REQUESTS_HEADER, good, bad)]).exit_code == 3

    one_import(0)
    final = 4  # applications after the three imports below
    processes = [subprocess.Popen([sys.executable, "-c", READER_PROCESS, str(warehouse), str(final)], cwd=REPO,
                                  stdout=subprocess.PIPE, text=True) for _ in range(2)]
    reader = Warehouse(warehouse)
    errors, mixed, seen_by_thread = [], [], [set() for _ in range(20)]
    deadline = time.monotonic() + 120

    def read_until_the_final_state(seen):
        while final not in seen and time.monotonic() < deadline:
            try:
                row = reader.query("freshness").row(0, named=True)
            except Exception as err:
                errors.append(err)
                continue
            if row["requests_count"] != row["quarantined_count"]:
                mixed.append(row)
            seen.add(row["requests_count"])

    threads = [threading.Thread(target=read_until_the_final_state, args=(seen,)) for seen in seen_by_thread]
    for thread in threads:
        thread.start()
    for process in processes:
        assert process.stdout.readline().strip() == "reading"
    for i in range(1, final):
        one_import(i)
    for thread in threads:
        thread.join()
    reports = [json.loads(process.communicate(timeout=180)[0]) for process in processes]
    assert errors == [] and mixed == []
    for seen in [*seen_by_thread, *(set(r["seen"]) for r in reports)]:
        assert final in seen and seen <= {1, 2, 3, 4}
    assert all(r["errors"] == [] and r["mixed"] == 0 for r in reports)


def test_after_imports_that_move_records_between_months_readers_read_exactly_the_warehouse(tmp_path, warehouse):
    first = [
        write_lines(tmp_path / "r1.csv", REQUESTS_HEADER, "R1,passport,2018-01-10 10:00,75,online,C1",
                    "R2,passport,2018-02-10 10:00,75,online,C2", "R3,id_card,2018-03-10 10:00,13,online,C3",
                    "R4,passport,2018-07-10 10:00,75,online,C4"),
        write_lines(tmp_path / "e1.csv", EVENTS_HEADER, "R1,in_review,2018-01-12 10:00", "R2,in_review,2018-02-12 10:00"),
        write_lines(tmp_path / "c1.csv", CONTACTS_HEADER, "K1,phone,2018-01-15 09:00,2018-01-15 09:01,resolved,status_inquiry,C1,R1,N1,A1,120,4",
                    "K2,email,2018-02-15 09:00,,pending,documents,C2,R2,,,,"),
    ]
    assert ingest.ingest(warehouse, first).exit_code == 0
    later = [
        # R1 moves from January to April, R3 from March to January; R2 gets an event in May.
        write_lines(tmp_path / "r2.csv", REQUESTS_HEADER, "R1,passport,2018-04-10 10:00,75,online,C1",
                    "R3,id_card,2018-01-05 10:00,13,online,C3"),
        write_lines(tmp_path / "e2.csv", EVENTS_HEADER, "R2,approved,2018-05-02 10:00"),
        # K2 is answered, and K1 turns out to have been received in June.
        write_lines(tmp_path / "c2.csv", CONTACTS_HEADER, "K1,phone,2018-06-15 09:00,2018-06-15 09:01,resolved,status_inquiry,C1,R1,N1,A1,120,4",
                    "K2,email,2018-02-15 09:00,2018-02-16 10:00,resolved,documents,C2,R2,N2,A2,300,"),
    ]
    assert ingest.ingest(warehouse, later).exit_code == 0
    for name, read in published_tables(warehouse).items():
        stored = table(warehouse, name)
        assert read.columns == stored.columns, name
        assert read.sort(read.columns, nulls_last=True).equals(stored.sort(stored.columns, nulls_last=True)), name
    # The months stay as the first import wrote them, linked into the new version; the import's
    # changed applications (R1, R2, R3) are a layer over them, with the keys they replace.
    version = snapshot.current_version(warehouse)
    entry = snapshot._manifest(version)["tables"]["application_facts"]
    assert sorted(entry["files"]) == [f"application_facts/2018-{m}.parquet" for m in ("01", "02", "03", "07")]
    assert all((version / f).stat().st_nlink == 2 for f in entry["files"])
    [layer] = entry["layers"]
    assert sorted(duckdb.sql(f"select request_id from '{version / layer['keys']}'").fetchall()) == [("R1",), ("R2",), ("R3",)]

    # compact folds the layers into the months: March is gone (R3 left it), April is written;
    # July, which no import touched since, is still the first version's file, linked.
    cli("compact", "--warehouse", str(warehouse))
    version = snapshot.current_version(warehouse)
    entry = snapshot._manifest(version)["tables"]["application_facts"]
    assert entry["layers"] == [] and sorted(entry["files"]) == [
        f"application_facts/2018-{m}.parquet" for m in ("01", "02", "04", "07")]
    assert (version / "application_facts/2018-07.parquet").stat().st_nlink == 3
    assert (version / "application_facts/2018-04.parquet").stat().st_nlink == 1
    for name, read in published_tables(warehouse).items():
        stored = table(warehouse, name)
        assert read.sort(read.columns, nulls_last=True).equals(stored.sort(stored.columns, nulls_last=True)), name

def test_an_import_folds_a_table_whose_layers_reached_their_bound(tmp_path, warehouse, monkeypatch):
    monkeypatch.setattr(snapshot, "MAX_LAYERS", 2)
    ingest.ingest(warehouse, [write_lines(tmp_path / "r0.csv", REQUESTS_HEADER, "R0,passport,2018-03-01 10:00,75,online,C0")])
    layer_counts = []
    for i in range(1, 4):  # each import changes R0's department: a layer, a layer, then the fold
        line = f"R0,passport,2018-03-01 10:00,{10 + i},online,C0"
        assert ingest.ingest(warehouse, [write_lines(tmp_path / f"r{i}.csv", REQUESTS_HEADER, line)]).exit_code == 0
        layer_counts.append(len(snapshot._manifest(snapshot.current_version(warehouse))["tables"]["requests"]["layers"]))
        assert published_tables(warehouse)["requests"]["department"].to_list() == [str(10 + i)]
    assert layer_counts == [1, 2, 0]


def test_a_reader_spills_outside_the_working_folder_and_stops_at_its_bound(tmp_path, warehouse, monkeypatch):
    # A query larger than a reader's memory once filled the disk through `.tmp` in the repository
    # (DuckDB's default folder, under the working directory); it must spill to the system's
    # temporary folder, and fail at the bound rather than fill the disk.
    ingest.ingest(warehouse, [write_lines(tmp_path / "r.csv", REQUESTS_HEADER, "R0,passport,2018-03-01 10:00,75,online,C0")])
    working = tmp_path / "working"
    working.mkdir()
    monkeypatch.chdir(working)
    monkeypatch.setattr(warehouse_module, "READER_MEMORY_LIMIT", "64MB")
    spill = warehouse_module.reader_spill_folder()
    # About 175 MB of rows to sort: more than the reader's memory.
    big_sort = ("select count(*) from (select x from (select (i * 7919) % 40000003 || 'padding-to-make-rows-wide' as x "
                "from range(5000000) t(i)) order by x offset 1)")

    monkeypatch.setattr(warehouse_module, "READER_SPILL_LIMIT", "20GB")
    root = Warehouse(warehouse)._current_root()
    results, seen_spilling = [], []
    thread = threading.Thread(target=lambda: results.append(root.execute(big_sort).fetchall()))
    thread.start()
    while thread.is_alive():
        seen_spilling.append(spill.exists() and any(spill.iterdir()))
        time.sleep(0.02)
    thread.join()
    assert results == [[(4_999_999,)]]
    assert any(seen_spilling)
    assert list(working.iterdir()) == []

    monkeypatch.setattr(warehouse_module, "READER_SPILL_LIMIT", "1MB")
    with pytest.raises(duckdb.OutOfMemoryException, match="max_temp_directory_size"):
        Warehouse(warehouse)._current_root().execute(big_sort).fetchall()

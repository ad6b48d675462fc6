"""Uploads through the dashboard: checks before the import, the same import as the command line,
and readers that keep working while it runs."""

import threading

import polars as pl

from oncedone.app import uploads
from oncedone.store import ingest
from oncedone.store.warehouse import Warehouse
from tests.conftest import REQUESTS_HEADER, table, write_lines

MB = 2**20


def test_problems_are_found_before_any_import():
    found = uploads.problems(
        [("requests.csv", 10), ("notes.txt", 10), ("big.parquet", 3 * MB), ("C:\\exports\\requests.csv", 10), ("ok.CSV", 5)],
        max_bytes=2 * MB,
    )
    assert found == [  # in the order of the files, each name once
        uploads.Problem("same_name", "requests.csv"),  # a folder a browser sent is not part of the name
        uploads.Problem("extension", "notes.txt"),
        uploads.Problem("too_big", "big.parquet", 3.0),
    ]
    assert uploads.problems([], max_bytes=MB) == []


def test_an_upload_is_the_command_lines_import_under_the_files_own_names(tmp_path, warehouse):
    good = (REQUESTS_HEADER + "\nR1,passport,2018-03-01 10:00,75,online,C1\nR2,passport,someday,75,online,C2\n").encode()
    steps = []
    result = uploads.run(warehouse, [("exports/requests march.csv", good)], progress=lambda s, f: steps.append((s, f)))

    assert (result.status, result.file_names, result.unusable, result.error) == ("partly_loaded", ["requests march.csv"], None, None)
    assert result.outcome.exit_code == ingest.EXIT_QUARANTINED
    assert result.as_of.isoformat() == "2018-03-01T09:00:00+00:00"  # R1, 10:00 in Paris
    assert steps[:2] == [("open", None), ("read", "requests march.csv")] and steps[-1] == ("save", None)
    assert table(warehouse, "quarantine")["file_name"].to_list() == ["requests march.csv"]  # the file's own name
    assert table(warehouse, "import_log")["command"].to_list() == ["dashboard upload: requests march.csv"]
    assert uploads.file_rows(result).select("file_name", "rows_read", "rows_new", "rows_quarantined").rows() == [
        ("requests march.csv", 2, 1, 1),
    ]
    assert uploads.rejection_rows(result).select("reason", "row_count", "line_number", "column_name", "bad_value").rows() == [
        ("bad_timestamp", 1, 3, "submitted_at", "someday"),
    ]


def test_an_unusable_upload_changes_nothing(tmp_path, warehouse):
    ingest.ingest(warehouse, [write_lines(tmp_path / "r.csv", REQUESTS_HEADER, "R1,passport,2018-03-01 10:00,75,online,C1")])
    before = warehouse.read_bytes()
    result = uploads.run(warehouse, [("r2.csv", b"request_id,title_type\nR2,passport\n")])
    assert result.status == "refused"
    assert (result.unusable.file_name, result.unusable.code) == ("r2.csv", "missing_columns")
    assert result.outcome is None
    assert warehouse.read_bytes() == before


def big_requests(rows: int) -> bytes:
    ids = pl.int_range(0, rows, eager=True).cast(pl.String)
    return pl.DataFrame({
        "request_id": "B" + ids, "title_type": "passport", "submitted_at": "2018-03-01T10:00:00Z",
        "department": "75", "submission_channel": "online", "citizen_id": "C" + ids,
    }).write_csv().encode()


def test_readers_keep_working_during_an_upload_and_see_the_new_rows_after_it(tmp_path, warehouse):
    ingest.ingest(warehouse, [write_lines(tmp_path / "r.csv", REQUESTS_HEADER, "R0,passport,2018-03-01 10:00,75,online,C0")])
    reader = Warehouse(warehouse)  # one per process, shared by the sessions' threads, as the app does
    errors, seen_while_running, stop = [], [], threading.Event()

    job = uploads.start(warehouse, [("big.csv", big_requests(200_000))])

    def read_like_a_session():
        while not stop.is_set():
            try:
                count = reader.query("freshness")["requests_count"].item()
                reader.query("app/import_history", max_imports=5)
                if not job.done.is_set():
                    seen_while_running.append(count)
            except Exception as err:  # any error a viewer would see
                errors.append(err)

    threads = [threading.Thread(target=read_like_a_session) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        assert job.done.wait(timeout=300)
    finally:
        stop.set()
        for thread in threads:
            thread.join()

    assert errors == []
    assert job.result.status == "loaded", job.result.error
    assert seen_while_running and set(seen_while_running) <= {1, 200_001}  # the old data, or the new, never a half
    assert 1 in seen_while_running  # readers were served during the import, not blocked until its end
    assert reader.query("freshness")["requests_count"].item() == 200_001  # the new rows, once it is done
    assert reader.query("app/import_history", max_imports=5)["file_names"].to_list() == ["big.csv", "r.csv"]

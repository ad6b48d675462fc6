"""The streaming read: a well-formed file is read by DuckDB from disk, never whole in Python, and its
line numbers are the file's even when DuckDB reads it in parallel chunks."""

import pytest

from oncedone.store import ingest
from tests.conftest import EVENTS_HEADER, REQUESTS_HEADER, table, write_lines

ROWS = 300_000  # about 15 MB: many of DuckDB's parallel CSV buffers


def good(i: int) -> str:
    return f"R{i},passport,2018-03-01 10:00,75,online,C{i}"


@pytest.fixture
def no_exact_reader(monkeypatch):
    """Fail the test if the in-memory reader (the malformed files' path) is used."""
    def refuse(path):
        raise AssertionError(f"{path.name} was read whole in memory")
    monkeypatch.setattr(ingest, "_read_csv", refuse)


def test_a_large_file_is_streamed_and_its_bad_rows_keep_their_line_numbers(tmp_path, warehouse, no_exact_reader):
    bad_lines = {7: "not a date", 123_457: "soon", ROWS: "2018-02-30 10:00"}  # line 1 is the header
    rows = []
    for line in range(2, ROWS + 2):
        i = line - 2
        rows.append(good(i) if line not in bad_lines else f"R{i},passport,{bad_lines[line]},75,online,C{i}")
    outcome = ingest.ingest(warehouse, [write_lines(tmp_path / "requests.csv", REQUESTS_HEADER, *rows)])
    assert outcome.files[0].rows_read == ROWS
    assert outcome.files[0].rows_quarantined == len(bad_lines)
    quarantined = table(warehouse, "quarantine").sort("line_number")
    assert quarantined["line_number"].to_list() == sorted(bad_lines)
    # Each quarantined row is the one written on that line: its id says which (R<line - 2>).
    assert quarantined["record_key"].to_list() == [f"R{line - 2}" for line in sorted(bad_lines)]
    assert table(warehouse, "requests").height == ROWS - len(bad_lines)


def test_a_windows_1252_file_is_transcoded_in_a_stream(tmp_path, warehouse, no_exact_reader):
    rows = [good(i) for i in range(1000)] + ["R1000,passport,2018-03-01 10:00,2A,online,Cœur€"]
    path = write_lines(tmp_path / "requests.csv", REQUESTS_HEADER, *rows, encoding="cp1252")
    assert b"\x9c" in path.read_bytes()  # œ in Windows-1252: not UTF-8
    outcome = ingest.ingest(warehouse, [path])
    assert outcome.exit_code == 0 and outcome.files[0].rows_new == 1001
    stored = table(warehouse, "requests").filter(request_id="R1000")
    assert stored["citizen_id"].to_list() == ["Cœur€"]


def test_a_malformed_line_sends_the_file_to_the_exact_reader_which_names_it(tmp_path, warehouse):
    rows = [good(i) for i in range(50)] + ["R50,passport,2018-03-01 10:00,75,online,C50,extra"]
    outcome = ingest.ingest(warehouse, [write_lines(tmp_path / "requests.csv", REQUESTS_HEADER, *rows)])
    assert outcome.files[0].rows_new == 50
    quarantined = table(warehouse, "quarantine")
    assert quarantined["line_number"].to_list() == [52] and quarantined["reason"].to_list() == ["wrong_field_count"]


def test_events_checked_a_part_of_the_requests_at_a_time_give_the_same_outcome(tmp_path, monkeypatch):
    # Ten requests; the events: valid ones, an empty request_id (line 4), an unknown request
    # (line 5), one before its submission (line 6) and a bad instant (line 7).
    requests = [good(i) for i in range(10)]
    events = [*(f"R{i},in_review,2018-03-02 10:00" for i in range(2)), ",in_review,2018-03-02 10:00",
              "R99,in_review,2018-03-02 10:00", "R3,in_review,2018-02-01 10:00", "R4,in_review,someday",
              *(f"R{i},delivered,2018-03-09 10:00" for i in range(10))]
    parts = []
    counted = ingest._check_part_count
    monkeypatch.setattr(ingest, "_check_part_count", lambda n: parts.append(counted(n)) or parts[-1])

    def imported(name: str) -> tuple[list, list]:
        path = tmp_path / f"{name}.duckdb"
        ingest.ingest(path, [write_lines(tmp_path / "requests.csv", REQUESTS_HEADER, *requests),
                             write_lines(tmp_path / "request_events.csv", EVENTS_HEADER, *events)])
        quarantined = table(path, "quarantine").sort("line_number").select("line_number", "reason", "detail").rows()
        return quarantined, table(path, "request_events").sort("request_id", "occurred_at").rows()

    whole = imported("whole")
    monkeypatch.setattr(ingest, "CHECK_BYTES_PER_REQUEST", ingest.warehouse.memory_bytes(ingest.warehouse.WRITER_MEMORY_LIMIT) // 3)
    in_parts = imported("in_parts")
    assert parts == [1, 4]  # 10 requests, 3 a part: 4 parts
    assert [line for line, _, _ in whole[0]] == [4, 5, 6, 7]
    assert in_parts == whole and len(whole[1]) == 2 + 10  # R0, R1 reviewed; all ten delivered


def test_a_small_events_file_is_checked_in_one_part_however_many_requests_are_stored(tmp_path, monkeypatch):
    # Parts of 3 request ids; ten stored requests, then a nightly file of two events (one of them
    # for an unknown application): its two rows, not the ten requests, size the check.
    parts = []
    counted = ingest._check_part_count
    monkeypatch.setattr(ingest, "_check_part_count", lambda n: parts.append(counted(n)) or parts[-1])
    monkeypatch.setattr(ingest, "CHECK_BYTES_PER_REQUEST", ingest.warehouse.memory_bytes(ingest.warehouse.WRITER_MEMORY_LIMIT) // 3)
    path = tmp_path / "warehouse.duckdb"
    ingest.ingest(path, [write_lines(tmp_path / "requests.csv", REQUESTS_HEADER, *(good(i) for i in range(10)))])
    outcome = ingest.ingest(path, [write_lines(tmp_path / "request_events.csv", EVENTS_HEADER,
                                               "R7,in_review,2018-03-02 10:00", "R99,in_review,2018-03-02 10:00")])
    assert parts == [1]
    assert table(path, "request_events")["request_id"].to_list() == ["R7"]
    assert table(path, "quarantine").select("line_number", "reason").rows() == [(3, "unknown_request")]
    assert next(f for f in outcome.files if f.kind == "request_events").rows_new == 1


@pytest.mark.parametrize("rows_a_part", [1_000_000, 3])
@pytest.mark.parametrize("copied", [1, 5, 8])
def test_identical_copies_in_a_first_import_are_found_in_any_part_of_the_hashes(tmp_path, monkeypatch, rows_a_part, copied):
    # Twelve valid events, one delivery twice: one record. Counted in one part, or 3 hashes a part
    # (4 parts: the copies fall in one of them, not always the first).
    monkeypatch.setattr(ingest, "HASH_BYTES_PER_ROW", ingest.warehouse.memory_bytes(ingest.warehouse.WRITER_MEMORY_LIMIT) // rows_a_part)
    events = [*(f"R{i},delivered,2018-03-09 10:00" for i in range(10)), f"R{copied},delivered,2018-03-09 10:00", "R6,in_review,2018-03-02 10:00"]
    path = tmp_path / "warehouse.duckdb"
    outcome = ingest.ingest(path, [write_lines(tmp_path / "requests.csv", REQUESTS_HEADER, *(good(i) for i in range(10))),
                                   write_lines(tmp_path / "request_events.csv", EVENTS_HEADER, *events)])
    assert outcome.exit_code == 0
    assert table(path, "request_events").height == 11  # ten deliveries and R6's review
    assert next(f for f in outcome.files if f.kind == "request_events").rows_new == 11

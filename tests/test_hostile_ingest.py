"""Hostile input at the import (issue 14): each bad value is a quarantined row with its reason, each
bad file one sentence and exit 2, and no import leaves a value that takes a page down."""

import json
import os
import re
import subprocess
import sys

import duckdb
import polars as pl
import pytest

from oncedone.store import ingest
from oncedone.store import warehouse as warehouse_module
from tests.conftest import CONTACTS_HEADER, EVENTS_HEADER, REPO, REQUESTS_HEADER, cli, table, write_lines

GOOD_REQUEST = "R1,passport,2018-03-01T10:00:00+01:00,75,online,C1"
GOOD_CONTACT = "K1,phone,2018-03-05 09:00,2018-03-05 09:01,resolved,status_inquiry,C1,R1,N1,A1,120,4"


def contact(**values) -> str:
    """A good contact line with some values replaced."""
    row = dict(zip(CONTACTS_HEADER.split(","), GOOD_CONTACT.split(",")))
    row.update({"contact_id": "K9", **values})
    return ",".join(row.values())


# (kind, bad line, reason): each among good lines, which must still load.
BAD_VALUES = [
    # Defect 1: past year 9999 in UTC, though valid ISO.
    ("contacts", contact(received_at="9999-12-31T23:59:59-05:00", answered_at=""), "implausible_instant"),
    ("contacts", contact(received_at="99999-01-01T00:00:00Z", answered_at=""), "bad_timestamp"),  # ISO years have 4 digits
    # Defect 2: before 2000, or more than a day after the import, in every timestamp column.
    ("contacts", contact(received_at="2099-01-01 10:00", answered_at=""), "implausible_instant"),
    ("contacts", contact(received_at="1999-12-31 23:59", answered_at=""), "implausible_instant"),
    ("contacts", contact(answered_at="2090-01-01 10:00"), "implausible_instant"),
    ("requests", "R9,passport,0001-01-01 10:00,75,online,C9", "implausible_instant"),
    ("requests", "R9,passport,2038-01-19 10:00,75,online,C9", "implausible_instant"),
    ("request_events", "R1,delivered,2099-01-01 10:00", "implausible_instant"),
    # Defect 3: year 99999 in requests and events aborted the import.
    ("requests", "R9,passport,99999-01-01T00:00:00Z,75,online,C9", "bad_timestamp"),
    ("request_events", "R1,delivered,99999-01-01T00:00:00Z", "bad_timestamp"),
    ("request_events", "R1,delivered,9999-12-31T23:59:59-05:00", "implausible_instant"),
    # Offsets beyond ±14:00 and zone names where an offset is expected.
    ("contacts", contact(received_at="2018-03-05T09:00:00+25:00", answered_at=""), "bad_timestamp"),
    ("contacts", contact(received_at="2018-03-05T09:00:00+14:30", answered_at=""), "bad_timestamp"),
    ("contacts", contact(received_at="2018-03-05 09:00:00 Europe/Paris", answered_at=""), "bad_timestamp"),
    ("requests", "R9,passport,2018-03-01 10:00 America/Port-au-Prince,75,online,C9", "bad_timestamp"),
    ("request_events", "R1,in_review,2018-03-02 10:00 BC", "bad_timestamp"),
    # Defect 7: no silent rounding of integers; handle_seconds 0-86 400.
    ("contacts", contact(csat="3.5"), "csat_out_of_range"),
    ("contacts", contact(csat="4e0"), "csat_out_of_range"),
    ("contacts", contact(csat="0x3"), "csat_out_of_range"),
    ("contacts", contact(csat="1_000"), "csat_out_of_range"),
    ("contacts", contact(handle_seconds="2.5"), "bad_number"),
    ("contacts", contact(handle_seconds="1e12"), "bad_number"),
    ("contacts", contact(handle_seconds="1_000"), "bad_number"),
    ("contacts", contact(handle_seconds="86401"), "bad_number"),
    ("contacts", contact(handle_seconds="99999999999999999999999"), "bad_number"),
    # Length limits: 64 characters in an id, 200 in team.
    ("contacts", contact(team="x" * 201), "too_long"),
    ("contacts", contact(agent_id="a" * 65), "too_long"),
    ("contacts", contact(citizen_id="é" * 65), "too_long"),
    ("requests", "R" + "9" * 64 + ",passport,2018-03-01 10:00,75,online,C9", "too_long"),
    ("request_events", "R" + "1" * 64 + ",in_review,2018-03-02 10:00", "too_long"),
]
HEADERS = {"requests": REQUESTS_HEADER, "request_events": EVENTS_HEADER, "contacts": CONTACTS_HEADER}
GOOD_ROWS = {
    "requests": "R2,id_card,2018-03-02 09:00,2A,assisted,C2",
    "request_events": "R1,in_review,2018-03-02 10:00",
    "contacts": GOOD_CONTACT,
}


@pytest.mark.parametrize(("kind", "bad_row", "reason"), BAD_VALUES)
def test_each_hostile_value_is_a_quarantined_row_and_the_good_rows_load(tmp_path, warehouse, kind, bad_row, reason):
    base = write_lines(tmp_path / "base_requests.csv", REQUESTS_HEADER, GOOD_REQUEST)
    assert ingest.ingest(warehouse, [base]).exit_code == 0
    export = write_lines(tmp_path / f"{kind}.csv", HEADERS[kind], GOOD_ROWS[kind], bad_row)

    outcome = ingest.ingest(warehouse, [export])

    assert outcome.exit_code == ingest.EXIT_QUARANTINED, ingest.summary(outcome, warehouse)
    [row] = table(warehouse, "quarantine").rows(named=True)
    assert (row["line_number"], row["reason"]) == (3, reason)
    assert list(json.loads(row["row_json"]).values()) == pl.Series(bad_row.split(",")).replace("", None).to_list()
    assert len(row["detail"]) < 400  # a long value is quoted cut, the row stays whole


def test_integers_in_plain_notation_still_load_exactly(tmp_path, warehouse):
    export = write_lines(
        tmp_path / "contacts.csv", CONTACTS_HEADER, contact(csat="5", handle_seconds="0"),
        contact(contact_id="K8", csat="1", handle_seconds="86400"), contact(contact_id="K7", csat=" 3 ", handle_seconds="007"),
    )
    assert ingest.ingest(warehouse, [export]).exit_code == 0
    stored = table(warehouse, "contacts").select("contact_id", "handle_seconds", "csat").rows()
    assert stored == [("K7", 7, 3), ("K8", 86400, 1), ("K9", 0, 5)]


def test_instants_within_the_plausible_range_and_offsets_load(tmp_path, warehouse):
    export = write_lines(
        tmp_path / "requests.csv", REQUESTS_HEADER,
        "R1,passport,2000-01-01T00:00:00+01:00,75,online,C1",  # the first plausible instant
        "R2,passport,2018-03-01T10:00:00+14:00,75,online,C1",
        "R3,passport,2018-03-01T10:00:00-1200,75,online,C1",
        "R4,passport,2018-03-01T10:00:00.25Z,75,online,C1",
        "R5,passport,01/03/2018 10:00,75,online,C1",
    )
    assert ingest.ingest(warehouse, [export]).exit_code == 0
    con = duckdb.connect(str(warehouse), read_only=True)
    stored = con.sql("select request_id, strftime(submitted_at at time zone 'UTC', '%Y-%m-%d %H:%M:%S.%f') from requests order by 1").fetchall()
    con.close()
    assert stored == [
        ("R1", "1999-12-31 23:00:00.000000"),
        ("R2", "2018-02-28 20:00:00.000000"),
        ("R3", "2018-03-01 22:00:00.000000"),
        ("R4", "2018-03-01 10:00:00.250000"),
        ("R5", "2018-03-01 09:00:00.000000"),  # Paris winter time, UTC+1
    ]


def test_pages_and_report_survive_a_contact_past_year_9999(tmp_path, warehouse):
    """Defect 1: the contact is quarantined, so as_of and every bound come from real data."""
    requests = write_lines(tmp_path / "requests.csv", REQUESTS_HEADER, GOOD_REQUEST)
    contacts = write_lines(tmp_path / "contacts.csv", CONTACTS_HEADER, GOOD_CONTACT,
                           contact(received_at="9999-12-31T23:59:59-05:00", answered_at=""))
    assert cli("ingest", "--warehouse", str(warehouse), str(requests), str(contacts)).returncode == 3
    report = cli("report", "--warehouse", str(warehouse), "--from", "2018-03-01", "--to", "2018-03-31")
    assert report.returncode == 0, report.stderr
    assert json.loads(report.stdout)["as_of"].startswith("2018-03-05")


def test_a_line_with_more_fields_than_the_header_is_a_quarantined_row(tmp_path, warehouse):
    export = write_lines(tmp_path / "requests.csv", REQUESTS_HEADER, GOOD_REQUEST,
                         "R2,passport,2018-03-01 10:00,75,online,C2,surplus,more", "R3,id_card,2018-03-02 10:00,,,")
    result = cli("ingest", "--warehouse", str(warehouse), str(export))
    assert result.returncode == 3, result.stdout + result.stderr
    assert table(warehouse, "requests")["request_id"].to_list() == ["R1", "R3"]
    [row] = table(warehouse, "quarantine").rows(named=True)
    assert (row["line_number"], row["reason"]) == (3, "wrong_field_count")
    assert "8 fields, the header has 6" in row["detail"] and "surplus,more" in row["detail"]


def test_a_file_where_most_lines_have_too_many_fields_is_unusable(tmp_path, warehouse):
    export = write_lines(tmp_path / "requests.csv", REQUESTS_HEADER, GOOD_REQUEST + ",x", "R2,passport,2018-03-01 10:00,75,online,C2,y")
    result = cli("ingest", "--warehouse", str(warehouse), str(export))
    assert result.returncode == 2
    assert result.stderr.strip() == "Nothing imported: requests.csv: line 2 has 7 fields, the header has 6."


def unusable(tmp_path, name: str, data: bytes | None = None) -> str:
    path = tmp_path / name
    if data is None:
        path.mkdir()
    else:
        path.write_bytes(data)
    result = cli("ingest", "--warehouse", str(tmp_path / "w.duckdb"), str(path))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "w.duckdb").exists()
    return result.stderr.strip()


def test_unusable_files_are_said_in_our_own_words(tmp_path):
    text = (REQUESTS_HEADER + "\n" + GOOD_REQUEST + "\n")
    assert unusable(tmp_path, "utf16.csv", text.encode("utf-16")) == (
        "Nothing imported: utf16.csv: is UTF-16 or UTF-32 text; save it as UTF-8 (or Windows-1252) and import it again.")
    assert "UTF-16 or UTF-32" in unusable(tmp_path, "utf32.csv", text.encode("utf-32"))
    assert "UTF-16 or UTF-32" in unusable(tmp_path, "utf16le.csv", text.encode("utf-16-le"))
    assert unusable(tmp_path, "folder.csv") == "Nothing imported: folder.csv: is a folder, not a file."
    assert "carriage return alone" in unusable(tmp_path, "cr.csv", (text + GOOD_REQUEST + "\n").replace("\n", "\r").encode())
    said = unusable(tmp_path, "unclosed.csv", (REQUESTS_HEADER + '\nR1,passport,"2018-03-01 10:00,75,online,C1\nR2,id_card,2018-03-01 10:00,,,\n').encode())
    assert "quote" in said and "universal" not in said
    said = unusable(tmp_path, "stray.csv", (REQUESTS_HEADER + '\nR1,pass"port,2018-03-01 10:00,75,online,C1\n').encode())
    assert "expected 0 rows" not in said and "stray.csv:" in said
    assert "not a readable Parquet file" in unusable(tmp_path, "cut.parquet", b"PAR1" + os.urandom(200))
    # A line with a field too many sends the file to Python's csv reader, which has a field limit.
    lines = [REQUESTS_HEADER, GOOD_REQUEST, GOOD_REQUEST.replace("R1", "R2") + ",extra", "R3,passport,2018-03-01 10:00,75,online," + "C" * 300_000]
    said = unusable(tmp_path, "long_value.csv", "\n".join(lines).encode() + b"\n")
    assert said == "Nothing imported: long_value.csv: line 4 holds a value longer than the 131072 characters a CSV value may have."


def test_parquet_with_two_spellings_of_one_column_is_unusable_in_one_sentence(tmp_path, warehouse):
    path = tmp_path / "requests.parquet"
    pl.DataFrame({"request_id": ["R1"], "Request_ID": ["R2"], "title_type": ["passport"],
                  "submitted_at": ["2018-03-01 10:00"]}).write_parquet(path)
    result = cli("ingest", "--warehouse", str(warehouse), str(path))
    assert result.returncode == 2
    assert result.stderr.strip() == "Nothing imported: requests.parquet: column request_id appears twice in the header."


def test_the_same_id_given_differently_by_two_files_of_one_import_loads_neither(tmp_path, warehouse):
    first = write_lines(tmp_path / "requests_a.csv", REQUESTS_HEADER, GOOD_REQUEST, "R2,id_card,2018-03-02 09:00,2A,,")
    # R1 again with another department; R2 again, the same instant written another way: no conflict.
    second = write_lines(tmp_path / "requests_b.csv", REQUESTS_HEADER, "R1,passport,2018-03-01T10:00:00+01:00,13,online,C1",
                         "R2,id_card,02/03/2018 09:00,2A,,", "R3,passport,2018-03-03 09:00,,,")
    outcome = ingest.ingest(warehouse, [first, second])
    assert outcome.exit_code == 3
    assert table(warehouse, "requests")["request_id"].to_list() == ["R2", "R3"]
    stored = table(warehouse, "quarantine").select("file_name", "line_number", "reason").rows()
    assert stored == [("requests_a.csv", 2, "conflicting_files"), ("requests_b.csv", 2, "conflicting_files")]


def test_contacts_differing_across_two_files_are_quarantined_both(tmp_path, warehouse):
    first = write_lines(tmp_path / "c1.csv", CONTACTS_HEADER, GOOD_CONTACT)
    second = write_lines(tmp_path / "c2.csv", CONTACTS_HEADER, GOOD_CONTACT.replace(",120,4", ",120,5"))
    assert ingest.ingest(warehouse, [first, second]).exit_code == 3
    assert table(warehouse, "contacts").is_empty()
    assert sorted(table(warehouse, "quarantine")["file_name"]) == ["c1.csv", "c2.csv"]


def test_a_full_disk_exits_2_with_one_plain_sentence_and_the_warehouse_unchanged(tmp_path):
    disk = tmp_path / "small_disk"
    disk.mkdir()
    # More than the disk holds (an import writes only what it adds, so a tiny file would fit).
    rows = [f"R{i},passport,2018-03-01 10:00,75,online,C{i}" for i in range(20_000)]
    requests = write_lines(tmp_path / "requests.csv", REQUESTS_HEADER, *rows)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(disk)], capture_output=True)
    assert mounted.returncode == 0, "the test needs root to mount a 600 KB tmpfs: " + mounted.stderr.decode()
    try:
        result = cli("ingest", "--warehouse", str(disk / "w.duckdb"), str(requests))
        assert result.returncode == 2, result.stdout + result.stderr
        assert result.stderr.strip() == (
            f"Nothing imported: the disk holding {disk} is full; the warehouse is unchanged (free some space, then import again).")
        assert sorted(p.name for p in disk.iterdir()) == ["w.duckdb.lock"]  # no warehouse, no leftover copy
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_an_import_through_a_symlink_updates_the_real_file_and_keeps_the_link(tmp_path):
    real = tmp_path / "real" / "warehouse.duckdb"
    real.parent.mkdir()
    link = tmp_path / "warehouse.duckdb"
    first = write_lines(tmp_path / "a.csv", REQUESTS_HEADER, GOOD_REQUEST)
    assert ingest.ingest(real, [first]).exit_code == 0
    link.symlink_to(real)
    second = write_lines(tmp_path / "b.csv", REQUESTS_HEADER, "R2,id_card,2018-03-02 09:00,,,")
    assert ingest.ingest(link, [second]).exit_code == 0
    assert link.is_symlink()
    assert table(real, "requests")["request_id"].to_list() == ["R1", "R2"]


def test_leftover_copies_of_killed_imports_are_removed_but_not_a_running_ones(tmp_path, warehouse):
    assert ingest.ingest(warehouse, [write_lines(tmp_path / "a.csv", REQUESTS_HEADER, GOOD_REQUEST)]).exit_code == 0
    leftover = tmp_path / f".{warehouse.name}.999999.building"
    leftover.write_bytes(b"x" * 1000)
    (tmp_path / f".{warehouse.name}.999999.building.wal").write_bytes(b"x")
    with warehouse_module.import_lock(warehouse):  # an import running now: its copy stays
        assert warehouse_module.clean_leftovers(warehouse) == []
    assert leftover.exists()
    removed = warehouse_module.clean_leftovers(warehouse)
    assert sorted(p.name for p in removed) == [leftover.name, leftover.name + ".wal"]
    assert not leftover.exists()


def test_an_import_out_of_memory_exits_2_with_one_sentence(tmp_path, warehouse):
    requests = write_lines(tmp_path / "requests.csv", REQUESTS_HEADER, GOOD_REQUEST)
    result = subprocess.run(
        [sys.executable, "-m", "oncedone", "ingest", "--warehouse", str(warehouse), str(requests)],
        cwd=REPO, capture_output=True, text=True, env={**os.environ, "ONCEDONE_WRITER_MEMORY": "2MB"},
    )
    assert result.returncode == 2
    # The sentence names the step that ran out (with 2 MB, one of the first: which one is DuckDB's affair).
    assert re.fullmatch(r"Nothing imported: the import ran out of memory \((read|check|quarantine|merge) requests(\.csv)?\); "
                        r"the warehouse is unchanged \(import the files in smaller parts\)\.", result.stderr.strip())
    assert not warehouse.exists()

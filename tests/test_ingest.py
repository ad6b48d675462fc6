"""The import, through the real code path on small hand-written files."""

import duckdb
import polars as pl
import pytest

from oncedone.store import ingest
from tests.conftest import CONTACTS_HEADER, EVENTS_HEADER, REQUESTS_HEADER, cli, table, write_lines
from oncedone.access import EVERYTHING

GOOD_REQUEST = "R1,passport,2018-03-01T10:00:00+01:00,75,online,C1"


def test_clean_files_load_whole_and_exit_0(tmp_path, warehouse):
    requests = write_lines(tmp_path / "requests.csv", REQUESTS_HEADER, GOOD_REQUEST, "R2,id_card,2018-03-02T09:00:00Z,,,")
    events = write_lines(tmp_path / "events.csv", EVENTS_HEADER, "R1,submitted,2018-03-01T10:00:00+01:00", "R1,delivered,2018-03-10T10:00:00+01:00")
    contacts = write_lines(
        tmp_path / "contacts.csv", CONTACTS_HEADER, "K1,phone,2018-03-05T09:00:00Z,2018-03-05T09:01:00Z,resolved,status_inquiry,C1,R1,N1,A1,120,5"
    )
    result = cli("ingest", "--warehouse", str(warehouse), str(contacts), str(events), str(requests))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "every row loaded" in result.stdout
    assert table(warehouse, "requests")["request_id"].to_list() == ["R1", "R2"]
    assert table(warehouse, "request_events").height == 2  # events loaded although given before requests
    assert table(warehouse, "contacts")["request_id"].to_list() == ["R1"]


# One bad row per kind of the contract, among good rows that must still load.
BAD_ROWS = [
    ("requests", "R9,passport,,75,online,C9", "missing_value", "submitted_at is empty"),
    ("requests", ",passport,2018-03-01 10:00,75,online,C9", "missing_value", "request_id is empty"),
    ("requests", "R9,passport,2018-02-30 10:00,75,online,C9", "bad_timestamp", 'submitted_at "2018-02-30 10:00" is not a timestamp'),
    ("requests", "R9,passport,2018-03-01,75,online,C9", "bad_timestamp", 'submitted_at "2018-03-01" is not a timestamp'),
    ("requests", "R9,boat_licence,2018-03-01 10:00,75,online,C9", "unknown_value", 'title_type "boat_licence"'),
    ("requests", "R9,passport,2018-03-01 10:00,99,online,C9", "unknown_value", 'department "99"'),
    ("requests", "R9,passport,2018-03-01 10:00,75,by_pigeon,C9", "unknown_value", 'submission_channel "by_pigeon"'),
    ("request_events", "R1,lost,2018-03-02 10:00", "unknown_value", 'status "lost"'),
    ("request_events", "R1,in_review,2018-03-01 09:59", "before_submission", "before the application's submitted_at"),
    ("request_events", "R404,in_review,2018-03-02 10:00", "unknown_request", 'request_id "R404" is not a known application'),
    ("request_events", "R1,in_review,", "missing_value", "occurred_at is empty"),
    ("contacts", "K9,fax,2018-03-05 09:00,,resolved,other,C1,,,,,", "unknown_value", 'channel "fax"'),
    ("contacts", "K9,phone,2018-03-05 09:00,,solved,other,C1,,,,,", "unknown_value", 'outcome "solved"'),
    ("contacts", "K9,phone,2018-03-05 09:00,,resolved,weather,C1,,,,,", "unknown_value", 'reason "weather"'),
    ("contacts", "K9,phone,2018-03-05 09:00,,resolved,other,C1,,,,,6", "csat_out_of_range", 'csat "6"'),
    ("contacts", "K9,phone,2018-03-05 09:00,,resolved,other,C1,,,,,0", "csat_out_of_range", 'csat "0"'),
    ("contacts", "K9,phone,2018-03-05 09:00,,resolved,other,C1,,,,twelve,", "bad_number", 'handle_seconds "twelve"'),
    ("contacts", "K9,phone,2018-03-05 09:00,2018-03-05 08:59,resolved,other,C1,,,,,", "answered_before_received", "answered_at 2018-03-05 08:59 is before"),
    ("contacts", "K9,phone,yesterday,,resolved,other,C1,,,,,", "bad_timestamp", 'received_at "yesterday"'),
    ("contacts", "K9,phone,2018-03-05 09:00,,resolved,,C1,,,,,", "missing_value", "reason is empty"),
]
HEADERS = {"requests": REQUESTS_HEADER, "request_events": EVENTS_HEADER, "contacts": CONTACTS_HEADER}
GOOD_ROWS = {
    "requests": "R2,id_card,2018-03-02 09:00,2A,assisted,C2",
    "request_events": "R1,in_review,2018-03-02 10:00",
    "contacts": "K1,phone,2018-03-05 09:00,2018-03-05 09:01,resolved,status_inquiry,C1,R1,N1,A1,120,4",
}


@pytest.mark.parametrize(("kind", "bad_row", "reason", "detail"), BAD_ROWS)
def test_each_bad_row_is_quarantined_whole_with_file_line_and_reason(tmp_path, warehouse, kind, bad_row, reason, detail):
    base = write_lines(tmp_path / "base_requests.csv", REQUESTS_HEADER, GOOD_REQUEST)
    assert ingest.ingest(warehouse, [base]).exit_code == 0
    export = write_lines(tmp_path / f"{kind}.csv", HEADERS[kind], GOOD_ROWS[kind], bad_row)

    outcome = ingest.ingest(warehouse, [export])

    assert outcome.exit_code == ingest.EXIT_QUARANTINED
    [file] = outcome.files
    assert (file.rows_read, file.rows_new, file.rows_quarantined) == (2, 1, 1)  # the good row loaded
    assert [r["reason"] for r in file.rejections] == [reason]
    quarantined = table(warehouse, "quarantine").row(0, named=True)
    assert (quarantined["file_name"], quarantined["line_number"], quarantined["reason"]) == (f"{kind}.csv", 3, reason)
    assert detail in quarantined["detail"]
    # The column and value, kept apart so the dashboard can say it in French.
    assert quarantined["detail"].startswith(quarantined["column_name"])
    assert quarantined["bad_value"] is None or quarantined["bad_value"] in quarantined["detail"]
    kept = pl.Series(bad_row.split(",")).replace("", None).to_list()  # the row, whole, as written
    assert list(__import__("json").loads(quarantined["row_json"]).values()) == kept


def test_same_id_twice_with_different_content_refuses_both_and_identical_copies_count_once(tmp_path, warehouse):
    export = write_lines(
        tmp_path / "requests.csv", REQUESTS_HEADER,
        "R1,passport,2018-03-01 10:00,75,online,C1",
        "R1,passport,2018-03-01 10:00,75,online,C1",  # identical copy: one application
        "R2,passport,2018-03-01 10:00,75,online,C2",
        "R2,passport,2018-03-09 10:00,75,online,C2",  # which one is right? neither is loaded
    )
    outcome = ingest.ingest(warehouse, [export])
    [file] = outcome.files
    assert (file.rows_new, file.rows_unchanged, file.rows_quarantined) == (1, 1, 2)
    assert table(warehouse, "quarantine")["line_number"].to_list() == [4, 5]
    assert set(table(warehouse, "quarantine")["reason"]) == {"conflicting_duplicate"}


def test_unusable_file_loads_nothing_at_all_and_exits_2(tmp_path, warehouse):
    good = write_lines(tmp_path / "requests.csv", REQUESTS_HEADER, GOOD_REQUEST)
    no_date = write_lines(tmp_path / "contacts.csv", "contact_id,channel,outcome,reason", "K1,phone,resolved,other")
    result = cli("ingest", "--warehouse", str(warehouse), str(good), str(no_date))
    assert result.returncode == 2
    assert "contacts.csv: a contacts file needs the column(s) received_at" in result.stderr
    assert not warehouse.exists()  # not even the good file


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"name,age\nBob,3\n", "unknown kind of file"),
        (b"", "the file is empty"),
        (REQUESTS_HEADER.encode() + b"\nR1,passport,2018-03-01 10:00,75,online,C1,surplus\n", "line 2 has 7 fields, the header has 6"),
        (b"request_id,request_id,title_type,submitted_at\n", "column request_id appears twice"),
    ],
)
def test_unusable_files_are_named_with_their_problem(tmp_path, warehouse, content, problem):
    before = write_lines(tmp_path / "first.csv", REQUESTS_HEADER, GOOD_REQUEST)
    ingest.ingest(warehouse, [before])
    snapshot = warehouse.read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    with pytest.raises(ingest.UnusableFile, match=problem) as err:
        ingest.ingest(warehouse, [bad])
    assert str(err.value).startswith("bad.csv: ")
    assert warehouse.read_bytes() == snapshot


def test_french_export_gives_the_same_warehouse_as_the_canonical_csv(tmp_path):
    canonical = [
        write_lines(tmp_path / "requests.csv", REQUESTS_HEADER,
                    "00123,passport,2018-03-01T10:00:00+01:00,01,online,C1",
                    "R2,vehicle_registration,2018-07-02T09:30:00+02:00,2A,professional,C2"),
        write_lines(tmp_path / "events.csv", EVENTS_HEADER,
                    "00123,submitted,2018-03-01T10:00:00+01:00", "00123,in_review,2018-03-05T14:00:00+01:00"),
        write_lines(tmp_path / "contacts.csv", CONTACTS_HEADER,
                    "K1,phone,2018-03-05T09:00:00+01:00,2018-03-05T09:02:30+01:00,resolved,status_inquiry,C1,00123,Équipe N1,A1,150,5"),
    ]
    # A French spreadsheet's export: `;`, Windows-1252 with CRLF line ends, dd/mm/yyyy, shuffled columns,
    # capitals and spaces, a department that lost its leading zero, an extra column.
    french = [
        write_lines(tmp_path / "demandes.csv",
                    "citizen_id;submission_channel;department;submitted_at;title_type;request_id;commentaire",
                    "C1; ONLINE ;1;01/03/2018 10:00;Passport ;00123;reçu",
                    "C2;Professional;2a;02/07/2018 09:30:00; VEHICLE_REGISTRATION;R2;", encoding="cp1252", newline="\r\n"),
        write_lines(tmp_path / "evenements.csv", "occurred_at;request_id;status",
                    "01/03/2018 10:00;00123;SUBMITTED", "05/03/2018 14:00;00123; In_Review", encoding="cp1252", newline="\r\n"),
        write_lines(tmp_path / "contacts_fr.csv",
                    "csat;handle_seconds;agent_id;team;request_id;citizen_id;reason;outcome;answered_at;received_at;channel;contact_id",
                    "5;150;A1;Équipe N1;00123;C1;STATUS_INQUIRY;Resolved;05/03/2018 09:02:30;05/03/2018 09:00;Phone;K1",
                    encoding="cp1252", newline="\r\n"),
    ]
    outcomes = [ingest.ingest(tmp_path / "canonical.duckdb", canonical), ingest.ingest(tmp_path / "french.duckdb", french)]
    assert [o.exit_code for o in outcomes] == [0, 0]
    assert outcomes[1].files[0].ignored_columns == ["commentaire"]
    for name in ("requests", "request_events", "contacts"):
        assert table(tmp_path / "french.duckdb", name).equals(table(tmp_path / "canonical.duckdb", name)), name
    assert table(tmp_path / "french.duckdb", "requests")["request_id"].to_list() == ["00123", "R2"]  # ids stay text
    assert table(tmp_path / "french.duckdb", "contacts")["team"].to_list() == ["Équipe N1"]


def test_utf8_with_bom_is_read_like_without(tmp_path):
    plain = write_lines(tmp_path / "plain.csv", REQUESTS_HEADER, "R1,passport,2018-03-01 10:00,75,online,Cé")
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + plain.read_bytes())
    ingest.ingest(tmp_path / "a.duckdb", [plain])
    ingest.ingest(tmp_path / "b.duckdb", [bom])
    assert table(tmp_path / "b.duckdb", "requests").equals(table(tmp_path / "a.duckdb", "requests"))


def test_parquet_loads_like_csv_typed_or_text(tmp_path):
    csv_file = write_lines(tmp_path / "requests.csv", REQUESTS_HEADER,
                           "R1,passport,2018-03-01T09:00:00Z,75,online,C1", "R2,id_card,2018-07-01 12:00,13,,")
    typed = pl.DataFrame({
        "request_id": ["R1", "R2"],
        "title_type": ["passport", "id_card"],
        # An instant in UTC, and a local time without a zone (Europe/Paris, like a CSV without offset).
        "submitted_at": pl.Series(["2018-03-01 09:00:00", "2018-07-01 10:00:00"]).str.to_datetime().dt.replace_time_zone("UTC"),
        "department": ["75", "13"],
        "submission_channel": ["online", None],
        "citizen_id": ["C1", None],
    })
    typed.write_parquet(tmp_path / "typed.parquet")
    pl.read_csv(csv_file, infer_schema=False).write_parquet(tmp_path / "text.parquet")
    ingest.ingest(tmp_path / "csv.duckdb", [csv_file])
    for name in ("typed", "text"):
        ingest.ingest(tmp_path / f"{name}.duckdb", [tmp_path / f"{name}.parquet"])
        assert table(tmp_path / f"{name}.duckdb", "requests").equals(table(tmp_path / "csv.duckdb", "requests")), name


def test_the_same_files_twice_change_nothing(tmp_path, warehouse):
    files = [
        write_lines(tmp_path / "requests.csv", REQUESTS_HEADER, GOOD_REQUEST, "R2,passport,bad,75,online,C2"),
        write_lines(tmp_path / "events.csv", EVENTS_HEADER, "R1,submitted,2018-03-01 10:00", "R1,submitted,2018-03-01 10:00"),
        write_lines(tmp_path / "contacts.csv", CONTACTS_HEADER, "K1,email,2018-03-05 09:00,,pending,documents,C1,R1,,,,"),
    ]
    ingest.ingest(warehouse, files)
    tables = ("requests", "request_events", "contacts", "quarantine", "application_facts", "contact_facts")
    before = {name: table(warehouse, name) for name in tables}

    again = ingest.ingest(warehouse, files)

    assert [(f.rows_new, f.rows_updated) for f in again.files] == [(0, 0)] * 3
    assert [f.rows_unchanged for f in again.files] == [1, 2, 1]
    for name in tables:
        assert table(warehouse, name).equals(before[name]), name
    assert table(warehouse, "import_log").height == 2  # the attempt is logged all the same


def test_a_changed_record_replaces_the_stored_one_and_counts_as_updated(tmp_path, warehouse):
    pending = write_lines(tmp_path / "contacts.csv", CONTACTS_HEADER,
                          "K1,email,2018-03-05 09:00,,pending,documents,C1,,,,,", "K2,email,2018-03-05 10:00,,pending,other,C2,,,,,")
    ingest.ingest(warehouse, [pending])
    answered = write_lines(tmp_path / "contacts.csv", CONTACTS_HEADER,
                           "K1,email,2018-03-05 09:00,2018-03-06 11:00,resolved,documents,C1,,N1,A7,300,",
                           "K2,email,2018-03-05 10:00,,pending,other,C2,,,,,")
    outcome = ingest.ingest(warehouse, [answered])
    assert (outcome.files[0].rows_updated, outcome.files[0].rows_unchanged) == (1, 1)
    stored = table(warehouse, "contacts")
    assert stored["outcome"].to_list() == ["resolved", "pending"]
    assert stored.height == 2


def test_orphan_events_are_quarantined_then_load_once_their_application_arrives(tmp_path, warehouse):
    events = write_lines(tmp_path / "events.csv", EVENTS_HEADER, "R1,submitted,2018-03-01 10:00", "R1,in_review,2018-03-02 10:00")
    first = ingest.ingest(warehouse, [events])
    assert (first.exit_code, first.files[0].rows_quarantined) == (3, 2)
    ingest.ingest(warehouse, [write_lines(tmp_path / "requests.csv", REQUESTS_HEADER, "R1,passport,2018-03-01 10:00,75,online,C1")])

    again = ingest.ingest(warehouse, [events])

    assert (again.exit_code, again.files[0].rows_new) == (0, 2)
    assert table(warehouse, "request_events")["status"].to_list() == ["in_review", "submitted"]


def test_contacts_naming_an_unknown_application_load_and_are_counted(tmp_path, warehouse):
    ingest.ingest(warehouse, [write_lines(tmp_path / "requests.csv", REQUESTS_HEADER, GOOD_REQUEST)])
    contacts = write_lines(tmp_path / "contacts.csv", CONTACTS_HEADER,
                           "K1,phone,2018-03-05 09:00,,abandoned,status_inquiry,C1,R1,,,,",
                           "K2,phone,2018-03-05 09:00,,abandoned,status_inquiry,C1,R404,,,,",
                           "K3,phone,2018-03-05 09:00,,abandoned,status_inquiry,C1,,,,,")
    outcome = ingest.ingest(warehouse, [contacts])
    assert (outcome.exit_code, outcome.files[0].rows_new, outcome.files[0].unmatched_request_links) == (0, 3, 1)
    assert "1 contacts name an unknown application" in ingest.summary(outcome, warehouse)


def test_days_are_paris_days_on_daylight_saving_nights(tmp_path, warehouse):
    # 2018-03-25 (clocks go forward at 02:00) and 2018-10-28 (back at 03:00): 00:30 Paris is
    # 23:30 UTC the day before in winter time, 22:30 UTC in summer time.
    contacts = write_lines(tmp_path / "contacts.csv", CONTACTS_HEADER,
                           "K1,phone,2018-03-24T23:30:00Z,,abandoned,other,C1,,,,,",       # 00:30 CET on 25 March
                           "K2,phone,2018-03-25T22:30:00Z,,abandoned,other,C1,,,,,",       # 00:30 CEST on 26 March
                           "K3,phone,2018-10-27T22:30:00Z,,abandoned,other,C1,,,,,",       # 00:30 CEST on 28 October
                           "K4,phone,28/10/2018 23:30,,abandoned,other,C1,,,,,",           # local: 22:30 UTC, still the 28th
                           "K5,phone,2018-03-25T00:30:00,,abandoned,other,C1,,,,,")        # local 00:30, no offset
    ingest.ingest(warehouse, [contacts])
    days = table(warehouse, "contact_facts").sort("contact_id")["received_day"].cast(pl.String).to_list()
    assert days == ["2018-03-25", "2018-03-26", "2018-10-28", "2018-10-28", "2018-03-25"]
    utc = table(warehouse, "contacts").sort("contact_id")["received_at"].dt.strftime("%H:%M").to_list()
    assert utc[3:] == ["22:30", "23:30"]  # 23:30 CET = 22:30 UTC; 00:30 CET = 23:30 UTC the day before


def test_an_import_rebuilds_only_the_derived_tables_it_touches_and_they_match_a_full_rebuild(tmp_path, warehouse):
    from oncedone.store.warehouse import rebuild_derived

    ingest.ingest(warehouse, [
        write_lines(tmp_path / "requests.csv", REQUESTS_HEADER, GOOD_REQUEST, "R2,id_card,2018-03-02 09:00,13,online,C2"),
        write_lines(tmp_path / "events.csv", EVENTS_HEADER, "R1,submitted,2018-03-01 10:00"),
        write_lines(tmp_path / "contacts.csv", CONTACTS_HEADER, "K1,phone,2018-03-05 09:00,,abandoned,other,C1,R1,,,,"),
    ])
    derived = ("application_facts", "stage_spans", "delivered_stage_days", "contact_facts", "daily_flows")
    before = {name: table(warehouse, name) for name in derived}
    # A contacts-only import: the application tables are left as they were, contact_facts follows.
    ingest.ingest(warehouse, [write_lines(tmp_path / "more.csv", CONTACTS_HEADER,
                                          "K2,email,2018-03-06 09:00,,pending,documents,C1,R1,,,,")])
    assert table(warehouse, "contact_facts").height == 2
    # An events-only import moves the application tables.
    ingest.ingest(warehouse, [write_lines(tmp_path / "later.csv", EVENTS_HEADER, "R1,delivered,2018-03-09 10:00")])
    assert table(warehouse, "application_facts")["terminal_status"].to_list() == ["delivered", None]
    assert not table(warehouse, "daily_flows").equals(before["daily_flows"])
    # Whatever was skipped, the derived tables are those a full rebuild gives.
    partial = {name: table(warehouse, name) for name in derived}
    con = duckdb.connect(str(warehouse))
    rebuild_derived(con)  # changed=None: everything
    con.close()
    for name in derived:
        assert table(warehouse, name).equals(partial[name]), name


def test_a_first_import_appends_and_gives_what_a_merge_gives(tmp_path):
    # Into empty tables, rows all different: the append path. The same files after an unrelated
    # application: the merge path. Same rows, same counts, the same unknown link; and a first
    # import holding an identical copy of an event folds it like a merge (one row, one unchanged).
    files = [
        write_lines(tmp_path / "requests.csv", REQUESTS_HEADER, GOOD_REQUEST, "R2,id_card,2018-03-02 09:00,13,online,C2"),
        write_lines(tmp_path / "events.csv", EVENTS_HEADER, "R1,submitted,2018-03-01 10:00", "R2,in_review,2018-03-03 10:00",
                    "R404,in_review,2018-03-03 10:00"),
        write_lines(tmp_path / "contacts.csv", CONTACTS_HEADER, "K1,phone,2018-03-05 09:00,,abandoned,other,C1,R1,,,,",
                    "K2,email,2018-03-06 09:00,,pending,documents,C2,R404,,,,"),
    ]
    first = ingest.ingest(tmp_path / "appended.duckdb", files)
    seeded = tmp_path / "merged.duckdb"
    ingest.ingest(seeded, [
        write_lines(tmp_path / "r0.csv", REQUESTS_HEADER, "R0,passport,2018-01-01 10:00,75,online,C0"),
        write_lines(tmp_path / "e0.csv", EVENTS_HEADER, "R0,submitted,2018-01-01 10:00"),
        write_lines(tmp_path / "k0.csv", CONTACTS_HEADER, "K0,phone,2018-01-05 09:00,,abandoned,other,C0,R0,,,,"),
    ])
    merged = ingest.ingest(seeded, files)

    counts = [(f.rows_read, f.rows_new, f.rows_updated, f.rows_unchanged, f.rows_quarantined, f.unmatched_request_links)
              for f in first.files]
    assert counts == [(2, 2, 0, 0, 0, 0), (3, 2, 0, 0, 1, 0), (2, 2, 0, 0, 0, 1)]
    assert counts == [(f.rows_read, f.rows_new, f.rows_updated, f.rows_unchanged, f.rows_quarantined, f.unmatched_request_links)
                      for f in merged.files]
    for name in ("requests", "request_events", "contacts", "application_facts", "stage_spans", "contact_facts"):
        without_seed = table(seeded, name)
        without_seed = without_seed.filter(~pl.col(without_seed.columns[0]).is_in(["R0", "K0"]))
        assert table(tmp_path / "appended.duckdb", name).equals(without_seed), name

    copied = write_lines(tmp_path / "copied.csv", EVENTS_HEADER, "R1,submitted,2018-03-01 10:00", " R1 ,SUBMITTED,2018-03-01T09:00:00Z")
    outcome = ingest.ingest(tmp_path / "copied.duckdb", [files[0], copied])
    assert [(f.rows_new, f.rows_unchanged) for f in outcome.files] == [(2, 0), (1, 1)]  # the same event written two ways
    assert table(tmp_path / "copied.duckdb", "request_events").height == 1


def quarantined(warehouse) -> list[tuple]:
    return sorted(table(warehouse, "quarantine").select("file_name", "line_number", "reason", "record_key").iter_rows())


def test_a_fixed_row_imported_later_leaves_the_quarantine_and_the_others_stay(tmp_path, warehouse):
    first = write_lines(tmp_path / "requests.csv", REQUESTS_HEADER, GOOD_REQUEST,
                        "R2,passport,2018-02-30 10:00,75,online,C2",      # line 3: bad_timestamp
                        "R3,boat_licence,2018-03-01 10:00,75,online,C3")  # line 4: unknown_value
    assert ingest.ingest(warehouse, [first]).exit_code == ingest.EXIT_QUARANTINED
    assert quarantined(warehouse) == [("requests.csv", 3, "bad_timestamp", "R2"), ("requests.csv", 4, "unknown_value", "R3")]

    fixed = write_lines(tmp_path / "fixed.csv", REQUESTS_HEADER, "R2,passport,2018-03-02 10:00,75,online,C2")
    outcome = ingest.ingest(warehouse, [fixed])

    assert (outcome.exit_code, outcome.files[0].rows_new, outcome.rows_released) == (0, 1, 1)
    assert quarantined(warehouse) == [("requests.csv", 4, "unknown_value", "R3")]  # R3 was not fixed: it stays
    logged = table(warehouse, "import_files")
    assert dict(zip(logged["file_name"], logged["rows_released"])) == {"requests.csv": 0, "fixed.csv": 1}
    assert "1 quarantined rows replaced by a valid row left the quarantine" in ingest.summary(outcome, warehouse)
    # The old file again: R2 is refused again (the latest import says so), R3 is not added twice.
    again = ingest.ingest(warehouse, [first])
    assert (again.rows_quarantined, again.rows_released) == (2, 0)
    assert quarantined(warehouse) == [("requests.csv", 3, "bad_timestamp", "R2"), ("requests.csv", 4, "unknown_value", "R3")]


def test_a_contact_fixed_later_leaves_the_quarantine(tmp_path, warehouse):
    bad = write_lines(tmp_path / "contacts.csv", CONTACTS_HEADER,
                      "K1,phone,2018-03-05 09:00,,resolved,other,C1,,,,,9",   # csat 9
                      "K2,fax,2018-03-05 09:00,,resolved,other,C1,,,,,")      # channel fax
    ingest.ingest(warehouse, [bad])
    fixed = write_lines(tmp_path / "contacts_fixed.csv", CONTACTS_HEADER, "K1,phone,2018-03-05 09:00,,resolved,other,C1,,,,,5")
    assert ingest.ingest(warehouse, [fixed]).rows_released == 1
    assert quarantined(warehouse) == [("contacts.csv", 3, "unknown_value", "K2")]


def test_a_fixed_event_matches_on_the_columns_that_were_not_wrong(tmp_path, warehouse):
    ingest.ingest(warehouse, [write_lines(tmp_path / "requests.csv", REQUESTS_HEADER, GOOD_REQUEST)])
    events = write_lines(tmp_path / "events.csv", EVENTS_HEADER,
                         "R1,in_review,2018-02-30 10:00",     # line 2: occurred_at wrong
                         "R1,lost,2018-03-03 10:00",          # line 3: status wrong
                         "R404,in_review,2018-03-02 10:00",   # line 4: unknown application
                         "R1,approved,2018-02-28 10:00")      # line 5: before submission
    assert ingest.ingest(warehouse, [events]).rows_quarantined == 4

    # occurred_at corrected: matched on request_id and status, whatever the instant.
    fix_time = write_lines(tmp_path / "fix1.csv", EVENTS_HEADER, "R1,in_review,2018-03-02 10:00")
    assert ingest.ingest(warehouse, [fix_time]).rows_released == 1
    assert [row[1] for row in quarantined(warehouse)] == [3, 4, 5]
    # status corrected: matched on request_id and occurred_at.
    fix_status = write_lines(tmp_path / "fix2.csv", EVENTS_HEADER, "R1,approved,2018-03-03 10:00")
    assert ingest.ingest(warehouse, [fix_status]).rows_released == 2  # line 3, and line 5 (approved, occurred_at wrong)
    assert [row[1] for row in quarantined(warehouse)] == [4]
    # The orphan leaves once its application is known and the same event is imported again.
    r404 = write_lines(tmp_path / "r404.csv", REQUESTS_HEADER, "R404,passport,2018-03-01 10:00,75,online,C4")
    only_r404 = write_lines(tmp_path / "fix3.csv", EVENTS_HEADER, "R404,in_review,2018-03-02 10:00")
    assert ingest.ingest(warehouse, [r404, only_r404]).rows_released == 1
    assert quarantined(warehouse) == []


def test_unusable_files_say_their_problem_as_a_code_and_values_too(tmp_path):
    bad = write_lines(tmp_path / "contacts.csv", "contact_id,channel,outcome,reason", "K1,phone,resolved,other")
    with pytest.raises(ingest.UnusableFile) as err:
        ingest.ingest(tmp_path / "w.duckdb", [bad])
    assert (err.value.file_name, err.value.code, err.value.params) == (
        "contacts.csv", "missing_columns", {"kind": "contacts", "columns": "received_at"}
    )


def test_progress_reports_each_step_in_order(tmp_path, warehouse):
    files = [write_lines(tmp_path / "contacts.csv", CONTACTS_HEADER, "K1,phone,2018-03-05 09:00,,resolved,other,C1,,,,,"),
             write_lines(tmp_path / "requests.csv", REQUESTS_HEADER, GOOD_REQUEST)]
    steps = []
    ingest.ingest(warehouse, files, progress=lambda step, file: steps.append((step, file)))
    assert steps == [
        ("open", None), ("read", "contacts.csv"), ("read", "requests.csv"),
        ("check", "requests.csv"), ("merge", "requests.csv"),  # applications first, whatever the order given
        ("check", "contacts.csv"), ("merge", "contacts.csv"),
        ("derive", None), ("save", None),
    ]


def test_a_record_refused_again_replaces_its_older_quarantined_row(tmp_path, warehouse):
    monday = write_lines(tmp_path / "contacts-monday.csv", CONTACTS_HEADER,
                         "K1,phone,2018-03-05 09:00,,resolved,other,C1,,,,,9",     # csat 9
                         ",phone,2018-03-05 09:00,,resolved,other,C1,,,,,")        # no id
    events = write_lines(tmp_path / "events-monday.csv", EVENTS_HEADER, "R404,in_review,2018-03-02 10:00")
    ingest.ingest(warehouse, [monday, events])
    tuesday = write_lines(tmp_path / "contacts-tuesday.csv", CONTACTS_HEADER,
                          "K1,phone,2018-03-05 09:00,,resolved,other,C1,,,,,8")    # still wrong, differently
    events_again = write_lines(tmp_path / "events-tuesday.csv", EVENTS_HEADER, "R404,in_review,2018-03-02 10:00")
    outcome = ingest.ingest(warehouse, [tuesday, events_again])

    assert (outcome.rows_quarantined, outcome.rows_released) == (2, 0)  # refused again is not released
    assert quarantined(warehouse) == [  # each record once, as last refused; the row without an id stays
        ("contacts-monday.csv", 3, "missing_value", None),
        ("contacts-tuesday.csv", 2, "csat_out_of_range", "K1"),
        ("events-tuesday.csv", 2, "unknown_request", "R404"),
    ]
    ingest.ingest(warehouse, [monday])  # the same file again adds no copy of the row without an id
    assert [row[0] for row in quarantined(warehouse)] == ["contacts-monday.csv", "contacts-monday.csv", "events-tuesday.csv"]


def test_identical_copies_in_one_file_of_a_second_import_count_once(tmp_path, warehouse):
    # The second import takes the merge path (the tables are not empty): its copies fold too.
    ingest.ingest(warehouse, [
        write_lines(tmp_path / "r0.csv", REQUESTS_HEADER, GOOD_REQUEST),
        write_lines(tmp_path / "e0.csv", EVENTS_HEADER, "R1,submitted,2018-03-01 10:00"),
        write_lines(tmp_path / "k0.csv", CONTACTS_HEADER, "K1,phone,2018-03-05 09:00,,pending,other,C1,R1,,,,"),
    ])
    second = ingest.ingest(warehouse, [
        write_lines(tmp_path / "r1.csv", REQUESTS_HEADER, GOOD_REQUEST,
                    "R2,id_card,2018-03-02 09:00,13,online,C2", "R2,id_card,2018-03-02 09:00,13,online,C2"),
        write_lines(tmp_path / "e1.csv", EVENTS_HEADER, "R2,in_review,2018-03-03 10:00", "R2,in_review,2018-03-03 10:00"),
        write_lines(tmp_path / "k1.csv", CONTACTS_HEADER,
                    "K1,phone,2018-03-05 09:00,2018-03-05 09:02,resolved,other,C1,R1,N1,X1,120,",  # K1 answered
                    "K1,phone,2018-03-05 09:00,2018-03-05 09:02,resolved,other,C1,R1,N1,X1,120,",
                    "K2,email,2018-03-06 09:00,,pending,documents,C2,R2,,,,",
                    "K2,email,2018-03-06 09:00,,pending,documents,C2,R2,,,,"),
    ])
    # Requests: R1 unchanged, R2 new and its copy unchanged. Events: one new, its copy unchanged.
    # Contacts: K1 updated once (its copy unchanged), K2 new once (its copy unchanged).
    counts = [(f.rows_read, f.rows_new, f.rows_updated, f.rows_unchanged, f.rows_quarantined) for f in second.files]
    assert counts == [(3, 1, 0, 2, 0), (2, 1, 0, 1, 0), (4, 1, 1, 2, 0)]
    assert table(warehouse, "requests")["request_id"].to_list() == ["R1", "R2"]
    assert table(warehouse, "request_events").height == 2  # R1 submitted, R2 in review
    stored = table(warehouse, "contacts")
    assert stored.select("contact_id", "outcome").rows() == [("K1", "resolved"), ("K2", "pending")]
    from datetime import date

    from oncedone import config
    from oncedone.kpi import indicators
    from oncedone.store.warehouse import Warehouse

    r = indicators.report(Warehouse(warehouse), indicators.Selection(date(2018, 3, 1), date(2018, 3, 31), scope=EVERYTHING), config.load())
    # The indicators see each record once: K1 and K2, one episode each (two subjects), R1 and R2 open.
    assert (r["contacts"], r["episodes"], r["backlog"]) == (2, 2, 2)

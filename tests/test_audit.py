"""The audit trail: an export, a command-line import and an upload each leave one row with the
subject and e-mail; rows past the retention go; the trail and the import never wait for each other.
(A login and a page view: tests/test_login.py.)"""

import threading
from datetime import datetime, timedelta, timezone

import pytest
from streamlit.testing.v1 import AppTest

from oncedone import access, audit
from oncedone.app import uploads
from oncedone.store import ingest, warehouse
from tests import app_fixtures as fx
from tests.conftest import cli, export_files

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)


def test_rows_older_than_the_retention_are_purged(warehouse):
    for days_ago, subject in ((366, "old"), (365, "edge"), (3, "recent")):
        assert audit.record(warehouse, "login", subject, f"{subject}@agency.example", now=NOW - timedelta(days=days_ago))
    audit.purge(warehouse, 365, now=NOW)
    # 366 days ago is before NOW - 365 days: gone; exactly 365 days ago is not before it: kept.
    assert audit.recent(warehouse)["subject"].to_list() == ["recent", "edge"]


def test_the_shipped_retention_is_a_year_and_is_configurable():
    assert access.parse({}).audit_retention_days == 365
    assert access.parse({"audit_retention_days": 90}).audit_retention_days == 90
    with pytest.raises(access.AccessError, match="audit_retention_days must be between 1 and 3650"):
        access.parse({"audit_retention_days": 0})


def test_only_the_subject_and_the_email_are_kept_of_the_reader(warehouse):
    audit.record(warehouse, "view", "s1", "s1@agency.example", page="today", detail='{"department": ["75"]}')
    rows = audit.recent(warehouse)
    assert rows.columns == ["recorded_at", "action", "subject", "email", "page", "detail", "row_count", "total_count"]
    assert rows.row(0, named=True) | {"recorded_at": None} == {
        "recorded_at": None, "action": "view", "subject": "s1", "email": "s1@agency.example", "page": "today",
        "detail": '{"department": ["75"]}', "row_count": None, "total_count": 1}


def _export_script():
    """A page with the reader of a logged-in session that clicks an export (the callable a download button runs)."""
    import streamlit as st

    from oncedone.app import auth

    st.session_state[auth.IDENTITY_KEY] = ("lead-1", "lead1@agency.example")
    st.session_state["_access_page"] = "backlog"
    made = auth.exported("backlog.csv", 3, lambda: b"request_id\nR2\nR5\nR7\n")
    st.write(made().decode())
    auth.on_export("quarantine-events.csv", 1)()  # a file made with the page: its button's on_click


def test_each_export_leaves_one_row_with_who_what_and_how_many_rows(warehouse, monkeypatch):
    monkeypatch.setenv("ONCEDONE_WAREHOUSE", str(warehouse))
    at = AppTest.from_function(_export_script, default_timeout=300).run()
    assert not at.exception, [e.value for e in at.exception]
    rows = audit.recent(warehouse)
    assert sorted(rows.select("action", "subject", "email", "page", "detail", "row_count").rows()) == [
        ("export", "lead-1", "lead1@agency.example", "backlog", "backlog.csv", 3),
        ("export", "lead-1", "lead1@agency.example", "backlog", "quarantine-events.csv", 1)]


def test_a_command_line_import_leaves_one_row(tmp_path):
    files = export_files(tmp_path, fx.REQUESTS, fx.EVENTS, fx.CONTACTS)
    target = tmp_path / "warehouse.duckdb"
    done = cli("ingest", "--warehouse", str(target), *map(str, files))
    assert done.returncode == ingest.EXIT_QUARANTINED, done.stderr  # R404 and K9 are quarantined
    row = audit.recent(target).row(0, named=True)
    assert row["action"] == "import" and row["subject"] == audit.command_line_subject() and row["email"] is None
    # 7 requests + 7 events + 8 contacts read = 22 rows.
    assert row["detail"] == "import 1 (partly_loaded): requests.csv, events.csv, contacts.csv" and row["row_count"] == 22


def test_an_upload_leaves_one_row_with_the_readers_subject_and_email(tmp_path):
    files = export_files(tmp_path, fx.REQUESTS, fx.EVENTS, fx.CONTACTS)
    target = tmp_path / "warehouse.duckdb"
    result = uploads.run(target, [(p.name, p.read_bytes()) for p in files], who=("data-1", "data1@agency.example"))
    assert result.outcome is not None, result.error
    rows = audit.recent(target)
    assert rows.select("action", "subject", "email", "page", "row_count").rows() == [
        ("import", "data-1", "data1@agency.example", "data", 22)]


def test_the_app_writes_audit_rows_while_an_import_holds_the_warehouse(tmp_path):
    target = fx.build(tmp_path / "wh")
    holding, release = threading.Event(), threading.Event()

    def import_in_progress():
        with warehouse.writing(target):  # the import's lock, and the file open for writing
            holding.set()
            release.wait()

    importer = threading.Thread(target=import_in_progress)
    importer.start()
    try:
        assert holding.wait(timeout=60)
        for n in range(5):
            assert audit.record(target, "view", f"s{n}", None, page="today")
        assert audit.recent(target).height == 5
        assert importer.is_alive()  # the import still holds the warehouse: nothing waited on it
    finally:
        release.set()
        importer.join()


def test_an_import_runs_while_the_app_holds_the_audit_file(tmp_path):
    files = export_files(tmp_path, fx.REQUESTS, fx.EVENTS, fx.CONTACTS)
    target = tmp_path / "warehouse.duckdb"
    holding, release = threading.Event(), threading.Event()

    def audit_write_in_progress():
        with audit._open(target):
            holding.set()
            release.wait()

    writer = threading.Thread(target=audit_write_in_progress)
    writer.start()
    try:
        assert holding.wait(timeout=60)
        outcome = ingest.ingest(target, files, command="tests: while the audit file is held")
        assert outcome.import_id == 1 and writer.is_alive()
    finally:
        release.set()
        writer.join()

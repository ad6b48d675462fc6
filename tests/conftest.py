"""Shared helpers: small export files written by hand, imported through the real import."""

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest

REPO = Path(__file__).resolve().parent.parent

REQUESTS_HEADER = "request_id,title_type,submitted_at,department,submission_channel,citizen_id"
EVENTS_HEADER = "request_id,status,occurred_at"
CONTACTS_HEADER = (
    "contact_id,channel,received_at,answered_at,outcome,reason,citizen_id,request_id,team,agent_id,handle_seconds,csat"
)


def write_lines(path: Path, *lines: str, encoding: str = "utf-8", newline: str = "\n") -> Path:
    """A CSV export written line by line, exactly as given."""
    path.write_bytes((newline.join(lines) + newline).encode(encoding))
    return path


def export_files(folder: Path, requests, events, contacts) -> list[Path]:
    """A hand-made scenario's three export files (lines without their header), written in `folder`."""
    return [
        write_lines(folder / "requests.csv", REQUESTS_HEADER, *requests),
        write_lines(folder / "events.csv", EVENTS_HEADER, *events),
        write_lines(folder / "contacts.csv", CONTACTS_HEADER, *contacts),
    ]


def copy_warehouse(source: Path, target: Path) -> Path:
    """A copy of a warehouse as readers need it: the file and its published snapshot beside it."""
    from oncedone.store import snapshot

    shutil.copy(source, target)
    if snapshot.snapshot_root(source).is_dir():
        shutil.copytree(snapshot.snapshot_root(source), snapshot.snapshot_root(target), symlinks=True)
    return target


def table(warehouse: Path, name: str) -> pl.DataFrame:
    """A whole table of the warehouse, without import bookkeeping, in a stable order."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        frame = con.sql(f"select * from {name}").pl()
    finally:
        con.close()
    frame = frame.drop([c for c in ("import_id",) if c in frame.columns])
    return frame.sort(frame.columns, nulls_last=True)


def published_tables(warehouse: Path) -> dict[str, pl.DataFrame]:
    """Every table as readers read it, through the current version's views, without import
    bookkeeping."""
    from oncedone.store import snapshot
    from oncedone.store.warehouse import migrate

    con = duckdb.connect()
    try:
        migrate(con)
        version = snapshot.current_version(warehouse)
        snapshot.attach_views(con, version)
        frames = {name: con.sql(f"select * from {name}").pl() for name in snapshot._manifest(version)["tables"]}
    finally:
        con.close()
    return {name: frame.drop([c for c in ("import_id",) if c in frame.columns]) for name, frame in frames.items()}


def cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run `python -m oncedone ...` as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "oncedone", *args], cwd=REPO, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture
def warehouse(tmp_path) -> Path:
    return tmp_path / "warehouse.duckdb"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so a fixture can tell whether the test failed."""
    outcome = yield
    setattr(item, f"report_{call.when}", outcome.get_result())

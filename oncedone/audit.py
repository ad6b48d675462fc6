"""The audit trail: who logged in, who viewed which page with which filters, who exported how many
rows of what, who imported. No Streamlit here: the app, the upload and the command line call it.

It lives in a small DuckDB file of its own beside the warehouse (`warehouse.duckdb.audit`), each
write a short transaction under a lock of its own: the warehouse has one writer (the import holds
it for minutes) and readers read a published snapshot, so an audit row written into the warehouse
would wait for every import, and a page view would hold up the next one.
"""

import fcntl
import json
import logging
from collections.abc import Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

import duckdb
import polars as pl

from oncedone.store import warehouse as store

LOG = logging.getLogger("oncedone")
ACTIONS = ("login", "view", "export", "import")


def path_for(warehouse_path: str | Path) -> Path:
    """The audit file of a warehouse: beside it, on its disk, in its backups."""
    path = Path(warehouse_path).resolve()
    return path.with_name(path.name + ".audit")


@contextmanager
def _open(warehouse_path: str | Path):
    """The audit file, to this process alone for one short transaction; other writers wait their turn."""
    path = path_for(warehouse_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Our own lock, not DuckDB's: DuckDB refuses a second process at once, this lock queues it instead.
    with open(path.with_name(path.name + ".lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            con = duckdb.connect(str(path))
            try:
                con.execute("set timezone = 'UTC'")
                store.execute(con, "audit/schema")
                yield con
            finally:
                con.close()
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def record(warehouse_path: str | Path, action: str, subject: str | None, email: str | None, page: str | None = None,
           detail: str | None = None, row_count: int | None = None, now: datetime | None = None) -> bool:
    """Append one row; a failure is logged, never raised: the reader's page and an import that already
    happened must not fail for their audit row. Returns whether the row was written."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    try:
        with _open(warehouse_path) as con:
            store.execute(con, "audit/record", recorded_at=now or datetime.now(timezone.utc), action=action,
                          subject=subject, email=email, page=page, detail=detail, row_count=row_count)
        return True
    except (duckdb.Error, OSError) as err:
        LOG.error("the audit trail could not record a %s by %s: %s", action, subject, err)
        return False


def purge(warehouse_path: str | Path, retention_days: int, now: datetime | None = None) -> None:
    """Forget the rows older than the retention."""
    before = (now or datetime.now(timezone.utc)) - timedelta(days=retention_days)
    try:
        with _open(warehouse_path) as con:
            store.execute(con, "audit/purge", before=before)
    except (duckdb.Error, OSError) as err:
        LOG.error("the audit trail could not be purged: %s", err)


def recent(warehouse_path: str | Path, max_rows: int = 200) -> pl.DataFrame:
    """The latest rows, latest first, with the count of all rows (`total_count`)."""
    with _open(warehouse_path) as con:
        return store.run(con, "audit/recent", max_rows=max_rows)


def filters_text(params: Mapping[str, list[str]]) -> str:
    """A page's filters (the URL's query parameters) as one stable JSON text, the language left out."""
    return json.dumps({k: v for k, v in sorted(params.items()) if k != "lang"}, ensure_ascii=False)


def record_import(warehouse_path: str | Path, subject: str | None, email: str | None, file_names: list[str],
                  outcome=None, page: str | None = None) -> bool:
    """Who imported which files: the import's id and outcome, or that nothing was imported (`outcome` None)."""
    said = f"import {outcome.import_id} ({outcome.status})" if outcome is not None else "nothing imported"
    rows = sum(f.rows_read for f in outcome.files) if outcome is not None else None
    return record(warehouse_path, "import", subject, email, page, f"{said}: {', '.join(file_names)}", rows)


def command_line_subject() -> str:
    """Who runs the command line: the system user, marked as such (no identity provider there)."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # a container's user with no name
        return "cli:unknown"

"""Export files uploaded through the dashboard, imported by the same import as the command line.

No Streamlit here: the page hands over (name, bytes) pairs. The import runs in a thread of its own
(`start`), so that a click elsewhere on the page, which stops the page's script, never stops an
import halfway; the page follows the job's progress and shows its result when it is done.
"""

import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import polars as pl

from oncedone.store import ingest
from oncedone.store.warehouse import Warehouse

EXTENSIONS = (".csv", ".parquet")
COMMAND = "dashboard upload: {files}"


@dataclass(frozen=True)
class Problem:
    """Why an upload is refused before the import: a code the catalogue says (`data.upload.problem.*`)."""

    code: str  # extension, too_big, same_name, no_name
    file_name: str
    size_mb: float = 0.0


@dataclass
class Result:
    """What an upload did: an import's outcome, or why nothing was imported."""

    file_names: list[str]
    outcome: ingest.ImportOutcome | None = None
    unusable: ingest.UnusableFile | None = None  # a file not usable: nothing imported
    error: str | None = None  # anything else that stopped the import: nothing imported
    as_of: datetime | None = None  # the warehouse's as_of after the import
    duration_seconds: float = 0.0

    @property
    def status(self) -> str:
        """`loaded`, `partly_loaded` or `refused` (the import_outcome labels of the catalogue)."""
        return self.outcome.status if self.outcome else "refused"


@dataclass
class Job:
    """An upload being imported in the background: its steps so far, then its result."""

    file_names: list[str]
    steps: list[tuple[str, str | None]] = field(default_factory=list)
    result: Result | None = None
    done: threading.Event = field(default_factory=threading.Event)


def problems(files: list[tuple[str, int]], max_bytes: int) -> list[Problem]:
    """What is wrong with the chosen files before any import: (name, size in bytes) pairs."""
    found = []
    names = [_safe_name(name) for name, _ in files]
    for (name, size), safe in zip(files, names):
        if not safe:
            found.append(Problem("no_name", name))
        elif not safe.lower().endswith(EXTENSIONS):
            found.append(Problem("extension", name))
        elif size > max_bytes:
            found.append(Problem("too_big", name, round(size / 2**20, 1)))
        elif names.count(safe) > 1 and safe not in [p.file_name for p in found]:
            found.append(Problem("same_name", safe))
    return found


def _safe_name(name: str) -> str:
    """The file's own name, without any folder a browser might send."""
    return Path(name.replace("\\", "/")).name.strip()


def run(warehouse_path: str | Path, uploads: list[tuple[str, bytes]], progress: ingest.Progress | None = None) -> Result:
    """Import the uploaded files as one import, like `python -m oncedone ingest` with those files.

    They are written under their own names in a temporary folder (the import's messages and the
    quarantine name the file), and removed afterwards.
    """
    names = [_safe_name(name) for name, _ in uploads]
    result = Result(names)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="oncedone-upload-") as folder:
        paths = []
        for name, data in zip(names, uploads):
            path = Path(folder) / name
            path.write_bytes(data[1])
            paths.append(path)
        try:
            result.outcome = ingest.ingest(warehouse_path, paths, command=COMMAND.format(files=", ".join(names)), progress=progress)
            result.as_of = Warehouse(warehouse_path).query("freshness")["as_of"].item()
        except ingest.UnusableFile as err:
            result.unusable = err
        except Exception as err:  # a full disk, a broken warehouse: the import changed nothing
            result.error = f"{type(err).__name__}: {err}"
    result.duration_seconds = time.perf_counter() - started
    return result


def start(warehouse_path: str | Path, uploads: list[tuple[str, bytes]]) -> Job:
    """Run the import in a thread of its own; the job records each step, then the result."""
    job = Job([_safe_name(name) for name, _ in uploads])

    def work() -> None:
        try:
            job.result = run(warehouse_path, uploads, progress=lambda step, file: job.steps.append((step, file)))
        except BaseException as err:  # the page must still learn that it ended
            job.result = Result(job.file_names, error=f"{type(err).__name__}: {err}")
            raise
        finally:
            job.done.set()

    threading.Thread(target=work, name="oncedone-upload", daemon=True).start()
    return job


FILE_COLUMNS = {
    "file_name": pl.String, "kind": pl.String, "rows_read": pl.Int64, "rows_new": pl.Int64, "rows_updated": pl.Int64,
    "rows_unchanged": pl.Int64, "rows_quarantined": pl.Int64, "rows_released": pl.Int64,
    "unmatched_request_links": pl.Int64, "ignored_columns": pl.String,
}
REJECTION_COLUMNS = {
    "file_name": pl.String, "reason": pl.String, "row_count": pl.Int64, "line_number": pl.Int64,
    "column_name": pl.String, "bad_value": pl.String, "detail": pl.String,
}


def file_rows(result: Result) -> pl.DataFrame:
    """One row per file of the import: what it did with the file's rows."""
    files = result.outcome.files if result.outcome else []
    rows = [{**{c: getattr(f, c) for c in FILE_COLUMNS}, "ignored_columns": ", ".join(f.ignored_columns) or None} for f in files]
    return pl.DataFrame(rows, schema=FILE_COLUMNS)


def rejection_rows(result: Result) -> pl.DataFrame:
    """One row per (file, reason) of the rows refused: how many, and the first one's line and problem."""
    files = result.outcome.files if result.outcome else []
    rows = [{"file_name": f.file_name, **{c: r[c] for c in REJECTION_COLUMNS if c != "file_name"}} for f in files for r in f.rejections]
    return pl.DataFrame(rows, schema=REJECTION_COLUMNS)

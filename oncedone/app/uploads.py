"""Export files uploaded through the dashboard, imported by the same import as the command line.

No Streamlit here: the page hands over (name, bytes) pairs. The import runs in a thread of its own
(`start`), so that a click elsewhere on the page, which stops the page's script, never stops an
import halfway; the page follows the job's progress and shows its result when it is done.

The import itself runs in a child process, with the row and memory limits of the configuration
([uploads] in oncedone.toml): a hostile file (a 90 KB Parquet of 20 million rows) ends that child
alone, never the server that every viewer's session lives in. Build-and-swap keeps the warehouse
unchanged when the child dies.
"""

import dataclasses
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import polars as pl

from oncedone import audit, config
from oncedone.store import ingest, warehouse
from oncedone.store.warehouse import Warehouse

LOG = logging.getLogger("oncedone")
REPO = Path(__file__).resolve().parents[2]
TEMP_PREFIX = "oncedone-upload-"  # then the server's process id: a folder of a dead one is a leftover
MESSAGE = "@oncedone-upload "  # the child's lines to the parent on stdout start with this

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
    error_code: str | None = None  # disk_full or out_of_memory: said in the reader's language
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


def run(warehouse_path: str | Path, uploads: list[tuple[str, bytes]], progress: ingest.Progress | None = None,
        who: tuple[str | None, str | None] = (None, None)) -> Result:
    """Import the uploaded files as one import, like `python -m oncedone ingest` with those files;
    the audit trail records `who` (the reader's subject and e-mail) imported them.

    They are written under their own names in a temporary folder (the import's messages and the
    quarantine name the file), imported by a child process, and removed afterwards.
    """
    names = [_safe_name(name) for name, _ in uploads]
    result = Result(names)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}{os.getpid()}-") as folder:
        paths = []
        for name, data in zip(names, uploads):
            path = Path(folder) / name
            path.write_bytes(data[1])
            paths.append(path)
        try:
            _run_child(warehouse_path, paths, COMMAND.format(files=", ".join(names)), progress or (lambda _s, _f: None), result)
            if result.outcome is not None:
                result.as_of = Warehouse(warehouse_path).query("freshness")["as_of"].item()
        except Exception as err:  # the child could not start, the warehouse cannot be read
            result.error, result.error_code = ingest.failure_sentence(err, warehouse_path), ingest.failure_code(err)
    result.duration_seconds = time.perf_counter() - started
    audit.record_import(warehouse_path, *who, names, result.outcome, page="data")  # after the import: its lock is free
    return result


def _run_child(warehouse_path: str | Path, paths: list[Path], command: str, progress: ingest.Progress, result: Result) -> None:
    """Import in a child process and follow its messages (steps, then the outcome or the refusal)."""
    cfg = config.load()
    job = {"warehouse": str(warehouse_path), "paths": [str(p) for p in paths], "command": command,
           "max_rows": cfg.upload_max_rows, "memory_mb": cfg.upload_memory_mb}
    child = subprocess.Popen(
        [sys.executable, "-c", "from oncedone.app.uploads import child_main; child_main()", json.dumps(job)],
        cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))},
    )
    errors = []
    drain = threading.Thread(target=lambda: errors.extend(child.stderr), daemon=True)  # never let stderr fill its pipe
    drain.start()
    for line in child.stdout:
        if not line.startswith(MESSAGE):
            continue
        message = json.loads(line[len(MESSAGE):])
        if message["type"] == "step":
            progress(message["step"], message["file"])
        elif message["type"] == "outcome":
            result.outcome = _outcome(message["outcome"])
        elif message["type"] == "unusable":
            result.unusable = ingest.UnusableFile(message["file_name"], message["code"], **message["params"])
        elif message["type"] == "error":
            result.error, result.error_code = message["sentence"], message["code"]
    child.wait()
    drain.join()
    if result.outcome is None and result.unusable is None and result.error is None:
        # Killed (out of memory: Polars aborts; or a signal): nothing was swapped in.
        LOG.warning("upload import died (exit %s): %s", child.returncode, "".join(errors[-5:]).strip())
        warehouse.clean_leftovers(warehouse_path)
        result.error = out_of_memory_sentence(cfg.upload_memory_mb, ended=True)
        result.error_code = "out_of_memory"


def out_of_memory_sentence(memory_mb: int, ended: bool = False) -> str:
    """Why an upload stopped for memory, naming the bound an upload may use."""
    how = ", or was ended" if ended else ""
    return f"the import stopped: it needed more than the {memory_mb} MB an upload may use{how}; the warehouse is unchanged"


def _outcome(data: dict) -> ingest.ImportOutcome:
    files = [ingest.FileOutcome(**f) for f in data.pop("files")]
    return ingest.ImportOutcome(files=files, **data)


def child_main() -> None:
    """The child's side: bound its memory, refuse files of too many rows, import, report as JSON lines."""
    import resource

    job = json.loads(sys.argv[1])
    limit = job["memory_mb"] * 2**20
    # Heap and anonymous maps (RLIMIT_DATA): the address space (RLIMIT_AS) of the libraries' thread
    # pools is several GB while little is used. DuckDB spills to disk before reaching the limit.
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    os.environ["ONCEDONE_WRITER_MEMORY"] = f"{job['memory_mb'] // 2}MB"

    def say(**message) -> None:
        print(MESSAGE + json.dumps(message, default=str), flush=True)

    try:
        for path in job["paths"]:
            ingest.check_row_count(path, job["max_rows"])
        outcome = ingest.ingest(job["warehouse"], job["paths"], command=job["command"],
                                progress=lambda step, file: say(type="step", step=step, file=file))
        say(type="outcome", outcome=dataclasses.asdict(outcome))
    except ingest.UnusableFile as err:
        say(type="unusable", file_name=err.file_name, code=err.code, params=err.params)
    except (Exception, MemoryError) as err:
        code = ingest.failure_code(err)
        sentence = out_of_memory_sentence(job["memory_mb"]) if code == "out_of_memory" else ingest.failure_sentence(err, job["warehouse"])
        say(type="error", sentence=sentence, code=code)


def clean_leftovers() -> list[Path]:
    """Remove the upload folders of servers that died mid-import (they hold the raw exports, with
    personal data); a running server's folders stay. Returns what was removed, for the log."""
    removed = []
    for folder in Path(tempfile.gettempdir()).glob(f"{TEMP_PREFIX}*"):
        pid = folder.name.removeprefix(TEMP_PREFIX).split("-", 1)[0]
        if folder.is_dir() and not (pid.isdigit() and _alive(int(pid))):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def start(warehouse_path: str | Path, uploads: list[tuple[str, bytes]], who: tuple[str | None, str | None] = (None, None)) -> Job:
    """Run the import in a thread of its own; the job records each step, then the result."""
    job = Job([_safe_name(name) for name, _ in uploads])

    def work() -> None:
        try:
            job.result = run(warehouse_path, uploads, progress=lambda step, file: job.steps.append((step, file)), who=who)
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

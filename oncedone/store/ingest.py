"""The import: read export files, check every row, quarantine the bad ones, merge the rest.

All the files of one command form one import, applied to a copy of the warehouse that replaces
the live file only when everything succeeded (see warehouse.rebuilding).
"""

import csv
import getpass
import io
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import polars as pl

from oncedone import config
from oncedone.store import contract, warehouse

EXIT_OK, EXIT_UNUSABLE, EXIT_QUARANTINED = 0, 2, 3


class UnusableFile(Exception):
    """A file nothing can be loaded from. str() is one English sentence naming it (for the command
    line and logs); `code` and `params` let the dashboard say it in the reader's language."""

    SENTENCES = {
        "no_such_file": "no such file",
        "unreadable": "cannot be read ({error})",
        "duplicate_column": "column {column} appears twice in the header",
        "not_text": "neither UTF-8 nor Windows-1252 text (byte {byte})",
        "ragged_line": "line {line} has {fields} fields, the header has {width}",
        "empty": "the file is empty",
        "missing_columns": "a {kind} file needs the column(s) {columns}",
        "unknown_kind": "unknown kind of file (its header names none of the requests, request_events or contacts columns)",
    }

    def __init__(self, file_name: str, code: str, **params):
        self.file_name, self.code, self.params = file_name, code, params
        super().__init__(f"{file_name}: {self.SENTENCES[code].format(**params)}")


# What an import reports as it goes: a step (read, copy, check, merge, derive, save) and the file
# it is about (None for the steps about the whole warehouse).
Progress = Callable[[str, str | None], None]


@dataclass
class Export:
    """One export file read into text columns, ready to be checked."""

    path: Path
    kind: contract.Kind
    frame: pl.DataFrame  # the kind's canonical columns as text, and line_number
    ignored_columns: list[str]


@dataclass
class FileOutcome:
    file_name: str
    kind: str
    rows_read: int
    rows_new: int
    rows_updated: int
    rows_unchanged: int
    rows_quarantined: int
    rows_released: int = 0  # quarantined rows of earlier files that a valid row of this one replaced
    # reason, row_count, first_example, and the first row's line_number, column_name, bad_value, detail
    rejections: list[dict] = field(default_factory=list)
    unmatched_request_links: int = 0
    ignored_columns: list[str] = field(default_factory=list)


@dataclass
class ImportOutcome:
    import_id: int
    files: list[FileOutcome]
    phase_seconds: dict[str, float] = field(default_factory=dict)  # where the time went, for the benchmark
    phase_cpu_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def rows_quarantined(self) -> int:
        return sum(f.rows_quarantined for f in self.files)

    @property
    def rows_released(self) -> int:
        return sum(f.rows_released for f in self.files)

    @property
    def exit_code(self) -> int:
        return EXIT_QUARANTINED if self.rows_quarantined else EXIT_OK

    @property
    def status(self) -> str:
        """`loaded` (every row) or `partly_loaded` (some rows quarantined, the rest loaded)."""
        return "partly_loaded" if self.rows_quarantined else "loaded"


# Reading -------------------------------------------------------------------------------------


def read_export(path: str | Path) -> Export:
    """Read a CSV or Parquet export as text columns; raise UnusableFile when nothing can be used."""
    path = Path(path)
    if not path.is_file():
        raise UnusableFile(path.name, "no_such_file")
    try:
        frame = _read_parquet(path) if _is_parquet(path) else _read_csv(path)
    except UnusableFile:
        raise
    except Exception as err:  # polars and pyarrow errors are many; the file is unusable either way
        raise UnusableFile(path.name, "unreadable", error=_first_line(err)) from err
    frame = frame.rename({c: _canonical_name(c) for c in frame.columns})
    duplicated = sorted({c for c in frame.columns if frame.columns.count(c) > 1})
    if duplicated:
        raise UnusableFile(path.name, "duplicate_column", column=duplicated[0])
    kind = _kind_of(path, frame.columns)
    ignored = [c for c in frame.columns if c not in kind.columns and c != "line_number"]
    missing = [pl.lit(None, pl.String).alias(c) for c in kind.optional if c not in frame.columns]
    frame = frame.with_columns(missing).select(*kind.columns, "line_number")
    return Export(path, kind, frame, ignored)


def _is_parquet(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(4) == b"PAR1"


def _read_parquet(path: Path) -> pl.DataFrame:
    frame = pl.read_parquet(path)
    # Text everywhere, like a CSV: the checks are the same whatever the file's format.
    as_text = [_as_text(frame[c]) for c in frame.columns]
    return pl.DataFrame(as_text).with_row_index("line_number", offset=1).with_columns(pl.col("line_number").cast(pl.Int64))


def _as_text(column: pl.Series) -> pl.Series:
    dtype = column.dtype
    if isinstance(dtype, pl.Datetime):
        if dtype.time_zone is not None:  # an instant: written in UTC with its Z
            return column.dt.convert_time_zone("UTC").dt.strftime("%Y-%m-%dT%H:%M:%S%.fZ")
        return column.dt.strftime("%Y-%m-%dT%H:%M:%S%.f")  # naive: Europe/Paris local time
    return column.cast(pl.String)


def _read_csv(path: Path) -> pl.DataFrame:
    frame = _read_plain_csv(path)
    return _read_any_csv(path) if frame is None else frame


def _read_plain_csv(path: Path) -> pl.DataFrame | None:
    """The usual export, UTF-8 without a BOM, read by Polars straight from the file (mapped, not
    copied into Python); None for anything else, which the general reader then handles."""
    with open(path, "rb") as handle:
        header = handle.readline()
    if header.startswith(b"\xef\xbb\xbf"):
        return None
    try:
        separator = _separator_of(path, header)
        frame = pl.read_csv(path, separator=separator, infer_schema=False, raise_if_empty=True)
    except (UnicodeDecodeError, pl.exceptions.PolarsError):
        return None  # not UTF-8, empty, ragged...: the general reader says what is wrong
    return frame.with_row_index("line_number", offset=2).with_columns(pl.col("line_number").cast(pl.Int64))


def _separator_of(path: Path, header: bytes) -> str:
    """`;` or `,`, whichever the header has more of; refuse a header naming a column twice."""
    separator = ";" if header.count(b";") > header.count(b",") else ","
    names = [_canonical_name(n) for n in next(csv.reader([header.decode("utf-8")], delimiter=separator), [])]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:  # polars would rename the copy silently
        raise UnusableFile(path.name, "duplicate_column", column=repeated[0])
    return separator


def _read_any_csv(path: Path) -> pl.DataFrame:
    """Any CSV of the contract: UTF-8 with or without a BOM, or Windows-1252."""
    data = path.read_bytes()
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            data = data.decode("cp1252").encode("utf-8")  # a French spreadsheet's export
        except UnicodeDecodeError as err:
            raise UnusableFile(path.name, "not_text", byte=err.start) from err
    separator = _separator_of(path, data.split(b"\n", 1)[0])
    try:
        frame = pl.read_csv(io.BytesIO(data), separator=separator, infer_schema=False, raise_if_empty=True)
    except pl.exceptions.ComputeError as err:
        ragged = _ragged_line(data, separator)
        if ragged:
            raise UnusableFile(path.name, "ragged_line", **ragged) from err
        raise UnusableFile(path.name, "unreadable", error=_first_line(err)) from err
    except pl.exceptions.NoDataError as err:
        raise UnusableFile(path.name, "empty") from err
    # Line numbers of the file: the header is line 1 (one record per line, as exports are).
    return frame.with_row_index("line_number", offset=2).with_columns(pl.col("line_number").cast(pl.Int64))


def _ragged_line(data: bytes, separator: str) -> dict | None:
    """Where a CSV has a line with more fields than its header (the slow path, on error only)."""
    rows = csv.reader(io.StringIO(data.decode("utf-8")), delimiter=separator)
    width = len(next(rows, []))
    for number, row in enumerate(rows, start=2):
        if len(row) > width:
            return {"line": number, "fields": len(row), "width": width}
    return None


def _canonical_name(name: str) -> str:
    return name.strip().strip("\ufeff").strip().lower()


def _kind_of(path: Path, columns: list[str]) -> contract.Kind:
    kind = contract.recognise(columns)
    if kind is not None:
        return kind
    # Say what is missing for the kind the header resembles most.
    closest = max(contract.KINDS, key=lambda k: len(set(columns) & set(k.columns)))
    missing = [c for c in closest.required if c not in columns]
    if len(set(columns) & set(closest.columns)) >= 2:
        raise UnusableFile(path.name, "missing_columns", kind=closest.name, columns=", ".join(missing))
    raise UnusableFile(path.name, "unknown_kind")


def _first_line(err: Exception) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__


# Loading -------------------------------------------------------------------------------------


def ingest(
    warehouse_path: str | Path,
    paths: list[str | Path],
    command: str | None = None,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Import the files as one import; raise UnusableFile (and change nothing) if one is unusable.

    `progress`, when given, is called with each step as it starts (see Progress).
    """
    step = progress or (lambda _step, _file: None)
    clock = warehouse.Stopwatch()
    started_at = datetime.now(timezone.utc)  # the duration in the history counts the reading too
    exports = []
    for p in paths:  # every file read before the warehouse is touched
        step("read", Path(p).name)
        began, cpu = time.perf_counter(), time.process_time()
        exports.append(read_export(p))
        clock.add(f"read {exports[-1].kind.name}", time.perf_counter() - began, time.process_time() - cpu)
    order = {kind.name: i for i, kind in enumerate(contract.KINDS)}
    exports.sort(key=lambda e: order[e.kind.name])
    step("copy", None)
    with warehouse.rebuilding(Path(warehouse_path), clock) as con:
        import_id = warehouse.scalar(con, "select coalesce(max(import_id), 0) + 1 from import_log")
        # Into a warehouse whose derived tables are current, only the keys the import touches are
        # recomputed: the merges collect them (dirty/create.sql). Otherwise everything is rebuilt.
        incremental = warehouse.can_refresh(con)
        if incremental:
            warehouse.execute(con, "dirty/create")
        files = []
        while exports:  # each frame freed once loaded: the derived tables need the memory
            files.append(_load(con, exports.pop(0), import_id, step, clock, incremental))
        step("derive", None)
        if incremental:
            warehouse.refresh_derived(con, clock)
        else:
            warehouse.rebuild_derived(con, clock)
        _log(con, import_id, started_at, command, files)
        step("save", None)
    return ImportOutcome(import_id, files, clock.seconds, clock.cpu_seconds)


def _load(
    con, export: Export, import_id: int, step: Progress, clock: warehouse.Stopwatch, incremental: bool
) -> FileOutcome:
    kind = export.kind.name
    name = export.path.name
    step("check", name)
    con.register("incoming", export.frame)
    try:
        params = {"title_types": config.load().title_types} if kind == "requests" else {}
        with clock.phase(f"check {kind}"):
            warehouse.execute(con, f"ingest/check_{kind}", **params)
        with clock.phase(f"quarantine {kind}"):
            # Before this file's rejections are kept: a row still refused is quarantined again below.
            release = "ingest/release_quarantined_events" if kind == "request_events" else "ingest/release_quarantined"
            warehouse.execute(con, release, kind=kind)
            warehouse.execute(con, "ingest/quarantine_rejected", import_id=import_id, file_name=name, kind=kind)
    finally:
        con.unregister("incoming")
    step("merge", name)
    with clock.phase(f"merge {kind}"):
        _merge(con, kind, import_id, incremental)
    with clock.phase(f"count {kind}"):
        counts = warehouse.run(con, "ingest/file_outcome").row(0, named=True)
        unmatched = warehouse.run(con, "ingest/unmatched_request_links").item() if kind == "contacts" else 0
    return FileOutcome(
        file_name=name,
        kind=kind,
        rejections=warehouse.run(con, "ingest/rejections_by_reason").to_dicts(),
        unmatched_request_links=unmatched,
        ignored_columns=export.ignored_columns,
        **counts,
    )


def _merge(con, kind: str, import_id: int, incremental: bool) -> None:
    """Upsert the valid rows into their table: delete the stored versions of changed records, insert
    the new and changed ones (no MERGE, no primary key: the check made the keys unique). Into an
    empty one (the first import), a plain append when no two rows are the same record: nothing
    stored to compare, no copies to fold. In an incremental import, also collect the keys touched.
    One transaction per file: the whole import in one would keep every replaced temporary table
    (`checked` of each file) until its end, 4 GB more at scale 0.1; the copy makes it atomic anyway."""
    with warehouse.transaction(con):
        if incremental:
            warehouse.execute(con, f"ingest/merge_{kind}", import_id=import_id)
            warehouse.execute(con, f"dirty/from_{kind}")
        elif warehouse.run(con, "ingest/stored_counts")[kind].item() == 0 and not _may_have_copies(con):
            warehouse.execute(con, f"ingest/append_{kind}", import_id=import_id)
        else:
            warehouse.execute(con, f"ingest/merge_{kind}", import_id=import_id)


def _may_have_copies(con) -> bool:
    """Whether two valid rows of `checked` may be the same record: equal hashes of their values.
    Polars counts 30 M distinct hashes several times faster than a DuckDB aggregate does."""
    hashes = warehouse.run(con, "ingest/valid_row_hashes")["row_hash"]
    return hashes.n_unique() < hashes.len()


def _log(con, import_id: int, started_at: datetime, command: str | None, files: list[FileOutcome]) -> None:
    for f in files:
        warehouse.execute(
            con, "ingest/log_file",
            import_id=import_id, file_name=f.file_name, kind=f.kind, rows_read=f.rows_read, rows_new=f.rows_new,
            rows_updated=f.rows_updated, rows_unchanged=f.rows_unchanged, rows_quarantined=f.rows_quarantined,
            rows_released=f.rows_released, unmatched_request_links=f.unmatched_request_links,
            ignored_columns=", ".join(f.ignored_columns) or None,
        )
    warehouse.execute(
        con, "ingest/log_import",
        import_id=import_id, started_at=started_at, user_name=_user(), host_name=socket.gethostname(), command=command,
        rows_read=sum(f.rows_read for f in files), rows_loaded=sum(f.rows_new for f in files),
        rows_updated=sum(f.rows_updated for f in files), rows_quarantined=sum(f.rows_quarantined for f in files),
    )


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


# Reporting -----------------------------------------------------------------------------------


def summary(outcome: ImportOutcome, warehouse_path: str | Path) -> str:
    """What an import did, for a person reading a terminal or a scheduler's log."""
    lines = [f"Import {outcome.import_id} into {warehouse_path}"]
    for f in outcome.files:
        lines.append(
            f"  {f.file_name} ({f.kind}): {f.rows_read:,} rows read, {f.rows_new:,} new, {f.rows_updated:,} updated, "
            f"{f.rows_unchanged:,} unchanged, {f.rows_quarantined:,} quarantined"
        )
        for r in f.rejections:
            lines.append(f"      {r['row_count']:,} × {r['reason']} (first: {r['first_example']})")
        if f.unmatched_request_links:
            lines.append(f"      {f.unmatched_request_links:,} contacts name an unknown application (loaded all the same)")
        if f.ignored_columns:
            lines.append(f"      columns ignored, not stored: {', '.join(f.ignored_columns)}")
        if f.rows_released:
            lines.append(f"      {f.rows_released:,} quarantined rows replaced by a valid row left the quarantine")
    if outcome.rows_quarantined:
        lines.append(f"Done: {outcome.rows_quarantined:,} rows quarantined, the rest loaded (exit {EXIT_QUARANTINED}).")
    else:
        lines.append("Done: every row loaded (exit 0).")
    return "\n".join(lines)

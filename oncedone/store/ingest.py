"""The import: read export files, check every row, quarantine the bad ones, merge the rest.

All the files of one command form one import: one transaction, committed and published to readers
only when everything succeeded (see warehouse.writing).
"""

import codecs
import csv
import errno
import getpass
import io
import shutil
import socket
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import duckdb
import polars as pl

from oncedone import config
from oncedone.store import contract, snapshot, warehouse

EXIT_OK, EXIT_UNUSABLE, EXIT_QUARANTINED = 0, 2, 3
LATEST_AFTER_IMPORT = timedelta(days=1)


class UnusableFile(Exception):
    """A file nothing can be loaded from. str() is one English sentence naming it (for the command
    line and logs); `code` and `params` let the dashboard say it in the reader's language."""

    SENTENCES = {
        "no_such_file": "no such file",
        "directory": "is a folder, not a file",
        "unreadable": "cannot be read ({error})",
        "duplicate_column": "column {column} appears twice in the header",
        "not_text": "neither UTF-8 nor Windows-1252 text (byte {byte})",
        "utf16": "is UTF-16 or UTF-32 text; save it as UTF-8 (or Windows-1252) and import it again",
        "line_endings": "its lines end with a carriage return alone; save it with Windows or Unix line endings",
        "bad_quote": "line {line} has a quote that is never closed or stands inside an unquoted value",
        "huge_value": "line {line} holds a value longer than the {limit} characters a CSV value may have",
        "not_csv": "is not a CSV file the import can read (check its separator and its quotes)",
        "bad_parquet": "is not a readable Parquet file (damaged, cut short, or a column of an unsupported type)",
        "ragged_line": "line {line} has {fields} fields, the header has {width}",
        "empty": "the file is empty",
        "too_many_rows": "has {rows} rows, more than the {max_rows} an upload may hold",
        "missing_columns": "a {kind} file needs the column(s) {columns}",
        "unknown_kind": "unknown kind of file (its header names none of the requests, request_events or contacts columns)",
    }

    def __init__(self, file_name: str, code: str, **params):
        self.file_name, self.code, self.params = file_name, code, params
        super().__init__(f"{file_name}: {self.SENTENCES[code].format(**params)}")


def failure_code(err: BaseException) -> str | None:
    """`disk_full` or `out_of_memory` when the import stopped for either (the pages say them)."""
    text = str(err)
    if isinstance(err, OSError) and err.errno == errno.ENOSPC or "No space left on device" in text:
        return "disk_full"
    if isinstance(err, MemoryError | duckdb.OutOfMemoryException) or "out of memory" in text.lower():
        return "out_of_memory"
    return None


def failure_sentence(err: BaseException, warehouse_path: str | Path) -> str:
    """Why an import stopped on something other than an unusable file, as one plain sentence
    (the warehouse is unchanged then: the work copy is thrown away)."""
    text, code = str(err), failure_code(err)
    if code == "disk_full":
        return f"the disk holding {Path(warehouse_path).parent} is full; the warehouse is unchanged (free some space, then import again)"
    if code == "out_of_memory":
        steps = [n.removeprefix(warehouse.PHASE_NOTE) for n in getattr(err, "__notes__", ()) if n.startswith(warehouse.PHASE_NOTE)]
        during = f" ({steps[0]})" if steps else ""  # the innermost step: the first note added
        return f"the import ran out of memory{during}; the warehouse is unchanged (import the files in smaller parts)"
    if isinstance(err, OSError):
        return f"{err.filename or warehouse_path}: {err.strerror or type(err).__name__}; the warehouse is unchanged"
    first = text.strip().splitlines()[0] if text.strip() else type(err).__name__
    return f"the import failed ({first}); the warehouse is unchanged"


# What an import reports as it goes: a step (read, copy, check, merge, derive, save) and the file
# it is about (None for the steps about the whole warehouse).
Progress = Callable[[str, str | None], None]


@dataclass
class Export:
    """One export file staged in the import's connection as text columns, ready to be checked."""

    path: Path
    kind: contract.Kind
    table: str  # a temporary table or view: the kind's canonical columns as text, and line_number
    ignored_columns: list[str]
    # CSV lines with more fields than the header (line_number, field_count, extra_text, width): a
    # temporary table's name, when the file has any
    ragged: str | None = None
    # this file's ids that another file of the same import gives differently (record_key, file_name)
    other_files: str | None = None


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
    phase_peak_rss_mb: dict[str, float] = field(default_factory=dict)

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


def stage_export(con: duckdb.DuckDBPyConnection, path: str | Path, table: str) -> Export:
    """Stage a CSV or Parquet export in `con` as the `table` of text columns (in the import's
    staging file), read from disk by DuckDB in a stream (memory follows the connection's limit,
    not the file); raise
    UnusableFile when nothing can be used. A CSV with a malformed line (too many or too few fields,
    a stray quote) is read again by the exact reader, which names the line and keeps the others."""
    path = Path(path)
    if path.is_dir():
        raise UnusableFile(path.name, "directory")
    if not path.is_file():
        raise UnusableFile(path.name, "no_such_file")
    try:
        if _is_parquet(path):
            names = _stage_parquet(con, path, table)
        else:
            names = _stage_csv(con, path, table)
    except (UnusableFile, MemoryError, duckdb.OutOfMemoryException):
        raise
    except _Malformed:
        return _stage_frame(con, path, table, *_read_csv(path))
    except Exception as err:
        if failure_code(err):  # the staging file's disk is full, or memory ran out: not the file's fault
            raise
        if isinstance(err, OSError):
            raise UnusableFile(path.name, "unreadable", error=err.strerror or type(err).__name__) from err
        # A damaged file's errors are many; the file is unusable either way.
        raise UnusableFile(path.name, "bad_parquet" if _is_parquet(path) else "not_csv") from err
    # A staged table keeps the file's order (insertion order is kept), so its row ids number its
    # lines, counted from the first one's (DuckDB does not promise that they start at 0).
    first_line = 1 if _is_parquet(path) else 2  # a CSV's header is line 1
    first_rowid = warehouse.scalar(con, f"select coalesce(min(rowid), 0) from staging.{table}_raw")
    return _as_export(con, path, table, names, None, f"rowid - {first_rowid} + {first_line}")


def _as_export(con, path: Path, table: str, names: list[str], ragged: str | None, line_number: str) -> Export:
    """The staged columns renamed to the contract's, the missing optional ones added as nulls."""
    canonical = _distinct_columns(path, names)
    kind = _kind_of(path, canonical)
    ignored = [c for c in canonical if c not in kind.columns and c != "line_number"]
    source = dict(zip(canonical, names))
    columns = [f"{_identifier(source[c])} as {c}" if c in source else f"null::varchar as {c}" for c in kind.columns]
    con.execute(
        f"create or replace temporary view {table} as select {', '.join(columns)}, {line_number} as line_number from staging.{table}_raw"
    )
    return Export(path, kind, table, ignored, ragged)


class _Malformed(Exception):
    """A CSV line the streaming reader would skip: the exact reader reads the file instead."""


def _stage_csv(con, path: Path, table: str) -> list[str]:
    """Stream a well-formed CSV into `<table>_raw` (line_number: the header is line 1, one record
    per line as exports are); transcode a Windows-1252 file to UTF-8 first, in a stream."""
    with open(path, "rb") as handle:
        head = handle.read(1 << 16)
    if _is_wide_text(head[:4096]):
        raise UnusableFile(path.name, "utf16")
    head = head.removeprefix(b"\xef\xbb\xbf")
    if not head.strip(b"\r\n"):
        raise UnusableFile(path.name, "empty")
    if b"\r" in head and b"\n" not in head and head.count(b"\r") > 1:
        raise UnusableFile(path.name, "line_endings")
    header_line = head.split(b"\n", 1)[0]
    try:
        header_line.decode("utf-8")
    except UnicodeDecodeError:
        header_line = header_line.decode("cp1252", errors="replace").encode("utf-8")
    separator = _separator_of(path, header_line)
    try:
        return _scan_csv(con, path, table, separator, header_line)
    except _NotUtf8:
        with _transcoded(path) as utf8:
            return _scan_csv(con, utf8, table, separator, header_line)


class _NotUtf8(Exception):
    pass


def _scan_csv(con, path: Path, table: str, separator: str, header_line: bytes) -> list[str]:
    """Read the CSV with DuckDB's parallel reader, strictly; a line it would reject (or an error)
    sends the file to the exact reader, an invalid UTF-8 byte to the transcoder."""
    names = next(csv.reader([header_line.decode("utf-8").rstrip("\r")], delimiter=separator))
    columns = "{" + ", ".join(f"{_text(n)}: 'VARCHAR'" for n in names) + "}"
    rejects = f"{table}_rejects"
    try:
        _read_csv_into(con, path, table, separator, columns, rejects)
    except duckdb.Error as err:
        if failure_code(err) or isinstance(err, duckdb.IOException):
            raise
        raise _Malformed() from err
    errors = {e for (e,) in con.sql(f"select distinct error_type from {rejects}").fetchall()}
    con.execute(f"drop table {rejects}; drop table {rejects}_scan")
    if "INVALID ENCODING" in errors:
        raise _NotUtf8()
    if errors:
        raise _Malformed()
    # DuckDB takes a quote inside an unquoted value as text; the contract refuses it (the exact
    # reader names its line), and an escaped quote is rare enough to send there too.
    has_quote = " or ".join(f"contains({_identifier(n)}, '\"')" for n in names)
    if warehouse.scalar(con, f"select count(*) from (select 1 from staging.{table}_raw where {has_quote} limit 1)"):
        raise _Malformed()
    return names


def _read_csv_into(con, path: Path, table: str, separator: str, columns: str, rejects: str) -> None:
    con.execute(
        f"create or replace table staging.{table}_raw as select * from read_csv({_text(path)}, "
        f"delim = {_text(separator)}, quote = '\"', escape = '\"', header = true, auto_detect = false, "
        f"columns = {columns}, strict_mode = true, null_padding = false, encoding = 'utf-8', "
        f"store_rejects = true, ignore_errors = true, rejects_table = '{rejects}', rejects_scan = '{rejects}_scan')"
    )


def _stage_parquet(con, path: Path, table: str) -> list[str]:
    """Stream a Parquet file into `<table>_raw`, every column as text like a CSV's (the checks are
    the same whatever the format): an instant in UTC with its Z, a naive timestamp as written."""
    # The file's own names first: DuckDB would rename a second spelling of one column.
    stored = [n for (n,) in con.sql(
        f"select name from parquet_schema({_text(path)}) where num_children is null or num_children = 0"
    ).fetchall()]
    _distinct_columns(path, stored)
    described = con.sql(f"describe select * from read_parquet({_text(path)})").fetchall()
    columns = []
    for name, dtype, *_ in described:
        column = _identifier(name)
        if dtype.startswith("TIMESTAMP WITH TIME ZONE"):
            columns.append(f"strftime(timezone('UTC', {column}), '%Y-%m-%dT%H:%M:%S.%fZ') as {column}")
        elif dtype.startswith("TIMESTAMP"):
            columns.append(f"strftime({column}, '%Y-%m-%dT%H:%M:%S.%f') as {column}")
        else:
            columns.append(f"{column}::varchar as {column}")
    con.execute(f"create or replace table staging.{table}_raw as select {', '.join(columns)} from read_parquet({_text(path)})")
    return [name for name, *_ in described]


def _stage_frame(con, path: Path, table: str, frame: pl.DataFrame, ragged: pl.DataFrame | None) -> Export:
    """Stage what the exact (in-memory) reader read: a malformed CSV, whose bad lines it names."""
    con.register(f"{table}_frame", frame)
    try:
        con.execute(f"create or replace table staging.{table}_raw as select * from {table}_frame")
    finally:
        con.unregister(f"{table}_frame")
    ragged_table = None
    if ragged is not None:
        ragged_table = f"{table}_ragged"
        con.register(f"{ragged_table}_frame", ragged)
        try:
            con.execute(f"create or replace temporary table {ragged_table} as select * from {ragged_table}_frame")
        finally:
            con.unregister(f"{ragged_table}_frame")
    return _as_export(con, path, table, [c for c in frame.columns if c != "line_number"], ragged_table, "line_number")


@contextmanager
def _transcoded(path: Path):
    """A UTF-8 copy of a Windows-1252 file, written in a stream beside a temporary folder; refuse a
    file that is neither (the byte counted as the exact reader counts it, after any BOM)."""
    folder = Path(tempfile.mkdtemp(prefix="oncedone-cp1252-"))
    target = folder / path.name
    try:
        decoder = codecs.getincrementaldecoder("cp1252")()
        offset = 0
        with open(path, "rb") as source, open(target, "w", encoding="utf-8", newline="") as out:
            first = True
            for chunk in iter(lambda: source.read(1 << 24), b""):
                if first:
                    chunk, first = chunk.removeprefix(b"\xef\xbb\xbf"), False
                try:
                    out.write(decoder.decode(chunk))
                except UnicodeDecodeError as err:
                    raise UnusableFile(path.name, "not_text", byte=offset + err.start) from err
                offset += len(chunk)
        yield target
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _text(value) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _is_parquet(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(4) == b"PAR1"


def check_row_count(path: str | Path, max_rows: int) -> None:
    """Refuse a file of more than `max_rows` rows before it is read (uploads): a Parquet file's
    footer says how many it holds (a 90 KB file may hold 20 million), a CSV's line ends bound them."""
    path = Path(path)
    if not path.is_file():
        return  # stage_export says what is wrong
    try:
        if _is_parquet(path):
            rows = pl.scan_parquet(path).select(pl.len()).collect().item()
        else:
            with open(path, "rb") as handle:
                rows = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 24), b"")) - 1
    except Exception:
        return  # unreadable: stage_export says so in its own words
    if rows > max_rows:
        raise UnusableFile(path.name, "too_many_rows", rows=rows, max_rows=max_rows)


def _read_csv(path: Path) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    frame = _read_plain_csv(path)
    return _read_any_csv(path) if frame is None else (frame, None)


def _read_plain_csv(path: Path) -> pl.DataFrame | None:
    """The usual export, UTF-8 without a BOM, read by Polars straight from the file (mapped, not
    copied into Python); None for anything else, which the general reader then handles."""
    with open(path, "rb") as handle:
        header = handle.readline()
    if header.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or b"\0" in header:
        return None
    try:
        separator = _separator_of(path, header)
        frame = pl.read_csv(path, separator=separator, infer_schema=False, raise_if_empty=True)
    except (UnicodeDecodeError, csv.Error, pl.exceptions.PolarsError):
        return None  # not UTF-8, empty, ragged...: the general reader says what is wrong
    return frame.with_row_index("line_number", offset=2).with_columns(pl.col("line_number").cast(pl.Int64))


def _separator_of(path: Path, header: bytes) -> str:
    """`;` or `,`, whichever the header has more of; refuse a header naming a column twice."""
    separator = ";" if header.count(b";") > header.count(b",") else ","
    _distinct_columns(path, next(csv.reader([header.decode("utf-8")], delimiter=separator), []))  # polars would rename the copy silently
    return separator


# Byte-order marks of the encodings a spreadsheet may choose that the contract does not take.
WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


def _read_any_csv(path: Path) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """Any CSV of the contract: UTF-8 with or without a BOM, or Windows-1252. Lines with more
    fields than the header are kept apart (the ragged frame) unless most lines are."""
    data = path.read_bytes()
    if _is_wide_text(data[:4096]):
        raise UnusableFile(path.name, "utf16")
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            data = data.decode("cp1252").encode("utf-8")  # a French spreadsheet's export
        except UnicodeDecodeError as err:
            raise UnusableFile(path.name, "not_text", byte=err.start) from err
    if b"\r" in data and b"\n" not in data and data.count(b"\r") > 1:
        raise UnusableFile(path.name, "line_endings")
    separator = _separator_of(path, data.split(b"\n", 1)[0])
    try:
        frame = pl.read_csv(io.BytesIO(data), separator=separator, infer_schema=False, raise_if_empty=True)
        ragged = None
    except pl.exceptions.NoDataError as err:
        raise UnusableFile(path.name, "empty") from err
    except pl.exceptions.PolarsError as err:
        frame, ragged = _read_ragged(path, data, separator, err)
    # Line numbers of the file: the header is line 1 (one record per line, as exports are).
    return frame.with_row_index("line_number", offset=2).with_columns(pl.col("line_number").cast(pl.Int64)), ragged


def _is_wide_text(head: bytes) -> bool:
    """UTF-16 or UTF-32 text: a byte-order mark of theirs, or every other byte NUL (ASCII letters)."""
    if head.startswith(WIDE_BOMS):
        return True
    halves = (head[0::2], head[1::2])
    return len(head) >= 8 and any(half.count(0) > 0.9 * len(half) for half in halves)


def _read_ragged(path: Path, data: bytes, separator: str, err: Exception) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A CSV Polars refused, read by Python's csv module (the slow path, on error only): lines
    with more fields than the header become ragged rows to quarantine, their first fields kept in
    the columns; the file is unusable when most lines are ragged, or when a quote is wrong."""
    rows = csv.reader(io.StringIO(data.decode("utf-8"), newline=""), delimiter=separator, strict=True)
    try:
        header = next(rows, [])
        width = len(header)
        values, ragged = [], []
        for row in rows:
            if len(row) > width:
                ragged.append((len(values) + 2, len(row), separator.join(row[width:])))
                row = row[:width]
            values.append(row + [None] * (width - len(row)))
    except csv.Error as bad:
        if "field larger than field limit" in str(bad):
            raise UnusableFile(path.name, "huge_value", line=rows.line_num, limit=csv.field_size_limit()) from bad
        raise UnusableFile(path.name, "bad_quote", line=rows.line_num) from bad
    if not ragged:
        raise UnusableFile(path.name, "not_csv") from err
    if len(ragged) * 2 > len(values):  # then the separator or the quoting is wrong, not a line
        line, fields, _ = ragged[0]
        raise UnusableFile(path.name, "ragged_line", line=line, fields=fields, width=width) from err
    columns = [pl.Series(name, [row[i] for row in values], pl.String) for i, name in enumerate(header)]
    ragged_frame = pl.DataFrame(ragged, schema={"line_number": pl.Int64, "field_count": pl.Int64, "extra_text": pl.String}, orient="row")
    return pl.DataFrame(columns), ragged_frame.with_columns(width=pl.lit(width, pl.Int64))


def _distinct_columns(path: Path, names: list[str]) -> list[str]:
    """The canonical names; refuse a file naming one column twice (`Request_ID` beside `request_id`:
    which one is meant?)."""
    canonical = [_canonical_name(n) for n in names]
    repeated = sorted({c for c in canonical if canonical.count(c) > 1})
    if repeated:
        raise UnusableFile(path.name, "duplicate_column", column=repeated[0])
    return canonical


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


def mark_other_files(con: duckdb.DuckDBPyConnection, exports: list[Export]) -> None:
    """Find the ids that two files of one import give differently and set each export's
    `other_files`: like two versions within one file, neither is loaded (the contract)."""
    # Both kinds' columns, so that the one query binds whichever kind it compares.
    every_column = sorted({c for k in contract.KINDS for c in k.columns})
    for kind in (contract.REQUESTS, contract.CONTACTS):  # an event's key is its whole row
        same_kind = [e for e in exports if e.kind is kind]
        if len(same_kind) < 2:
            continue
        key = f"trim({kind.key[0]})"
        files = " union all ".join(f"select distinct {key} as record_key from {e.table} where {key} is not null" for e in same_kind)
        con.execute(f"create or replace temporary table shared_keys as select record_key from ({files}) group by all having count(*) > 1")
        if not warehouse.scalar(con, "select count(*) from shared_keys"):
            continue
        rows = " union all ".join(
            f"select {', '.join(c if c in kind.columns else f'null::varchar as {c}' for c in every_column)}, "
            f"{kind.key[0]} as record_key, {_text(e.path.name)} as file_name from {e.table} "
            f"where {key} in (select record_key from shared_keys)"
            for e in same_kind
        )
        con.execute(f"create or replace temporary table shared_rows as {rows}")
        found = warehouse.run(con, "ingest/cross_file_versions", kind=kind.name)
        for e in same_kind:
            mine = found.filter(pl.col("file_name") == e.path.name).select("record_key", pl.col("other_file_names").alias("file_name"))
            e.other_files = f"{e.table}_other_files"
            con.register("found_here", mine)
            con.execute(f"create or replace temporary table {e.other_files} as select * from found_here")
            con.unregister("found_here")


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
    step("open", None)
    with warehouse.writing(Path(warehouse_path), clock) as con:
        exports = []
        for i, p in enumerate(paths):  # every file staged before the first row is merged
            step("read", Path(p).name)
            began, cpu = time.perf_counter(), time.process_time()
            with warehouse.naming_step(f"read {Path(p).name}"):
                exports.append(stage_export(con, p, f"incoming_{i}"))
            clock.add(f"read {exports[-1].kind.name}", time.perf_counter() - began, time.process_time() - cpu)
        order = {kind.name: i for i, kind in enumerate(contract.KINDS)}
        exports.sort(key=lambda e: order[e.kind.name])
        mark_other_files(con, exports)
        with warehouse.committing(con, Path(warehouse_path), clock) as step_done:
            files = _load_all(con, exports, started_at, command, step, clock, step_done)
    return ImportOutcome(files[0], files[1], clock.seconds, clock.cpu_seconds, clock.peak_rss_mb)


def _load_all(con, exports: list[Export], started_at: datetime, command: str | None, step: Progress,
              clock: warehouse.Stopwatch, step_done: Callable[[], None]) -> tuple[int, list[FileOutcome]]:
    """Check, quarantine and merge every staged file, recompute the derived tables, log the import
    (`step_done` after each file and table: see warehouse.committing)."""
    import_id = warehouse.scalar(con, "select coalesce(max(import_id), 0) + 1 from import_log")
    # Into a warehouse whose derived tables are current, only the keys the import touches are
    # recomputed: the merges collect them (dirty/create.sql). Otherwise everything is rebuilt.
    incremental = warehouse.can_refresh(con)
    if incremental:
        warehouse.execute(con, "dirty/create")
    files = []
    for export in exports:
        files.append(_load(con, export, import_id, step, clock, incremental))
        step_done()
    step("derive", None)
    if incremental:
        warehouse.refresh_derived(con, clock)
    else:
        warehouse.rebuild_derived(con, clock, step_done)
    _log(con, import_id, started_at, command, files)
    step("save", None)
    return import_id, files


# Stored requests per part of the events' check: DuckDB's hash join of the stored requests, once
# it spills, ran out of the writer's memory (national scale over two years: 48 M requests against
# 2 GB; 1.6 M against 180 MB at a tenth). Measured to pass at 150 bytes a request, kept at 160.
CHECK_BYTES_PER_REQUEST = 160


def _check_part_count(request_count: int) -> int:
    per_part = max(1, warehouse.memory_bytes(warehouse.WRITER_MEMORY_LIMIT) // CHECK_BYTES_PER_REQUEST)
    return max(1, -(-request_count // per_part))


def _check_events(con: duckdb.DuckDBPyConnection, params: dict) -> None:
    """ingest/check_request_events a part of the request ids at a time (see CHECK_BYTES_PER_REQUEST):
    the first part creates `checked`, the others add their rows to it. One part below that size.
    The hash table holds the smaller side of the join: a nightly file names far fewer applications
    than are stored, and each part would scan every stored request again (4 parts: 46 s at 1.0)."""
    joined = min(warehouse.scalar(con, "select count(*) from requests"), warehouse.scalar(con, "select count(*) from incoming"))
    part_count = _check_part_count(joined)
    sql = warehouse.sql_text("ingest/check_request_events")
    creates = "create or replace temporary table checked as"
    assert creates in sql, "each later part must add to `checked`, not replace it"
    for part in range(part_count):
        statement = sql if part == 0 else sql.replace(creates, "insert into checked", 1)
        con.execute(statement, {"latest_at": params["latest_at"], "part": part, "part_count": part_count})


def _load(
    con, export: Export, import_id: int, step: Progress, clock: warehouse.Stopwatch, incremental: bool
) -> FileOutcome:
    kind = export.kind.name
    name = export.path.name
    step("check", name)
    con.execute(f"create or replace temporary view incoming as select * from {export.table}")
    other_files = export.other_files or "(select null::varchar as record_key, null::varchar as file_name where false)"
    con.execute(f"create or replace temporary view other_files as select * from {other_files}")
    # An instant more than a day after this moment is implausible (the contract's rule).
    params = {"title_types": config.load().title_types, "latest_at": datetime.now(timezone.utc) + LATEST_AFTER_IMPORT}
    with clock.phase(f"check {kind}"):
        if kind == "request_events":
            _check_events(con, params)
        else:
            warehouse.execute(con, f"ingest/check_{kind}", **params)
        if export.ragged is not None:
            con.execute(f"create or replace temporary view ragged as select * from {export.ragged}")
            warehouse.execute(con, "ingest/check_field_count")
    with clock.phase(f"quarantine {kind}"):
        # Before this file's rejections are kept: a row still refused is quarantined again below.
        release = "ingest/release_quarantined_events" if kind == "request_events" else "ingest/release_quarantined"
        warehouse.execute(con, release, kind=kind)
        warehouse.execute(con, "ingest/quarantine_rejected", import_id=import_id, file_name=name, kind=kind)
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
    The import's one transaction (warehouse.writing) lands the delete and its insert together."""
    if incremental:
        warehouse.execute(con, f"ingest/merge_{kind}", import_id=import_id)
        warehouse.execute(con, f"dirty/from_{kind}")
        if kind == "request_events":  # inserted only, never replaced: the months of this import's rows
            this_import = f"import_id = {int(import_id)}"
            snapshot.mark(con, "request_events", this_import)
            snapshot.record_layer(con, "request_events", f"select * from request_events where {this_import}")
    elif warehouse.run(con, "ingest/stored_counts")[kind].item() == 0 and not _may_have_copies(con):
        warehouse.execute(con, f"ingest/append_{kind}", import_id=import_id)
    else:
        warehouse.execute(con, f"ingest/merge_{kind}", import_id=import_id)


# Valid rows per part of the copies' count (see ingest/valid_row_hashes.sql): measured to pass at
# 150 M hashes a part under the writer's 2 GB (the base national import), kept at 16 bytes a row.
HASH_BYTES_PER_ROW = 16


def _may_have_copies(con) -> bool:
    """Whether two valid rows of `checked` may be the same record: equal hashes of their values,
    counted by DuckDB a part of the hashes at a time, each part within its memory limit."""
    valid_count = warehouse.scalar(con, "select count(*) from checked where rejection_reason is null")
    per_part = max(1, warehouse.memory_bytes(warehouse.WRITER_MEMORY_LIMIT) // HASH_BYTES_PER_ROW)
    part_count = max(1, -(-valid_count // per_part))
    return any(warehouse.run(con, "ingest/valid_row_hashes", part=part, part_count=part_count)["may_have_copies"].item()
               for part in range(part_count))


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

"""The warehouse file: schema, the one place that runs SQL, the writer and the readers.

Readers and the import never share a file: the import writes the warehouse file in place, in one
transaction, then publishes a snapshot of what the pages read (snapshot.py); readers read the
snapshot's current version and move to the next one as soon as it is published.
"""

import fcntl
import hashlib
import os
import math
import re
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

from oncedone.store import snapshot

QUERIES_DIR = Path(__file__).resolve().parents[2] / "queries"
SCHEMA_DIR = QUERIES_DIR / "schema"
DERIVED_DIR = QUERIES_DIR / "derived"
READER_MEMORY_LIMIT = os.environ.get("ONCEDONE_READER_MEMORY", "4GB")
# What a reader's queries may spill, in the system's temporary folder (DuckDB's default is `.tmp`
# in the working directory, the repository): a query past it fails instead of filling the disk.
READER_SPILL_LIMIT = os.environ.get("ONCEDONE_READER_SPILL", "8GB")
# The import's DuckDB buffer; what does not fit spills to the temporary folder beside the warehouse,
# so the import's peak memory follows this, not the files' size (national-scale.md).
WRITER_MEMORY_LIMIT = os.environ.get("ONCEDONE_WRITER_MEMORY", "2GB")
THREADS = int(os.environ.get("ONCEDONE_THREADS", "2"))
REBUILD_ABOVE_KEYS = 100_000  # dirty applications or contacts below which an import never rebuilds whole
# A full rebuild builds the tables keyed by application (by contact) this many applications
# (contacts) at a time: a chunk fits the 2 GB writer; the national volume, 50 M, takes 13 chunks.
REBUILD_CHUNK_REQUESTS = int(os.environ.get("ONCEDONE_REBUILD_CHUNK_REQUESTS", "4000000"))
REBUILD_CHUNK_CONTACTS = int(os.environ.get("ONCEDONE_REBUILD_CHUNK_CONTACTS", "4000000"))


class WarehouseError(RuntimeError):
    """The warehouse file is missing, locked or of an unknown schema."""


PHASE_NOTE = "in the import's step: "


@contextmanager
def naming_step(name: str):
    """Notes on an error the step it stopped: which one ran out of memory or disk, for the data team."""
    try:
        yield
    except Exception as err:
        err.add_note(f"{PHASE_NOTE}{name}")
        raise


class Stopwatch:
    """Wall and CPU seconds per named phase, summed over repeats (the import's profile, for the
    benchmark: on a shared machine the CPU time says what a phase costs, the wall time what it took)."""

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self.cpu_seconds: dict[str, float] = {}
        self.peak_rss_mb: dict[str, float] = {}  # the process's peak so far, at each phase's end: which one set it

    @contextmanager
    def phase(self, name: str):
        started, cpu = time.perf_counter(), time.process_time()
        try:
            with naming_step(name):
                yield
        finally:
            self.add(name, time.perf_counter() - started, time.process_time() - cpu)
            self.peak_rss_mb[name] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def add(self, name: str, seconds: float, cpu_seconds: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds
        self.cpu_seconds[name] = self.cpu_seconds.get(name, 0.0) + cpu_seconds


def _phase(stopwatch: Stopwatch | None, name: str):
    return stopwatch.phase(name) if stopwatch else nullcontext()


@cache
def sql_text(name: str) -> str:
    """The SQL of a named statement, `queries/<name>.sql`."""
    return (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


@cache
def parameter_names(name: str) -> frozenset[str]:
    """The `$params` a named query uses (DuckDB refuses both missing and extra ones)."""
    with duckdb.connect() as parser:
        return frozenset(parser.extract_statements(sql_text(name))[-1].named_parameters)


def named_params(name: str, params: dict) -> dict:
    """The `$params` the named query uses, taken from `params` (others are left out); a missing one fails."""
    missing = parameter_names(name) - params.keys()
    if missing:
        raise TypeError(f"query {name} needs the parameter(s) {', '.join(sorted(missing))}")
    return {k: params[k] for k in parameter_names(name)}


def run(con: duckdb.DuckDBPyConnection, name: str, **params) -> pl.DataFrame:
    """Run the named query with the `$params` it names (others are left out) and return its rows."""
    return con.sql(sql_text(name), params=named_params(name, params) or None).pl()


def scalar(con: duckdb.DuckDBPyConnection, sql: str, **params):
    """The single value of a short inline query (bookkeeping only; datasets live in queries/)."""
    return con.sql(sql, params=params or None).fetchall()[0][0]


def execute(con: duckdb.DuckDBPyConnection, name: str, **params) -> None:
    """Run the named statements for their effect, each with the `$params` it names."""
    for statement in con.extract_statements(sql_text(name)):
        # DuckDB binds parameters only in a script's last statement: run them one by one.
        named = {k: params[k] for k in statement.named_parameters}
        con.execute(statement.query, named or None)


def memory_bytes(text: str) -> int:
    """A DuckDB memory size ('2GB', '180MB', '1.5GiB') in bytes: KB = 1 000 bytes, KiB = 1 024."""
    number, unit = re.fullmatch(r"\s*([\d.]+)\s*([KMGT]i?B|B?)\s*", text, flags=re.I).groups()
    powers = {"": 0, "b": 0, "kb": 1, "mb": 2, "gb": 3, "tb": 4}
    base = 1024 if "i" in unit.lower() else 1000
    return int(float(number) * base ** powers[unit.lower().replace("i", "")])


def schema_files() -> list[Path]:
    return sorted(SCHEMA_DIR.glob("[0-9][0-9][0-9]_*.sql"))


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The last schema file applied to this warehouse (0 for an empty file)."""
    if not _has_table(con, "schema_migrations"):
        return 0
    return scalar(con, "select coalesce(max(version), 0) from schema_migrations")


def migrate(con: duckdb.DuckDBPyConnection, atomically: bool = False) -> int:
    """Apply the schema files this warehouse has not had yet, in order; return the version.

    Every file not yet applied, not only those above the latest: files written on two branches
    (006 merged after 008) still reach a warehouse built in between.
    """
    con.execute(
        "create table if not exists schema_migrations (version integer, name varchar, applied_at timestamptz)"
    )
    applied = {row[0] for row in con.sql("select version from schema_migrations").fetchall()}
    for path in schema_files():
        version = int(path.name[:3])
        if version not in applied:
            if atomically:  # a file and its record land together, even if the process is killed
                con.execute("begin transaction")
            con.execute(path.read_text(encoding="utf-8"))
            con.execute("insert into schema_migrations values ($v, $n, now())", {"v": version, "n": path.stem})
            if atomically:
                con.execute("commit")
    return schema_version(con)


def build_signature() -> str:
    """What this release builds: a digest of its schema and derived-table SQL."""
    digest = hashlib.sha256()
    for path in [*schema_files(), *sorted(DERIVED_DIR.glob("*.sql"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Derived:
    """A derived table: its SQL file, and the key by which an import recomputes it over a dirty key set."""

    path: Path
    table: str
    key: str  # the column an import deletes and inserts by
    dirty: str  # the temporary table of dirty keys the file selects over (one column, named as the key)

    statements: tuple[str, ...]  # the file's statements: the table's, then any macro over it

    def rebuild_sql(self) -> list[str]:
        """The file's statements with their dirty-key filters left out: every key is dirty, and the
        whole table is built without probing a set of every key (which cost a fifth more CPU)."""
        return [DIRTY_FILTER.sub("", statement) for statement in self.statements]

    @property
    def fresh(self) -> str:
        """The temporary table that holds the dirty keys' new rows (the import's layer of the table)."""
        return f"fresh_{self.table}"

    def select_sql(self) -> str:
        """The SELECT that builds the table over its dirty keys."""
        select = re.sub(rf"^.*?create or replace table {self.table} as\s", "", self.statements[0], count=1, flags=re.S)
        return re.sub(r";\s*(--[^\n]*\s*)*$", "", select)  # the terminator, and comments after it

    def refresh_sql(self) -> list[str]:
        """The file's table, recomputed for its dirty keys only: delete them, insert them again,
        from the same SELECT that builds the whole table (its other statements, macros, stay)."""
        select = self.select_sql()
        return [
            f"create or replace temporary table {self.fresh} as ({select})",
            f"delete from {self.table} where {self.key} in (select {self.key} from {self.dirty})",
            f"insert into {self.table} by name (select * from {self.fresh})",
        ]


# A derived file's dirty-key filter: `semi join dirty_<keys>` and its one `on` line.
DIRTY_FILTER = re.compile(r"\n[ \t]*semi join dirty_\w+\n[ \t]*on [^\n]*")

# The SQL that completes a dirty key set, run right before the first table recomputed over it.
# dirty_requests comes whole from the merges (dirty/from_<kind>.sql), dirty_contacts from them and
# the base tables (refresh_derived completes it first); dirty_days needs the application_facts and
# contact_facts of the touched keys once recomputed (and once before, see refresh_derived).
COMPLETING_SQL = {"dirty_contacts": "dirty/contacts", "dirty_days": "dirty/days"}


@cache
def derived_tables() -> tuple[Derived, ...]:
    """The registry of derived tables, in build order, from each file's header."""
    tables = []
    for path in sorted(DERIVED_DIR.glob("*.sql")):
        sql = path.read_text(encoding="utf-8")
        table = re.search(r"create or replace table (\w+)", sql).group(1)
        key, dirty = re.search(r"-- Keyed by (\w+), recomputed over (\w+)", sql).groups()
        with duckdb.connect() as parser:
            statements = tuple(s.query for s in parser.extract_statements(sql))
        tables.append(Derived(path, table, key, dirty, statements))
    return tuple(tables)


# How a full rebuild splits each dirty key set into chunks: the rows counted, the keys of chunk {i}
# of {n}. Contacts go by citizen, so that each citizen's subjects (their gaps) stay in one chunk.
CHUNKS = {
    "dirty_requests": ("requests", "select request_id from requests where hash(request_id) % {n} = {i}"),
    "dirty_contacts": ("contacts", "select contact_id from contacts where hash(coalesce(citizen_id, contact_id)) % {n} = {i}"),
}


def rebuild_derived(con: duckdb.DuckDBPyConnection, stopwatch: Stopwatch | None = None,
                    step_done: Callable[[], None] = lambda: None) -> None:
    """Recompute every derived table the indicators read, whole: every key is dirty. The tables
    keyed by application or contact are built a chunk of keys at a time when there are many;
    `step_done` is called after each table (see `committing`)."""
    chunk_sizes = {"dirty_requests": REBUILD_CHUNK_REQUESTS, "dirty_contacts": REBUILD_CHUNK_CONTACTS}
    chunks = {dirty: math.ceil(scalar(con, f"select count(*) from {counted}") / chunk_sizes[dirty])
              for dirty, (counted, _) in CHUNKS.items()}
    for derived in derived_tables():
        with _phase(stopwatch, f"derived {derived.table}"):
            if chunks.get(derived.dirty, 1) > 1:
                _rebuild_in_chunks(con, derived, chunks[derived.dirty])
            else:
                for statement in derived.rebuild_sql():
                    con.execute(statement)
        snapshot.mark(con, derived.table)
        step_done()
    snapshot.mark(con, "request_events")  # every import that rebuilds may have inserted events anywhere
    _stamp_build(con)


def _rebuild_in_chunks(con: duckdb.DuckDBPyConnection, derived: Derived, chunks: int) -> None:
    """Build the table from empty, one chunk of keys (by a hash) at a time, each over its entity's
    whole history as an import's refresh does: each chunk's joins, windows and sorts fit the
    writer's memory (delivered_stage_days and contact_facts whole did not, at national scale).
    The dirty keys are a view per chunk, and each chunk is inserted straight from its SELECT: a
    transaction keeps every row it deletes or drops until it ends, so refilled tables would pile up."""
    table, *macros = derived.statements
    counted, keys = CHUNKS[derived.dirty]
    con.execute(f"drop table if exists {derived.dirty}")
    con.execute(f"create or replace temporary view {derived.dirty} as select {derived.key} from {counted} where false")
    con.execute(table)  # empty: no key is dirty yet
    _declared_again(con, derived.table)
    for chunk in range(chunks):
        con.execute(f"create or replace temporary view {derived.dirty} as {keys.format(n=chunks, i=chunk)}")
        con.execute(f"insert into {derived.table} by name ({derived.select_sql()})")
    con.execute(f"drop view {derived.dirty}")
    for statement in macros:
        con.execute(statement)


def _declared_again(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Create the empty `table` again from its column list. DuckDB 2.0 loses, until the transaction
    commits, every row a parallel insert writes into a table created empty by CREATE TABLE AS in
    the same transaction (a rebuild's chunks then read their facts as empty); one created from a
    column list keeps them."""
    columns = con.sql(
        "select column_name, data_type from duckdb_columns() "
        "where database_name = current_database() and schema_name = 'main' and table_name = $table order by column_index",
        params={"table": table},
    ).fetchall()
    con.execute(f"create or replace table {table} ({', '.join(f'{name} {kind}' for name, kind in columns)})")


def can_refresh(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether this warehouse's derived tables can be recomputed key by key: built by this release,
    all there, over base tables that hold something (into an empty warehouse, a full build is cheaper)."""
    if stored_signature(con) != build_signature() or not all(_has_table(con, d.table) for d in derived_tables()):
        return False
    return any(run(con, "ingest/stored_counts").row(0))


def refresh_derived(con: duckdb.DuckDBPyConnection, stopwatch: Stopwatch | None = None) -> None:
    """Recompute the derived tables for the keys an import touched (the dirty_* tables of
    dirty/create.sql, filled as it merged), each key over its entity's whole history; when it
    touched most of the warehouse, rebuild it whole instead (the same tables, for less work)."""
    with _phase(stopwatch, "dirty keys"):
        share = run(con, "dirty/share").row(0, named=True)
    if _mostly(share["dirty_request_count"], share["request_count"]) or _mostly(
        share["dirty_contact_count"], share["contact_count"]
    ):
        rebuild_derived(con, stopwatch)
        return
    with _phase(stopwatch, "dirty keys"):
        execute(con, "dirty/contacts")  # whole first: the days its contacts leave count below
        execute(con, "dirty/days")  # the days the touched applications and contacts leave, before they are recomputed
    completed = {"dirty_contacts"}
    for derived in derived_tables():
        if derived.dirty in COMPLETING_SQL and derived.dirty not in completed:
            with _phase(stopwatch, "dirty keys"):
                execute(con, COMPLETING_SQL[derived.dirty])
            completed.add(derived.dirty)
        with _phase(stopwatch, f"derived {derived.table}"):
            where = f"{derived.key} in (select {derived.key} from {derived.dirty})"
            snapshot.mark(con, derived.table, where)  # the months its old rows leave
            for statement in derived.refresh_sql():
                con.execute(statement)
            snapshot.mark(con, derived.table, where)  # and those its new rows enter
            keys = f"select distinct {derived.key} from {derived.dirty}"
            snapshot.record_layer(con, derived.table, f"select * from {derived.fresh}", derived.key, keys)
            for base, facts in snapshot.SHARES_PARTITIONS.items():  # every changed record is a dirty key of its facts
                if facts == derived.table:
                    snapshot.record_layer(con, base, f"select * from {base} where {where}", derived.key, keys)
    _stamp_build(con)


def _mostly(dirty_count: int, stored_count: int) -> bool:
    """Whether an import touched so much that a full rebuild costs less than key by key: more than
    half of what is stored, and enough for it to matter (small imports always go key by key)."""
    return dirty_count > max(REBUILD_ABOVE_KEYS, stored_count / 2)


def _stamp_build(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "create or replace table warehouse_build as select $signature as signature, now() as built_at",
        {"signature": build_signature()},
    )


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(scalar(
        con,
        "select count(*) from duckdb_tables() where database_name = current_database() and table_name = $name",
        name=name,
    ))


def stored_signature(con: duckdb.DuckDBPyConnection) -> str | None:
    """The signature of the release that last built this warehouse's derived tables."""
    return scalar(con, "select any_value(signature) from warehouse_build") if _has_table(con, "warehouse_build") else None


def upgrade(path: Path) -> bool:
    """Bring a warehouse built by an older release up to this one; False when already current."""
    path = Path(path)
    with duckdb.connect(str(path), read_only=True) as con:
        built_by_this_release = stored_signature(con) == build_signature() and _has_table(con, "unpublished_partitions")
    version = snapshot.current_version(path.resolve())
    if not built_by_this_release:
        rebuild(path)
    elif version is None or snapshot.signature_of(version) != build_signature():
        publish(path)  # the tables are current, only the readers' snapshot is missing
    else:
        return False
    return True


def rebuild(path: Path, stopwatch: Stopwatch | None = None) -> None:
    """Rebuild every derived table of a warehouse from its base tables (`python -m oncedone rebuild`)."""
    with writing(path, stopwatch) as con, committing(con, path, stopwatch) as step_done:
        rebuild_derived(con, stopwatch, step_done)


def compact(path: Path) -> tuple[int, int]:
    """Rewrite the warehouse into a new file without the free blocks deletes left, and swap it in;
    then publish a version whose tables' layers are folded into their months (`python -m oncedone
    compact`). Readers read the snapshot, never this file: they are not disturbed; the import lock
    keeps imports out meanwhile. Returns the file's sizes before and after."""
    path = Path(path).resolve()
    sizes = _compact_file(path)
    with writing(path) as con, committing(con, path, fold=True):
        pass
    return sizes


def _compact_file(path: Path) -> tuple[int, int]:
    with import_lock(path):
        clean_leftovers(path, locked=True)
        before = path.stat().st_size
        work = path.with_name(f".{path.name}.{os.getpid()}.building")
        try:
            with duckdb.connect(":memory:") as con:
                _configure(con, WRITER_MEMORY_LIMIT)
                con.execute(f"set temp_directory = '{_quoted(spill_folder(path))}'")
                con.execute(f"attach '{_quoted(path)}' as old (read_only); attach '{_quoted(work)}' as new")
                con.execute("copy from database old to new")
                con.execute("detach old; detach new")
            fd = os.open(work, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(work, path)
            path.with_name(path.name + ".wal").unlink(missing_ok=True)  # checkpointed into the copy
        finally:
            work.unlink(missing_ok=True)
            _remove_tree(spill_folder(path))
        return before, path.stat().st_size


def _configure(con: duckdb.DuckDBPyConnection, memory_limit: str) -> None:
    con.execute(f"set threads = {THREADS}; set memory_limit = '{memory_limit}'; set timezone = 'UTC'")


@contextmanager
def import_lock(path: Path):
    """Serialise writers of one warehouse; readers never take it."""
    lock_path = path.with_name(path.name + ".lock")
    with open(lock_path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def staging_file(path: Path) -> Path:
    """Where the import stages its files (attached as `staging`, removed after): a database file
    stores them compressed, where temporary tables would spill them whole (a national file's
    events took 28 GB of spill for 12 GB of CSV)."""
    return path.with_name(f".{path.name}.staging")


def first_import_marker(path: Path) -> Path:
    """Beside a warehouse its first import is creating: that import commits step by step (nothing reads
    the file before its first version), and a file left with this marker but no version is removed."""
    return path.with_name(f".{path.name}.first-import")


def spill_folder(path: Path) -> Path:
    """Where the import's DuckDB spills what does not fit in its memory limit (beside the warehouse:
    the same disk, which the import's disk-full message names)."""
    return path.with_name(f".{path.name}.spill")


def reader_spill_folder() -> Path:
    """This process's folder for what its readers' queries spill (DuckDB creates it when needed)."""
    return Path(tempfile.gettempdir()) / f"oncedone-reader-{os.getpid()}"


@contextmanager
def writing(path: Path, stopwatch: Stopwatch | None = None):
    """The warehouse open for one writer at a time. What the block stages in temporary tables is
    private; what it changes inside `committing` lands, and reaches readers, all at once."""
    # A symlinked warehouse: write the real file, publish beside it.
    path = Path(path).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    with import_lock(path):
        clean_leftovers(path, locked=True)
        created = not path.exists()
        if created:
            first_import_marker(path).touch()
        con = duckdb.connect(str(path))
        try:
            _configure(con, WRITER_MEMORY_LIMIT)
            con.execute(f"set temp_directory = '{_quoted(spill_folder(path))}'")
            con.execute(f"attach '{_quoted(staging_file(path))}' as staging")
            migrate(con, atomically=True)  # the macros the staging uses
            yield con
        finally:
            try:
                con.close()
            except duckdb.Error:
                if not created:  # a full disk may fail the close's checkpoint too: the WAL keeps what committed
                    raise
            _remove_tree(spill_folder(path))
            staged = staging_file(path)
            for made in (staged, staged.with_name(staged.name + ".wal")):
                made.unlink(missing_ok=True)
            if created and snapshot.current_version(path) is None:  # a failed first import leaves nothing
                _remove_unpublished(path)
            first_import_marker(path).unlink(missing_ok=True)


def _remove_unpublished(path: Path) -> list[Path]:
    """A warehouse no version was ever published from: a failed (or killed) first import's."""
    made = [p for p in (path, path.with_name(path.name + ".wal"), snapshot.snapshot_root(path)) if p.exists()]
    for p in made:
        _remove_tree(p)
    return made


@contextmanager
def committing(con: duckdb.DuckDBPyConnection, path: Path, stopwatch: Stopwatch | None = None, fold: bool = False):
    """One transaction on a `writing` connection: if the block succeeds, the new snapshot version is
    written from inside it (a full disk fails here, before anything lands), the transaction
    commits, and the version is made current; otherwise it is rolled back (by DuckDB after a kill).
    With `fold`, the version folds every table's layers into its months."""
    path = Path(path).resolve()
    con.execute("begin transaction")
    version = None
    stepwise = first_import_marker(path).exists()

    def step_done() -> None:
        """Into a new file, commit each step: the transaction never holds the whole history in memory
        (a national first import ran out of it), and a failure still removes the file (`writing`)."""
        if stepwise:
            con.execute("commit")
            con.execute("checkpoint")
            con.execute("begin transaction")

    try:
        migrate(con)
        yield step_done
        with _phase(stopwatch, "extent"):
            execute(con, "publish/extent")
        with _phase(stopwatch, "publish"):
            version = snapshot.write_version(con, path, build_signature(), stopwatch, fold)
        with _phase(stopwatch, "commit"):
            con.execute("commit")
    except BaseException:
        try:
            con.execute("rollback")
        except duckdb.Error:
            pass  # DuckDB already ended a transaction that a full disk or a fatal error broke
        if version is not None:
            _remove_tree(version)
        raise
    snapshot.make_current(path, version)
    with _phase(stopwatch, "checkpoint"):
        try:
            con.execute("checkpoint")
        except duckdb.Error as err:  # the import landed (its log is on disk): say so, do not undo it
            print(f"warning: {path}: the import landed, but writing it into the file failed ({_first_line(err)}); "
                  "it is kept in the write-ahead log until the next import", file=sys.stderr)


def publish(path: Path) -> None:
    """Publish the warehouse's committed state to readers when no import did (a warehouse whose
    snapshot was removed)."""
    with writing(path) as con, committing(con, path):
        pass


def clean_leftovers(path: str | Path, locked: bool = False) -> list[Path]:
    """Remove what imports killed mid-way left beside the warehouse (an older release's work copies,
    a half-written snapshot version, the spill folder), unless an import is running now; return
    what was removed, for the log."""
    path = Path(path).resolve()
    if not path.parent.is_dir():
        return []
    if locked:
        return _remove_leftovers(path)
    lock_path = path.with_name(path.name + ".lock")
    with open(lock_path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return []  # an import is running: what it wrote is not a leftover; it cleans up itself
        try:
            return _remove_leftovers(path)
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _remove_leftovers(path: Path) -> list[Path]:
    removed = []
    snapshots = snapshot.snapshot_root(path)
    found = [*path.parent.glob(f".{path.name}.*.building*"), *snapshots.glob("*.building"), *snapshots.glob("*.tmp")]
    staged = staging_file(path)
    found += [p for p in (spill_folder(path), staged, staged.with_name(staged.name + ".wal")) if p.exists()]
    if first_import_marker(path).exists():  # a first import killed mid-way: its committed steps go too
        if snapshot.current_version(path) is None:
            removed += _remove_unpublished(path)
        found.append(first_import_marker(path))
    for abandoned in found:
        _remove_tree(abandoned)
        removed.append(abandoned)
    return removed


def _remove_tree(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        for child in sorted(path.rglob("*"), reverse=True):
            child.rmdir() if child.is_dir() and not child.is_symlink() else child.unlink(missing_ok=True)
        path.rmdir()
    else:
        path.unlink(missing_ok=True)


def _first_line(err: BaseException) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


class Warehouse:
    """Read-only access to a warehouse's published snapshot that follows each new version.

    One instance per process; each query runs on its own cursor, so threads may share it.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._identity = None
        self._root = None

    def query(self, name: str, **params) -> pl.DataFrame:
        """Run the named query on the newest published version."""
        root = self._current_root()
        with root.cursor() as cur:
            return run(cur, name, **params)

    def connection(self) -> duckdb.DuckDBPyConnection:
        """A cursor on the newest published version, for readers that copy tables whole (the handover)."""
        return self._current_root().cursor()

    def identity(self) -> str:
        """The published version readers read now: what changes when an import publishes."""
        version = snapshot.current_version(self.path.resolve())
        if version is None:
            if self.path.exists():
                raise WarehouseError(
                    f"{self.path} has not been published for the dashboard: run `python -m oncedone upgrade --warehouse {self.path}`"
                )
            raise WarehouseError(f"{self.path}: no warehouse here; run `python -m oncedone demo` or an import")
        return version.name

    def _current_root(self) -> duckdb.DuckDBPyConnection:
        identity = self.identity()
        with self._lock:
            if identity != self._identity:
                # A fresh in-memory database per version: the macros, then a view per published table.
                root = duckdb.connect(":memory:")
                _configure(root, READER_MEMORY_LIMIT)
                root.execute(f"set temp_directory = '{_quoted(reader_spill_folder())}'; "
                             f"set max_temp_directory_size = '{READER_SPILL_LIMIT}'")
                # A version's files never change (a new version writes new ones): keep their footers.
                root.execute("set parquet_metadata_cache = true; set validate_external_file_cache = 'NO_VALIDATION'")
                migrate(root)
                version = snapshot.snapshot_root(self.path.resolve()) / identity
                if snapshot.attach_views(root, version) != build_signature():
                    raise WarehouseError(
                        f"{self.path} was built by another release: run `python -m oncedone upgrade --warehouse {self.path}`"
                    )
                for derived in derived_tables():  # the macros a derived file defines over its table
                    for statement in derived.statements[1:]:
                        root.execute(statement)
                self._root, self._identity = root, identity
            return self._root

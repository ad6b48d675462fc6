"""The warehouse file: schema, the one place that runs SQL, and build-and-swap for writers.

Readers and the import never share a file handle: an import copies the live file, writes the copy,
and `os.replace`s it over the live one; readers notice the new file and reopen (see stack.md).
"""

import fcntl
import hashlib
import os
import re
import shutil
import threading
import time
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

QUERIES_DIR = Path(__file__).resolve().parents[2] / "queries"
SCHEMA_DIR = QUERIES_DIR / "schema"
DERIVED_DIR = QUERIES_DIR / "derived"
READER_MEMORY_LIMIT = os.environ.get("ONCEDONE_READER_MEMORY", "4GB")
WRITER_MEMORY_LIMIT = os.environ.get("ONCEDONE_WRITER_MEMORY", "10GB")
THREADS = int(os.environ.get("ONCEDONE_THREADS", "2"))
REBUILD_ABOVE_KEYS = 100_000  # dirty applications or contacts below which an import never rebuilds whole


class WarehouseError(RuntimeError):
    """The warehouse file is missing, locked or of an unknown schema."""


class Stopwatch:
    """Wall and CPU seconds per named phase, summed over repeats (the import's profile, for the
    benchmark: on a shared machine the CPU time says what a phase costs, the wall time what it took)."""

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self.cpu_seconds: dict[str, float] = {}

    @contextmanager
    def phase(self, name: str):
        started, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - started, time.process_time() - cpu)

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


def run(con: duckdb.DuckDBPyConnection, name: str, **params) -> pl.DataFrame:
    """Run the named query with the `$params` it names (others are left out) and return its rows."""
    missing = parameter_names(name) - params.keys()
    if missing:
        raise TypeError(f"query {name} needs the parameter(s) {', '.join(sorted(missing))}")
    named = {k: params[k] for k in parameter_names(name)}
    return con.sql(sql_text(name), params=named or None).pl()


def scalar(con: duckdb.DuckDBPyConnection, sql: str, **params):
    """The single value of a short inline query (bookkeeping only; datasets live in queries/)."""
    return con.sql(sql, params=params or None).fetchall()[0][0]


def execute(con: duckdb.DuckDBPyConnection, name: str, **params) -> None:
    """Run the named statements for their effect, each with the `$params` it names."""
    for statement in con.extract_statements(sql_text(name)):
        # DuckDB binds parameters only in a script's last statement: run them one by one.
        named = {k: params[k] for k in statement.named_parameters}
        con.execute(statement.query, named or None)


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection):
    """One transaction around a delete and its insert: neither lands without the other."""
    con.execute("begin transaction")
    try:
        yield
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")


def schema_files() -> list[Path]:
    return sorted(SCHEMA_DIR.glob("[0-9][0-9][0-9]_*.sql"))


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The last schema file applied to this warehouse (0 for an empty file)."""
    if not _has_table(con, "schema_migrations"):
        return 0
    return scalar(con, "select coalesce(max(version), 0) from schema_migrations")


def migrate(con: duckdb.DuckDBPyConnection) -> int:
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
            con.execute(path.read_text(encoding="utf-8"))
            con.execute("insert into schema_migrations values ($v, $n, now())", {"v": version, "n": path.stem})
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

    def refresh_sql(self) -> list[str]:
        """The file's table, recomputed for its dirty keys only: delete them, insert them again,
        from the same SELECT that builds the whole table (its other statements, macros, stay)."""
        select = re.sub(rf"^.*?create or replace table {self.table} as\s", "", self.statements[0], count=1, flags=re.S)
        select = re.sub(r";\s*(--[^\n]*\s*)*$", "", select)  # the terminator, and comments after it
        return [
            f"delete from {self.table} where {self.key} in (select {self.key} from {self.dirty})",
            f"insert into {self.table} by name ({select})",
        ]


# A derived file's dirty-key filter: `semi join dirty_<keys>` and its one `on` line.
DIRTY_FILTER = re.compile(r"\n[ \t]*semi join dirty_\w+\n[ \t]*on [^\n]*")

# The SQL that completes a dirty key set, run right before the first table recomputed over it.
# dirty_requests comes whole from the merges (dirty/from_<kind>.sql); dirty_days needs the
# application_facts of the touched applications once recomputed (and once before, see refresh_derived).
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


def rebuild_derived(con: duckdb.DuckDBPyConnection, stopwatch: Stopwatch | None = None) -> None:
    """Recompute every derived table the indicators read, whole: every key is dirty."""
    for derived in derived_tables():
        with _phase(stopwatch, f"derived {derived.table}"):
            for statement in derived.rebuild_sql():
                con.execute(statement)
    _stamp_build(con)


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
        execute(con, "dirty/days")  # the days the touched applications leave, before they are recomputed
    completed = set()
    for derived in derived_tables():
        if derived.dirty in COMPLETING_SQL and derived.dirty not in completed:
            with _phase(stopwatch, "dirty keys"):
                execute(con, COMPLETING_SQL[derived.dirty])
            completed.add(derived.dirty)
        with _phase(stopwatch, f"derived {derived.table}"), transaction(con):
            for statement in derived.refresh_sql():
                con.execute(statement)
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
    with duckdb.connect(str(path), read_only=True) as con:
        if stored_signature(con) == build_signature():
            return False
    rebuild(path)
    return True


def rebuild(path: Path, stopwatch: Stopwatch | None = None) -> None:
    """Rebuild every derived table of a warehouse from its base tables (`python -m oncedone rebuild`)."""
    with rebuilding(path, stopwatch) as con:
        rebuild_derived(con, stopwatch)


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


@contextmanager
def rebuilding(path: Path, stopwatch: Stopwatch | None = None):
    """A writable copy of the warehouse, swapped over the live file only if the block succeeds."""
    # A symlinked warehouse: build beside the real file and swap that, not the link.
    path = Path(path).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    with import_lock(path):
        # Under the lock no other import runs: any copy left here was abandoned by a killed one.
        for abandoned in path.parent.glob(f".{path.name}.*.building*"):
            abandoned.unlink(missing_ok=True)
        work = path.with_name(f".{path.name}.{os.getpid()}.building")
        try:
            if path.exists():
                with _phase(stopwatch, "copy live warehouse"):
                    shutil.copyfile(path, work)
            con = duckdb.connect(str(work))
            try:
                _configure(con, WRITER_MEMORY_LIMIT)
                # The copy is thrown away on failure: one checkpoint at the end, not one per statement.
                con.execute("set checkpoint_threshold = '1TB'")
                migrate(con)
                yield con
                with _phase(stopwatch, "checkpoint"):
                    con.execute("checkpoint")
            finally:
                con.close()
            with _phase(stopwatch, "fsync and swap"):
                _fsync(work)
                os.replace(work, path)
                _fsync(path.parent)
        finally:
            _remove(work)


def clean_leftovers(path: str | Path) -> list[Path]:
    """Remove the work copies that imports killed mid-way left beside the warehouse (up to twice its
    size), unless an import is running now; return what was removed, for the log."""
    path = Path(path).resolve()
    lock_path = path.with_name(path.name + ".lock")
    if not path.parent.is_dir():
        return []
    removed = []
    with open(lock_path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return []  # an import is running: its copy is not a leftover; it cleans up itself
        try:
            for abandoned in path.parent.glob(f".{path.name}.*.building*"):
                abandoned.unlink(missing_ok=True)
                removed.append(abandoned)
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    return removed


def _remove(work: Path) -> None:
    for leftover in (work, work.with_name(work.name + ".wal")):
        leftover.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Warehouse:
    """Read-only access to a warehouse file that follows the file when an import swaps it.

    One instance per process; each query runs on its own cursor, so threads may share it.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._identity = None
        self._root = None

    def query(self, name: str, **params) -> pl.DataFrame:
        """Run the named query on the newest committed warehouse."""
        root = self._current_root()
        with root.cursor() as cur:
            cur.execute("use wh")  # USE is local to a connection: each cursor needs it
            return run(cur, name, **params)

    def identity(self) -> tuple[int, int, int]:
        """What changes when an import swaps the file: inode, mtime, size."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError as err:
            raise WarehouseError(f"{self.path}: no warehouse here; run `python -m oncedone demo` or an import") from err
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _current_root(self) -> duckdb.DuckDBPyConnection:
        identity = self.identity()
        with self._lock:
            if identity != self._identity:
                # A fresh in-memory instance: connect(path) would hand back the stale cached one.
                root = duckdb.connect(":memory:")
                _configure(root, READER_MEMORY_LIMIT)
                quoted = str(self.path).replace("'", "''")
                root.execute(f"attach '{quoted}' as wh (read_only)")
                root.execute("use wh")
                if stored_signature(root) != build_signature():
                    raise WarehouseError(
                        f"{self.path} was built by another release: run `python -m oncedone upgrade --warehouse {self.path}`"
                    )
                self._root, self._identity = root, identity
            return self._root

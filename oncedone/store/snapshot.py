"""The published snapshot: what dashboard readers read, as Parquet files, one version per import.

The import keeps the warehouse file to itself. After each committed import it writes a new version
directory beside it: the rows the import changed are written as a layer over the version before
(for a keyed table, with the keys whose older rows they replace), every other file is hard-linked
from the version before, and a `current` symlink is swapped onto the new version. A table's layers
are folded into its monthly files by `compact` (or when they pile up): only then are months
written again.
Readers in any process read the version `current` names, through views over read_parquet: they
never see a half import, never hold a lock the import waits for, and an import or a publish killed
at any step leaves `current` where it was (the months still to publish are kept in the warehouse,
committed with the import, so the next publish writes them).
"""

import json
import os
import shutil
from contextlib import nullcontext
from pathlib import Path

import duckdb

SNAPSHOT_SUFFIX = ".published"
CURRENT = "current"
KEEP_VERSIONS = 3  # a reader that resolved a version just before a publish finishes its query on it
# The publishing's own bookkeeping, which readers never need.
PRIVATE_TABLES = frozenset({"unpublished_partitions", "published_version"})
# The big tables, split by month of a column: a nightly import rewrites the months it touched.
# `contacts` and `requests` follow their facts (every changed record is a dirty key of its facts
# table, one row each); `request_events` are only ever inserted: the import marks the months of
# the rows it inserted (ingest._merge).
MONTH_COLUMN = {
    "requests": "submitted_at",
    "request_events": "occurred_at",
    "application_facts": "submitted_at",
    "stage_spans": "entered_at",
    "delivered_stage_days": "delivered_day",
    "contact_facts": "received_at",
    "contacts": "received_at",
    "daily_flows": "day",
    "contact_slots": "received_day",
    "daily_finished": "day",
    "deliveries": "delivered_day",
    "examinations": "day",
    "daily_contacts": "day",
    "stage_stays": "until_day",
    "load_slots": "day",
}
SHARES_PARTITIONS = {"contacts": "contact_facts", "requests": "application_facts"}
# Layers a table may carry before a publish folds them into its months (`compact` folds them all):
# readers pay a little for each, a fold pays for the months it writes again.
MAX_LAYERS = 31
WHOLE = "*"  # a partition name meaning every partition of the table
NO_MONTH = "none"


def month_of(column: str) -> str:
    return f"coalesce(strftime({column}, '%Y-%m'), '{NO_MONTH}')"


def snapshot_root(warehouse_path: Path) -> Path:
    return warehouse_path.with_name(warehouse_path.name + SNAPSHOT_SUFFIX)


def current_version(warehouse_path: Path) -> Path | None:
    """The version directory readers read now, or None before the first publish."""
    link = snapshot_root(warehouse_path) / CURRENT
    try:
        return link.parent / os.readlink(link)
    except FileNotFoundError:
        return None


# Writing -------------------------------------------------------------------------------------


def mark(con: duckdb.DuckDBPyConnection, table: str, where_sql: str | None = None) -> None:
    """Record the months of `table` whose rows match `where_sql` as to publish (all with None).
    Called before a delete and after the insert that follows it: both the old and the new months."""
    if table not in MONTH_COLUMN:
        return  # whole tables are written at every publish
    if where_sql is None:
        con.execute("insert into unpublished_partitions values ($t, $p)", {"t": table, "p": WHOLE})
        return
    con.execute(
        f"insert into unpublished_partitions select distinct $t, {month_of(MONTH_COLUMN[table])} "
        f"from {table} where {where_sql}",
        {"t": table},
    )


def record_layer(con: duckdb.DuckDBPyConnection, table: str, rows_sql: str, key: str | None = None, keys_sql: str | None = None) -> None:
    """Record what an import changed in `table`, for its layer: `rows_sql` selects the changed rows
    as they now stand, `keys_sql` the `key`s whose older rows they replace (None: rows only added).
    An import that records no layer for a table it marked has that table's months written again."""
    con.execute(
        "create temporary table if not exists unpublished_layers "
        "(table_name varchar, rows_sql varchar, key_column varchar, keys_sql varchar)"
    )
    con.execute(
        "insert into unpublished_layers select $t, $rows, $key, $keys where not exists "
        "(select 1 from unpublished_layers where table_name = $t and rows_sql = $rows)",
        {"t": table, "rows": rows_sql, "key": key, "keys": keys_sql},
    )


def write_version(con: duckdb.DuckDBPyConnection, warehouse_path: Path, signature: str, stopwatch=None, fold: bool = False) -> Path:
    """Write the next version of the snapshot from inside the import's transaction (it sees the
    import's rows), and record it as the warehouse's published version, to commit with them. The
    version is complete on disk when this returns; make_current() then shows it to readers.
    With `fold`, every table's layers are folded into its months (compact)."""
    root = snapshot_root(warehouse_path)
    root.mkdir(exist_ok=True)
    base = _base_version(con, root, signature)
    old = _manifest(base) if base else None
    dirty = _unpublished(con) if old else None  # None: every month of every table
    layers = _unpublished_layers(con)
    number = 1 + max((int(p.name[1:]) for p in root.glob("v[0-9]*") if p.name[1:].isdigit()), default=0)
    name = f"v{number:06d}"
    building = root / f"{name}.building"
    building.mkdir()
    tables = {}
    for table in _published_tables(con):
        (building / table).mkdir()
        months = None if dirty is None else dirty.get(SHARES_PARTITIONS.get(table, table), set())
        before = old["tables"].get(table) if old else None
        with stopwatch.phase(f"publish {table}") if stopwatch else nullcontext():
            tables[table] = _publish_table(con, table, base, before, building, months, layers.get(table), fold, name)
    (building / "manifest.json").write_text(json.dumps({"signature": signature, "tables": tables}, indent=1))
    _fsync_tree(building)
    final = root / name
    os.rename(building, final)
    con.execute("delete from unpublished_partitions")
    con.execute("delete from published_version; insert into published_version values ($name)", {"name": name})
    return final


def make_current(warehouse_path: Path, version: Path) -> None:
    """Show `version` to readers: one symlink swap, then the oldest versions are removed."""
    root = snapshot_root(warehouse_path)
    link = root / f"{CURRENT}.{os.getpid()}.tmp"
    link.unlink(missing_ok=True)
    link.symlink_to(version.name)
    os.replace(link, root / CURRENT)
    _fsync_dir(root)
    _collect(root, version)


def _publish_table(con, table: str, base: Path | None, before: dict | None, building: Path,
                   months: set[str] | None, layers: list[tuple] | None, fold: bool, name: str) -> dict:
    """The table's entry in the new version: its monthly files, and the layers over them."""
    entry = {"columns": _columns(con, table), "files": [], "key": None, "layers": []}
    if table not in MONTH_COLUMN or before is None or months is None or WHOLE in months:
        entry["files"] = _write(con, table, building / table, None)  # whole
        return entry
    entry["key"], entry["layers"] = before.get("key"), list(before.get("layers", []))
    new_layer = None
    if months and layers and not fold and len(entry["layers"]) < MAX_LAYERS:
        new_layer = _write_layer(con, table, building, layers, months, name)
        entry["key"] = entry["key"] or layers[0][1]
        months = set()  # the months stay as they are, under the layers
    elif entry["layers"] and (months or fold):  # fold: the layers' months are written again
        months = months | {m for layer in entry["layers"] for m in layer["months"]}
        entry["key"], entry["layers"] = None, []
    kept = [f for f in before["files"] if Path(f).stem.split(".")[0] not in months]
    layer_files = [f for layer in entry["layers"] for f in (layer["rows"], layer["keys"]) if f]
    for f in kept + layer_files:  # untouched: the same file, linked, not copied
        os.link(base / f, building / f)
    entry["files"] = sorted(kept + _write(con, table, building / table, months))
    entry["layers"] += [new_layer] if new_layer else []
    return entry


def _write_layer(con, table: str, building: Path, layers: list[tuple], months: set[str], name: str) -> dict:
    """Write an import's layer of `table`: its changed rows, and the keys they replace."""
    columns = ", ".join(f'"{c}"' for c in con.table(table).columns)
    rows_sql = " union all ".join(f"select {columns} from ({rows})" for rows, _, _ in layers)
    layer = {"rows": f"{table}/{name}.layer.parquet", "keys": None, "months": sorted(months)}
    con.execute(f"copy ({rows_sql}) to '{_quoted(building / layer['rows'])}' (format parquet)")
    keyed = [(key, keys) for _, key, keys in layers if keys]
    if keyed:
        key = keyed[0][0]
        keys_sql = " union ".join(f"select {key} from ({keys})" for _, keys in keyed)
        layer["keys"] = f"{table}/{name}.keys.parquet"
        con.execute(f"copy ({keys_sql}) to '{_quoted(building / layer['keys'])}' (format parquet)")
    return layer


def _unpublished_layers(con) -> dict[str, list[tuple]]:
    """The layers this import recorded, by table (none on a connection that recorded none)."""
    if not con.sql("select count(*) from duckdb_tables() where temporary and table_name = 'unpublished_layers'").fetchall()[0][0]:
        return {}
    layers: dict[str, list[tuple]] = {}
    for table, rows, key, keys in con.sql("select * from unpublished_layers").fetchall():
        layers.setdefault(table, []).append((rows, key, keys))
    con.execute("drop table unpublished_layers")
    return layers


def _base_version(con, root: Path, signature: str) -> Path | None:
    """The version this warehouse last committed as published (even if killed before showing it),
    when it is there and by this release: the next version links its untouched months."""
    recorded = con.sql("select any_value(name) from published_version").fetchall()[0][0]
    if recorded is None or not (root / recorded / "manifest.json").is_file():
        return None
    return root / recorded if signature_of(root / recorded) == signature else None


def _published_tables(con) -> list[str]:
    names = con.sql(
        "select table_name from duckdb_tables() where database_name = current_database() "
        "and schema_name = 'main' and not temporary order by table_name"
    ).fetchall()
    return [n for (n,) in names if n not in PRIVATE_TABLES]


def _unpublished(con) -> dict[str, set[str]]:
    months: dict[str, set[str]] = {}
    for table, partition in con.sql("select distinct table_name, partition from unpublished_partitions").fetchall():
        months.setdefault(table, set()).add(partition)
    return months


def _write(con, table: str, folder: Path, months: set[str] | None) -> list[str]:
    """Write `table` (only `months` of it when given) as Parquet files under `folder`, one per
    month for the split tables; return the files, relative to the version."""
    if table not in MONTH_COLUMN:
        target = folder / "all.parquet"
        con.execute(f"copy (select * from {table}) to '{_quoted(target)}' (format parquet)")
        return [f"{table}/all.parquet"]
    if months is not None and not months:
        return []
    where = "" if months is None else "where " + " or ".join(_in_month(MONTH_COLUMN[table], m) for m in sorted(months))
    staging = folder / "_by_month"
    con.execute(
        f"copy (select *, {month_of(MONTH_COLUMN[table])} as published_month from {table} {where}) "
        f"to '{_quoted(staging)}' (format parquet, partition_by (published_month), write_partition_columns false)"
    )
    files = []
    for part in sorted(staging.glob("published_month=*")):
        month = part.name.split("=", 1)[1]
        pieces = sorted(part.glob("*.parquet"))
        for i, piece in enumerate(pieces):  # usually one file per month
            stem = month if i == 0 else f"{month}.{i}"
            os.rename(piece, folder / f"{stem}.parquet")
            files.append(f"{table}/{stem}.parquet")
    shutil.rmtree(staging, ignore_errors=True)
    return files


def _in_month(column: str, month: str) -> str:
    """A range on the column itself, which DuckDB prunes by block (a month's rows sit together)."""
    if month == NO_MONTH:
        return f"{column} is null"
    year, number = int(month[:4]), int(month[5:])
    following = f"{year + number // 12:04d}-{number % 12 + 1:02d}"
    # Months are cut in UTC (the writer's time zone); a date column compares with the same days.
    return f"({column} >= '{month}-01 00:00:00+00' and {column} < '{following}-01 00:00:00+00')"


def _columns(con, table: str) -> list[list[str]]:
    return [[name, str(dtype)] for name, dtype in zip(con.table(table).columns, con.table(table).types)]


def signature_of(version: Path) -> str | None:
    """The build signature of the release that published this version."""
    manifest = _manifest(version)
    return manifest.get("signature") if manifest else None


def _manifest(version: Path) -> dict | None:
    try:
        return json.loads((version / "manifest.json").read_text())
    except (OSError, ValueError):
        return None


def _collect(root: Path, keep: Path) -> None:
    """Remove all but the newest versions (their files live on where a newer one links them)."""
    versions = sorted((p for p in root.glob("v[0-9]*") if p.is_dir() and p.name[1:].isdigit()), key=lambda p: p.name)
    for old in versions[:-KEEP_VERSIONS]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)


def _fsync_tree(folder: Path) -> None:
    """Flush the version's new files and its folders (a linked file is an older version's, on disk)."""
    for path in folder.rglob("*"):
        if path.is_file() and path.stat().st_nlink == 1:
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    for path in [*folder.rglob("*"), folder]:
        if path.is_dir():
            _fsync_dir(path)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# Reading -------------------------------------------------------------------------------------


def attach_views(con: duckdb.DuckDBPyConnection, version: Path) -> str | None:
    """Define every published table in `con` (an in-memory database) as a view over its Parquet
    files, typed as in the warehouse; return the signature of the release that published it."""
    manifest = _manifest(version)
    if manifest is None:
        return None
    for table, entry in manifest["tables"].items():
        con.execute(f"drop table if exists {table}")
        con.execute(f"drop view if exists {table}")
        select = _layered_select(version, entry)
        if select:
            con.execute(f"create view {table} as {select}")
        else:
            definition = ", ".join(f'"{name}" {dtype}' for name, dtype in entry["columns"])
            con.execute(f"create table {table} ({definition})")
    return manifest.get("signature")


def _layered_select(version: Path, entry: dict) -> str | None:
    """The table as it stands: its monthly files, less the rows its layers replace, plus the
    layers' rows (a layer's rows less those replaced by a later layer)."""
    columns = ", ".join(f'"{name}"::{dtype} as "{name}"' for name, dtype in entry["columns"])
    layers = entry.get("layers", [])

    def read(files: list[str], tag: int | None = None) -> str:
        listed = ", ".join(f"'{_quoted(version / f)}'" for f in files)
        return f"select {columns}{'' if tag is None else f', {tag} as published_layer'} from read_parquet([{listed}])"

    replaced = {m for layer in layers if layer["keys"] for m in layer["months"]}
    plain = [f for f in entry["files"] if Path(f).stem.split(".")[0] not in replaced]
    touched = [f for f in entry["files"] if f not in plain]
    parts = [read(plain)] if plain else []
    if not any(layer["keys"] for layer in layers):  # rows only added
        parts += [read([layer["rows"]]) for layer in layers]
        return " union all ".join(parts) or None
    key = entry["key"]
    dtype = dict(entry["columns"])[key]
    tagged = ([read(touched, 0)] if touched else []) + [read([layer["rows"]], i) for i, layer in enumerate(layers, 1)]
    keys = " union all ".join(
        f"select \"{key}\"::{dtype} as replaced_key, {i} as published_layer from read_parquet('{_quoted(version / layer['keys'])}')"
        for i, layer in enumerate(layers, 1) if layer["keys"]
    )
    parts.append(
        f"select * exclude (published_layer) from ({' union all '.join(tagged)}) stored "
        f"anti join (select replaced_key, max(published_layer) as last_layer from ({keys}) group by replaced_key) replaced "
        f"on stored.\"{key}\" = replaced.replaced_key and stored.published_layer < replaced.last_layer"
    )
    return " union all ".join(parts)


def version_files_size(version: Path) -> int:
    """Bytes of a version's files (hard links counted once per version)."""
    return sum(p.stat().st_size for p in version.rglob("*.parquet"))


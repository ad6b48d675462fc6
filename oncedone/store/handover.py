"""The handover: a warehouse's base tables as plain Parquet, split by month, for Spark or any engine
that reads Parquet. Read from the published snapshot, so that it never waits for an import and
always holds one import's state whole; written beside the target and swapped in when complete."""

import shutil
from pathlib import Path

import duckdb

from oncedone.store import snapshot
from oncedone.store.warehouse import Warehouse, derived_tables, migrate

MONTH = "export_month"  # the partition column (hive style: <table>/export_month=2018-01/...)


def base_tables() -> list[str]:
    """The tables the import writes (what a derived table is computed from), bookkeeping left out."""
    with duckdb.connect() as con:
        migrate(con)
        names = [r[0] for r in con.sql(
            "select table_name from duckdb_tables() where schema_name = 'main' and not internal order by 1").fetchall()]
    derived = {d.table for d in derived_tables()}
    return [n for n in names if n not in derived and n not in snapshot.PRIVATE_TABLES and n != "schema_migrations"]


def export_parquet(warehouse_path: Path, out: Path) -> dict[str, int]:
    """Write every base table of the published warehouse to `out/<table>/`; return the rows of each."""
    reader = Warehouse(warehouse_path)
    reader.identity()  # a clear error when nothing is published
    building = out.with_name(out.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    counts = {}
    with reader.connection() as con:
        for table in base_tables():
            counts[table] = _write(con, table, building / table)
    if out.exists():
        shutil.rmtree(out)
    building.rename(out)
    return counts


def _write(con: duckdb.DuckDBPyConnection, table: str, folder: Path) -> int:
    count = con.sql(f"select count(*) from {table}").fetchall()[0][0]
    column = snapshot.MONTH_COLUMN.get(table)
    folder.mkdir()
    if column and count:
        con.execute(f"copy (select *, {snapshot.month_of(column)} as {MONTH} from {table}) "
                    f"to '{_quoted(folder)}' (format parquet, partition_by ({MONTH}), overwrite_or_ignore)")
    else:  # one file, even empty: it carries the table's columns
        con.execute(f"copy {table} to '{_quoted(folder / 'data.parquet')}' (format parquet)")
    return count


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")

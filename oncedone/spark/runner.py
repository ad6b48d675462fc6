"""The indicators on a Spark cluster: the base tables from a Parquet handover, the derived tables built
on the cluster from the same queries, and a reader with the Warehouse's `query(name, **params)`, so
that `indicators.report` runs unchanged over it."""

import os
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

from oncedone.spark import translate
from oncedone.store.handover import MONTH, base_tables
from oncedone.store.warehouse import derived_tables, named_params

# Small data on few cores: a handful of shuffle partitions, not Spark's 200.
SHUFFLE_PARTITIONS = int(os.environ.get("ONCEDONE_SPARK_PARTITIONS", "4"))


def session(master: str, app_name: str = "oncedone"):
    """A Spark session in UTC, as our DuckDB connections are (the Paris rewrites count on it)."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # the driver on loopback, as the cluster's JVMs
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master(master).appName(app_name)
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", SHUFFLE_PARTITIONS)
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", os.environ.get("ONCEDONE_SPARK_DRIVER_MEMORY", "2g"))
        .config("spark.executor.memory", os.environ.get("ONCEDONE_SPARK_EXECUTOR_MEMORY", "1g"))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


class SparkWarehouse:
    """A reader over a Parquet handover on Spark; `build()` writes the derived tables, then `query()` reads."""

    def __init__(self, spark, parquet: Path, work: Path | None = None):
        self.spark = spark
        self.parquet = Path(parquet)
        self.work = Path(work) if work else Path(tempfile.mkdtemp(prefix="oncedone-spark-"))
        for table in base_tables():
            self._view(table, self.parquet / table)

    def build(self, step_done=lambda table, seconds: None) -> None:
        """Build every derived table on the cluster, in the registry's order, as Parquet under `work`."""
        for derived in derived_tables():
            started = time.perf_counter()
            folder = self.work / derived.table
            self.spark.sql(translate.derived_sql(derived)).write.mode("overwrite").parquet(str(folder))
            self._view(derived.table, folder)
            step_done(derived.table, time.perf_counter() - started)

    def query(self, name: str, **params) -> pl.DataFrame:
        """Run the named query of queries/, translated, with the `$params` it names."""
        sql = translate.query_sql(name, named_params(name, params))
        return pl.from_arrow(self.spark.sql(sql).toArrow())

    def _view(self, table: str, folder: Path) -> None:
        frame = self.spark.read.parquet(str(folder))
        if MONTH in frame.columns:
            frame = frame.drop(MONTH)
        frame.createOrReplaceTempView(table)

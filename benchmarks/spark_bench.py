"""The report on a Spark cluster against DuckDB, on one machine: `python -m benchmarks.spark_bench --scale S`.

Builds the scenario's warehouse at the scale (or reuses benchmarks/runs/spark-S.duckdb), hands it over
as Parquet, then times on a standalone cluster of one worker and of two (one core each): the derived
tables' build, and the report for a month and for a year (each run twice: cold, then warm). DuckDB
times the same reports on the published warehouse. The table goes to benchmarks/results/spark-S.md.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from oncedone import config
from oncedone.access import EVERYTHING
from oncedone.kpi import indicators
from oncedone.spark import cluster
from oncedone.spark.runner import SparkWarehouse, session
from oncedone.store.handover import export_parquet
from oncedone.store.warehouse import Warehouse

ROOT = Path(__file__).resolve().parent
PERIODS = {"month": (date(2018, 1, 1), date(2018, 1, 31)), "year": (date(2017, 7, 1), date(2018, 6, 30))}


def timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def reports(reader) -> dict[str, list[float]]:
    cfg = config.load()
    return {label: [timed(lambda: indicators.report(reader, indicators.Selection(*days, scope=EVERYTHING), cfg))
                    for _ in range(2)] for label, days in PERIODS.items()}


def on_spark(parquet: Path, workers: int, runs: Path) -> dict:
    state = runs / f"cluster-{workers}"
    with cluster.running(state, workers) as url:
        os.environ["ONCEDONE_SPARK_PARTITIONS"] = str(2 * workers)
        spark = session(url, f"bench-{workers}")
        reader = SparkWarehouse(spark, parquet, runs / f"spark-derived-{workers}")
        steps = {}
        build = timed(lambda: reader.build(lambda table, seconds: steps.__setitem__(table, seconds)))
        result = {"build_s": build, "steps": steps, "reports": reports(reader)}
        spark.stop()
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, required=True)
    args = parser.parse_args()
    runs = ROOT / "runs" / f"spark-{args.scale:g}"
    runs.mkdir(parents=True, exist_ok=True)
    warehouse = runs / "warehouse.duckdb"
    if not warehouse.exists():
        subprocess.run([sys.executable, "-m", "oncedone", "demo", "--warehouse", str(warehouse), "--scale", str(args.scale)], check=True)
    parquet = runs / "handover"
    handover_s = timed(lambda: export_parquet(warehouse, parquet))
    files = sum(1 for _ in parquet.rglob("*.parquet"))
    duck = reports(Warehouse(warehouse))
    spark = {workers: on_spark(parquet, workers, runs) for workers in (1, 2)}
    result = {"scale": args.scale, "handover_s": handover_s, "parquet_files": files,
              "parquet_mb": sum(p.stat().st_size for p in parquet.rglob("*.parquet")) / 1e6,
              "duckdb": duck, "spark": spark}
    (ROOT / "results" / f"spark-{args.scale:g}.json").write_text(json.dumps(result, indent=2))
    (ROOT / "results" / f"spark-{args.scale:g}.md").write_text(markdown(result))
    print(markdown(result))


def markdown(r: dict) -> str:
    lines = [f"# The report on Spark against DuckDB, scale {r['scale']:g}", "",
             f"Handover: {r['parquet_mb']:.0f} MB of Parquet in {r['parquet_files']} files, written in {r['handover_s']:.1f} s.",
             "A standalone cluster on this machine (2 cores), each worker one core and 1.5 GB; times in seconds, "
             "cold (first run) / warm (second).", "",
             "| engine | derived tables built | month report | year report |", "|---|---:|---:|---:|"]
    fmt = lambda pair: f"{pair[0]:.2f} / {pair[1]:.2f}"
    lines.append(f"| DuckDB (published warehouse) | at import | {fmt(r['duckdb']['month'])} | {fmt(r['duckdb']['year'])} |")
    for workers, s in r["spark"].items():
        lines.append(f"| Spark, {workers} worker(s) | {s['build_s']:.1f} | {fmt(s['reports']['month'])} | {fmt(s['reports']['year'])} |")
    lines += ["", "Where Spark's build goes (seconds per derived table, 1 worker / 2 workers):", "",
              "| table | 1 worker | 2 workers |", "|---|---:|---:|"]
    one, two = r["spark"][1], r["spark"][2]
    for table, seconds in one["steps"].items():
        lines.append(f"| {table} | {seconds:.1f} | {two['steps'][table]:.1f} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()

"""Scale benchmark: generate the reference scenario, import it, time the report.

    python -m benchmarks.scale [--scale 0.1] [--keep DIR]

Each phase runs in its own process, so its wall time and peak memory (ru_maxrss) are its own.
Results go to benchmarks/runs/<time>.json and are printed beside benchmarks/baseline.json.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RUNS = REPO / "benchmarks" / "runs"
BASELINE = REPO / "benchmarks" / "baseline.json"
REPORT_TIMER = """
import json, statistics, sys, time
from datetime import date
from oncedone import config, indicators
from oncedone.warehouse import Warehouse
wh, cfg = Warehouse(sys.argv[1]), config.load()
selection = indicators.Selection(date.fromisoformat(sys.argv[2]), date.fromisoformat(sys.argv[3]))
times = []
for _ in range(6):
    started = time.perf_counter()
    indicators.report(wh, selection, cfg)
    times.append(time.perf_counter() - started)
print(json.dumps({"first_s": times[0], "warm_median_s": statistics.median(times[1:])}))
"""


def measured(args: list[str]) -> dict:
    """Run a command; its wall time, peak resident memory and standard output."""
    started = time.perf_counter()
    process = subprocess.Popen(args, cwd=REPO, stdout=subprocess.PIPE, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 3):
        raise SystemExit(f"{' '.join(args)} failed with {status}")
    return {"seconds": time.perf_counter() - started, "peak_rss_mb": usage.ru_maxrss / 1024, "output": output}


def row_count(folder: Path) -> dict[str, int]:
    import polars as pl

    return {p.stem: pl.scan_parquet(p).select(pl.len()).collect().item() for p in sorted(folder.glob("*.parquet"))}


def bench(scale: float, folder: Path) -> dict:
    exports, warehouse = folder / "exports", folder / "warehouse.duckdb"
    generate = measured([sys.executable, "-m", "oncedone", "generate", "--out", str(exports), "--scale", str(scale), "--format", "parquet"])
    rows = row_count(exports)
    imported = measured([sys.executable, "-m", "oncedone", "ingest", "--warehouse", str(warehouse), *map(str, sorted(exports.glob("*.parquet")))])
    again = measured([sys.executable, "-m", "oncedone", "ingest", "--warehouse", str(warehouse), str(exports / "contacts.parquet")])
    report = measured([sys.executable, "-c", REPORT_TIMER, str(warehouse), "2018-01-01", "2018-01-31"])
    total_rows = sum(rows.values())
    return {
        "at": datetime.now().isoformat(timespec="seconds"),
        "scale": scale,
        "rows": rows,
        "generate_s": round(generate["seconds"], 1),
        "generate_peak_rss_mb": round(generate["peak_rss_mb"]),
        "import_s": round(imported["seconds"], 1),
        "import_rows_per_s": round(total_rows / imported["seconds"]),
        "import_peak_rss_mb": round(imported["peak_rss_mb"]),
        "reimport_contacts_s": round(again["seconds"], 1),
        "warehouse_mb": round(warehouse.stat().st_size / 2**20),
        "report_one_month": json.loads(report["output"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--keep", type=Path, help="keep the exports and warehouse in this folder")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        result = bench(args.scale, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="oncedone-bench-") as folder:
            result = bench(args.scale, Path(folder))
    RUNS.mkdir(exist_ok=True)
    (RUNS / f"{result['at'].replace(':', '')}.json").write_text(json.dumps(result, indent=2))
    baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    for key, value in result.items():
        print(f"{key:24} {value!s:40} baseline: {baseline.get(key, '-')}")


if __name__ == "__main__":
    main()

"""Time the queries behind each click of the backlog page (warm, median of 5 runs after one).

    python -m benchmarks.backlog_steps --warehouse /work/bench/scale-0.1.duckdb [--to 2018-01-15]

Steps, as the page runs them: opening it (every title type), a click on a title type's bar, a
click on a stage x age bar, and the two exports of the applications behind that last click.
"""

import argparse
import os
import statistics
import time
from datetime import date, timedelta

from oncedone import config
from oncedone.app import exports
from oncedone.kpi import backlog
from oncedone.kpi.indicators import Selection
from oncedone.store.warehouse import Warehouse
from oncedone.access import EVERYTHING

RUNS = 5
PERIOD_DAYS = 28  # the filter bar's default period


def timed(action) -> tuple[float, float, float, object]:
    """First run, the median of RUNS warm runs (wall and CPU seconds: on a shared machine the CPU
    time says what the work costs, the wall time what a reader waited), and the result."""
    started = time.perf_counter()
    result = action()
    first = time.perf_counter() - started
    walls, cpus = [], []
    for _ in range(RUNS):
        started, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return first, statistics.median(walls), statistics.median(cpus), result


def steps(wh: Warehouse, selection: Selection, title: str, stage: str, age: str) -> list[tuple[str, str, object]]:
    cfg, day = config.load(), selection.to_day
    top, drilled, cell = backlog.Drill(), backlog.Drill(title), backlog.Drill(title, stage, age)

    def query(name, drill, **extra):
        return lambda: wh.query(name, **backlog.params(selection, drill, cfg, **extra))

    def applications(drill):
        return lambda: wh.query("backlog/applications_at_day", **backlog.applications_params(day, selection, drill, cfg))

    return [
        ("open the page", "backlog/open_at_day", query("backlog/open_at_day", top, day=day)),
        ("open the page", "backlog/trend_by_day", query("backlog/trend_by_day", top)),
        ("open the page", "backlog/applications_at_day", applications(top)),
        (f"click {title}", "backlog/trend_by_day", query("backlog/trend_by_day", drilled)),
        (f"click {title}", "backlog/applications_at_day", applications(drilled)),
        (f"click {title}", "backlog/stage_durations", query("backlog/stage_durations", drilled)),
        (f"click {title}", "indicators/rework_by_title_type", query("indicators/rework_by_title_type", drilled)),
        (f"click {stage} {age}", "backlog/applications_at_day", applications(cell)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", required=True)
    parser.add_argument("--to", type=date.fromisoformat, default=date(2018, 1, 15))
    parser.add_argument("--title", default="vehicle_registration")
    parser.add_argument("--stage", default="resubmitted")
    parser.add_argument("--age", default="16-30")
    args = parser.parse_args()
    wh = Warehouse(args.warehouse)
    selection = Selection(args.to - timedelta(days=PERIOD_DAYS - 1), args.to, scope=EVERYTHING)
    print(f"{args.warehouse}: day {args.to}, period from {selection.from_day}; load average {os.getloadavg()[0]:.1f}")
    print(f"{'step':<28} {'query':<32} {'rows':>8} {'first s':>8} {'warm s':>8} {'cpu s':>8}")
    exported = {}
    for step, name, action in steps(wh, selection, args.title, args.stage, args.age):
        first, warm, cpu, rows = timed(action)
        print(f"{step:<28} {name:<32} {rows.height:>8} {first:>8.3f} {warm:>8.3f} {cpu:>8.3f}")
        if name.endswith("applications_at_day"):
            exported[step] = rows
    for step, rows in exported.items():
        for extension, export in (("csv", exports.backlog_csv), ("xlsx", exports.backlog_xlsx)):
            first, warm, cpu, data = timed(lambda export=export, rows=rows: export(rows, "fr"))
            what = f"{len(data) / 1e6:.1f} MB"
            print(f"{'export ' + extension + ' after ' + step:<28.28} {what:<32} {rows.height:>8} {first:>8.3f} {warm:>8.3f} {cpu:>8.3f}")


if __name__ == "__main__":
    main()

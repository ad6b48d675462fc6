"""The load page's cost, whole: what `load.page_view` does for one view (its SQL, the sums in Polars,
the breaking-point fits), uncached, in CPU seconds of this process (DuckDB's threads included), so
that a busy machine inflates it less than the wall clock. With --compare, first checks that the
view's frames equal those of the previous implementation (tests/load_reference) at every view.

    python -m benchmarks.load_page --warehouse W [--day D] [--runs 5] [--compare]

D defaults to the dashboard's default day (the data's last complete day); the view is the filter
bar's default period (90 days ending D). `benchmarks.steps pages` times the same SQL, dataset by
dataset, but not the Polars and fitting around it.
"""

import argparse
import json
import os
import statistics
import time
from datetime import date, timedelta
from oncedone.access import EVERYTHING

PERIOD_DAYS = 90  # the filter bar's default period (ui.DEFAULT_PERIOD_DAYS)


def timed(function, runs: int) -> dict:
    """One cold call, then `runs` warm ones: wall and CPU seconds of each warm one."""
    function()
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return {"warm_cpu_s_p50": statistics.median(cpus), "warm_cpu_s": cpus, "warm_wall_s_p50": statistics.median(walls)}


def main() -> None:
    from oncedone import config
    from oncedone.kpi import director, load
    from oncedone.kpi.indicators import Selection
    from oncedone.store.warehouse import Warehouse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", required=True)
    parser.add_argument("--day", default="")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--compare", action="store_true")
    args = parser.parse_args()
    wh, cfg = Warehouse(args.warehouse), config.load()
    fresh = wh.query("freshness").row(0, named=True)
    day = date.fromisoformat(args.day) if args.day else director.last_complete_day(fresh["as_of_day"], fresh["first_day"])
    selection = Selection(day - timedelta(days=PERIOD_DAYS - 1), day, scope=EVERYTHING)
    if args.compare:
        from tests.test_load_cost import differences

        views = [selection, Selection(date(2017, 10, 9), date(2017, 10, 15), scope=EVERYTHING), Selection(date(2017, 12, 4), date(2017, 12, 10), scope=EVERYTHING),
                 Selection(date(2017, 12, 4), date(2017, 12, 10), channels=("phone",), scope=EVERYTHING),
                 Selection(date(2017, 11, 1), date(2017, 11, 30), title_types=("vehicle_registration",), departments=("75",), scope=EVERYTHING)]
        for view in views:
            found = differences(wh, view, cfg)
            print(f"compare {view.from_day}..{view.to_day} {view.channels or ''}{view.title_types or ''}: "
                  + ("same frames" if not found else f"DIFFERENT: {found}"))
            assert not found
    result = {"day": day.isoformat(), "load_average": os.getloadavg(),
              "page_view": timed(lambda: load.page_view(wh, selection, cfg), args.runs)}
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()

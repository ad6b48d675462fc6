"""Today as the page computes it (views/today.py's engine calls, without Streamlit), and the report
for a month, timed warm: through today's queries, or through the frozen ones of tests/reference_queries
(the queries before issue 16) on the same warehouse, so that before and after read the same data.

`python -m benchmarks.today_engine WAREHOUSE RUNS [current|reference]` prints one JSON object: per
engine call and in all, the wall and CPU seconds of each warm run, the queries it ran and the
slowest dataset's p50."""

import json
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta

from benchmarks.page_views import PERIOD_DAYS
from oncedone import config
from oncedone.access import EVERYTHING
from oncedone.kpi import completeness, director, emerging, indicators
from oncedone.kpi.indicators import Selection
from oncedone.store.warehouse import Warehouse


class Timed:
    """A reader that counts and times every query it runs, through today's or the frozen queries."""

    def __init__(self, wh: Warehouse, frozen: bool):
        self._wh, self.frozen, self.seconds = wh, frozen, defaultdict(list)

    def query(self, name: str, **params):
        started = time.perf_counter()
        if self.frozen:
            from tests import reference_queries

            rows = reference_queries.query(self._wh, name, **params)
        else:
            rows = self._wh.query(name, **params)
        self.seconds[name].append(time.perf_counter() - started)
        return rows

    def __getattr__(self, attribute):
        return getattr(self._wh, attribute)


def today(wh, day: date, cfg) -> None:
    """views/today.py's engine calls: director.morning now; before it, its parts one by one."""
    f = Selection(day - timedelta(days=PERIOD_DAYS - 1), day, scope=EVERYTHING)
    completeness.card_badges(wh, replace(f, from_day=day), "fr", cfg)
    if not wh.frozen:
        director.morning(wh, day, f, cfg)
        return
    readings = director.readings(wh, day, f, cfg)
    director.daily_series(wh, f, cfg)
    director.by_week(wh, f, cfg)
    director.attention(wh, day, f, readings["day"], cfg)
    emerging.recent(wh, day, f, cfg)


def month_report(wh, day: date, cfg) -> None:
    indicators.report(wh, Selection(day.replace(day=1), day, scope=EVERYTHING), cfg)


def main(warehouse: str, runs: str, which: str = "current") -> dict:
    cfg = config.load()
    plain = Warehouse(warehouse)
    fresh = plain.query("freshness").row(0, named=True)
    day = director.last_complete_day(fresh["as_of_day"], fresh["first_day"])
    out = {"day": day.isoformat(), "queries": which}
    for name, view in (("today", today), ("report for the month to the day", month_report)):
        walls, cpus, counts, per_dataset = [], [], [], defaultdict(list)
        for run in range(int(runs) + 1):
            wh = Timed(plain, which == "reference")
            started, cpu = time.perf_counter(), time.process_time()
            view(wh, day, cfg)
            if run:  # warm runs only
                walls.append(time.perf_counter() - started)
                cpus.append(time.process_time() - cpu)
                counts.append(sum(len(s) for s in wh.seconds.values()))
                for dataset, seconds in wh.seconds.items():
                    per_dataset[dataset].append(sum(seconds) / len(seconds))
        slowest = max(per_dataset, key=lambda d: statistics.median(per_dataset[d]))
        out[name] = {
            "warm_s": walls, "warm_cpu_s": cpus, "queries": counts[0],
            "p50_s": statistics.median(walls), "p95_s": sorted(walls)[max(0, round(0.95 * len(walls)) - 1)],
            "cpu_p50_s": statistics.median(cpus),
            "slowest_dataset": slowest, "slowest_p50_s": statistics.median(per_dataset[slowest]),
            "datasets_p50_s": {d: statistics.median(s) for d, s in sorted(per_dataset.items())},
        }
    return out


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:]), default=str))

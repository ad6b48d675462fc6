"""The benchmark's measured steps, each run in its own process by benchmarks.run so that its peak
memory is its own: `python -m benchmarks.steps STEP ARGS...` prints one JSON object."""

import json
import os
import sys
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from oncedone.access import EVERYTHING


def import_files(warehouse: str, *files: str) -> dict:
    """One import of the files: its counts and where the time went."""
    from oncedone.store import ingest

    if os.environ.get(DROP_MERGED_EXPORTS):
        _drop_when_merged([Path(f) for f in files])
    started = time.perf_counter()
    outcome = ingest.ingest(Path(warehouse), [Path(f) for f in files], command="python -m oncedone bench")
    return {
        "seconds": time.perf_counter() - started,
        "rows_read": sum(f.rows_read for f in outcome.files),
        "rows_new": sum(f.rows_new for f in outcome.files),
        "rows_updated": sum(f.rows_updated for f in outcome.files),
        "rows_unchanged": sum(f.rows_unchanged for f in outcome.files),
        "rows_quarantined": outcome.rows_quarantined,
        "phase_seconds": outcome.phase_seconds,
        "phase_cpu_seconds": outcome.phase_cpu_seconds,
        "phase_peak_rss_mb": outcome.phase_peak_rss_mb,
    }


DROP_MERGED_EXPORTS = "ONCEDONE_BENCH_DROP_MERGED_EXPORTS"


def _drop_when_merged(files: list[Path]) -> None:
    """Delete the exports once every row is merged (the first derived phase starts): a two-year
    national import has no disk for its 17 GB of exports beside the warehouse and its snapshot."""
    from oncedone.store.warehouse import Stopwatch

    timed = Stopwatch.phase

    @contextmanager
    def phase(self, name: str):
        if name.startswith("derived ") and any(f.exists() for f in files):
            for f in files:
                f.unlink(missing_ok=True)
            print(f"exports deleted at the start of {name}", file=sys.stderr)
        with timed(self, name):
            yield

    Stopwatch.phase = phase


def reports(warehouse: str, runs: str, *periods: str) -> dict:
    """Each period's report: the first run, then `runs` warm ones, and the values (for the baseline)."""
    from oncedone import config
    from oncedone.kpi import indicators
    from oncedone.store.warehouse import Warehouse

    wh, cfg = Warehouse(warehouse), config.load()
    results = []
    for text in periods:
        first, last = (date.fromisoformat(d) for d in text.split(":"))
        selection = indicators.Selection(first, last, scope=EVERYTHING)
        seconds, cpu_seconds = [], []
        for _ in range(int(runs) + 1):
            started, cpu = time.perf_counter(), time.process_time()
            values = indicators.report(wh, selection, cfg)
            seconds.append(time.perf_counter() - started)
            cpu_seconds.append(time.process_time() - cpu)
        results.append({"from_day": text.split(":")[0], "to_day": text.split(":")[1], "first_s": seconds[0],
                        "warm_s": seconds[1:], "warm_cpu_s": cpu_seconds[1:], "report": values})
    return {"periods": results}


def page_views(warehouse: str, runs: str, day: str = "") -> dict:
    """Each page view's datasets run once cold, then `runs` times warm, at day D (default: the
    dashboard's default, the data's last complete day)."""
    from benchmarks.page_views import PAGE_VIEWS, resolve
    from oncedone import config
    from oncedone.kpi import director, indicators
    from oncedone.store.warehouse import Warehouse

    wh, cfg = Warehouse(warehouse), config.load()
    fresh = wh.query("freshness").row(0, named=True)
    the_day = date.fromisoformat(day) if day else director.last_complete_day(fresh["as_of_day"], fresh["first_day"])
    defaults = indicators.Selection(the_day, the_day, scope=EVERYTHING).params(cfg)
    views = {}
    for name, queries in PAGE_VIEWS.items():
        seconds, cpu_seconds, per_query = [], [], [[] for _ in queries]
        for run in range(int(runs) + 1):
            started, cpu = time.perf_counter(), time.process_time()
            for index, (dataset, params) in enumerate(queries):
                began = time.perf_counter()
                indicators.query(wh, dataset, **resolve(params, the_day, defaults))
                if run:  # warm runs only
                    per_query[index].append(time.perf_counter() - began)
            seconds.append(time.perf_counter() - started)
            cpu_seconds.append(time.process_time() - cpu)
        views[name] = {"queries": len(queries), "first_s": seconds[0], "warm_s": seconds[1:], "warm_cpu_s": cpu_seconds[1:],
                       "query_warm_s": [{"dataset": q[0], "warm_s": t} for q, t in zip(queries, per_query)]}
    return {"day": the_day.isoformat(), "views": views}


STEPS = {"import": import_files, "reports": reports, "pages": page_views}

if __name__ == "__main__":
    print(json.dumps(STEPS[sys.argv[1]](*sys.argv[2:]), default=str))

"""Time the backlog datasets at 0.1 before (the frozen queries, tests/reference_queries) and after
(this branch's queries over stage_stays), on one published warehouse built by main's code.
stage_stays is built from that warehouse's published stage_spans by derived/070_stage_stays.sql
(its rebuild SQL) and written as the publisher writes it (snapshot._write: one file per month of
until_day, rows in the table's order), then read through a view as readers read it.
    python -m benchmarks.backlog_before_after WAREHOUSE RUNS [build]   (stage_stays files in /tmp/backlog/stays)"""
import os, shutil, statistics, sys, time
from pathlib import Path
import duckdb
from benchmarks.page_views import PAGE_VIEWS, resolve
from oncedone import config
from oncedone.access import EVERYTHING
from oncedone.kpi import director, indicators
from oncedone.store import snapshot, warehouse as W
from tests import reference_queries


def main() -> None:
    global path, runs, version, stays_dir, stays
    path = Path(sys.argv[1]).resolve()
    runs = int(sys.argv[2])
    version = snapshot.current_version(path)
    stays_dir = Path("/tmp/backlog/stays")
    stays = [d for d in W.derived_tables() if d.table == "stage_stays"][0]

    def reader() -> duckdb.DuckDBPyConnection:
        root = duckdb.connect(":memory:")
        W._configure(root, W.READER_MEMORY_LIMIT)
        root.execute("set parquet_metadata_cache = true; set validate_external_file_cache = 'NO_VALIDATION'")
        W.migrate(root)
        snapshot.attach_views(root, version)  # main's signature: not checked here
        return root

    if len(sys.argv) > 3:  # build stage_stays from the published stage_spans
        started, cpu = time.perf_counter(), time.process_time()
        con = reader()
        for d in W.derived_tables():
            if d.table != "stage_stays":
                for statement in d.statements[1:]:
                    con.execute(statement)
        con.execute(stays.rebuild_sql()[0])
        built = time.perf_counter() - started, time.process_time() - cpu
        shutil.rmtree(stays_dir, ignore_errors=True); (stays_dir / "stage_stays").mkdir(parents=True)
        files = snapshot._write(con, "stage_stays", stays_dir / "stage_stays", None)
        (stays_dir / "files.txt").write_text("\n".join(files))
        (stays_dir / "columns.txt").write_text(repr(snapshot._columns(con, "stage_stays")))
        print(f"stage_stays: {con.sql('select count(*) from stage_stays').fetchall()[0][0]} rows, built in {built[0]:.1f} s "
              f"({built[1]:.1f} s CPU), written in {time.perf_counter() - started - built[0]:.1f} s, {len(files)} files, "
              f"{sum((stays_dir / f).stat().st_size for f in files) / 1e6:.0f} MB")

    class Bench:
        def __init__(self):
            root = reader()
            entry = {"columns": eval((stays_dir / "columns.txt").read_text()), "files": (stays_dir / "files.txt").read_text().split("\n")}
            root.execute(f"create view stage_stays as {snapshot._layered_select(stays_dir, entry)}")
            for d in W.derived_tables():
                for statement in d.statements[1:]:
                    root.execute(statement)
            self.root = root
        def _current_root(self):
            return self.root
        def query(self, name, **params):
            with self.root.cursor() as cur:
                return W.run(cur, name, **params)

    class Before(Bench):
        def query(self, name, **params):
            return reference_queries.query(self, name, **params)

    after, before = Bench(), None
    before = Before.__new__(Before); before.root = after.root
    cfg = config.load()
    fresh = after.query("freshness").row(0, named=True)
    day = director.last_complete_day(fresh["as_of_day"], fresh["first_day"])
    defaults = indicators.Selection(day, day, scope=EVERYTHING).params(cfg)
    BACKLOG = ("indicators/backlog_at_day", "indicators/throughput_at_day", "indicators/backlog_segments_at_day")
    views = {name: queries for name, queries in PAGE_VIEWS.items() if name.startswith("backlog")}
    views["today: its backlog datasets"] = [q for q in PAGE_VIEWS["today (director)"] if q[0] in BACKLOG]

    def pct(xs, p):
        xs = sorted(xs); return xs[min(len(xs) - 1, round(p * (len(xs) - 1)))]

    print(f"{path} {version.name}, day {day}; load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} {os.getloadavg()[2]:.1f}")
    for name, queries in views.items():
        for label, wh in (("before", before), ("after", after)):
            walls, cpus, per = [], [], [([], []) for _ in queries]
            for run in range(runs + 1):
                t0, c0 = time.perf_counter(), time.process_time()
                for i, (ds, params) in enumerate(queries):
                    t1, c1 = time.perf_counter(), time.process_time()
                    rows = indicators.query(wh, ds, **resolve(params, day, defaults))
                    if run:
                        per[i][0].append(time.perf_counter() - t1); per[i][1].append(time.process_time() - c1)
                if run:
                    walls.append(time.perf_counter() - t0); cpus.append(time.process_time() - c0)
            print(f"| {name} | {label} | {len(queries)} | {statistics.median(walls)*1000:.0f} | {pct(walls, .95)*1000:.0f} | {statistics.median(cpus)*1000:.0f} |")
            for (ds, params), (w, c) in zip(queries, per):
                print(f"|   {ds} | {label} | | {statistics.median(w)*1000:.0f} | {pct(w, .95)*1000:.0f} | {statistics.median(c)*1000:.0f} |")
    print(f"load average after {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} {os.getloadavg()[2]:.1f}")


if __name__ == "__main__":
    main()

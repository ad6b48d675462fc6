"""The database peer: what an agency's data team would build instead of our warehouse.

Debian's PostgreSQL, a private cluster tuned for this machine, loaded with COPY from the same three
CSV export files, with the indexes (benchmarks/postgres/indexes.sql) and materialized views
(views.sql) a competent team would add. It computes the headline indicators (episodes and once
and done, delivery p50/p90 by delivery day, backlog by title type at the period's end) for the
benchmark's periods twice: from the raw tables and from the views, each timed warm (p50 of
several runs). Each value is compared with our report on a warehouse imported from the same
files, with the benchmark's rules (benchmarks/run.py `differences()`).

    python -m benchmarks.postgres_peer --scale 0.1 [--runs 5]     (or: make bench-postgres SCALE=0.1)
    python -m benchmarks.postgres_peer --exports DIR --warehouse PATH [--out FILE.md]

The first form uses the benchmark's cached files (benchmarks/runs/exports/) and its warehouse
(benchmarks/runs/scale-S.duckdb, imported when missing), and writes
benchmarks/results/postgres-S.md and .json. A difference in any value fails the run (exit 1).
What it does not do, unlike our import (and like the pandas baseline): quarantine bad rows, merge
repeated exports, drop duplicate events. The benchmark's files have none, so the values must be equal.
"""

import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from benchmarks import run
from oncedone.access import EVERYTHING

SQL_DIR = Path(__file__).resolve().parent / "postgres"
KINDS = ("requests", "request_events", "contacts")
VARIANTS = {"raw": "headline_raw.sql", "views": "headline_views.sql"}
TIMING = re.compile(r"^Time: ([0-9.]+) ms")
CLOCK_TICKS_PER_S = os.sysconf("SC_CLK_TCK")
PARIS = ZoneInfo("Europe/Paris")


# The machine and the settings ------------------------------------------------------------------


def pg_bin() -> Path:
    """The newest Debian PostgreSQL's binaries (`make postgres` installs them)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    if not found:
        raise SystemExit("PostgreSQL is not installed: run `make postgres` (apt-get install postgresql).")
    return Path(found[-1]).parent


def ram_mb() -> int:
    with open("/proc/meminfo") as meminfo:
        return int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1]) // 1024


def settings(memory_mb: int, cores: int) -> dict[str, tuple[str, str]]:
    """postgresql.conf for one analyst's queries on this machine: name -> (value, why)."""
    return {
        "listen_addresses": ("''", "a private cluster: its unix socket only"),
        "timezone": ("'Europe/Paris'", "a time without an offset is Paris local time (the data contract)"),
        "datestyle": ("'iso, dmy'", "the French export form dd/mm/yyyy reads day first"),
        "shared_buffers": (f"'{memory_mb // 4}MB'", "a quarter of RAM, the usual start; the OS cache holds the rest"),
        "effective_cache_size": (f"'{memory_mb * 2 // 3}MB'", "what the OS cache can hold too: favours index scans"),
        "work_mem": (f"'{max(4, memory_mb // 96)}MB'", "percentile and window sorts in memory; one analyst, few nodes"),
        "maintenance_work_mem": (f"'{min(2048, max(64, memory_mb // 12))}MB'", "index and view builds sort in memory"),
        "max_parallel_workers_per_gather": (str(cores), "every core on one query: the machine's only user"),
        "max_parallel_workers": (str(cores), "no more workers than cores"),
        "max_parallel_maintenance_workers": (str(cores), "index builds in parallel too"),
        "random_page_cost": ("1.1", "virtual disk, data mostly cached: random reads cost about a sequential one"),
        # results/postgres-0.1-jit.md: CPU raw year 29.1 s on, 30.8 s off; views 1.08 s, 1.16 s (noise).
        "jit": ("off", "measured on at 0.01 and 0.1: no CPU saved on these queries, a compile per first run"),
        "wal_level": ("minimal", "COPY into a table created in the same transaction then skips the WAL"),
        "max_wal_senders": ("0", "required by wal_level = minimal: no replica"),
        "max_wal_size": ("'8GB'", "no checkpoint storm while loading and building indexes"),
        "autovacuum": ("off", "the tables are static after the load, whose VACUUM ANALYZE does the work"),
    }


# The cluster -------------------------------------------------------------------------------------


@dataclass
class Cluster:
    """A private PostgreSQL cluster in `data_dir`, reached by its unix socket there."""

    data_dir: Path
    bin_dir: Path
    settings: dict[str, tuple[str, str]]

    def psql(self, *args: str, stdin: str | None = None) -> str:
        """psql on the cluster, stopping at the first error: its standard output."""
        command = [str(self.bin_dir / "psql"), "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
                   "-h", str(self.data_dir), "-U", "postgres", "-d", "postgres", *args]
        done = subprocess.run(command, input=stdin, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"psql failed ({done.returncode}): {done.stderr.strip()}")
        return done.stdout

    def postmaster_pid(self) -> int:
        return int((self.data_dir / "postmaster.pid").read_text().split()[0])

    def cpu_s(self) -> float:
        """CPU seconds of the cluster so far: the postmaster and every child it has reaped
        (a session's backend and its parallel workers count once they have exited)."""
        fields = Path(f"/proc/{self.postmaster_pid()}/stat").read_text().rsplit(")", 1)[1].split()
        return sum(int(f) for f in fields[11:15]) / CLOCK_TICKS_PER_S  # utime, stime, cutime, cstime

    def children(self) -> int:
        pid = self.postmaster_pid()
        return sum(len(Path(task, "children").read_text().split()) for task in glob.glob(f"/proc/{pid}/task/*"))


def as_postgres(command: list[str]) -> list[str]:
    """initdb refuses root: run the server as Debian's `postgres` user when we are root."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def start(parent: Path, memory_mb: int | None = None, cores: int | None = None,
          overrides: dict[str, str] | None = None) -> Cluster:
    """initdb a new cluster in a fresh folder under `parent`, tuned (`overrides` last), and start it."""
    bin_dir = pg_bin()
    data_dir = Path(tempfile.mkdtemp(prefix="pgpeer-", dir=parent))
    if os.geteuid() == 0:
        shutil.chown(data_dir, "postgres", "postgres")
    # C collation: text sorts byte by byte, as DuckDB does (contact_id breaks ties in episodes).
    subprocess.run(as_postgres([str(bin_dir / "initdb"), "-D", str(data_dir), "-U", "postgres", "--auth=trust",
                                "--locale=C", "--encoding=UTF8"]), check=True, capture_output=True)
    conf = settings(memory_mb or ram_mb(), cores or os.cpu_count() or 1)
    conf["unix_socket_directories"] = (f"'{data_dir}'", "the socket in the cluster's own folder")
    conf |= {name: (value, "set on the command line") for name, value in (overrides or {}).items()}
    with open(data_dir / "postgresql.conf", "a") as out:
        out.write("\n# benchmarks/postgres_peer.py\n")
        out.writelines(f"{name} = {value}  # {why}\n" for name, (value, why) in conf.items())
    subprocess.run(as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data_dir), "-l", str(data_dir / "server.log"),
                                "-w", "start"]), check=True, capture_output=True)
    return Cluster(data_dir, bin_dir, conf)


def stop(cluster: Cluster, keep: bool = False) -> None:
    subprocess.run(as_postgres([str(cluster.bin_dir / "pg_ctl"), "-D", str(cluster.data_dir), "-m", "fast",
                                "-w", "stop"]), check=True, capture_output=True)
    if not keep:
        shutil.rmtree(cluster.data_dir)


# Loading -----------------------------------------------------------------------------------------


def copy_command(table: str, path: Path) -> str:
    """psql's \\copy of one CSV file, its columns named from its header, its separator its own."""
    with open(path, encoding="utf-8-sig") as f:
        header = f.readline().rstrip("\r\n")
    separator = ";" if header.count(";") > header.count(",") else ","
    columns = ", ".join(name.strip().strip('"').lower() for name in header.split(separator))
    if "'" in str(path):
        raise SystemExit(f"{path}: a quote in the path cannot go into psql's \\copy")
    return (f"\\copy {table} ({columns}) from '{path}' "
            f"with (format csv, header true, delimiter '{separator}', encoding 'UTF8')")


# The database took 3.3 times the CSV files at 0.01 (tables, indexes, views); with a margin.
DISK_PER_CSV_BYTE = 4


def check_disk(folder: Path, parent: Path) -> None:
    """Refuse to load files whose database would not fit on the cluster's disk."""
    need = DISK_PER_CSV_BYTE * sum((folder / f"{k}.csv").stat().st_size for k in KINDS)
    free = shutil.disk_usage(parent).free
    if need > free:
        raise SystemExit(f"Not started: the database would need about {need / 2**30:.0f} GB and "
                         f"{free / 2**30:.0f} GB are free under {parent}.")


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def load(cluster: Cluster, folder: Path, window_days: int) -> dict:
    """Create, COPY, index and analyze the tables, then build the views: seconds per step, sizes."""
    # One transaction: the tables are created in it, so COPY skips the WAL (wal_level = minimal).
    script = "\n".join(["begin;", (SQL_DIR / "schema.sql").read_text(),
                         *(copy_command(k, folder / f"{k}.csv") for k in KINDS), "commit;"])
    steps = {
        "copy_s": timed(lambda: cluster.psql(stdin=script)),
        "indexes_s": timed(lambda: cluster.psql("-f", str(SQL_DIR / "indexes.sql"))),
        "vacuum_analyze_s": timed(lambda: cluster.psql("-c", "vacuum analyze")),
    }
    tables_mb = database_mb(cluster)
    steps["views_s"] = timed(lambda: cluster.psql("-v", f"window_days={window_days}", "-f", str(SQL_DIR / "views.sql")))
    # Index-only scans of the views need their visibility map, and the planner their statistics.
    steps["views_vacuum_analyze_s"] = timed(lambda: cluster.psql("-c", "vacuum analyze"))
    rows = json.loads(cluster.psql("-c", "select json_build_object('requests', (select count(*) from requests), "
                                   "'request_events', (select count(*) from request_events), "
                                   "'contacts', (select count(*) from contacts))"))
    return steps | {"rows": rows, "tables_and_indexes_mb": tables_mb, "database_mb": database_mb(cluster)}


def database_mb(cluster: Cluster) -> float:
    return int(cluster.psql("-c", "select pg_database_size('postgres')")) / 2**20


# The headline indicators -------------------------------------------------------------------------


def headline(cluster: Cluster, variant: str, from_day: date, to_day: date, window_days: int,
             title_types: tuple[str, ...]) -> tuple[dict, float, float]:
    """One run of a variant's query in its own session: the values, psql's wall seconds for the
    query, and the cluster's CPU seconds for the session."""
    baseline_children = cluster.children()
    cpu_before = cluster.cpu_s()
    variables = {"from_day": from_day, "to_day": to_day, "start_at": paris_midnight(from_day),
                 "end_at": paris_midnight(to_day + timedelta(days=1)), "window_days": window_days}
    output = cluster.psql(*(f"--set={name}={value}" for name, value in variables.items()),
                          stdin=f"\\timing on\n\\i {SQL_DIR / VARIANTS[variant]}\n")
    wait_for_children(cluster, baseline_children)
    lines = output.splitlines()
    values = json.loads(lines[0])
    seconds = float(next(TIMING.match(line).group(1) for line in lines if TIMING.match(line))) / 1000
    found = values["backlog_by_title_type"]
    values["backlog_by_title_type"] = {t: 0 for t in title_types} | found  # our report lists every type
    return values, seconds, cluster.cpu_s() - cpu_before


def paris_midnight(day: date) -> str:
    """The instant Europe/Paris day `day` starts, with its offset (kpis.md: the end of D-1)."""
    return datetime.combine(day, datetime.min.time(), PARIS).isoformat()


def wait_for_children(cluster: Cluster, count: int, timeout_s: float = 10) -> None:
    """Until the session's backend and workers have exited and been reaped (their CPU counted)."""
    deadline = time.monotonic() + timeout_s
    while cluster.children() > count and time.monotonic() < deadline:
        time.sleep(0.005)


def timed_runs(cluster: Cluster, variant: str, from_day: date, to_day: date, window_days: int,
               title_types: tuple[str, ...], runs: int) -> dict:
    """The first run, then `runs` warm ones: their times, and the values (the same every run)."""
    results = [headline(cluster, variant, from_day, to_day, window_days, title_types) for _ in range(runs + 1)]
    if any(values != results[0][0] for values, _, _ in results):
        raise RuntimeError(f"{variant} gave different values from one run to the next")
    warm_s, warm_cpu_s = [s for _, s, _ in results[1:]], [c for _, _, c in results[1:]]
    return {"values": results[0][0], "first_s": results[0][1], "warm_s": warm_s, "warm_cpu_s": warm_cpu_s,
            "p50_s": run.percentile(warm_s, 0.5), "cpu_p50_s": run.percentile(warm_cpu_s, 0.5)}


# The run -----------------------------------------------------------------------------------------


def peer(folder: Path, periods: dict[str, tuple[str, str]], runs: int, parent: Path, keep: bool = False,
         overrides: dict[str, str] | None = None) -> dict:
    """Start a cluster, load the files, time both variants per period, stop: every number."""
    from oncedone import config

    cfg = config.load()
    window_days, title_types = cfg.repeat_window_days, tuple(cfg.title_types)
    check_disk(folder, parent)
    cluster = start(parent, overrides=overrides)
    try:
        version = cluster.psql("-c", "show server_version").strip()
        loaded = load(cluster, folder, window_days)
        timings = {label: {variant: timed_runs(cluster, variant, date.fromisoformat(a), date.fromisoformat(b),
                                               window_days, title_types, runs)
                           for variant in VARIANTS}
                   for label, (a, b) in periods.items()}
    finally:
        stop(cluster, keep)
    return {"postgres": version, "settings": cluster.settings, "window_days": window_days,
            "load": loaded, "periods": timings}


def ours(warehouse: Path, periods: dict[str, tuple[str, str]], runs: int) -> dict:
    """Our whole report per period on the warehouse (benchmarks.steps, its own process)."""
    step = run.measured(["-m", "benchmarks.steps", "reports", str(warehouse), str(runs),
                         *(f"{a}:{b}" for a, b in periods.values())])
    return {label: r | {"p50_s": run.percentile(r["warm_s"], 0.5), "cpu_p50_s": run.percentile(r["warm_cpu_s"], 0.5)}
            for label, r in zip(periods, step["output"]["periods"])}


def our_headline(wh, selection, cfg) -> dict:
    """Our report's headline keys alone, from the datasets the report reads for them."""
    from oncedone.kpi import indicators

    contacts = indicators.dataset(wh, "contacts_by_day", selection, cfg)
    delivered = indicators.whole_selection(wh, "delivery_by_period", selection, cfg)
    backlog = indicators.dataset(wh, "backlog_at_day", selection, cfg, day=selection.to_day)
    by_type = indicators._counts(backlog, "title_type", cfg.title_types)
    return indicators._episodes(wh, selection, cfg, contacts) | {
        "delivered": delivered["delivered_count"],
        "delivery_days_p50": delivered["delivery_days_p50"],
        "delivery_days_p90": delivered["delivery_days_p90"],
        "backlog": sum(by_type.values()),
        "backlog_by_title_type": by_type,
    }


def ours_headline(warehouse: Path, periods: dict[str, tuple[str, str]], runs: int) -> dict:
    """The same indicators as PostgreSQL's, alone, from our warehouse: first run, then `runs` warm."""
    from oncedone import config
    from oncedone.kpi import indicators
    from oncedone.store.warehouse import Warehouse

    wh, cfg = Warehouse(warehouse), config.load()
    results = {}
    for label, (a, b) in periods.items():
        selection = indicators.Selection(date.fromisoformat(a), date.fromisoformat(b), scope=EVERYTHING)
        seconds, cpu_seconds = [], []
        for _ in range(runs + 1):
            started, cpu = time.perf_counter(), time.process_time()
            values = our_headline(wh, selection, cfg)
            seconds.append(time.perf_counter() - started)
            cpu_seconds.append(time.process_time() - cpu)
        results[label] = {"values": values, "first_s": seconds[0], "p50_s": run.percentile(seconds[1:], 0.5),
                          "cpu_p50_s": run.percentile(cpu_seconds[1:], 0.5)}
    return results


def compare(result: dict) -> None:
    """Each period's differences (values) and ratios (times, against our whole report and against
    the same indicators alone), written into the result."""
    for label, variants in result["peer"]["periods"].items():
        report, alone = result["ours"][label], result["ours_headline"][label]
        alone["differences"] = run.differences(report["report"], alone["values"])
        for timing in variants.values():
            timing["differences"] = run.differences(report["report"], timing["values"])
            timing["ratio"] = timing["p50_s"] / report["p50_s"]
            timing["ratio_cpu"] = timing["cpu_p50_s"] / report["cpu_p50_s"] if report["cpu_p50_s"] else None
            timing["ratio_headline"] = timing["p50_s"] / alone["p50_s"]
            timing["ratio_headline_cpu"] = timing["cpu_p50_s"] / alone["cpu_p50_s"] if alone["cpu_p50_s"] else None


def bench(folder: Path, warehouse: Path, runs: int, parent: Path, years=run.SCENARIO_YEARS, keep: bool = False,
          overrides: dict[str, str] | None = None) -> dict:
    periods = run.periods(years)
    result = {"at": datetime.now().isoformat(timespec="seconds"), "folder": str(folder), "warehouse": str(warehouse),
              "runs": runs, "load_before": run._load(), "cores": os.cpu_count(), "ram_mb": ram_mb(),
              "csv_mb": sum((folder / f"{k}.csv").stat().st_size for k in KINDS) / 2**20}
    run.say(f"PostgreSQL: loading {folder} and timing the headline indicators ({runs} warm runs each)")
    result["peer"] = peer(folder, periods, runs, parent, keep, overrides)
    run.say(f"ours: the whole report on {warehouse}")
    result["ours"] = ours(warehouse, periods, runs)
    result["ours_headline"] = ours_headline(warehouse, periods, runs)
    result["load_after"] = run._load()
    compare(result)
    return result


# The table -----------------------------------------------------------------------------------------


def _under_load(r: dict) -> list[str]:
    """A warning when the machine was busier than its cores: then the wall times are not results."""
    busiest = max(float(x) for x in (r["load_before"] + " " + r["load_after"]).split())
    if busiest <= r["cores"]:
        return []
    return [f"**Taken under load** (load average up to {busiest:.0f} on {r['cores']} cores): the wall times and "
            f"their ratios are not results, the CPU times only a hint. Re-run on a quiet machine: "
            f"`make bench-postgres SCALE=<scale>`.", ""]


def _timing(timing: dict) -> str:
    return f"{run._s(timing['p50_s'])} ({run._s(timing['cpu_p50_s'])})"


def _times(ratio: float | None) -> str:
    return "–" if ratio is None else f"{ratio:.0f}×" if ratio >= 10 else f"{ratio:.1f}×" if ratio >= 1 else f"{ratio:.2f}×"


def _ratio(timing: dict, key: str) -> str:
    return f"{_times(timing[key])} ({_times(timing[key + '_cpu'])})"


def markdown(r: dict) -> str:
    p, load = r["peer"], r["peer"]["load"]
    lines = [
        f"# The database peer: {r['title']}",
        "",
        f"{r['at']} · {r['cores']} cores, {r['ram_mb'] / 1024:.1f} GB RAM · load average {r['load_before']} before, "
        f"{r['load_after']} after (the machine is shared: wall times vary with it; CPU times less) · "
        f"PostgreSQL {p['postgres']} · W = {p['window_days']} days · command `{r['command']}`",
        "",
        *_under_load(r),
        "Files (CSV, " + run._mb(r["csv_mb"]) + "): " + ", ".join(f"{k} {v:,} rows" for k, v in load["rows"].items()) + ".",
        "",
        "## Load",
        "",
        "| step | wall |",
        "|---|---:|",
        f"| COPY the three files (tables created in the same transaction) | {run._s(load['copy_s'])} |",
        f"| keys and indexes (benchmarks/postgres/indexes.sql) | {run._s(load['indexes_s'])} |",
        f"| VACUUM ANALYZE | {run._s(load['vacuum_analyze_s'])} |",
        f"| materialized views and their indexes (views.sql) | {run._s(load['views_s'])} |",
        f"| VACUUM ANALYZE of the views | {run._s(load['views_vacuum_analyze_s'])} |",
        "",
        f"Database: {run._mb(load['tables_and_indexes_mb'])} with tables and indexes, "
        f"{run._mb(load['database_mb'])} with the views.",
        "",
        "## The headline indicators, warm",
        "",
        f"PostgreSQL: one query per variant (headline_raw.sql on the tables and indexes, headline_views.sql on "
        f"the materialized views), each run in its own psql session: the first run, then the p50 of {r['runs']} "
        f"warm runs, psql's time for the query; CPU = the cluster's CPU for the session (clock ticks of 10 ms). "
        f"Ours: our *whole* report (`indicators.report`, every key of kpis.md §6, in its own process), and the "
        f"same indicators alone (the datasets the report reads for them), warm p50.",
        "",
        "| period | ours, whole report (CPU) | ours, same indicators (CPU) | PostgreSQL raw first | raw warm (CPU) | "
        "views first | views warm (CPU) | same values |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for label, variants in p["periods"].items():
        o, alone, raw, views = r["ours"][label], r["ours_headline"][label], variants["raw"], variants["views"]
        wrong = len(raw["differences"]) + len(views["differences"]) + len(alone["differences"])
        lines.append(
            f"| {label} ({o['from_day']} to {o['to_day']}) | {_timing(o)} | {_timing(alone)} | "
            f"{run._s(raw['first_s'])} | {_timing(raw)} | {run._s(views['first_s'])} | {_timing(views)} | "
            + ("yes" if not wrong else f"**NO: {wrong} differences**") + " |")
    lines += [
        "",
        "Ratios, PostgreSQL's warm p50 / ours (above 1: ours is faster), wall (CPU):",
        "",
        "| period | raw / whole report | raw / same indicators | views / whole report | views / same indicators |",
        "|---|---:|---:|---:|---:|",
        *[f"| {label} | {_ratio(v['raw'], 'ratio')} | {_ratio(v['raw'], 'ratio_headline')} | "
          f"{_ratio(v['views'], 'ratio')} | {_ratio(v['views'], 'ratio_headline')} |" for label, v in p["periods"].items()],
    ]
    differing = [(label, v, d) for label, variants in p["periods"].items() for v, t in variants.items()
                 for d in t["differences"]]
    differing += [(label, "ours, same indicators", d) for label, t in r["ours_headline"].items() for d in t["differences"]]
    if differing:
        lines += ["", "Differences (our report against the other):", "", *[f"- {l}, {v}: {d}" for l, v, d in differing]]
    first = next(iter(p["periods"].values()))["raw"]["values"]
    lines += [
        "",
        f"Compared: {', '.join(first)} (counts exactly, rates and quantiles within 1e-9 relative).",
        "",
        "## Settings (postgresql.conf)",
        "",
        "| setting | value | why |",
        "|---|---|---|",
        *[f"| {name} | {value} | {why} |" for name, (value, why) in p["settings"].items()],
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, help="the benchmark's files and warehouse at this scale")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--exports", type=Path, help="a folder of requests.csv, request_events.csv, contacts.csv")
    parser.add_argument("--warehouse", type=Path, help="our warehouse imported from the same files")
    parser.add_argument("--runs", type=int, default=5, help="warm runs per query (default 5)")
    parser.add_argument("--out", type=Path, help="the markdown file (a .json beside it)")
    parser.add_argument("--cluster-dir", type=Path, default=Path(tempfile.gettempdir()),
                        help="where the cluster's folder goes (default the temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the cluster's folder")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a postgresql.conf setting instead of the tuned one (e.g. jit=on), repeatable")
    args = parser.parse_args(argv)
    folder, warehouse, out = inputs(args)
    command = "python -m benchmarks.postgres_peer " + " ".join(argv if argv is not None else sys.argv[1:])
    overrides = dict(setting.split("=", 1) for setting in args.set)
    result = bench(folder, warehouse, args.runs, args.cluster_dir, keep=args.keep, overrides=overrides)
    result["title"] = f"scale {args.scale:g}" if args.scale is not None else str(folder)
    result["command"] = command
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(markdown(result))
    out.with_suffix(".json").write_text(json.dumps(result, indent=1, default=str) + "\n")
    print(out.read_text())
    wrong = any(t["differences"] for v in result["peer"]["periods"].values() for t in v.values())
    wrong |= any(t["differences"] for t in result["ours_headline"].values())
    return 1 if wrong else 0


def inputs(args) -> tuple[Path, Path, Path]:
    """The files, the warehouse (imported when missing) and the output file."""
    if args.scale is None:
        if not (args.exports and args.warehouse):
            raise SystemExit("Give --scale, or --exports and --warehouse.")
        return args.exports, args.warehouse, args.out or run.RESULTS / "postgres.md"
    from oncedone.scenario import DEFAULT_SEED

    folder, _ = run.exports(args.scale, DEFAULT_SEED if args.seed is None else args.seed, run.SCENARIO_YEARS, False)
    warehouse = args.warehouse or run.RUNS / f"scale-{args.scale:g}.duckdb"
    if not warehouse.exists():
        run.say(f"importing {folder} into {warehouse}")
        run.measured(["-m", "benchmarks.steps", "import", str(warehouse), *(str(folder / f"{k}.csv") for k in KINDS)])
    return folder, warehouse, args.out or run.RESULTS / f"postgres-{args.scale:g}.md"


if __name__ == "__main__":
    sys.exit(main())

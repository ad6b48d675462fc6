"""The national warehouse fed every night: `python -m benchmarks.nightly --scale S --day D [--nights N]`.

1. The scenario's exports as they stood at the end of D − N (`generate --until`), imported once.
2. The deltas of the N nights up to D (`generate --day`), each imported as the agency's nightly job
   would: each import's wall and CPU time per phase, peak memory, and the disk used after it (the
   warehouse file, and the snapshot readers read, its hard-linked files counted once).
3. A one-row import (one application changed).
4. With --compare: the exports `--until D` imported once into a second warehouse, and every key of
   the report for five periods and every page dataset at three days compared between the two.
5. `compact`: the file's size before and after (left out with --no-compact: it writes a second copy
   of the warehouse, which a two-year national one has no disk for beside its exports).

Every import runs in its own process (benchmarks.run.measured), so its peak memory is its own.
Results: a markdown table on standard output and in benchmarks/results/nightly-<scale>.md
(nightly-<scale>-<day>.md for another night than the default).
"""

import argparse
import json
import math
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from benchmarks.run import REPO, RESULTS, RUNS, measured, say
from benchmarks.steps import DROP_MERGED_EXPORTS
from oncedone.access import EVERYTHING

DEFAULT_DAY = date(2018, 1, 16)  # a Tuesday mid-crisis
PERIODS_BACK = [(0, 0), (-6, 0), (-29, 0), (-89, 0), (-364, 0)]  # five periods ending on D
PAGE_DAYS_BACK = [0, -1, -6]  # three days
# What differs by design between a warehouse fed eight times and one fed once: the import log.
BOOKKEEPING = {"app/import_history": None, "freshness": ("last_import_at", "last_import_id")}


def generated(scale: float, cut: str, day: date) -> Path:
    """The exports for `--until day` or `--day day`, cached per scale in benchmarks/runs (delete the
    cache when the scenario changes)."""
    return RUNS / "nightly" / f"scale-{scale:g}" / f"{cut}-{day}"


def generate_missing(scale: float, cuts: list[tuple[str, date]]) -> None:
    """Write the cuts not cached yet, from one simulation (a simulation at 1.0 takes minutes)."""
    missing = [(cut, day) for cut, day in cuts if not (generated(scale, cut, day) / "complete").exists()]
    if not missing:
        return
    say(f"generating {len(missing)} export(s) at scale {scale:g}")
    listed = ", ".join(f"({cut!r}, {day.isoformat()!r})" for cut, day in missing)
    step = measured(["-c", f"from benchmarks.nightly import write_cuts; write_cuts({scale!r}, [{listed}])"])
    for cut, day in missing:
        (generated(scale, cut, day) / "generate.json").write_text(json.dumps({k: v for k, v in step.items() if k != "output"}))


def write_cuts(scale: float, cuts: list[tuple[str, str]]) -> None:
    from oncedone import scenario

    world = scenario.simulate(scale, scenario.DEFAULT_SEED)
    for cut, day in cuts:
        folder = generated(scale, cut, date.fromisoformat(day))
        scenario.write(world, folder, scenario.cut_for(**{cut: date.fromisoformat(day)}))
        (folder / "complete").touch()


def base_step(warehouse: Path, exports: Path, reuse: bool, drop_merged: bool = False) -> dict:
    """Import the base exports; with `reuse`, copy the base warehouse a previous run kept instead
    (its measures are that run's), and keep a copy of a new one for the next run."""
    kept = warehouse.with_name(f"base-{exports.name}.duckdb")
    measures = kept.with_suffix(".json")
    if reuse and measures.exists():
        say(f"copying the base warehouse {kept}")
        subprocess.run(["cp", "-a", str(kept), str(warehouse)], check=True)
        subprocess.run(["cp", "-a", f"{kept}.published", f"{warehouse}.published"], check=True)
        return json.loads(measures.read_text())
    say(f"importing {exports.name} into {warehouse}")
    step = import_step(warehouse, exports, drop_merged)
    if reuse:
        _remove_warehouse(kept)
        subprocess.run(["cp", "-a", str(warehouse), str(kept)], check=True)
        subprocess.run(["cp", "-a", f"{warehouse}.published", f"{kept}.published"], check=True)
        measures.write_text(json.dumps(step, default=str))
    return step


def import_step(warehouse: Path, folder: Path, drop_merged: bool = False) -> dict:
    files = [str(p) for p in sorted(folder.glob("*.csv"))]
    if drop_merged:
        (folder / "complete").unlink(missing_ok=True)  # the cache no longer holds these exports
    env = {DROP_MERGED_EXPORTS: "1"} if drop_merged else {}
    step = measured(["-m", "benchmarks.steps", "import", str(warehouse), *files], env)
    out = step.pop("output")
    rows = out["rows_read"]
    return step | {"rows_read": rows, "rows_per_s": rows / step["wall_s"], "phase_seconds": out["phase_seconds"],
                   "phase_cpu_seconds": out["phase_cpu_seconds"], "phase_peak_rss_mb": out["phase_peak_rss_mb"],
                   **disk(warehouse)}


def disk(warehouse: Path) -> dict:
    """The warehouse file, its snapshot (each inode once) and what the current version holds."""
    from oncedone.store import snapshot

    inodes, current = {}, snapshot.current_version(warehouse)
    for path in snapshot.snapshot_root(warehouse).rglob("*"):
        if path.is_file() and not path.is_symlink():
            st = path.stat()
            inodes[st.st_ino] = st.st_size
    wal = warehouse.with_name(warehouse.name + ".wal")
    return {
        "warehouse_mb": warehouse.stat().st_size / 2**20 + (wal.stat().st_size / 2**20 if wal.exists() else 0),
        "snapshot_mb": sum(inodes.values()) / 2**20,
        "current_version_mb": snapshot.version_files_size(current) / 2**20 if current else 0,
    }


def one_row(warehouse: Path, work: Path) -> dict:
    """One application imported again with another department: the smallest real import."""
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        [row] = con.sql("select request_id, title_type, submitted_at from requests order by request_id limit 1").fetchall()
    path = work / "one-row" / "requests.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("request_id,title_type,submitted_at,department,submission_channel,citizen_id\n"
                    f"{row[0]},{row[1]},{row[2].isoformat()},2A,online,\n")
    return import_step(warehouse, path.parent)


def compare(nightly: Path, once: Path, day: date) -> dict:
    """Every report key for five periods and every page dataset at three days, both warehouses."""
    from benchmarks.page_views import PAGE_VIEWS, resolve
    from oncedone import config
    from oncedone.kpi import indicators
    from oncedone.store.warehouse import Warehouse

    cfg, fed, whole = config.load(), Warehouse(nightly), Warehouse(once)
    differences, compared = [], 0
    for first, last in PERIODS_BACK:
        selection = indicators.Selection(day + timedelta(days=first), day + timedelta(days=last), scope=EVERYTHING)
        a, b = indicators.report(fed, selection, cfg), indicators.report(whole, selection, cfg)
        for key in sorted(set(a) | set(b)):
            compared += 1
            if not _same(a.get(key), b.get(key)):
                differences.append(f"report {selection.from_day}..{selection.to_day} {key}: {a.get(key)} != {b.get(key)}")
    for back in PAGE_DAYS_BACK:
        the_day = day + timedelta(days=back)
        defaults = indicators.Selection(the_day, the_day, scope=EVERYTHING).params(cfg)
        for view, queries in PAGE_VIEWS.items():
            for dataset, params in queries:
                resolved = resolve(params, the_day, defaults)
                if dataset in BOOKKEEPING and BOOKKEEPING[dataset] is None:
                    continue
                a, b = indicators.query(fed, dataset, **resolved), indicators.query(whole, dataset, **resolved)
                a, b = (frame.drop(BOOKKEEPING.get(dataset) or []) for frame in (a, b))
                compared += 1
                if not _same_frame(a, b):
                    differences.append(f"{view} {dataset} at {the_day}")
    return {"compared": compared, "differences": differences}


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12) or (math.isnan(a) and math.isnan(b))
    return a == b


def _same_frame(a, b) -> bool:
    """Equal rows in any order (a dataset's order is the page's; ties may come in storage order)."""
    if a.columns != b.columns or a.height != b.height:
        return False
    if a.is_empty():
        return True
    keys = [c for c in a.columns if not a[c].dtype.is_nested()]
    a, b = a.sort(keys, nulls_last=True), b.sort(keys, nulls_last=True)
    for column in a.columns:
        x, y = a[column], b[column]
        if x.dtype.is_float():
            if not ((x - y).abs() <= 1e-9 * y.abs().clip(1, None)).fill_null(x.is_null() & y.is_null()).all():
                return False
        elif not x.equals(y):
            return False
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, required=True)
    parser.add_argument("--day", type=date.fromisoformat, default=DEFAULT_DAY, help=f"the last night (default {DEFAULT_DAY}, a Tuesday mid-crisis)")
    parser.add_argument("--nights", type=int, default=1)
    parser.add_argument("--compare", action="store_true", help="also build the warehouse once from --until DAY and compare")
    parser.add_argument("--keep", action="store_true", help="keep the warehouses in benchmarks/runs/nightly")
    parser.add_argument("--no-compact", action="store_true", help="leave out the compaction (it needs the warehouse's size again on disk)")
    parser.add_argument("--drop-base-exports", action="store_true",
                        help="delete the base exports once merged, during its import (disk for a two-year national run)")
    parser.add_argument("--reuse-base", action="store_true",
                        help="start from the base warehouse a previous run with --reuse-base kept (copied), not a new import")
    args = parser.parse_args()

    work = RUNS / "nightly" / f"scale-{args.scale:g}"
    start = args.day - timedelta(days=args.nights)
    nights = [start + timedelta(days=k + 1) for k in range(args.nights)]
    generate_missing(args.scale, [("until", start), *(("day", night) for night in nights)]
                     + ([("until", args.day)] if args.compare else []))
    warehouse = work / f"fed-from-{start}.duckdb"
    _remove_warehouse(warehouse)
    result = {"scale": args.scale, "day": args.day.isoformat(), "nights": args.nights, "load_before": os.getloadavg()}
    result["base"] = base_step(warehouse, generated(args.scale, "until", start), args.reuse_base,
                               args.drop_base_exports)
    result["deltas"] = []
    for night in nights:
        delta = generated(args.scale, "day", night)
        say(f"importing the delta of {night}")
        result["deltas"].append({"day": night.isoformat(), **import_step(warehouse, delta)})
    say("a one-row import")
    result["one_row"] = one_row(warehouse, work)
    if args.compare:
        once = work / f"once-{args.day}.duckdb"
        _remove_warehouse(once)
        say(f"importing --until {args.day} once, and comparing")
        result["once"] = import_step(once, generated(args.scale, "until", args.day))
        result["comparison"] = compare(warehouse, once, args.day)
        if not args.keep:
            _remove_warehouse(once)
    if not args.no_compact:
        say("compacting")
        compacted = measured(["-m", "oncedone", "compact", "--warehouse", str(warehouse)])
        result["compact"] = {"wall_s": compacted["wall_s"], "peak_rss_mb": compacted["peak_rss_mb"], **disk(warehouse)}
    result["load_after"] = os.getloadavg()
    if not args.keep:
        _remove_warehouse(warehouse)
    RESULTS.mkdir(parents=True, exist_ok=True)
    # the default week keeps its file; another night, or more than a week of nights, gets its own beside it
    name = (f"nightly-{args.scale:g}" + ("" if args.day == DEFAULT_DAY else f"-{args.day}")
            + ("" if args.nights <= 7 else f"-{args.nights}-nights"))
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=1, default=str) + "\n")
    (RESULTS / f"{name}.md").write_text(markdown(result))
    print(markdown(result))
    return 1 if result.get("comparison", {}).get("differences") else 0


def _remove_warehouse(path: Path) -> None:
    subprocess.run(["rm", "-rf", str(path), f"{path}.wal", f"{path}.published", f"{path}.lock"], check=True)


def _phases(step: dict) -> str:
    top = sorted(step["phase_seconds"].items(), key=lambda kv: -kv[1])[:6]
    return ", ".join(f"{k} {v:.1f} s" for k, v in top)


def peak_phase(step: dict) -> str:
    """The phase in which the import's memory reached its peak (the first whose end saw it)."""
    peaks = step.get("phase_peak_rss_mb") or {}
    if not peaks:
        return "?"
    top = max(peaks.values())
    return next(name for name, mb in peaks.items() if mb == top)


def markdown(r: dict) -> str:
    lines = [f"# The nightly import at scale {r['scale']:g}", "",
             f"Base: the exports `--until` the day before the first night; then {r['nights']} night(s) up to {r['day']}.",
             f"Load average before: {' '.join(f'{x:.1f}' for x in r['load_before'])}; after: {' '.join(f'{x:.1f}' for x in r['load_after'])}.", "",
             "| import | rows | wall | CPU | rows/s | peak RSS (reached in) | warehouse | snapshot (all versions) | current version | slowest phases |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    steps = [("base", r["base"]), *((f"delta {d['day']}", d) for d in r["deltas"]), ("one row", r["one_row"])]
    if "once" in r:
        steps.append((f"once --until {r['day']}", r["once"]))
    for label, s in steps:
        lines.append(f"| {label} | {s['rows_read']:,} | {s['wall_s']:.1f} s | {s['cpu_s']:.1f} s | {s['rows_per_s']:,.0f} | "
                     f"{s['peak_rss_mb'] / 1024:.2f} GB ({peak_phase(s)}) | {s['warehouse_mb']:,.0f} MB | {s['snapshot_mb']:,.0f} MB | "
                     f"{s['current_version_mb']:,.0f} MB | {_phases(s)} |")
    deltas = r["deltas"]
    if deltas:
        worst = max(deltas, key=lambda d: d["wall_s"])
        lines += ["", f"Over the {len(deltas)} nights: the slowest import {worst['wall_s']:.1f} s ({worst['day']}), "
                  f"peak RSS at most {max(d['peak_rss_mb'] for d in deltas) / 1024:.2f} GB, disk at most "
                  f"{max(d['warehouse_mb'] + d['snapshot_mb'] for d in deltas):,.0f} MB (warehouse and snapshot), "
                  f"{deltas[-1]['warehouse_mb'] + deltas[-1]['snapshot_mb']:,.0f} MB after the last."]
    if "compact" in r:
        c = r["compact"]
        lines += ["", f"Compact: {c['wall_s']:.1f} s, peak {c['peak_rss_mb'] / 1024:.2f} GB; after it, the warehouse "
                  f"{c['warehouse_mb']:,.0f} MB and the snapshot {c['snapshot_mb']:,.0f} MB, of which the current version "
                  f"{c['current_version_mb']:,.0f} MB (the versions before it stay for readers until imports replace them, "
                  "snapshot.KEEP_VERSIONS)."]
    if "comparison" in r:
        cmp = r["comparison"]
        lines += ["", f"Comparison with the warehouse built once: {cmp['compared']} values and datasets compared, "
                  f"{len(cmp['differences'])} different."] + [f"- {d}" for d in cmp["differences"][:20]]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    raise SystemExit(main())

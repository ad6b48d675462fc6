"""The command line: ingest, generate, demo, upgrade, rebuild, compact, report, export-parquet, spark-report, quickwins, bench, events, brief, alerts."""

import argparse
import json
import shlex
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from oncedone import access, audit, config
from oncedone.kpi import indicators
from oncedone.store import ingest
from oncedone.store.warehouse import Warehouse, WarehouseError


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return args.handler(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m oncedone", description="Once & Done: import, demo data, report.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    p = commands.add_parser("ingest", help="import export files (CSV or Parquet) into the warehouse")
    p.add_argument("--warehouse", required=True, type=Path)
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.set_defaults(handler=_ingest)

    p = commands.add_parser("generate", help="write the reference scenario's three export files")
    p.add_argument("--out", required=True, type=Path)
    _scenario_options(p)
    cut = p.add_mutually_exclusive_group()
    cut.add_argument("--until", metavar="YYYY-MM-DD", help="the exports as they stand at the end of that Paris day")
    cut.add_argument("--day", metavar="YYYY-MM-DD", help="that Paris day's delta: what was created or changed during it")
    p.add_argument("--format", choices=("csv", "parquet"), default="csv", dest="file_format")
    p.set_defaults(handler=_generate)

    p = commands.add_parser("demo", help="generate the reference scenario and import it")
    p.add_argument("--warehouse", required=True, type=Path)
    _scenario_options(p)
    p.add_argument("--until", metavar="YYYY-MM-DD", help="only what exists at the end of that Paris day")
    p.add_argument("--format", choices=("csv", "parquet"), default="parquet", dest="file_format")
    p.set_defaults(handler=_demo)

    p = commands.add_parser("upgrade", help="bring a warehouse built by an older release up to this one")
    p.add_argument("--warehouse", required=True, type=Path)
    p.set_defaults(handler=_upgrade)

    p = commands.add_parser("rebuild", help="recompute every derived table of a warehouse from its base tables")
    p.add_argument("--warehouse", required=True, type=Path)
    p.set_defaults(handler=_rebuild)

    p = commands.add_parser("compact", help="rewrite the warehouse file without the space deletes left (safe while readers are open)")
    p.add_argument("--warehouse", required=True, type=Path)
    p.set_defaults(handler=_compact)

    p = commands.add_parser("report", help="print every indicator for a period as one JSON object")
    p.add_argument("--warehouse", required=True, type=Path)
    _report_options(p)
    p.set_defaults(handler=_report)

    p = commands.add_parser("export-parquet", help="write the base tables as Parquet by month, for Spark or any engine")
    p.add_argument("--warehouse", required=True, type=Path)
    p.add_argument("--out", required=True, type=Path)
    p.set_defaults(handler=_export_parquet)

    p = commands.add_parser("spark-report", help="build the derived tables on a Spark cluster and print the report")
    p.add_argument("--master", required=True, help="spark://host:port, or local[N] / local-cluster[N,1,MB]")
    p.add_argument("--parquet", required=True, type=Path, help="a folder written by export-parquet")
    _report_options(p)
    p.set_defaults(handler=_spark_report)

    p = commands.add_parser("quickwins", help="print the levers ranked by impact and the backlog's way back as one JSON object")
    p.add_argument("--warehouse", required=True, type=Path)
    p.add_argument("--day", required=True, metavar="YYYY-MM-DD", help="the day the projection starts from, the period's last day")
    p.add_argument("--from", default=None, dest="from_day", metavar="YYYY-MM-DD",
                   help="the levers' period start (default: the 90 days ending the day, as on Today)")
    p.add_argument("--title-type", action="append", default=[], help="repeatable; default all")
    p.add_argument("--department", action="append", default=[], help="repeatable; default all")
    p.add_argument("--channel", action="append", default=[], help="repeatable; default all")
    p.add_argument("--window-days", type=int, default=None, help="repeat window W, 1-30 (default from oncedone.toml)")
    p.add_argument("--capacity-change", type=float, default=0.0, help="what-if: capacity x (1 + this), e.g. 0.2")
    p.add_argument("--inflow-change", type=float, default=0.0, help="what-if: inflow x (1 - this), e.g. 0.1")
    p.set_defaults(handler=_quickwins)

    p = commands.add_parser("bench", help="time the import, the report and the pages at a scale, against pandas")
    p.add_argument("--scale", type=float, default=0.01, help="1.0 = national volume (default 0.01)")
    p.add_argument("--seed", type=int, default=None, help="default: the scenario's own seed")
    p.add_argument("--years", type=int, nargs="+", default=[2017, 2018], help="keep only these years of the scenario")
    p.add_argument("--runs", type=int, default=10, help="warm runs of each report and page view (default 10)")
    p.add_argument("--baseline-runs", type=int, default=1, help="runs of each pandas report (default 1)")
    p.add_argument("--day", default="", metavar="YYYY-MM-DD", help="the page views' day (default: the last complete day)")
    p.add_argument("--out", type=Path, default=None, help="where to write <scale>.md and .json (default benchmarks/results)")
    p.add_argument("--work", type=Path, default=None, help="where the files and warehouse go (default benchmarks/runs)")
    p.add_argument("--force", action="store_true", help="run a step even if it seems not to fit in memory")
    p.add_argument("--load-test", action="store_true",
                   help="last, 1, 5 and 20 browser sessions at once on the served dashboard (benchmarks/load_test.py)")
    p.set_defaults(handler=_bench)

    p = commands.add_parser("events", help="import a CSV of dated events drawn on the trends (event_day, label[, title_type, channel])")
    p.add_argument("--warehouse", required=True, type=Path)
    p.add_argument("file", type=Path, metavar="FILE")
    p.set_defaults(handler=_events)

    for name, text in (("brief", "mail each recipient the day's brief (HTML and an A4 PDF) for their scope"),
                       ("alerts", "mail the threshold alerts that crossed or cleared on the day, once each")):
        p = commands.add_parser(name, help=text)
        p.add_argument("--warehouse", required=True, type=Path)
        p.add_argument("--day", default=None, metavar="YYYY-MM-DD", help="default: the last complete day, as on Today")
        p.add_argument("--recipients", type=Path, default=None, metavar="FILE",
                       help="TOML [[recipient]] tables: email, language, groups (default: one, the whole scope, French)")
        p.add_argument("--dry-run", type=Path, default=None, metavar="DIR", help="write .eml (and .pdf) files here instead of sending")
        p.add_argument("--verbose", action="store_true", help="say the CPU time each brief took")
        p.set_defaults(handler=_mail, command=name)
    return parser


def _mail(args) -> int:
    from oncedone.brief import commands

    return commands.brief(args) if args.command == "brief" else commands.alerts_command(args)


def _events(args) -> int:
    from oncedone import events

    try:
        outcome = events.import_file(args.warehouse, args.file, config.load())
    except events.EventsFileError as err:
        print(f"Nothing imported: {err}.", file=sys.stderr)
        return 2
    rejected = ", ".join(f"{reason} {n}" for reason, n in sorted(outcome.rejected.items())) or "none"
    print(f"{args.file.name}: {outcome.read} rows read, {outcome.loaded} events loaded "
          f"({outcome.replaced} replacing one of the same day and label), refused: {rejected}"
          + (f"; columns ignored: {', '.join(outcome.ignored_columns)}" if outcome.ignored_columns else "") + ".")
    return outcome.exit_code


def _report_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", required=True, dest="from_day", metavar="YYYY-MM-DD")
    p.add_argument("--to", required=True, dest="to_day", metavar="YYYY-MM-DD")
    p.add_argument("--title-type", action="append", default=[], help="repeatable; default all")
    p.add_argument("--department", action="append", default=[], help="repeatable; default all")
    p.add_argument("--channel", action="append", default=[], help="repeatable; default all")
    p.add_argument("--window-days", type=int, default=None, help="repeat window W, 1-30 (default from oncedone.toml)")


def _scenario_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scale", type=float, default=0.01, help="1.0 = national volume (default 0.01)")
    p.add_argument("--seed", type=int, default=None, help="default: the scenario's own seed")


def _ingest(args) -> int:
    command = "python -m oncedone " + shlex.join(sys.argv[1:])
    try:
        outcome = ingest.ingest(args.warehouse, args.files, command=command)
    except ingest.UnusableFile as err:
        print(f"Nothing imported: {err}.", file=sys.stderr)
        return ingest.EXIT_UNUSABLE
    except (Exception, MemoryError) as err:  # a full disk, no memory left: one sentence, not a traceback
        print(f"Nothing imported: {ingest.failure_sentence(err, args.warehouse)}.", file=sys.stderr)
        return ingest.EXIT_UNUSABLE
    # After the import, outside its lock: the audit file has its own (oncedone/audit.py).
    audit.record_import(args.warehouse, audit.command_line_subject(), None, [p.name for p in args.files], outcome)
    print(ingest.summary(outcome, args.warehouse))
    return outcome.exit_code


def _scenario(args):
    """The generator and the seed to use; imported only here (it would cost report and ingest 0.4 s)."""
    from oncedone import scenario

    return scenario, scenario.DEFAULT_SEED if args.seed is None else args.seed


def _cut(args) -> dict:
    """--until and --day as dates, checked against the scenario's period; ValueError says what is wrong."""
    from oncedone import scenario

    days = {}
    for option in ("until", "day"):
        text = getattr(args, option, None)
        if text is not None:
            try:
                days[option] = date.fromisoformat(text)
            except ValueError:
                raise ValueError(f"--{option} {text!r} is not a date (YYYY-MM-DD)") from None
    scenario.cut_for(**days)
    return days


def _generate(args) -> int:
    scenario, seed = _scenario(args)
    try:
        cut = _cut(args)
    except ValueError as err:
        print(f"Nothing generated: {err}.", file=sys.stderr)
        return 2
    started = time.perf_counter()
    paths = scenario.generate(args.out, scale=args.scale, seed=seed, file_format=args.file_format, **cut)
    for kind, path in paths.items():
        print(f"{kind}: {path}")
    print(f"Generated in {time.perf_counter() - started:.1f} s.")
    return 0


def _demo(args) -> int:
    scenario, seed = _scenario(args)
    try:
        cut = _cut(args)
    except ValueError as err:
        print(f"Nothing imported: {err}.", file=sys.stderr)
        return 2
    started = time.perf_counter()
    command = f"demo --scale {args.scale} --seed {seed}" + (f" --until {args.until}" if args.until else "")
    with tempfile.TemporaryDirectory(prefix="oncedone-demo-") as out:
        paths = scenario.generate(out, scale=args.scale, seed=seed, file_format=args.file_format, **cut)
        generated = time.perf_counter()
        outcome = ingest.ingest(args.warehouse, list(paths.values()), command=command)
    if outcome.exit_code != ingest.EXIT_UNUSABLE:
        from oncedone import events

        events.story_events(args.warehouse)  # the story's own events, drawn on the trends
    print(ingest.summary(outcome, args.warehouse))
    print(f"Generated in {generated - started:.1f} s, imported in {time.perf_counter() - generated:.1f} s.")
    return outcome.exit_code


def _upgrade(args) -> int:
    from oncedone.store.warehouse import upgrade

    if not args.warehouse.exists():
        print(f"No warehouse at {args.warehouse}.", file=sys.stderr)
        return 2
    print(f"{args.warehouse}: {'upgraded' if upgrade(args.warehouse) else 'already current'}.")
    return 0


def _rebuild(args) -> int:
    from oncedone.store.warehouse import Stopwatch, rebuild

    if not args.warehouse.exists():
        print(f"No warehouse at {args.warehouse}.", file=sys.stderr)
        return 2
    clock = Stopwatch()
    started = time.perf_counter()
    rebuild(args.warehouse, clock)
    derived = sum(v for k, v in clock.seconds.items() if k.startswith("derived "))
    print(f"{args.warehouse}: derived tables rebuilt in {time.perf_counter() - started:.1f} s ({derived:.1f} s computing them).")
    return 0


def _compact(args) -> int:
    from oncedone.store.warehouse import compact

    if not args.warehouse.exists():
        print(f"No warehouse at {args.warehouse}.", file=sys.stderr)
        return 2
    before, after = compact(args.warehouse)
    print(f"{args.warehouse}: compacted from {before / 2**20:,.0f} MB to {after / 2**20:,.0f} MB.")
    return 0


def _selection(args) -> indicators.Selection:
    return indicators.Selection(
        from_day=_day(args.from_day, "--from"),
        to_day=_day(args.to_day, "--to"),
        title_types=tuple(args.title_type),
        departments=tuple(args.department),
        channels=tuple(args.channel),
        window_days=args.window_days,
        scope=access.EVERYTHING,  # the command line is the data team's: no login, the whole country
    )


def _report(args) -> int:
    try:
        result = indicators.report(Warehouse(args.warehouse), _selection(args), config.load())
    except (indicators.ReportError, WarehouseError) as err:
        print(f"No report: {err}.", file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


def _export_parquet(args) -> int:
    from oncedone.store.handover import export_parquet

    try:
        counts = export_parquet(args.warehouse, args.out)
    except WarehouseError as err:
        print(f"No export: {err}.", file=sys.stderr)
        return 2
    print(", ".join(f"{table} {count:,}" for table, count in counts.items()) + f" rows written to {args.out}", file=sys.stderr)
    return 0


def _spark_report(args) -> int:
    """The report computed on Spark, from a handover (the derived tables built on the cluster first)."""
    from oncedone.spark.runner import SparkWarehouse, session

    try:
        selection = _selection(args)
        selection.check(config.load())
        if not (args.parquet / "requests").is_dir():
            raise indicators.ReportError(f"{args.parquet} holds no handover: run `python -m oncedone export-parquet` first")
        spark = session(args.master)
        with tempfile.TemporaryDirectory(prefix="oncedone-spark-") as work:
            reader = SparkWarehouse(spark, args.parquet, Path(work))
            reader.build()
            result = indicators.report(reader, selection, config.load())
        spark.stop()
    except indicators.ReportError as err:
        print(f"No report: {err}.", file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


def _quickwins(args) -> int:
    from datetime import timedelta

    from oncedone.kpi import quickwins

    try:
        day = _day(args.day, "--day")
        start = _day(args.from_day, "--from") if args.from_day else day - timedelta(days=quickwins.DEFAULT_PERIOD_DAYS - 1)
        if not -1 < args.capacity_change <= 10 or not 0 <= args.inflow_change < 1:
            raise indicators.ReportError("--capacity-change must be above -1, --inflow-change between 0 and 1")
        selection = indicators.Selection(start, day, tuple(args.title_type), tuple(args.department),
                                         tuple(args.channel), args.window_days, scope=access.EVERYTHING)
        result = quickwins.summary(Warehouse(args.warehouse), selection, config.load(),
                                   args.capacity_change, args.inflow_change)
    except (indicators.ReportError, WarehouseError) as err:
        print(f"No quick wins: {err}.", file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False, indent=2, default=lambda v: v.isoformat()))
    return 0


def _bench(args) -> int:
    """The benchmark lives beside the package (benchmarks/): it needs pandas, the engine does not."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks import run

    years = tuple(sorted(set(args.years)))
    unknown = [y for y in years if y not in run.SCENARIO_YEARS]
    if unknown:
        print(f"No benchmark: the scenario covers {run.SCENARIO_YEARS[0]}-{run.SCENARIO_YEARS[-1]}, not {unknown[0]}.", file=sys.stderr)
        return 2
    result = run.bench(
        args.scale, seed=args.seed, years=years, runs=args.runs, baseline_runs=args.baseline_runs,
        out=args.out or run.RESULTS, day=args.day, force=args.force, command="python -m oncedone " + shlex.join(sys.argv[1:]),
        work=args.work or run.RUNS, load_test=args.load_test,
    )
    print(run.markdown(result))
    print("Written: " + ", ".join(result["written"]), file=sys.stderr)
    failed = [p["label"] for p in result["reports"] if p["differences"]]
    if failed:
        print(f"FAILED: ours and the usual way differ for {', '.join(failed)} (see the table).", file=sys.stderr)
        return 1
    if args.load_test and result["load_test"]["error_count"] != 0:
        print("FAILED: the load test saw errors (see its table).", file=sys.stderr)
        return 1
    return 0


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise indicators.ReportError(f"{option} {text!r} is not a date (YYYY-MM-DD)") from None


if __name__ == "__main__":
    sys.exit(main())

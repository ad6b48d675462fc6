"""Mutation harness: does the suite pin every boundary kpis.md defines?

`python -m benchmarks.mutate` (or `make mutate`) applies each one-token change listed below to a
throw-away copy of the working tree (never the real one), runs the few tests meant to catch it,
and prints `killed` or `survived` with the time taken; then the totals.

A mutation's target text must occur exactly once in its file: when a file is rewritten and the
text is gone (or appears twice), the harness stops before running anything and names the entry,
so the list gets updated rather than silently passing. Exit status: 0 when every mutation is
killed (or survives and is marked equivalent, with the reason why it cannot change a number),
1 when one survives, 2 when the list or the unmutated tree is broken.

Options: --only NAME... (substrings of names), --list, --no-baseline (skip the unmutated run).
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TIMEOUT_SECONDS = 900  # a mutation that hangs the tests counts as killed, and says so


@dataclass(frozen=True)
class Mutation:
    name: str
    path: str  # relative to the repository
    old: str  # must occur exactly once in the file
    new: str
    tests: tuple[str, ...]  # pytest node ids or files, relative to the repository
    equivalent: str = ""  # why it cannot change any number, when it is expected to survive


G = "tests/test_indicators_golden.py::test_"
W = "tests/test_working_time_golden.py::test_"
B = "tests/test_backlog_golden.py::test_"
D = "tests/test_delivery_contacts_golden.py::test_"
P = "tests/test_indicators_properties.py"  # the property test alone, where it must catch a boundary by itself
I = "tests/test_ingest.py::test_"
DIRECTOR = "tests/test_director.py"
Q = "tests/test_quickwins_golden.py::test_"

# The golden cases each boundary has (tests/test_*_golden.py, test_ingest.py).
EPISODES = (f"{G}once_and_done", f"{G}provisional_means_a_last_contact_less_than_w_before_as_of")
WITHIN = (f"{D}delivered_in_exactly_the_target_is_within_it",)
OVER = (f"{B}age_buckets_and_over_target_at_every_bound",)
DAY_END = (f"{B}open_at_d_ends_exactly_at_paris_midnight",)
BUCKETS = (f"{B}age_buckets_and_over_target_at_every_bound",)
INQUIRIES = (f"{D}status_inquiries_fall_in_age_buckets_at_every_bound", f"{D}status_inquiries_by_age")
WAITING = (f"{D}a_status_inquiry_counts_while_its_application_waits_strictly",)
TIES = (f"{G}two_terminal_events_at_one_instant_resolve_in_the_contracts_order",)
COPIES = (f"{I}identical_copies_in_one_file_of_a_second_import_count_once",)
CONTACTS = (f"{G}contacts_and_secondary_indicators",)
FAILURE = (f"{G}the_failure_demand_reasons_default_to_the_set_of_kpis_md",)

MUTATIONS = (
    # The window W: a gap of exactly W stays in the episode.
    Mutation("W: an episode opens at a gap of exactly W", "queries/indicators/episodes_by_day.sql",
             "gap_before_seconds > $window_days * 86400)", "gap_before_seconds >= $window_days * 86400)", EPISODES),
    Mutation("W: property test alone, a gap of exactly W", "queries/indicators/episodes_by_day.sql",
             "gap_before_seconds > $window_days * 86400)", "gap_before_seconds >= $window_days * 86400)", (P,)),
    Mutation("W: once and done when the next contact is exactly W later", "queries/indicators/episodes_by_day.sql",
             "gap_after_seconds > window_seconds", "gap_after_seconds >= window_seconds", EPISODES),
    Mutation("W: provisional needs no later gap of exactly W", "queries/indicators/episodes_by_day.sql",
             "coalesce(max_later_gap_seconds, 0) <= window_seconds", "coalesce(max_later_gap_seconds, 0) < window_seconds",
             EPISODES),
    Mutation("W: provisional when the last contact is exactly W before as_of", "queries/indicators/episodes_by_day.sql",
             "subject_last_received_at > data_end.as_of", "subject_last_received_at >= data_end.as_of", EPISODES),
    Mutation("W: W counted in days of 23 hours", "queries/indicators/episodes_by_day.sql",
             "to_hours(24 * $window_days)", "to_hours(23 * $window_days)", EPISODES),
    Mutation("W: the gaps of contact_facts ordered by contact id first", "queries/derived/030_contact_facts.sql",
             "window subject_history as (partition by citizen_id, subject order by received_at, contact_id)",
             "window subject_history as (partition by citizen_id, subject order by contact_id, received_at)",
             EPISODES),
    Mutation("W: repeat paths open at a gap of exactly W", "queries/indicators/repeat_paths.sql",
             "and (gap_before_seconds is null or gap_before_seconds > $window_days * 86400)",
             "and (gap_before_seconds is null or gap_before_seconds >= $window_days * 86400)", (f"{D}repeat_paths",),
             equivalent="the members CTE decides who is in an episode (with `>`): an opening it does not "
                        "share gathers no member and drops out of the inner join"),
    Mutation("W: repeat paths cut their episodes at exactly W", "queries/indicators/repeat_paths.sql",
             "coalesce(contacts.gap_before_seconds > $window_days", "coalesce(contacts.gap_before_seconds >= $window_days",
             (f"{D}repeat_paths",)),
    # Exact targets: within target is <= the target delay; over target is an age > it.
    Mutation("item 3: within target excludes exactly the target (report)", "queries/indicators/delivery_by_period.sql",
             "delivery_days <= map(", "delivery_days < map(", WITHIN),
    Mutation("target: within target excludes exactly it (distribution)",
             "queries/indicators/delivery_distribution_by_title_type.sql",
             "count(*) filter (where delivery_days <= target_days) as within_target_count",
             "count(*) filter (where delivery_days < target_days) as within_target_count", WITHIN),
    Mutation("target: within target excludes exactly it (departments)", "queries/indicators/within_target_by_department.sql",
             "delivery_days <= map(", "delivery_days < map(", WITHIN),
    Mutation("target: the cohort's 7-day share excludes exactly 7 days", "queries/indicators/cohort_table_by_week.sql",
             "delivery_days <= 7", "delivery_days < 7", WITHIN),
    Mutation("target: the cohort's 15-day share excludes exactly 15 days", "queries/indicators/cohort_table_by_week.sql",
             "delivery_days <= 15", "delivery_days < 15", WITHIN),
    Mutation("target: over target at exactly the target (report)", "queries/indicators/backlog_at_day.sql",
             "age_days > map(", "age_days >= map(", OVER),
    Mutation("target: over target at exactly the target (backlog page)", "queries/backlog/open_at_day.sql",
             "age_days > map(", "age_days >= map(", OVER),
    Mutation("target: days past target at exactly the target", "queries/backlog/applications_at_day.sql",
             "case when chosen.age_days > chosen.target_days", "case when chosen.age_days >= chosen.target_days", OVER),
    # Day ends: "at D" is strictly before Paris midnight ending D.
    Mutation("item 2: terminal exactly at the end of D", "queries/derived/020_stage_spans.sql",
             "and (terminal_at is null or terminal_at >= paris_day_end(day))",
             "and (terminal_at is null or terminal_at > paris_day_end(day))", DAY_END),
    Mutation("day end: property test alone, terminal exactly at the end of D", "queries/derived/020_stage_spans.sql",
             "and (terminal_at is null or terminal_at >= paris_day_end(day))",
             "and (terminal_at is null or terminal_at > paris_day_end(day))", (P,)),
    Mutation("day end: a stage left exactly at the end of D", "queries/derived/020_stage_spans.sql",
             "where (left_at is null or left_at >= paris_day_end(day))",
             "where (left_at is null or left_at > paris_day_end(day))", DAY_END),
    Mutation("day end: a stage entered exactly at the end of D", "queries/derived/020_stage_spans.sql",
             "and entered_at < paris_day_end(day)", "and entered_at <= paris_day_end(day)", DAY_END),
    Mutation("day end: submitted exactly at the end of D", "queries/derived/020_stage_spans.sql",
             "and submitted_at < paris_day_end(day)", "and submitted_at <= paris_day_end(day)", DAY_END,
             equivalent="every stage span starts at or after its submission (an earlier event is quarantined), "
                        "so `entered_at < end of D` already leaves it out"),
    Mutation("day end: the end of D is midnight starting D + 1", "queries/schema/002_macros.sql",
             "timezone('Europe/Paris', (d + 1)::timestamp)", "timezone('Europe/Paris', (d + 1)::timestamp - interval 1 second)",
             DAY_END),
    Mutation("day end: contacts counted before the end of D", "queries/backlog/applications_at_day.sql",
             "where contact_facts.received_at < paris_day_end($day)", "where contact_facts.received_at <= paris_day_end($day)",
             DAY_END),
    Mutation("day end: stays ended exactly at the end of the period", "queries/backlog/stage_durations.sql",
             "and left_at < paris_day_end($to_day)", "and left_at <= paris_day_end($to_day)", DAY_END),
    Mutation("day end: stays ended exactly at the start of the period", "queries/backlog/stage_durations.sql",
             "where left_at >= paris_day_end($from_day::date - 1)", "where left_at > paris_day_end($from_day::date - 1)",
             DAY_END),
    Mutation("day end: Paris days, not UTC days", "queries/schema/002_macros.sql",
             "create macro paris_day(instant) as timezone('Europe/Paris', instant)::date",
             "create macro paris_day(instant) as timezone('UTC', instant)::date",
             (f"{G}episode_day_on_the_clock_change_night",)),
    Mutation("day end: a status inquiry at its application's terminal instant", "queries/indicators/status_inquiries_by_age.sql",
             "application_facts.terminal_at > contact_facts.received_at",
             "application_facts.terminal_at >= contact_facts.received_at", WAITING),
    Mutation("day end: a status inquiry at its application's submission instant",
             "queries/indicators/status_inquiries_by_age.sql",
             "application_facts.submitted_at < contact_facts.received_at",
             "application_facts.submitted_at <= contact_facts.received_at", WAITING),
    Mutation("day end: status inquiries' waiting days end the day before the terminal one",
             "queries/indicators/status_inquiries_by_age.sql",
             "coalesce(terminal_day - 1, $to_day::date)", "coalesce(terminal_day, $to_day::date)", INQUIRIES),
    # Buckets: 0-7, 8-15, 16-30, 31-60, 61+, on every bound.
    Mutation("bucket: 0-7 ends at 7", "queries/schema/009_age_bucket.sql", "age_days <= 7 then", "age_days < 7 then",
             BUCKETS),
    Mutation("bucket: 8-15 ends at 15", "queries/schema/009_age_bucket.sql", "age_days <= 15 then", "age_days < 15 then",
             BUCKETS),
    Mutation("bucket: 16-30 ends at 30", "queries/schema/009_age_bucket.sql", "age_days <= 30 then", "age_days < 30 then",
             BUCKETS),
    Mutation("bucket: 31-60 ends at 60", "queries/schema/009_age_bucket.sql", "age_days <= 60 then", "age_days < 60 then",
             BUCKETS),
    Mutation("bucket: property test alone, 8-15 ends at 16", "queries/schema/009_age_bucket.sql",
             "age_days <= 15 then", "age_days <= 16 then", (P,)),
    Mutation("item 4: status inquiries' 31-60 starts at 32", "queries/indicators/status_inquiries_by_age.sql",
             "(4, '31-60', 31, 60)", "(4, '31-60', 32, 60)", INQUIRIES),
    Mutation("bucket: status inquiries' 8-15 starts at 9", "queries/indicators/status_inquiries_by_age.sql",
             "(2, '8-15', 8, 15)", "(2, '8-15', 9, 15)", INQUIRIES),
    Mutation("bucket: status inquiries' 16-30 ends at 29", "queries/indicators/status_inquiries_by_age.sql",
             "(3, '16-30', 16, 30)", "(3, '16-30', 16, 29)", INQUIRIES),
    Mutation("bucket: status inquiries' 61+ starts at 62", "queries/indicators/status_inquiries_by_age.sql",
             "(5, '61+', 61, null)", "(5, '61+', 62, null)", INQUIRIES),
    Mutation("bucket: status inquiries' 0-7 ends at 6", "queries/indicators/status_inquiries_by_age.sql",
             "(1, '0-7', 0, 7)", "(1, '0-7', 0, 6)", INQUIRIES),
    # Throughput: the 7 days ending D.
    Mutation("throughput: 8 days ending D (report)", "queries/indicators/throughput_at_day.sql",
             "between $day - 6 and $day", "between $day - 7 and $day", DAY_END),
    Mutation("throughput: divided by 6", "queries/indicators/throughput_at_day.sql",
             "count(*) / 7 as throughput_per_day", "count(*) / 6 as throughput_per_day", DAY_END),
    Mutation("throughput: 8 days ending D (trend)", "queries/backlog/trend_by_day.sql",
             "rows between 6 preceding and current row", "rows between 7 preceding and current row", DAY_END),
    # Tie-breaks: the contract's status order.
    Mutation("item 1: terminal ties in reverse status order", "queries/derived/010_application_facts.sql",
             "epoch_us(occurred_at) * 16 + status_rank", "epoch_us(occurred_at) * 16 - status_rank", TIES),
    Mutation("tie-break: property test alone, terminal ties", "queries/derived/010_application_facts.sql",
             "epoch_us(occurred_at) * 16 + status_rank", "epoch_us(occurred_at) * 16 - status_rank", (P,)),
    Mutation("tie-break: stage ties in reverse status order", "queries/derived/020_stage_spans.sql",
             "epoch_us(entered_at) * 16 + status_rank", "epoch_us(entered_at) * 16 - status_rank",
             (f"{G}backlog_at_the_last_day",)),
    Mutation("tie-break: delivered after rejected in the status order", "queries/schema/002_macros.sql",
             "'delivered', 'rejected', 'cancelled'", "'rejected', 'delivered', 'cancelled'", TIES),
    # Dedups: identical copies of a row in one file are one record.
    Mutation("item 6: contact copies on a merge import", "queries/ingest/merge_contacts.sql",
             "select distinct\n        contact_id", "select\n        contact_id", COPIES),
    Mutation("dedup: request copies on a merge import", "queries/ingest/merge_requests.sql",
             "select distinct\n        request_id", "select\n        request_id", COPIES),
    Mutation("dedup: event copies on a merge import", "queries/ingest/merge_request_events.sql",
             "select distinct\n        request_id", "select\n        request_id", COPIES),
    # Rate denominators.
    Mutation("denominator: pickup over every contact", "oncedone/kpi/indicators.py",
             '"pickup_rate": ratio(_sum(phone, "answered_count"), _sum(phone, "contact_count"))',
             '"pickup_rate": ratio(_sum(phone, "answered_count"), _sum(contacts, "contact_count"))', CONTACTS),
    Mutation("denominator: contacts per title over one more title", "oncedone/kpi/indicators.py",
             '"contacts_per_delivered_title": ratio(total, delivered_count)',
             '"contacts_per_delivered_title": ratio(total, delivered_count + 1)', CONTACTS),
    Mutation("denominator: failure demand over phone contacts", "oncedone/kpi/indicators.py",
             '"failure_demand_rate": ratio(_sum(contacts, "failure_demand_count"), total)',
             '"failure_demand_rate": ratio(_sum(contacts, "failure_demand_count"), _sum(phone, "contact_count"))',
             CONTACTS),
    Mutation("denominator: once and done over the contacts", "oncedone/kpi/indicators.py",
             '"once_and_done_rate": ratio(once, total)', '"once_and_done_rate": ratio(once, _sum(contacts, "contact_count"))',
             (f"{G}once_and_done",)),
    Mutation("denominator: right first time counts the cancelled", "queries/indicators/right_first_time_by_day.sql",
             "terminal_status in ('delivered', 'rejected')", "terminal_status in ('delivered', 'rejected', 'cancelled')",
             (f"{G}right_first_time",)),
    Mutation("denominator: the cohort keeps the rejected", "queries/indicators/cohort_delivery_by_period.sql",
             "coalesce(terminal_status, 'delivered') = 'delivered'", "coalesce(terminal_status, 'delivered') <> 'cancelled'",
             (f"{G}delivery_time_by_cohort_counts_the_waiting",)),
    # Quantile kinds: continuous, linear between closest ranks.
    Mutation("quantile: delivery p50 discrete", "queries/indicators/delivery_by_period.sql",
             "quantile_cont(delivery_days, 0.5)", "quantile_disc(delivery_days, 0.5)", (f"{G}delivery_time_by_delivery_day",)),
    Mutation("quantile: delivery p90 discrete", "queries/indicators/delivery_by_period.sql",
             "quantile_cont(delivery_days, 0.9)", "quantile_disc(delivery_days, 0.9)", (f"{G}delivery_time_by_delivery_day",)),
    Mutation("quantile: mail p90 discrete", "queries/indicators/mail_response_by_period.sql",
             "quantile_cont(response_hours, 0.9)",
             "quantile_disc(response_hours, 0.9)", CONTACTS),
    # Working time (issue 21): the commitment's boundary, office hours, the working days counted before a day.
    Mutation("working time: answered exactly at the commitment is within it", "queries/indicators/mail_response_by_period.sql",
             "working_seconds <= $mail_target_working_days", "working_seconds < $mail_target_working_days", (f"{W}working_hours_around_a_weekend_a_clock_change_and_bank_holidays",)),
    Mutation("working time: the working days before a day exclude it", "queries/indicators/mail_response_by_period.sql",
             "rows between unbounded preceding and 1 preceding", "rows between unbounded preceding and current row", (f"{W}each_mail_alone",)),
    Mutation("working time: a closed day is not worked", "queries/indicators/mail_response_by_period.sql",
             "isodow(day) <= 5 and not list_contains($closed_days::date[], day::date) as is_working",
             "isodow(day) <= 5 as is_working", (f"{W}holidays_beyond_2018",)),
    # Publication (issue 21): secondary suppression must leave no masked cell alone in a line.
    Mutation("publication: no secondary suppression", "oncedone/kpi/publication.py",
             "        _complete_lines(values, lines, masked)\n", "", ("tests/test_publication.py::test_one_small_cell_takes_three_complements_with_it",)),
    Mutation("quantile: the cohort median needs S below 0.5", "oncedone/kpi/survival.py",
             '(pl.col("survival_rate") <= survival + REACHED)', '(pl.col("survival_rate") <= survival - REACHED)',
             (f"{D}delivery_curves_side_by_side",)),
    # Item 5: the director's comparison with the previous 7 days (tests/test_director.py).
    Mutation("item 5: the director compares with 6 days before, not the same weekday", "oncedone/kpi/director.py",
             "COMPARE_DAYS = 7", "COMPARE_DAYS = 6", (DIRECTOR,)),
    Mutation("item 5: the director says 7 days' counts per 6 days", "oncedone/kpi/director.py",
             "days = (flow_to - flow_from).days + 1", "days = (flow_to - flow_from).days or 1", (DIRECTOR,),
             equivalent="every reading is now of one day (the same weekday a week before), where both give 1"),
    Mutation("item 5: the director's rolling sums over 6 days", "oncedone/kpi/director.py",
             "rolling_sum(WEEK_DAYS, min_samples=1)", "rolling_sum(WEEK_DAYS - 1, min_samples=1)", (DIRECTOR,)),
    Mutation("item 5: the director's week is 6 days", "oncedone/kpi/director.py", "WEEK_DAYS = 7", "WEEK_DAYS = 6",
             (DIRECTOR,)),
    # Item 7 and the failure-demand set.
    Mutation("item 7: correction left out of the shipped failure-demand set", "oncedone.toml",
             'failure_demand_reasons = ["status_inquiry", "correction", "technical_issue"]',
             'failure_demand_reasons = ["status_inquiry", "technical_issue"]', FAILURE),
    Mutation("failure demand: the shipped set overrides a file's own", "oncedone/config.py",
             '{**_shipped("contacts"), **raw.get("contacts", {})}', '{**raw.get("contacts", {}), **_shipped("contacts")}',
             FAILURE),
    Mutation("failure demand: the reasons outside the set", "queries/indicators/contacts_by_day.sql",
             "filter (where list_contains($failure_reasons, reason))",
             "filter (where not list_contains($failure_reasons, reason))", CONTACTS),
    # Once and done and right first time.
    Mutation("once and done: any outcome", "queries/indicators/episodes_by_day.sql",
             "gap_after_seconds > window_seconds) and outcome = 'resolved'", "gap_after_seconds > window_seconds)",
             EPISODES),
    Mutation("right first time: one loop allowed", "queries/indicators/right_first_time_by_day.sql",
             "incomplete_count = 0", "incomplete_count <= 1", (f"{G}right_first_time",)),
    # Quick wins (issue 20): the episode boundary of the levers, and the halving itself.
    Mutation("quick wins: a false containment's repeat exactly W later opens an episode",
             "queries/quickwins/false_containment.sql",
             "gap_before_seconds > $window_days * 86400 as is_opening",
             "gap_before_seconds >= $window_days * 86400 as is_opening", (f"{Q}false_containment_per_channel",)),
    Mutation("quick wins: a stage's excess cut by a third, not a half", "queries/quickwins/stage_waits.sql",
             "least(grid.stage_days, levels.excess_days / 2)", "least(grid.stage_days, levels.excess_days / 3)",
             (f"{Q}stage_waits_against_the_reference_period",)),
    Mutation("quick wins: half the loops kept, not removed", "queries/quickwins/incomplete_loops.sql",
             "select title_type, delivery_days - loop_days from delivered",
             "select title_type, delivery_days from delivered", (f"{Q}incomplete_loops_per_title_type",)),
    Mutation("quick wins: the way back's queue served newest first", "oncedone/kpi/quickwins.py",
             "cohorts[0][1] -= taken", "cohorts[-1][1] -= taken",
             ("tests/test_quickwins_golden.py::test_the_way_back_of_a_constant_inflow_against_a_constant_capacity",)),
)


def check(mutations) -> list[str]:
    """Each target text, exactly once in its file: else the list is stale."""
    problems = []
    for m in mutations:
        path = REPO / m.path
        if not path.exists():
            problems.append(f"{m.name}: no file {m.path}")
            continue
        found = path.read_text(encoding="utf-8").count(m.old)
        if found != 1:
            problems.append(f"{m.name}: {m.old!r} occurs {found} times in {m.path} (must be exactly once)")
        for test in m.tests:
            file, _, function = test.partition("::")
            if not (REPO / file).exists():
                problems.append(f"{m.name}: no test file {file}")
            elif function and f"def {function}(" not in (REPO / file).read_text(encoding="utf-8"):
                problems.append(f"{m.name}: no test {function} in {file}")
    return problems


def copy_tree(into: Path) -> Path:
    """The working tree as it is (tracked and new files, not the ignored ones), copied into `into`."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            capture_output=True, check=True).stdout.decode().split("\0")
    tree = into / "tree"
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file() and not source.is_symlink():
            target = tree / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return tree


def run_tests(tree: Path, tests) -> tuple[int, float]:
    """pytest's exit status on these tests in the copy, and the seconds it took."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}  # no stale bytecode of an unmutated file
    began = time.monotonic()
    try:
        status = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *tests],
                                cwd=tree, env=env, capture_output=True, timeout=TIMEOUT_SECONDS).returncode
    except subprocess.TimeoutExpired:
        status = -1
    return status, time.monotonic() - began


def mutate(m: Mutation) -> tuple[str, float]:
    with tempfile.TemporaryDirectory(prefix="oncedone-mutant-") as scratch:
        tree = copy_tree(Path(scratch))
        target = tree / m.path
        text = target.read_text(encoding="utf-8")
        target.write_text(text.replace(m.old, m.new, 1), encoding="utf-8")
        status, seconds = run_tests(tree, m.tests)
    if status == 1:
        return "killed", seconds
    if status == -1:
        return "killed (timeout)", seconds
    if status == 0:
        return "survived", seconds
    return f"error (pytest exit {status})", seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.mutate", description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", default=[], help="run the mutations whose name holds one of these")
    parser.add_argument("--list", action="store_true", help="list the mutations and their tests, run nothing")
    parser.add_argument("--no-baseline", action="store_true", help="skip the run of the tests on the unmutated tree")
    args = parser.parse_args(argv)

    problems = check(MUTATIONS)
    if problems:
        print("The mutation list is stale (update benchmarks/mutate.py):", *problems, sep="\n  ", file=sys.stderr)
        return 2
    chosen = [m for m in MUTATIONS if not args.only or any(o.lower() in m.name.lower() for o in args.only)]
    if args.list:
        for m in chosen:
            print(f"{m.name}\n    {m.path}: {m.old!r} -> {m.new!r}\n    tests: {' '.join(m.tests)}")
        return 0
    began = time.monotonic()
    if not args.no_baseline:
        tests = sorted({t for m in chosen for t in m.tests})
        with tempfile.TemporaryDirectory(prefix="oncedone-baseline-") as scratch:
            status, seconds = run_tests(copy_tree(Path(scratch)), tests)
        print(f"baseline   {seconds:6.1f} s  the unmutated tree passes the {len(tests)} test selections: "
              f"{'yes' if status == 0 else 'NO'}", flush=True)
        if status != 0:
            print("The tests fail without any mutation: fix them first.", file=sys.stderr)
            return 2
    results = []
    for m in chosen:
        outcome, seconds = mutate(m)
        results.append((m, outcome))
        note = f"  [equivalent: {m.equivalent}]" if m.equivalent and outcome == "survived" else ""
        print(f"{outcome:<10} {seconds:6.1f} s  {m.name}{note}", flush=True)
    killed = sum(1 for _, o in results if o.startswith("killed"))
    excused = [m for m, o in results if o == "survived" and m.equivalent]
    survived = [m for m, o in results if o == "survived" and not m.equivalent]
    errors = [m for m, o in results if o.startswith("error")]
    print(f"\n{len(results)} mutations: {killed} killed, {len(excused)} survived as equivalent, "
          f"{len(survived)} survived, {len(errors)} errors; {time.monotonic() - began:.0f} s in all")
    for m in survived:
        print(f"  SURVIVED: {m.name} ({m.path}: {m.old!r} -> {m.new!r})")
    for m in errors:
        print(f"  ERROR: {m.name}")
    return 1 if survived or errors else 0


if __name__ == "__main__":
    sys.exit(main())

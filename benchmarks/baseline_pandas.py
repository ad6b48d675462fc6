"""The usual way: the report of kpis.md §6 computed with pandas straight from the export files.

This is what a home-made dashboard does: read the three CSV files with pandas on every report,
derive what it needs with groupby/shift/sort, and compute the numbers. Written plainly: vectorised
pandas, no loops over rows, no warehouse, no precomputed tables, no caching between reports.
The benchmark times it against our warehouse and checks that both give the same numbers.

    python -m benchmarks.baseline_pandas DIR --period 2018-01-01:2018-01-31 [--period ...] [--runs N]

prints one JSON object: the time to read the files, and per period the compute times and the report.
What it does not do, unlike the import: quarantine bad rows, merge repeated exports, drop
duplicate events. The benchmark's files have none, so the numbers must be equal.
"""

import argparse
import json
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from oncedone import config

STATUSES = [
    "submitted", "incomplete", "resubmitted", "in_review", "approved",
    "in_production", "shipped", "delivered", "rejected", "cancelled",
]
TERMINAL = ["delivered", "rejected", "cancelled"]
OPEN_STAGES = [s for s in STATUSES if s not in TERMINAL]
CHANNELS = ["phone", "email", "chatbot", "webform"]
AGE_BUCKETS = ["0-7", "8-15", "16-30", "31-60", "61+"]
PARIS = "Europe/Paris"
DAY_S = 86_400


# Reading -------------------------------------------------------------------------------------


def read_exports(folder: Path) -> dict[str, pd.DataFrame]:
    """The three CSV files, ids kept as text (`01` is not `1`), instants as UTC timestamps."""
    requests = pd.read_csv(folder / "requests.csv", dtype=str)
    requests["submitted_at"] = instants(requests["submitted_at"])
    events = pd.read_csv(folder / "request_events.csv", dtype=str)
    events["occurred_at"] = instants(events["occurred_at"])
    contacts = pd.read_csv(folder / "contacts.csv", dtype=str)
    contacts["received_at"] = instants(contacts["received_at"])
    contacts["answered_at"] = instants(contacts["answered_at"])
    contacts["csat"] = pd.to_numeric(contacts["csat"])
    return {"requests": requests, "events": events, "contacts": contacts}


def instants(text: pd.Series) -> pd.Series:
    """ISO 8601 text as UTC timestamps; a time without an offset is Europe/Paris local (the contract)."""
    aware = text.isna() | text.str.endswith("Z")
    if aware.all():  # the usual export: every instant in UTC
        return pd.to_datetime(text, utc=True, format="ISO8601")
    aware |= text.str.contains(r"[+-]\d\d:?\d\d$", regex=True, na=False)
    result = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us, UTC]")
    result[aware] = pd.to_datetime(text[aware], utc=True, format="ISO8601")
    local = pd.to_datetime(text[~aware], format="ISO8601").dt.tz_localize(PARIS).dt.tz_convert("UTC")
    result[~aware] = local
    return result


def paris_day(instant: pd.Series) -> pd.Series:
    """The Europe/Paris calendar day of each instant, as a naive midnight."""
    return instant.dt.tz_convert(PARIS).dt.tz_localize(None).dt.normalize()


def day_end(day: date) -> pd.Timestamp:
    """The instant Europe/Paris day `day` ends: midnight starting the next day."""
    return pd.Timestamp(day + timedelta(days=1)).tz_localize(PARIS)


# The report ------------------------------------------------------------------------------------


def report(exports: dict[str, pd.DataFrame], from_day: date, to_day: date, cfg: config.Config) -> dict:
    """Every key of kpis.md §6 for a period, no filters, the configured window W."""
    requests, events, contacts = exports["requests"], exports["events"], exports["contacts"]
    as_of = max(requests["submitted_at"].max(), events["occurred_at"].max(), contacts["received_at"].max())
    first, last = pd.Timestamp(from_day), pd.Timestamp(to_day)
    apps = applications(requests, events)
    result = {
        "period_from": from_day.isoformat(),
        "period_to": to_day.isoformat(),
        "as_of": as_of.isoformat(),
        "window_days": cfg.repeat_window_days,
    }
    result.update(once_and_done(contacts, first, last, cfg.repeat_window_days, as_of))
    result.update(delivery(apps, first, last, cfg, as_of))
    result.update(right_first_time(apps, first, last))
    result.update(backlog(apps, events, to_day, cfg))
    result.update(contact_indicators(contacts, first, last, cfg, result["delivered"]))
    return result


def rate(numerator, denominator):
    return None if not denominator else numerator / denominator


def number(value):
    """A numpy or pandas scalar as a plain Python number, None for NaN/NaT."""
    return None if pd.isna(value) else value.item() if hasattr(value, "item") else value


def applications(requests: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """One row per application: first delivery, first terminal event and status, incomplete loops."""
    apps = requests.set_index("request_id")
    apps["submitted_day"] = paris_day(apps["submitted_at"])
    delivered = events[events["status"] == "delivered"].groupby("request_id")["occurred_at"].min()
    apps["delivered_at"] = delivered
    apps["delivery_days"] = (apps["delivered_at"] - apps["submitted_at"]).dt.total_seconds() / DAY_S
    terminal = events[events["status"].isin(TERMINAL)].assign(rank=lambda e: e["status"].map(STATUSES.index))
    # The first terminal event; two at one instant: the earlier in the contract's order.
    terminal = terminal.sort_values(["request_id", "occurred_at", "rank"]).drop_duplicates("request_id")
    terminal = terminal.set_index("request_id")
    apps["terminal_status"] = terminal["status"]
    apps["terminal_at"] = terminal["occurred_at"]
    apps["terminal_day"] = paris_day(apps["terminal_at"])
    incomplete = events.loc[events["status"] == "incomplete", "request_id"].unique()
    apps["has_incomplete"] = apps.index.isin(incomplete)
    return apps


def once_and_done(contacts, first, last, window_days: int, as_of) -> dict:
    """Demand episodes over the whole history (kpis.md §1), counted by their first contact's day."""
    window_s = window_days * DAY_S
    linked = contacts[contacts["citizen_id"].notna()]
    subject = ("request:" + linked["request_id"]).fillna("reason:" + linked["reason"])
    linked = linked.assign(subject=subject).sort_values(["citizen_id", "subject", "received_at", "contact_id"])
    same_subject = linked["citizen_id"].eq(linked["citizen_id"].shift()) & linked["subject"].eq(linked["subject"].shift())
    gap_s = (linked["received_at"] - linked["received_at"].shift()).dt.total_seconds()
    episode = (~same_subject | (gap_s > window_s)).cumsum()  # a gap of exactly W stays in the episode
    grouped = linked.groupby(episode)
    episodes = pd.DataFrame({
        "first_at": grouped["received_at"].first(),
        "first_outcome": grouped["outcome"].first(),
        "contact_count": grouped.size(),
        "last_at": grouped["received_at"].last(),
    })
    in_period = episodes[paris_day(episodes["first_at"]).between(first, last)]
    once = int(((in_period["contact_count"] == 1) & (in_period["first_outcome"] == "resolved")).sum())
    provisional = int((in_period["last_at"] > as_of - pd.Timedelta(days=window_days)).sum())
    received_day = paris_day(contacts["received_at"])
    unlinked = int((received_day.between(first, last) & contacts["citizen_id"].isna()).sum())
    return {
        "episodes": len(in_period),
        "once_and_done_episodes": once,
        "once_and_done_rate": rate(once, len(in_period)),
        "provisional_episodes": provisional,
        "unlinked_contacts": unlinked,
    }


def delivery(apps, first, last, cfg, as_of) -> dict:
    """Delivery time by delivery day, and the Kaplan-Meier estimate by submission cohort (kpis.md §2)."""
    delivered = apps[paris_day(apps["delivered_at"]).between(first, last)]
    days = delivered["delivery_days"]
    target = delivered["title_type"].map(cfg.target_days).astype(float)
    # Rejected and cancelled applications leave the cohort; the waiting ones stay, censored at as_of.
    staying = apps["terminal_status"].isna() | (apps["terminal_status"] == "delivered")
    cohort = apps[apps["submitted_day"].between(first, last) & staying]
    censored_days = (as_of - cohort["submitted_at"]).dt.total_seconds() / DAY_S
    followup = cohort["delivery_days"].fillna(censored_days)
    p50, p90 = kaplan_meier_quantiles(followup, cohort["delivered_at"].notna(), (0.5, 0.9))
    return {
        "delivered": len(delivered),
        "delivery_days_p50": number(days.quantile(0.5)),
        "delivery_days_p90": number(days.quantile(0.9)),
        "delivery_days_mean": number(days.mean()),
        "within_target_rate": rate(int((days <= target).sum()), len(delivered)),
        "cohort_requests": len(cohort),
        "cohort_p50": p50,
        "cohort_p90": p90,
        "cohort_max_followup_days": number(followup.max()),
    }


def kaplan_meier_quantiles(followup: pd.Series, is_delivered: pd.Series, quantiles) -> list:
    """The smallest observed delivery time t with S(t) <= 1 - q, None when S never falls that low."""
    times = pd.DataFrame({"t": followup, "delivered": is_delivered}).groupby("t")["delivered"].agg(["sum", "size"])
    at_risk = times["size"][::-1].cumsum()[::-1]  # followed for t or longer
    survival = (1 - times["sum"] / at_risk).cumprod()
    events = survival[times["sum"] > 0]
    # 1e-9 absorbs the rounding of the product, so that S = 0.5 exactly counts as reached.
    return [number(events[events <= 1 - q + 1e-9].index.min()) if len(events) else None for q in quantiles]


def right_first_time(apps, first, last) -> dict:
    """Of the applications delivered or rejected in the period, the share delivered with no `incomplete`."""
    finished = apps[apps["terminal_day"].between(first, last) & apps["terminal_status"].isin(["delivered", "rejected"])]
    right = int(((finished["terminal_status"] == "delivered") & ~finished["has_incomplete"]).sum())
    return {"right_first_time_rate": rate(right, len(finished))}


def backlog(apps, events, day: date, cfg) -> dict:
    """Applications open at the end of `day`, by title type, stage and age; throughput (kpis.md §4)."""
    end = day_end(day)
    opened = apps[(apps["submitted_at"] < end) & (apps["terminal_at"].isna() | (apps["terminal_at"] >= end))]
    before = events[(events["occurred_at"] < end) & events["request_id"].isin(opened.index)]
    before = before.assign(rank=before["status"].map(STATUSES.index))
    # The latest event before the end of the day; at one instant, the later status wins.
    latest = before.sort_values(["request_id", "occurred_at", "rank"]).drop_duplicates("request_id", keep="last")
    stage = opened.index.map(latest.set_index("request_id")["status"]).fillna("submitted")
    age = (pd.Timestamp(day) - opened["submitted_day"]).dt.days
    bucket = pd.cut(age, [-1, 7, 15, 30, 60, np.inf], labels=AGE_BUCKETS)
    over = int((age > opened["title_type"].map(cfg.target_days).astype(float)).sum())
    week = apps["terminal_day"].between(pd.Timestamp(day - timedelta(days=6)), pd.Timestamp(day))
    throughput = int(week.sum()) / 7
    by_type, by_stage, by_age = opened["title_type"].value_counts(), pd.Series(stage).value_counts(), bucket.value_counts()
    return {
        "backlog": len(opened),
        "backlog_over_target": over,
        "days_to_clear": rate(len(opened), throughput),
        "throughput_per_day": throughput,
        "backlog_by_title_type": {t: int(by_type.get(t, 0)) for t in cfg.title_types},
        "backlog_by_stage": {s: int(by_stage.get(s, 0)) for s in OPEN_STAGES},
        "backlog_by_age_bucket": {b: int(by_age.get(b, 0)) for b in AGE_BUCKETS},
    }


def contact_indicators(contacts, first, last, cfg, delivered_count: int) -> dict:
    """Contacts received in the period: channels, failure demand, pickup, mail response, CSAT (kpis.md §5)."""
    period = contacts[paris_day(contacts["received_at"]).between(first, last)]
    by_channel = period["channel"].value_counts()
    phone = period[period["channel"] == "phone"]
    mail = period[period["channel"].isin(["email", "webform"]) & period["answered_at"].notna()]
    hours = (mail["answered_at"] - mail["received_at"]).dt.total_seconds() / 3600
    csat = period["csat"].dropna()
    return {
        "contacts": len(period),
        "contacts_by_channel": {c: int(by_channel.get(c, 0)) for c in CHANNELS},
        "failure_demand_rate": rate(int(period["reason"].isin(cfg.failure_demand_reasons).sum()), len(period)),
        "contacts_per_delivered_title": rate(len(period), delivered_count),
        "phone_contacts": len(phone),
        "pickup_rate": rate(int(phone["answered_at"].notna().sum()), len(phone)),
        "mail_response_hours_p50": number(hours.quantile(0.5)),
        "mail_response_hours_p90": number(hours.quantile(0.9)),
        "csat_avg": number(csat.mean()),
        "csat_count": len(csat),
    }


# The timed run ---------------------------------------------------------------------------------


def timed(folder: Path, periods: list[tuple[date, date]], runs: int) -> dict:
    """Read the files once, then each period's report `runs` times: the times and the reports."""
    cfg = config.load()
    started, cpu = time.perf_counter(), time.process_time()
    exports = read_exports(folder)
    read_s, read_cpu_s = time.perf_counter() - started, time.process_time() - cpu
    results = []
    for from_day, to_day in periods:
        seconds, cpu_seconds = [], []
        for _ in range(runs):
            started, cpu = time.perf_counter(), time.process_time()
            values = report(exports, from_day, to_day, cfg)
            seconds.append(time.perf_counter() - started)
            cpu_seconds.append(time.process_time() - cpu)
        results.append({"from_day": from_day.isoformat(), "to_day": to_day.isoformat(), "compute_s": seconds,
                        "compute_cpu_s": cpu_seconds, "report": values})
    return {"read_s": read_s, "read_cpu_s": read_cpu_s, "rows": {k: len(v) for k, v in exports.items()}, "periods": results}


def _period(text: str) -> tuple[date, date]:
    first, last = text.split(":")
    return date.fromisoformat(first), date.fromisoformat(last)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the folder of requests.csv, request_events.csv, contacts.csv")
    parser.add_argument("--period", type=_period, action="append", required=True, metavar="FROM:TO")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args(argv)
    print(json.dumps(timed(args.folder, args.period, args.runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

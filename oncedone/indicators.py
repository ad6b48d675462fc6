"""Every indicator of kpis.md for a period and filters: the report the CLI prints and the pages read."""

from dataclasses import dataclass, replace
from datetime import date, timedelta

import polars as pl

from oncedone import contract
from oncedone.config import Config
from oncedone.warehouse import Warehouse

AGE_BUCKETS = ("0-7", "8-15", "16-30", "31-60", "61+")
OPEN_STAGES = tuple(s for s in contract.STATUSES if s not in contract.TERMINAL_STATUSES)


class ReportError(ValueError):
    """A report asked for something that does not exist (a bad date, an unknown title type...)."""


@dataclass(frozen=True)
class Selection:
    """A period and the filters of kpis.md; empty filters mean everything."""

    from_day: date
    to_day: date
    title_types: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    window_days: int | None = None

    def previous(self) -> "Selection":
        """The period of the same length that ends the day before this one, same filters."""
        length = self.to_day - self.from_day
        end = self.from_day - timedelta(days=1)
        return replace(self, from_day=end - length, to_day=end)

    def check(self, cfg: Config) -> None:
        if self.from_day > self.to_day:
            raise ReportError(f"the period starts ({self.from_day}) after it ends ({self.to_day})")
        unknown = [t for t in self.title_types if t not in cfg.title_types]
        if unknown:
            raise ReportError(f"unknown title type {unknown[0]!r} (known: {', '.join(cfg.title_types)})")
        unknown = [c for c in self.channels if c not in contract.CHANNELS]
        if unknown:
            raise ReportError(f"unknown channel {unknown[0]!r} (known: {', '.join(contract.CHANNELS)})")
        if self.window_days is not None and not 1 <= self.window_days <= 30:
            raise ReportError(f"--window-days must be between 1 and 30, not {self.window_days}")

    def params(self, cfg: Config) -> dict:
        """The `$params` every indicator query takes (each query picks the ones it names)."""
        return {
            "from_day": self.from_day,
            "to_day": self.to_day,
            "title_types": list(self.title_types),  # empty lists choose everything
            "departments": list(self.departments),
            "channels": list(self.channels),
            "window_days": self.window_days or cfg.repeat_window_days,
            "failure_reasons": list(cfg.failure_demand_reasons),
            "target_title_types": list(cfg.target_days),
            "target_days": list(cfg.target_days.values()),
        }


def dataset(wh: Warehouse, name: str, selection: Selection, cfg: Config, **extra) -> pl.DataFrame:
    """Run `queries/indicators/<name>.sql` for a selection, passing only the params it names."""
    return wh.query(f"indicators/{name}", **{**selection.params(cfg), **extra})


def whole_selection(wh: Warehouse, name: str, selection: Selection, cfg: Config) -> dict:
    """The one row of a `*_by_period` dataset over the whole selection; counts 0, the rest null, when empty."""
    frame = dataset(wh, name, selection, cfg, grain="period")
    if frame.height:
        return frame.row(0, named=True)
    return {c: 0 if c.endswith("_count") else None for c in frame.columns}


def ratio(numerator, denominator) -> float | None:
    """A rate over an empty population is null, never 0."""
    return None if not denominator else numerator / denominator


def report(wh: Warehouse, selection: Selection, cfg: Config) -> dict:
    """The JSON object of kpis.md §6, every key present, null where undefined."""
    selection.check(cfg)
    params = selection.params(cfg)
    freshness = wh.query("freshness").row(0, named=True)
    result = {
        "period_from": selection.from_day.isoformat(),
        "period_to": selection.to_day.isoformat(),
        "as_of": freshness["as_of"].isoformat() if freshness["as_of"] else None,
        "window_days": params["window_days"],
    }
    contacts = dataset(wh, "contacts_by_day", selection, cfg)  # read once, used twice
    result.update(_episodes(wh, selection, cfg, contacts))
    for part in (delivery, _right_first_time, backlog_at_end):
        result.update(part(wh, selection, cfg))
    result.update(_contacts(wh, selection, cfg, contacts, result["delivered"]))
    return result


def _sum(frame: pl.DataFrame, column: str) -> int:
    return int(frame[column].sum()) if frame.height else 0


def _episodes(wh, selection, cfg, contacts: pl.DataFrame) -> dict:
    episodes = dataset(wh, "episodes_by_day", selection, cfg)
    total = _sum(episodes, "episode_count")
    once = _sum(episodes, "once_and_done_count")
    return {
        "episodes": total,
        "once_and_done_episodes": once,
        "once_and_done_rate": ratio(once, total),
        "provisional_episodes": _sum(episodes, "provisional_count"),
        "unlinked_contacts": _sum(contacts, "unlinked_count"),
    }


def delivery(wh, selection, cfg) -> dict:
    """Delivery time by delivery day and the cohort estimate over the selection (kpis.md §2)."""
    delivered = whole_selection(wh, "delivery_by_period", selection, cfg)
    cohort = whole_selection(wh, "cohort_delivery_by_period", selection, cfg)
    return {
        "delivered": delivered["delivered_count"],
        "delivery_days_p50": delivered["delivery_days_p50"],
        "delivery_days_p90": delivered["delivery_days_p90"],
        "delivery_days_mean": delivered["delivery_days_mean"],
        "within_target_rate": ratio(delivered["within_target_count"], delivered["delivered_count"]),
        "cohort_requests": cohort["cohort_count"],
        "cohort_p50": cohort["cohort_p50"],
        "cohort_p90": cohort["cohort_p90"],
        "cohort_max_followup_days": cohort["max_followup_days"],
    }


def _right_first_time(wh, selection, cfg) -> dict:
    finished = dataset(wh, "right_first_time_by_day", selection, cfg)
    return {"right_first_time_rate": ratio(_sum(finished, "right_first_time_count"), _sum(finished, "finished_count"))}


def backlog_at_end(wh, selection, cfg) -> dict:
    """The backlog at the end of the selection's last day, its breakdowns and days to clear (kpis.md §4)."""
    day = selection.to_day
    backlog = dataset(wh, "backlog_at_day", selection, cfg, day=day)
    throughput = dataset(wh, "throughput_at_day", selection, cfg, day=day).row(0, named=True)
    total = _sum(backlog, "backlog_count")
    per_day = throughput["throughput_per_day"]
    return {
        "backlog": total,
        "backlog_over_target": _sum(backlog, "over_target_count"),
        "days_to_clear": ratio(total, per_day),
        "throughput_per_day": per_day,
        "backlog_by_title_type": _counts(backlog, "title_type", selection.title_types or cfg.title_types),
        "backlog_by_stage": _counts(backlog, "stage", OPEN_STAGES),
        "backlog_by_age_bucket": _counts(backlog, "age_bucket", AGE_BUCKETS),
    }


def _counts(frame: pl.DataFrame, column: str, keys) -> dict[str, int]:
    """Backlog counts by one column, every expected key present (0 when none)."""
    sums = dict(frame.group_by(column).agg(pl.col("backlog_count").sum()).iter_rows()) if frame.height else {}
    return {key: int(sums.get(key, 0)) for key in keys}


def _contacts(wh, selection, cfg, contacts: pl.DataFrame, delivered_count: int) -> dict:
    mail = whole_selection(wh, "mail_response_by_period", selection, cfg)
    total = _sum(contacts, "contact_count")
    by_channel = (
        dict(contacts.group_by("channel").agg(pl.col("contact_count").sum()).iter_rows()) if contacts.height else {}
    )
    phone = contacts.filter(pl.col("channel") == "phone")
    csat_count = _sum(contacts, "csat_count")
    return {
        "contacts": total,
        "contacts_by_channel": {c: int(by_channel.get(c, 0)) for c in selection.channels or contract.CHANNELS},
        "failure_demand_rate": ratio(_sum(contacts, "failure_demand_count"), total),
        "contacts_per_delivered_title": ratio(total, delivered_count),
        "phone_contacts": _sum(phone, "contact_count"),
        "pickup_rate": ratio(_sum(phone, "answered_count"), _sum(phone, "contact_count")),
        "mail_response_hours_p50": mail["mail_response_hours_p50"],
        "mail_response_hours_p90": mail["mail_response_hours_p90"],
        "csat_avg": ratio(_sum(contacts, "csat_sum"), csat_count),
        "csat_count": csat_count,
    }

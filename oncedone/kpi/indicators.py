"""Every indicator of kpis.md for a period and filters: the report the CLI prints and the pages read."""

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import polars as pl

from oncedone.access import Scope
from oncedone.config import Config
from oncedone.kpi import survival, working_time
from oncedone.store import contract
from oncedone.store.warehouse import Warehouse, parameter_names

AGE_BUCKETS = ("0-7", "8-15", "16-30", "31-60", "61+")
OPEN_STAGES = tuple(s for s in contract.STATUSES if s not in contract.TERMINAL_STATUSES)


class ReportError(ValueError):
    """A report asked for something that does not exist (a bad date, an unknown title type...)."""


class ScopeError(TypeError):
    """A dataset that reads applications or contacts was asked for without a reader's scope."""


@dataclass(frozen=True)
class Selection:
    """A period and the filters of kpis.md, within a reader's scope; empty filters mean everything
    the scope shows. The scope has no default: a caller names it (`access.EVERYTHING` for the
    command line), so that no dataset is ever read unscoped by omission."""

    from_day: date
    to_day: date
    title_types: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    window_days: int | None = None
    scope: Scope = field(kw_only=True)

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
            **working_time.params(cfg, self.from_day, self.to_day),
            **self.scope.params(),  # $scope_cells: every dataset applies it where it reads rows
        }

    def shown_title_types(self, cfg: Config) -> list[str]:
        """The title types a breakdown lists: the chosen ones, else every one the scope shows."""
        return list(self.title_types) or self.scope.title_types(cfg.title_types)


# Datasets whose SQL leaves a last step to Polars, much faster at it (each says why).
FINISHED = {"indicators/cohort_delivery_by_period": survival.cohort_delivery}


def query(wh: Warehouse, name: str, **params) -> pl.DataFrame:
    """The rows of any dataset a page or the report reads, finished where its SQL leaves a step to Polars.
    A dataset that reads rows of applications or contacts names `$scope_cells`: it is refused
    without one (the runner refuses any missing parameter; this one says why)."""
    if "scope_cells" in parameter_names(name) and params.get("scope_cells") is None:
        raise ScopeError(f"dataset {name} reads rows under a reader's scope: pass scope_cells "
                         "(Selection.params() or Scope.params(); access.EVERYTHING outside the app)")
    rows = wh.query(name, **params)
    return FINISHED[name](rows) if name in FINISHED else rows


def dataset(wh: Warehouse, name: str, selection: Selection, cfg: Config, **extra) -> pl.DataFrame:
    """Run `queries/indicators/<name>.sql` for a selection, passing only the params it names."""
    return query(wh, f"indicators/{name}", **{**selection.params(cfg), **extra})


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
    from oncedone.kpi import emerging  # it reads datasets through this module's query()

    return {
        **measures(wh, selection, cfg),
        "emerging": emerging.contact_findings(wh, selection, cfg),
        "emerging_incomplete": emerging.incomplete_findings(wh, selection, cfg),
    }


def measures(wh: Warehouse, selection: Selection, cfg: Config) -> dict:
    """The report less its emerging demands: every indicator a card of Today shows."""
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
        "backlog_by_title_type": _counts(backlog, "title_type", selection.shown_title_types(cfg)),
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
        "mail_response_working_hours_p50": mail["mail_response_working_hours_p50"],
        "mail_response_working_hours_p90": mail["mail_response_working_hours_p90"],
        "mail_answered_within_target_rate": ratio(mail["answered_within_target_count"], mail["answered_mail_count"]),
        "csat_avg": ratio(_sum(contacts, "csat_sum"), csat_count),
        "csat_count": csat_count,
    }


# Series and breakdowns of the delivery and contacts pages ------------------------------------

DAY_GRAIN_MAX_DAYS = 21  # up to three weeks a point a day; beyond, weekdays and weekends make it saw
WEEK_GRAIN_MAX_DAYS = 731  # up to two years, a point a week; beyond, a month
LOOP_BUCKETS = {"0": "no_loop_count", "1": "one_loop_count", "2": "two_loops_count", "3+": "three_loops_or_more_count"}


def grain_for(selection: Selection) -> str:
    """The grain a series over the selection's period reads best at: 'day', 'week' or 'month'."""
    days = (selection.to_day - selection.from_day).days + 1
    return "day" if days <= DAY_GRAIN_MAX_DAYS else "week" if days <= WEEK_GRAIN_MAX_DAYS else "month"


def _period_start(day: pl.Expr, grain: str, first_day: date) -> pl.Expr:
    """The first day of the period a day falls in, as the `period_start` SQL macro says."""
    if grain == "period":
        return pl.lit(first_day, dtype=pl.Date)
    return {"day": day, "week": day.dt.truncate("1w"), "month": day.dt.truncate("1mo")}[grain]


def _period_end(start: pl.Expr, grain: str, selection: Selection) -> pl.Expr:
    if grain == "period":
        return pl.lit(selection.to_day, dtype=pl.Date)
    return {"day": start, "week": start.dt.offset_by("6d"), "month": start.dt.month_end()}[grain]


def rollup(
    frame: pl.DataFrame, day: str, selection: Selection, grain: str, by: tuple[str, ...] = (), rates: dict | None = None
) -> pl.DataFrame:
    """A by-day dataset's counts summed per period of the grain (and per `by` columns).

    Every `_count` and `_sum` column is summed; `rates` maps a rate's name to its (numerator,
    denominator) columns, null over an empty population. `is_partial_period` marks a period the
    selection cuts (a short first or last week is not a fall).
    """
    summed = [c for c in frame.columns if c.endswith(("_count", "_sum")) and c not in by]
    start = _period_start(pl.col(day), grain, selection.from_day).alias("period_start_day")
    out = frame.group_by(start, *by).agg(pl.col(summed).sum()).sort("period_start_day", *by, nulls_last=True)
    out = with_partial_periods(out, selection, grain)
    for name, (numerator, denominator) in (rates or {}).items():
        out = out.with_columns(
            pl.when(pl.col(denominator) > 0).then(pl.col(numerator) / pl.col(denominator)).alias(name)
        )
    return out


def with_partial_periods(frame: pl.DataFrame, selection: Selection, grain: str) -> pl.DataFrame:
    """`is_partial_period` for each `period_start_day`: the selection cuts that period."""
    end = _period_end(pl.col("period_start_day"), grain, selection)
    return frame.with_columns(
        is_partial_period=(pl.col("period_start_day") < selection.from_day) | (end > selection.to_day)
    )


ONCE_AND_DONE = {
    "once_and_done_rate": ("once_and_done_count", "episode_count"),
    "logged_resolved_rate": ("logged_resolved_count", "episode_count"),
}
RIGHT_FIRST_TIME = {"right_first_time_rate": ("right_first_time_count", "finished_count")}
CONTACT_RATES = {
    "failure_demand_rate": ("failure_demand_count", "contact_count"),
    "pickup_rate": ("answered_count", "contact_count"),
    "csat_avg": ("csat_sum", "csat_count"),
}


def episode_breakdown(episodes: pl.DataFrame, selection: Selection, by: str) -> pl.DataFrame:
    """The period's episodes per value of `by` (the first contact's channel, team or reason), most
    first: once-and-done rate, first contact logged resolved, and the false containment between
    them (logged resolved, yet the citizen came back within the window)."""
    table = rollup(episodes, "episode_day", selection, "period", by=(by,), rates=ONCE_AND_DONE)
    return table.select(
        by,
        "episode_count",
        "logged_resolved_rate",
        "once_and_done_rate",
        ((pl.col("logged_resolved_count") - pl.col("once_and_done_count")) / pl.col("episode_count")).alias(
            "false_containment_rate"
        ),
    ).sort("episode_count", by, descending=[True, False])


def pickup_series(contacts: pl.DataFrame, selection: Selection, grain: str) -> pl.DataFrame:
    """Phone contacts per period of the grain, with the pickup rate (kpis.md §5)."""
    phone = contacts.filter(pl.col("channel") == "phone")
    return rollup(phone, "received_day", selection, grain, rates={"pickup_rate": ("answered_count", "contact_count")})


def reason_shares(contacts: pl.DataFrame, selection: Selection, grain: str, reasons) -> pl.DataFrame:
    """Per period and reason in `reasons`, the reason's share of every contact of the period:
    the failure-demand reasons' shares add up to the failure demand rate."""
    by_reason = rollup(contacts, "received_day", selection, grain, by=("reason",))
    totals = by_reason.group_by("period_start_day").agg(pl.col("contact_count").sum().alias("all_contact_count"))
    return (
        by_reason.join(totals, on="period_start_day")
        .with_columns(contact_share_rate=pl.col("contact_count") / pl.col("all_contact_count"))
        .filter(pl.col("reason").is_in(list(reasons)))
        .sort("period_start_day", "reason")
    )


def delivery_curves(delivered: pl.DataFrame, cohort: pl.DataFrame) -> pl.DataFrame:
    """The two delivery curves side by side per period: by delivery day (delivery_by_period) and
    by submission cohort, in-flight included (cohort_delivery_by_period)."""
    cohort = cohort.select(
        "period_start_day",
        "cohort_count",
        pl.col("cohort_p50").alias("cohort_days_p50"),
        pl.col("cohort_p90").alias("cohort_days_p90"),
    )
    return delivered.join(cohort, on="period_start_day", how="full", coalesce=True).sort("period_start_day")


def rework_shares(rework: pl.DataFrame) -> pl.DataFrame:
    """rework_by_title_type in long form: per title type and number of loops ('0', '1', '2', '3+'),
    how many applications and their share of the title type's finished ones."""
    long = rework.unpivot(index=["title_type", "finished_count"], on=list(LOOP_BUCKETS.values()),
                          variable_name="bucket", value_name="application_count")
    names = {column: loops for loops, column in LOOP_BUCKETS.items()}
    return long.select(
        "title_type",
        pl.col("bucket").replace_strict(names).alias("loops"),
        "application_count",
        (pl.col("application_count") / pl.col("finished_count")).alias("application_share_rate"),
    )

"""The director's morning view: the day's indicators against their targets, compared with the
same weekday a week before and a year before, the daily series behind the sparklines and trends, and what
needs attention. Every value is the report's (indicators.report) for a stated period."""

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date, timedelta

import polars as pl

from oncedone import i18n
from oncedone.config import Config
from oncedone.kpi import indicators
from oncedone.kpi.indicators import Selection, dataset
from oncedone.kpi.working_time import is_public_holiday
from oncedone.store.warehouse import Warehouse, parameter_names

WEEK_DAYS = 7
# A day is compared with the same weekday a week before: a Monday with a Monday, never a weekday
# with a week's average that the weekend drags down.
COMPARE_DAYS = 7
YEAR_DAYS = 364  # 52 weeks: a year before falls on the same weekday
COHORT_DAYS = 28  # the honest delay reads the applications submitted in the 4 weeks ending the day
WATCH, GOOD, BAD = "watch", "good", "bad"


@dataclass(frozen=True)
class Card:
    """One indicator of the view. `kind` says which period it reads for a day D:
    `flow` the day D itself, `stock` the end of D, `cohort` the submissions of the 4 weeks ending D."""

    key: str  # the report's key
    unit: str  # rate, days, hours, count or score: how the value is said
    kind: str
    higher_is_better: bool
    page: str  # the page that explains it
    headline: bool = True


CARDS = (
    Card("once_and_done_rate", "rate", "flow", True, "contacts"),
    Card("within_target_rate", "rate", "flow", True, "delivery"),
    Card("cohort_p90", "days", "cohort", False, "delivery"),
    Card("backlog", "count", "stock", False, "backlog"),
    Card("failure_demand_rate", "rate", "flow", False, "contacts"),
    Card("delivery_days_p90", "days", "flow", False, "delivery"),
    Card("days_to_clear", "days", "stock", False, "backlog"),
    Card("right_first_time_rate", "rate", "flow", True, "delivery"),
    Card("contacts", "count", "flow", False, "contacts", headline=False),
    Card("pickup_rate", "rate", "flow", True, "contacts", headline=False),
    Card("mail_response_hours_p90", "hours", "flow", False, "contacts", headline=False),
    Card("csat_avg", "score", "flow", True, "contacts", headline=False),
)
CARD = {card.key: card for card in CARDS}
# The two engagements of service: once and done, and the title on time (its share and the true delay).
# They head the attention list, whatever the other cards' severity.
ENGAGEMENTS = ("once_and_done_rate", "within_target_rate", "cohort_p90")
# Days indicators are judged against the title type's target delay (ratio thresholds in oncedone.toml).
DELAY_CARDS = ("cohort_p90", "delivery_days_p90", "days_to_clear")
STOCK_KEYS = ("backlog", "backlog_over_target", "days_to_clear", "throughput_per_day")
COHORT_KEYS = ("cohort_p50", "cohort_p90", "cohort_requests", "cohort_max_followup_days")


# One view's reads, shared ---------------------------------------------------------------------

# Datasets with one row per day and breakdown, each row computed from its day alone: the rows of
# days inside a range already read are that range's rows for those days, in the same order.
BY_DAY = {
    "indicators/contacts_by_day": "received_day",
    "indicators/episodes_by_day": "episode_day",
    "indicators/right_first_time_by_day": "terminal_day",
    "load/contact_segments_by_day": "day",
    "load/incomplete_by_day": "day",
}
# Quantiles by period: over a single day (grain 'period', from = to) they are that day's row of
# the same dataset read by day (the same applications or mails, the same period_start_day).
BY_PERIOD = ("indicators/delivery_by_period", "indicators/mail_response_by_period")
DAYS = ("from_day", "to_day")


class SharedReads:
    """A reader for one view that never runs a query twice for the same rows: a dataset asked
    again with the same params is the rows already read; a by-day dataset asked for days inside
    a range already read, and a quantile of one day already read by day, are filtered from it.
    Threads may share it (Today's readings run side by side)."""

    def __init__(self, wh):
        self._wh = wh
        self._lock = threading.Lock()
        self._rows: dict[tuple, pl.DataFrame] = {}

    def __getattr__(self, attribute):
        return getattr(self._wh, attribute)

    def query(self, name: str, **params) -> pl.DataFrame:
        named = {k: params[k] for k in parameter_names(name) if k in params}
        key = (name, _frozen(named))
        with self._lock:
            rows = self._rows.get(key)
            if rows is None:
                rows = self._within(name, named)
        if rows is None:
            rows = self._wh.query(name, **params)
            with self._lock:
                self._rows[key] = rows
        return rows

    def _within(self, name: str, named: dict) -> pl.DataFrame | None:
        """The rows asked for, filtered from a wider read of the same dataset and filters, if any."""
        if name not in BY_DAY and not (name in BY_PERIOD and named.get("grain") == "period"
                                       and named["from_day"] == named["to_day"]):
            return None
        wanted = {k: v for k, v in named.items() if k not in DAYS}
        if name in BY_PERIOD:
            wanted["grain"] = "day"
        for (read_name, read_params), rows in self._rows.items():
            read = dict(read_params)
            if (read_name == name and {k: v for k, v in read.items() if k not in DAYS} == _frozen_values(wanted)
                    and read["from_day"] <= named["from_day"] and named["to_day"] <= read["to_day"]):
                column = BY_DAY.get(name, "period_start_day")
                return rows.filter(pl.col(column).is_between(named["from_day"], named["to_day"]))
        return None


def _frozen(params: dict) -> tuple:
    return tuple(sorted(_frozen_values(params).items()))


def _frozen_values(params: dict) -> dict:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in params.items()}


def morning(wh: Warehouse, day: date, filters: Selection, cfg: Config) -> dict:
    """Everything Today computes for `day` and the filter bar's period, through one SharedReads:
    the cards' readings, the daily series and the weekly quantiles, the attention list and the
    emerging demands of the week (the same values as readings(), daily_series(), by_week(),
    attention() and emerging.recent() each on its own). The period's series come first, so that the
    day's and the week before's readings are filtered from them."""
    from oncedone.kpi import emerging  # it reads datasets through indicators.query()

    shared = SharedReads(wh)
    daily = daily_series(shared, filters, cfg)
    values = readings(shared, day, filters, cfg)
    return {
        "readings": values,
        "frames": {"daily": daily, **by_week(shared, filters, cfg)},
        "attention": attention(shared, day, filters, values["day"], cfg),
        "emerging": emerging.recent(shared, day, filters, cfg),
    }


# The day and its comparisons -------------------------------------------------------------------


def is_working_day(day: date) -> bool:
    """Monday to Friday, and not a French national public holiday."""
    return day.isoweekday() <= 5 and not is_public_holiday(day)


def last_complete_day(as_of_day: date | None, first_day: date | None) -> date | None:
    """The last working day before the data's last day (data for the last day may still come; a
    Sunday shows closed offices, not the service), never before the data's first day."""
    if as_of_day is None:
        return None
    first = first_day or as_of_day
    day = as_of_day - timedelta(days=1)
    while not is_working_day(day) and day > first:
        day -= timedelta(days=1)
    return max(day, first)


def compared_day(day: date) -> date:
    """The day a card is compared with: the same weekday a week before."""
    return day - timedelta(days=COMPARE_DAYS)


def readings(wh: Warehouse, day: date, filters: Selection, cfg: Config) -> dict[str, dict | None]:
    """The cards' values at `day`, on the same weekday a week before and a year before (None when no data)."""
    first_day = wh.query("freshness")["first_day"].item()
    year_day = day - timedelta(days=YEAR_DAYS)
    week_before = compared_day(day)
    periods = {"day": (day, day, day), "previous": (week_before, week_before, week_before)}
    if first_day is not None and year_day >= first_day:
        periods["year_before"] = (year_day, year_day, year_day)
    # The readings are independent: read them side by side (the warehouse takes a cursor per query).
    with ThreadPoolExecutor(max_workers=len(periods)) as pool:
        futures = {name: pool.submit(_reading, wh, filters, cfg, *days) for name, days in periods.items()}
    return {"year_before": None, "shown_day": day} | {name: future.result() for name, future in futures.items()}


def _reading(wh, filters: Selection, cfg: Config, flow_from: date, flow_to: date, at_day: date) -> dict:
    """The report over [flow_from, flow_to], with the stock at the end of `at_day` and the cohort
    ending `at_day`; a count over several days is said per day, to compare with a single day."""
    # Not the whole report: no card shows the emerging demands (Today reads the week's, emerging.recent).
    values = indicators.measures(wh, replace(filters, from_day=flow_from, to_day=flow_to), cfg)
    if at_day != flow_to:
        stock = indicators.backlog_at_end(wh, replace(filters, to_day=at_day), cfg)
        values.update({key: stock[key] for key in STOCK_KEYS})
    cohort = indicators.delivery(wh, cohort_selection(filters, at_day), cfg)
    values.update({key: cohort[key] for key in COHORT_KEYS})
    days = (flow_to - flow_from).days + 1
    for card in CARDS:
        if card.kind == "flow" and card.unit == "count" and values[card.key] is not None:
            values[card.key] = values[card.key] / days
    return values


def cohort_selection(filters: Selection, day: date) -> Selection:
    """The cohort a card reads at `day`: the applications submitted in the 4 weeks ending it."""
    return replace(filters, from_day=day - timedelta(days=COHORT_DAYS - 1), to_day=day)


# Targets and traffic lights ----------------------------------------------------------------------


def target(key: str, filters: Selection, cfg: Config) -> float | None:
    """The value a card aims at: its `good` threshold, or for a delay the chosen types' target in days
    (the most lenient of them when several are chosen, so a red light is never a false alarm)."""
    if key in DELAY_CARDS:
        types = filters.shown_title_types(cfg)
        return float(max(cfg.target_days[t] for t in types)) if types else None
    threshold = cfg.thresholds.get(key)
    return threshold.good if threshold else None


def light(key: str, values: dict, filters: Selection, cfg: Config) -> str | None:
    """`good`, `watch` or `bad` from the configured thresholds; None when there is no threshold or value."""
    value = values.get(key)
    if key in DELAY_CARDS:
        threshold = cfg.thresholds.get("delay_to_target")
        aim = target(key, filters, cfg)
        if value is None and key == "cohort_p90" and values.get("cohort_max_followup_days") is not None:
            # Unknown yet, but already longer than the follow-up: bad if that alone is beyond the bound.
            lower_bound = values["cohort_max_followup_days"] / aim
            return BAD if threshold and lower_bound > threshold.bad else None
        value = None if value is None else value / aim
    elif key == "backlog":
        threshold = cfg.thresholds.get("backlog_over_target_rate")
        value = indicators.ratio(values.get("backlog_over_target"), values.get("backlog"))
    else:
        threshold = cfg.thresholds.get(key)
    if threshold is None or value is None:
        return None
    if threshold.higher_is_better:
        return GOOD if value >= threshold.good else BAD if value < threshold.bad else WATCH
    return GOOD if value <= threshold.good else BAD if value > threshold.bad else WATCH


def severity(key: str, values: dict, filters: Selection, cfg: Config) -> float:
    """How far a card is beyond its `bad` bound, relative to the bound's distance from `good`."""
    value = values.get(key)
    if key in DELAY_CARDS:
        value = (value if value is not None else values.get("cohort_max_followup_days") or 0) / target(key, filters, cfg)
        threshold = cfg.thresholds["delay_to_target"]
    elif key == "backlog":
        value = indicators.ratio(values.get("backlog_over_target"), values.get("backlog")) or 0
        threshold = cfg.thresholds["backlog_over_target_rate"]
    else:
        threshold = cfg.thresholds[key]
    span = abs(threshold.good - threshold.bad) or 1
    beyond = threshold.bad - value if threshold.higher_is_better else value - threshold.bad
    return beyond / span


def delta(key: str, values: dict, before: dict | None) -> float | None:
    """The change of a card since the comparison reading (None when either is unknown)."""
    if before is None or values.get(key) is None or before.get(key) is None:
        return None
    return values[key] - before[key]


def is_worse(key: str, change: float | None) -> bool | None:
    """Whether a change is bad news for this indicator (a rising backlog is)."""
    if change is None or change == 0:
        return None
    return (change < 0) if CARD[key].higher_is_better else (change > 0)


# Daily series: sparklines and trends -------------------------------------------------------------


def daily_series(wh: Warehouse, selection: Selection, cfg: Config) -> pl.DataFrame:
    """One row per day of the selection, with every card's daily value and the 7-day rolling figures
    (once and done, inflow, throughput): the sparklines and the trends read it."""
    lead = replace(selection, from_day=selection.from_day - timedelta(days=WEEK_DAYS - 1))  # for rolling sums
    days = pl.DataFrame({"day": pl.date_range(lead.from_day, lead.to_day, "1d", eager=True)})
    contacts = dataset(wh, "contacts_by_day", lead, cfg)
    parts = [
        _sum_by_day(dataset(wh, "episodes_by_day", lead, cfg), "episode_day",
                    ("episode_count", "once_and_done_count", "provisional_count")),
        _sum_by_day(dataset(wh, "flows_by_day", lead, cfg), "day",
                    ("inflow_count", "terminal_count", "delivered_count", "backlog_count")),
        _sum_by_day(contacts, "received_day", ("contact_count", "failure_demand_count", "csat_sum", "csat_count")),
        _phone_by_day(contacts),
        _sum_by_day(dataset(wh, "right_first_time_by_day", lead, cfg), "terminal_day",
                    ("finished_count", "right_first_time_count")),
        _by_period(dataset(wh, "delivery_by_period", lead, cfg, grain="day"),
                   ("within_target_count", "delivery_days_p50", "delivery_days_p90"), "delivered_in_count"),
        _by_period(dataset(wh, "mail_response_by_period", lead, cfg, grain="day"),
                   ("mail_response_hours_p50", "mail_response_hours_p90")),
    ]
    for part in parts:
        days = days.join(part, on="day", how="left")
    counts = [c for c in days.columns if c.endswith("_count") or c == "csat_sum"]
    days = days.with_columns(pl.col(counts).fill_null(0))
    week = {c: pl.col(c).rolling_sum(WEEK_DAYS, min_samples=1) for c in counts}  # the 7 days ending each day
    days = days.with_columns(
        once_and_done_rate=_rate_of(pl.col("once_and_done_count"), pl.col("episode_count")),
        is_provisional=pl.col("provisional_count") > 0,
        within_target_rate=_rate_of(pl.col("within_target_count"), pl.col("delivered_in_count")),
        failure_demand_rate=_rate_of(pl.col("failure_demand_count"), pl.col("contact_count")),
        right_first_time_rate=_rate_of(pl.col("right_first_time_count"), pl.col("finished_count")),
        pickup_rate=_rate_of(pl.col("answered_phone_count"), pl.col("phone_contact_count")),
        csat_avg=_rate_of(pl.col("csat_sum"), pl.col("csat_count")),
        # The same over the 7 days ending each day: steadier lines for trends and sparklines.
        once_and_done_rate_7d=_rate_of(week["once_and_done_count"], week["episode_count"]),
        within_target_rate_7d=_rate_of(week["within_target_count"], week["delivered_in_count"]),
        failure_demand_rate_7d=_rate_of(week["failure_demand_count"], week["contact_count"]),
        right_first_time_rate_7d=_rate_of(week["right_first_time_count"], week["finished_count"]),
        pickup_rate_7d=_rate_of(week["answered_phone_count"], week["phone_contact_count"]),
        csat_avg_7d=_rate_of(week["csat_sum"], week["csat_count"]),
        contacts_7d=week["contact_count"] / WEEK_DAYS,
        inflow_per_day=week["inflow_count"] / WEEK_DAYS,
        throughput_per_day=week["terminal_count"] / WEEK_DAYS,
    ).with_columns(
        days_to_clear=pl.when(pl.col("throughput_per_day") > 0)
        .then(pl.col("backlog_count") / pl.col("throughput_per_day")),
    )
    return days.filter(pl.col("day") >= selection.from_day).rename(
        {"backlog_count": "backlog", "contact_count": "contacts"}
    )


def by_week(wh: Warehouse, selection: Selection, cfg: Config) -> dict[str, pl.DataFrame]:
    """Quantiles that cannot be averaged from days, by week over the selection (by day when it is
    shorter than a month): delivery time by delivery week, the cohort estimate by submission week,
    and the mail response time."""
    grain = "day" if (selection.to_day - selection.from_day).days < 31 else "week"
    return {
        "delivered": dataset(wh, "delivery_by_period", selection, cfg, grain=grain),
        "cohorts": dataset(wh, "cohort_delivery_by_period", selection, cfg, grain=grain),
        "mail": dataset(wh, "mail_response_by_period", selection, cfg, grain=grain),
    }


# Which series draws each card's sparkline: (the frame, its column).
SPARKLINES = {
    "once_and_done_rate": ("daily", "once_and_done_rate_7d"),
    "within_target_rate": ("daily", "within_target_rate_7d"),
    "cohort_p90": ("cohorts", "cohort_p90"),
    "backlog": ("daily", "backlog"),
    "failure_demand_rate": ("daily", "failure_demand_rate_7d"),
    "delivery_days_p90": ("delivered", "delivery_days_p90"),
    "days_to_clear": ("daily", "days_to_clear"),
    "right_first_time_rate": ("daily", "right_first_time_rate_7d"),
    "contacts": ("daily", "contacts_7d"),
    "pickup_rate": ("daily", "pickup_rate_7d"),
    "mail_response_hours_p90": ("mail", "mail_response_hours_p90"),
    "csat_avg": ("daily", "csat_avg_7d"),
}


def sparkline(key: str, frames: dict[str, pl.DataFrame]) -> list[float]:
    """A card's series over the period, without the days it is undefined."""
    frame, column = SPARKLINES[key]
    return frames[frame][column].drop_nulls().to_list()


def _sum_by_day(frame: pl.DataFrame, day_column: str, columns: tuple[str, ...]) -> pl.DataFrame:
    return frame.group_by(pl.col(day_column).alias("day")).agg(pl.col(columns).sum())


def _phone_by_day(contacts: pl.DataFrame) -> pl.DataFrame:
    phone = contacts.filter(pl.col("channel") == "phone")
    return phone.group_by(pl.col("received_day").alias("day")).agg(
        phone_contact_count=pl.col("contact_count").sum(), answered_phone_count=pl.col("answered_count").sum()
    )


def _by_period(frame: pl.DataFrame, columns: tuple[str, ...], count_as: str | None = None) -> pl.DataFrame:
    renamed = frame.rename({"delivered_count": count_as}) if count_as else frame
    return renamed.select(pl.col("period_start_day").alias("day"), *columns, *([count_as] if count_as else []))


def _rate_of(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    return pl.when(denominator > 0).then(numerator / denominator)  # null over an empty population


# What needs attention ----------------------------------------------------------------------------


def attention(wh: Warehouse, day: date, filters: Selection, values: dict, cfg: Config, segments: int = 2) -> list[dict]:
    """What needs attention: every card beyond its `bad` bound (none is ever hidden), the two
    engagements of service first, then the other headline cards, then the secondary ones, each
    group worst first; then the title types and the departments (at most `segments` each) whose
    backlog over target grew most in the week to `day`, a segment that is the whole selection once."""
    items = [
        {"kind": "card", "key": card.key, "page": card.page, "severity": severity(card.key, values, filters, cfg)}
        for card in CARDS
        if light(card.key, values, filters, cfg) == BAD
    ]

    def rank(item: dict) -> tuple:
        card = CARD[item["key"]]
        return (0 if card.key in ENGAGEMENTS else 1 if card.headline else 2, -item["severity"])

    items = sorted(items, key=rank)
    rows = dataset(wh, "backlog_segments_at_day", filters, cfg, day=day,
                       before_day=day - timedelta(days=WEEK_DAYS))
    growing = (
        rows.with_columns(growth_count=pl.col("over_target_count") - pl.col("over_target_before_count"))
        .filter(pl.col("growth_count") > 0)
        .sort(["growth_count", "segment"], descending=[True, False])
    )
    chosen = {"title_type": filters.title_types, "department": filters.departments}
    whole_listed = False
    for kind in ("title_type", "department"):
        for row in growing.filter(pl.col("segment_kind") == kind).head(segments).iter_rows(named=True):
            # With one type and one department chosen, both segments are the same applications.
            is_whole = all(len(chosen[k]) == 1 for k in chosen) and chosen[kind] == (row["segment"],)
            if is_whole and whole_listed:
                continue
            whole_listed = whole_listed or is_whole
            items.append({"kind": kind, "page": "backlog", **row})
    return items


# What a card says, in the reader's language ------------------------------------------------------


def card_view(card: Card, readings: dict, sparkline: list, filters: Selection, cfg: Config, lang: str) -> dict:
    """Everything a card shows: label with its light, value, change since the same weekday a week
    before (and whether that change is bad news), help saying so, a caption with target, a year
    before and details."""
    values, previous, year_before = readings["day"], readings["previous"], readings["year_before"]
    change = delta(card.key, values, previous)
    said_change = say_change(card, change, lang)
    is_nil = said_change is not None and not any(ch in said_change for ch in "123456789")
    window = filters.window_days or cfg.repeat_window_days
    reasons = ", ".join(i18n.label("reason", r, lang) for r in cfg.failure_demand_reasons)
    year_value = say(card, year_before, lang) if year_before else i18n.MISSING
    year_text = year_value != i18n.MISSING and i18n.t("today.year_before", lang, value=year_value)
    return {
        "label": f"{i18n.t('today.light.' + (light(card.key, values, filters, cfg) or 'none'), lang)} "
                 f"{i18n.t('today.card.' + card.key, lang)}",
        "value": say(card, values, lang),
        "delta": said_change,
        # A change that rounds to nothing is neither good nor bad news: grey, without an arrow.
        "delta_color": "off" if is_nil else "normal" if card.higher_is_better else "inverse",
        "delta_arrow": "off" if is_nil else "auto",
        "help": i18n.t(f"today.help.{card.key}", lang, window=window, reasons=reasons) + "\n\n"
        + i18n.t("today.compared", lang, day=say_weekday_day(compared_day(readings["shown_day"]), lang)),
        "caption": " · ".join(filter(None, [say_target(card, filters, cfg, lang), *details(card, values, lang),
                                            year_text])),
        "sparkline": [v for v in sparkline if v is not None],
    }


def say_weekday_day(day: date, lang: str) -> str:
    """`mercredi 21/03/2018` / `Wednesday 2018-03-21`."""
    return f"{i18n.label('weekday', day.isoweekday(), lang)} {i18n.format_day(day, lang)}"


def say(card: Card, values: dict, lang: str) -> str:
    """A card's value as a person reads it ("more than 28 days" for a cohort not yet known)."""
    value = values.get(card.key)
    if value is None and card.key == "cohort_p90" and values.get("cohort_max_followup_days") is not None:
        # Floored: "more than 28 days" must stay true when the follow-up is 28.7 days.
        return i18n.t("today.more_than", lang, days=i18n.format_days(int(values["cohort_max_followup_days"]), lang, 0))
    return _say_unit(card.unit, value, lang)


def _say_unit(unit: str, value, lang: str) -> str:
    if value is None:
        return i18n.MISSING
    if unit == "rate":
        return i18n.format_rate(value, lang)
    if unit == "days":
        return i18n.format_days(value, lang)
    if unit == "hours":
        return i18n.t("today.hours", lang, value=i18n.format_number(value, lang, 1))
    if unit == "score":  # the label says "(1 à 5)", as on the contacts page
        return i18n.format_number(value, lang, 1)
    return i18n.format_number(value, lang)


def say_change(card: Card, change: float | None, lang: str) -> str | None:
    """`+2,3 pts`, `-1,5 j`, `+12`: the sign leads, so the arrow follows it."""
    if change is None:
        return None
    sign = "+" if change > 0 else ""
    if card.unit == "rate":
        return sign + i18n.t("today.points", lang, value=i18n.format_number(change * 100, lang, 1))
    if card.unit == "days":
        return sign + i18n.format_days(change, lang)
    if card.unit == "hours":
        return sign + i18n.t("today.hours", lang, value=i18n.format_number(change, lang, 1))
    return sign + i18n.format_number(change, lang, 1 if card.unit == "score" else 0)


def say_target(card: Card, filters: Selection, cfg: Config, lang: str) -> str | None:
    if card.key == "backlog":
        threshold = cfg.thresholds.get("backlog_over_target_rate")
        return threshold and i18n.t("today.target_backlog", lang, value=i18n.format_rate(threshold.good, lang, 0))
    aim = target(card.key, filters, cfg)
    if aim is None:
        return None
    better = card.higher_is_better
    said = i18n.format_rate(aim, lang, 0) if card.unit == "rate" else i18n.format_days(aim, lang, 0)
    bound = i18n.t("today.target_at_least" if better else "today.target_at_most", lang, value=said)
    return i18n.t("today.target", lang, target=bound)


def details(card: Card, values: dict, lang: str) -> list[str]:
    """What a card adds under its value: a median, the part past target, provisional episodes..."""
    said = {
        "once_and_done_rate": values.get("provisional_episodes") and i18n.t(
            "today.provisional", lang, count=i18n.format_number(values["provisional_episodes"], lang)),
        "delivery_days_p90": values.get("delivery_days_p50") is not None and i18n.t(
            "today.median", lang, value=i18n.format_days(values["delivery_days_p50"], lang)),
        "cohort_p90": values.get("cohort_p50") is not None and i18n.t(
            "today.median", lang, value=i18n.format_days(values["cohort_p50"], lang)),
        "backlog": values.get("backlog_over_target") is not None and i18n.t(
            "today.over_target", lang, count=i18n.format_number(values["backlog_over_target"], lang)),
        "days_to_clear": values.get("throughput_per_day") is not None and i18n.t(
            "today.throughput", lang, count=i18n.format_number(values["throughput_per_day"], lang,
                                                               1 if values["throughput_per_day"] < 10 else 0)),
        "mail_response_hours_p90": values.get("mail_response_hours_p50") is not None and i18n.t(
            "today.median", lang, value=_say_unit("hours", values["mail_response_hours_p50"], lang)),
    }.get(card.key)
    return [said] if said else []


def attention_view(item: dict, values: dict, filters: Selection, cfg: Config, lang: str) -> dict:
    """What an attention item says, and the page and URL changes of the link that explains it. A
    card's link opens the period the card reads, so the page's headline is the number clicked, and
    its text says where it leads."""
    day = filters.to_day
    if item["kind"] == "card":
        card = CARD[item["key"]]
        bad = i18n.t("today.attention.bad", lang)
        if card.key == "backlog":
            threshold = cfg.thresholds.get("backlog_over_target_rate")
            text = i18n.t("today.attention.backlog", lang, light=bad,
                          share=i18n.format_rate(indicators.ratio(values.get("backlog_over_target"), values.get("backlog")), lang),
                          count=i18n.format_number(values.get("backlog"), lang),
                          target=i18n.format_rate(threshold.good, lang, 0) if threshold else i18n.MISSING)
            return {"text": text + " " + i18n.t("today.attention.to_backlog", lang, day=i18n.format_day(day, lang)),
                    "page": card.page, "changes": {}}
        target_said = say_target(card, filters, cfg, lang)
        text = i18n.t("today.attention.card", lang, light=bad, label=i18n.t(f"today.card.{card.key}", lang),
                      value=say(card, values, lang), target=target_said[0].lower() + target_said[1:] if target_said else "")
        page = i18n.t(f"nav.{card.page}", lang)
        if card.kind == "cohort":
            cohort = cohort_selection(filters, day)
            changes = {"from": cohort.from_day.isoformat(), "to": day.isoformat()}
            where = i18n.t("today.attention.to_cohort", lang, page=page, start=i18n.format_day(cohort.from_day, lang),
                           end=i18n.format_day(day, lang))
        elif card.kind == "flow":
            changes = {"from": day.isoformat(), "to": day.isoformat()}
            where = i18n.t("today.attention.to_day", lang, page=page, day=i18n.format_day(day, lang))
        else:  # a stock at the end of the day: the backlog page shows it at the same day
            changes, where = {}, i18n.t("today.attention.to_backlog", lang, day=i18n.format_day(day, lang))
        return {"text": f"{text} {where}", "page": card.page, "changes": changes}
    segment = item["segment"]
    named = (i18n.label("title_type", segment, lang) if item["kind"] == "title_type"
             else i18n.t("today.department", lang, code=segment))
    growth = item["over_target_count"] - item["over_target_before_count"]
    text = i18n.t("today.attention.segment", lang, segment=named,
                  count=i18n.format_number(item["over_target_count"], lang),
                  growth=("+" if growth > 0 else "") + i18n.format_number(growth, lang))
    # A title type opens the backlog drilled to it; the global filter stays as the reader left it.
    changes = {"bl_title": segment} if item["kind"] == "title_type" else {"department": [segment]}
    return {"text": text, "page": item["page"], "changes": changes}

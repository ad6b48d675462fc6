"""Threshold alerts: the [alerts.<name>] rules of oncedone.toml, whether each stands crossed on a
day (after its grace days), and what was already mailed, so that a rule is mailed when it crosses
and when it clears, never twice, and stays quiet while it stays crossed."""

import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import duckdb

from oncedone import i18n
from oncedone.config import Config
from oncedone.brief import content
from oncedone.kpi import director
from oncedone.kpi.indicators import Selection

LOOKBACK_DAYS = 90  # how far back "since when" is looked for; beyond, the alert says "at least"
COMPARISONS = ("below", "above")
# The daily series' columns a rule may watch (director.daily_series): a day's value, or its 7-day average.
RATES = ("once_and_done_rate", "within_target_rate", "failure_demand_rate", "right_first_time_rate", "pickup_rate")
INDICATORS = (*RATES, *(f"{r}_7d" for r in RATES), "backlog", "days_to_clear", "contacts", "csat_avg")
CROSSED, CLEARED = "crossed", "cleared"


class AlertRuleError(ValueError):
    """An [alerts.<name>] table the product cannot use."""


@dataclass(frozen=True)
class Rule:
    name: str
    indicator: str
    comparison: str  # "below" or "above"
    threshold: float
    groups: tuple[str, ...]  # who is alerted (each on their own scope); empty: every recipient
    grace_days: int  # a crossing (and a recovery) must last this many days more before it is mailed

    @property
    def card(self) -> str:
        """The card the indicator belongs to (its page, its unit)."""
        return self.indicator.removesuffix("_7d")

    def is_beyond(self, value: float) -> bool:
        return value < self.threshold if self.comparison == "below" else value > self.threshold

    def applies_to(self, groups: tuple[str, ...]) -> bool:
        return not self.groups or bool(set(self.groups) & set(groups))


def rules(raw: dict, cfg: Config, source: str = "oncedone.toml") -> list[Rule]:
    """The [alerts.<name>] tables, checked; a rule without comparison or threshold takes its traffic light's `bad` bound."""
    found = []
    for name, table in raw.get("alerts", {}).items():
        unknown = sorted(set(table) - {"indicator", "comparison", "threshold", "groups", "grace_days"})
        if unknown:
            raise AlertRuleError(f"{source}: [alerts.{name}] has unknown key(s) {', '.join(unknown)}")
        indicator = table.get("indicator")
        if indicator not in INDICATORS:
            raise AlertRuleError(f"{source}: [alerts.{name}] indicator must be one of {', '.join(INDICATORS)}, not {indicator!r}")
        light = _light_bound(indicator.removesuffix("_7d"), cfg)
        comparison = table.get("comparison") or (light and ("below" if light[1] else "above"))
        threshold = table.get("threshold", light and light[0])
        if comparison not in COMPARISONS or not isinstance(threshold, int | float):
            raise AlertRuleError(f"{source}: [alerts.{name}] needs comparison (below or above) and a numeric "
                                 f"threshold: {indicator} has no traffic light to take them from")
        groups = table.get("groups", [])
        grace = table.get("grace_days", 0)
        if not isinstance(groups, list) or not all(isinstance(g, str) for g in groups):
            raise AlertRuleError(f"{source}: [alerts.{name}] groups must be a list of group names")
        if not isinstance(grace, int) or not 0 <= grace <= 30:
            raise AlertRuleError(f"{source}: [alerts.{name}] grace_days must be a whole number between 0 and 30")
        found.append(Rule(str(name), indicator, comparison, float(threshold), tuple(groups), grace))
    return found


def load_rules(path: Path, cfg: Config) -> list[Rule]:
    return rules(tomllib.loads(path.read_text(encoding="utf-8")), cfg, str(path))


def _light_bound(card: str, cfg: Config) -> tuple[float, bool] | None:
    """The `bad` bound of a card's traffic light and whether higher is better; days to clear in days."""
    if card == "days_to_clear" and "delay_to_target" in cfg.thresholds:
        return cfg.thresholds["delay_to_target"].bad * max(cfg.target_days.values()), False
    threshold = cfg.thresholds.get(card)
    return (threshold.bad, threshold.higher_is_better) if threshold else None


# Where a rule stands on a day -------------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    is_crossed: bool
    since_day: date | None  # the first day of the run of days that put the rule where it stands
    since_is_bound: bool  # the run reaches back to the start of the look-back: "since at least"
    value: float | None  # the indicator on the day (or its last known value before)
    value_day: date | None


def standing(points: list[tuple[date, float | None]], rule: Rule) -> Standing:
    """Where the rule stands at the last day of `points` (day order): it turns crossed (or clear)
    once grace_days + 1 days in a row, days without a value aside, lie on the other side."""
    crossed, since, run_start, run_length = False, None, None, 0
    first = points[0][0] if points else None
    value, value_day = None, None
    for day, v in points:
        if v is None:
            continue
        value, value_day = v, day
        if rule.is_beyond(v) == crossed:
            run_start, run_length = None, 0
            continue
        run_start, run_length = run_start or day, run_length + 1
        if run_length > rule.grace_days:
            crossed, since, run_start, run_length = not crossed, run_start, None, 0
    return Standing(crossed, since, since is not None and since == first, value, value_day)


def series(wh, day: date, selection_for, rule: Rule, cfg: Config) -> list[tuple[date, float | None]]:
    """The indicator's daily values over the look-back ending `day`, within a reader's selection."""
    selection = selection_for(Selection(day - timedelta(days=LOOKBACK_DAYS - 1), day, scope=content.LINK_ONLY))
    frame = director.daily_series(wh, selection, cfg)
    return list(zip(frame["day"].to_list(), frame[rule.indicator].to_list()))


# What was mailed, beside the warehouse ----------------------------------------------------------


def state_path(warehouse: Path) -> Path:
    # Beside the warehouse, not in it: the import is the warehouse's single writer and readers read a snapshot.
    return Path(str(warehouse) + ".alerts")


class SentLog:
    """The alerts mailed so far (rule, recipient, kind, day), in a small DuckDB file of its own."""

    def __init__(self, path: Path):
        self.con = duckdb.connect(str(path))
        self.con.execute("""
            create table if not exists alert_sent (
                rule varchar not null,
                recipient varchar not null,
                kind varchar not null,  -- crossed or cleared
                alert_day date not null,  -- the day the alert was run for
                since_day date,
                sent_at timestamptz not null
            )""")

    def last_kind(self, rule: str, recipient: str, day: date) -> str | None:
        """The last alert of a rule mailed to a recipient for `day` or before (a rerun of an older
        day reads what stood then, so it sends nothing twice either)."""
        row = self.con.execute(
            "select kind from alert_sent where rule = ? and recipient = ? and alert_day <= ? "
            "order by alert_day desc, sent_at desc limit 1", [rule, recipient, day]).fetchone()
        return row[0] if row else None

    def record(self, rule: str, recipient: str, kind: str, day: date, since: date | None) -> None:
        self.con.execute("insert into alert_sent values (?, ?, ?, ?, ?, ?)",
                         [rule, recipient, kind, day, since, datetime.now(timezone.utc)])

    def sent(self) -> list[tuple]:
        return self.con.execute("select rule, recipient, kind, alert_day, since_day from alert_sent order by sent_at").fetchall()

    def close(self) -> None:
        self.con.close()


def due(rule: Rule, where: Standing, last_kind: str | None) -> str | None:
    """What to mail now: `crossed` when the rule stands crossed and was not said so, `cleared` when
    it stands clear after a `crossed` mail, else nothing."""
    if where.is_crossed and last_kind != CROSSED:
        return CROSSED
    if not where.is_crossed and last_kind == CROSSED:
        return CLEARED
    return None


# What an alert says ------------------------------------------------------------------------------


def label(rule: Rule, lang: str) -> str:
    key = f"alert.card.{rule.indicator}" if rule.indicator.endswith("_7d") else f"today.card.{rule.indicator}"
    return i18n.t(key, lang)


def say_value(rule: Rule, value: float | None, lang: str) -> str:
    if rule.card in RATES:
        return i18n.format_rate(value, lang)
    if rule.card == "days_to_clear":
        return i18n.format_days(value, lang)
    return i18n.format_number(value, lang, 1 if rule.card == "csat_avg" else 0)


def say_gap(rule: Rule, value: float, lang: str) -> str:
    gap = abs(value - rule.threshold)
    if rule.card in RATES:
        return i18n.t("today.points", lang, value=i18n.format_number(gap * 100, lang, 1))
    return say_value(rule, gap, lang)


def text(rule: Rule, kind: str, where: Standing, scope_said: str, lang: str) -> tuple[str, str]:
    """An alert's subject and sentence: what crossed (or cleared), by how much, since when."""
    name, comparison = label(rule, lang), i18n.t(f"alert.{rule.comparison}", lang)
    threshold, value = say_value(rule, rule.threshold, lang), say_value(rule, where.value, lang)
    since = i18n.format_day(where.since_day, lang)
    if where.since_is_bound:
        since = i18n.t("alert.since_at_least", lang, day=since)
    day = i18n.format_day(where.value_day, lang)
    if kind == CROSSED:
        subject = i18n.t("alert.subject.crossed", lang, label=name, comparison=comparison, threshold=threshold)
        said = i18n.t("alert.crossed", lang, label=name, comparison=comparison, threshold=threshold, since=since,
                      value=value, day=day, gap=say_gap(rule, where.value, lang),
                      comparison_short=i18n.t(f"alert.{rule.comparison}_short", lang))
    else:
        subject = i18n.t("alert.subject.cleared", lang, label=name, value=value)
        said = i18n.t("alert.cleared", lang, label=name, comparison=comparison, threshold=threshold, since=since,
                      value=value, day=day)
    rule_said = i18n.t("alert.rule", lang, name=rule.name, label=name, comparison=comparison, threshold=threshold,
                       grace=rule.grace_days, scope=scope_said)
    return subject, f"{said}\n\n{rule_said}"


def page(rule: Rule) -> str:
    """The dashboard page that explains the indicator (its Today card's page)."""
    return director.CARD[rule.card].page

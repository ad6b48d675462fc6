"""Targets, failure-demand reasons, repeat window, thresholds, working time and publication, read from oncedone.toml."""

import os
import tomllib
from dataclasses import dataclass, field
from datetime import date, time
from functools import cache
from pathlib import Path

from oncedone import access
from oncedone.access import AccessSettings
from oncedone.store import contract

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "oncedone.toml"


@dataclass(frozen=True)
class Threshold:
    """Traffic-light bounds of one rate; `higher_is_better` follows from their order."""

    good: float
    bad: float

    @property
    def higher_is_better(self) -> bool:
        return self.good >= self.bad


HOLIDAY_NAMES = ("new_year", "easter_monday", "labour_day", "victory_1945", "ascension", "whit_monday",
                 "bastille_day", "assumption", "all_saints", "armistice", "christmas")


@dataclass(frozen=True)
class WorkingTime:
    """Office hours of a working day, the closed days, and the mail commitment in working days."""

    opens: time = time(9, 0)
    closes: time = time(17, 0)
    mail_target_working_days: int = 2
    public_holidays: tuple[str, ...] = HOLIDAY_NAMES
    closed_days: tuple[date, ...] = ()

    @property
    def day_seconds(self) -> int:
        """The working seconds of one working day (its office hours)."""
        return _seconds(self.closes) - _seconds(self.opens)


def _seconds(t: time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


@dataclass(frozen=True)
class LoadSettings:
    """The load page's bounds ([load] in oncedone.toml)."""

    min_agent_count: int = 5  # a distribution over agents covers at least this many, or is not shown
    history_days: int = 364  # the breaking point is fitted over the days ending the period's last
    office_hours: tuple[str, str] = ("09:00", "17:00")  # Europe/Paris, Monday to Friday: [working_time]'s
    min_breaking_count: int = 10_000  # contacts (or episodes) a breaking point is fitted on, or "not enough data"


@dataclass(frozen=True)
class EmergingSettings:
    """The emerging-demand detector's sensitivity ([emerging] in oncedone.toml)."""

    alpha: float = 0.001  # false alarms per segment and day on steady data, at most
    baseline_weeks: int = 4  # the same weekday of this many weeks before is the baseline
    min_contacts: int = 5  # a day with fewer contacts in the segment never alarms
    min_ratio: float = 1.5  # nor a day under this multiple of its baseline: significant, but no surge


@dataclass(frozen=True)
class Config:
    target_days: dict[str, int]
    repeat_window_days: int
    failure_demand_reasons: tuple[str, ...]
    thresholds: dict[str, Threshold]
    # Uploads through the dashboard are imported in a child process with these bounds, so that a
    # hostile file (a 90 KB Parquet of 20 million rows) never ends every viewer's session.
    upload_max_rows: int
    upload_memory_mb: int
    load: LoadSettings = LoadSettings()
    emerging: EmergingSettings = EmergingSettings()
    working_time: WorkingTime = field(default_factory=WorkingTime)
    # Publication-safe exports: counts under this are masked (primary suppression), default 11.
    publication_min_count: int = 11
    access: AccessSettings = AccessSettings()

    @property
    def title_types(self) -> list[str]:
        return list(self.target_days)


class ConfigError(ValueError):
    """The configuration file holds a value the product cannot use."""


def parse(text: str, source: str = "oncedone.toml") -> Config:
    """The configuration in a TOML text, checked."""
    raw = tomllib.loads(text)
    targets = {str(k): int(v) for k, v in raw.get("target_days", {}).items()}
    if not targets or any(v <= 0 for v in targets.values()):
        raise ConfigError(f"{source}: [target_days] needs a positive delay for each title type")
    # A key the file leaves out takes the shipped oncedone.toml's value: one source for the defaults.
    contacts = {**_shipped("contacts"), **raw.get("contacts", {})}
    missing = sorted({"repeat_window_days", "failure_demand_reasons"} - set(contacts))
    if missing:
        raise ConfigError(f"{source}: [contacts] needs {', '.join(missing)}")
    window = int(contacts["repeat_window_days"])
    if not 1 <= window <= 30:
        raise ConfigError(f"{source}: repeat_window_days must be between 1 and 30, not {window}")
    reasons = tuple(contacts["failure_demand_reasons"])
    unknown = sorted(set(reasons) - set(contract.REASONS))
    if unknown:
        raise ConfigError(f"{source}: unknown failure-demand reason(s) {', '.join(unknown)}")
    thresholds = {name: Threshold(float(t["good"]), float(t["bad"])) for name, t in raw.get("thresholds", {}).items()}
    upload = {**_shipped("uploads"), **raw.get("uploads", {})}
    max_rows, memory_mb = int(upload["max_rows"]), int(upload["memory_mb"])
    if max_rows < 1 or memory_mb < 1024:
        raise ConfigError(f"{source}: [uploads] needs max_rows of at least 1 and memory_mb of at least 1024")
    working = _working_time({**_shipped("working_time"), **raw.get("working_time", {})}, source)
    publication = {**_shipped("publication"), **raw.get("publication", {})}
    min_count = int(publication.get("min_count", 11))
    if min_count < 1:
        raise ConfigError(f"{source}: [publication] min_count must be at least 1")
    load, emerging = _load_and_emerging(raw, source, working)
    grants = access.parse(raw.get("access", {}), source)
    return Config(targets, window, reasons, thresholds, max_rows, memory_mb, load, emerging, working, min_count, grants)


def _load_and_emerging(raw: dict, source: str, working: "WorkingTime") -> tuple[LoadSettings, EmergingSettings]:
    """[load] and [emerging], each key defaulting to the shipped file's value; the office hours are
    [working_time]'s unless [load] names its own (one definition of the office's day)."""
    office = (working.opens.strftime("%H:%M"), working.closes.strftime("%H:%M"))
    load = {**_shipped("load"), **raw.get("load", {})}
    emerging = {**_shipped("emerging"), **raw.get("emerging", {})}
    settings = (
        LoadSettings(int(load.get("min_agent_count", 5)), int(load.get("history_days", 364)),
                     tuple(load.get("office_hours", office)), int(load.get("min_breaking_count", 10_000))),
        EmergingSettings(float(emerging.get("alpha", 0.001)), int(emerging.get("baseline_weeks", 4)),
                         int(emerging.get("min_contacts", 5)), float(emerging.get("min_ratio", 1.5))),
    )
    if settings[0].min_agent_count < 2 or not 28 <= settings[0].history_days <= 1096 or settings[0].min_breaking_count < 1:
        raise ConfigError(f"{source}: [load] needs min_agent_count of at least 2, history_days between 28 and 1096 "
                          "and min_breaking_count of at least 1")
    if not 0 < settings[1].alpha < 0.5 or not 1 <= settings[1].baseline_weeks <= 12 or settings[1].min_ratio < 1:
        raise ConfigError(f"{source}: [emerging] needs alpha between 0 and 0.5, baseline_weeks between 1 and 12, min_ratio of 1 or more")
    return settings


def _working_time(raw: dict, source: str) -> WorkingTime:
    """[working_time], checked: office hours that open before they close, known holiday names."""
    try:
        opens, closes = (time.fromisoformat(str(raw[k])) for k in ("office_opens", "office_closes"))
        closed = tuple(date.fromisoformat(str(d)) for d in raw.get("closed_days", []))
    except (KeyError, ValueError) as err:
        raise ConfigError(f"{source}: [working_time] needs office_opens and office_closes as HH:MM "
                          f"and closed_days as YYYY-MM-DD ({err})") from err
    if opens >= closes:
        raise ConfigError(f"{source}: [working_time] office_opens must be before office_closes")
    names = tuple(raw.get("public_holidays", HOLIDAY_NAMES))
    unknown = sorted(set(names) - set(HOLIDAY_NAMES))
    if unknown:
        raise ConfigError(f"{source}: unknown public holiday(s) {', '.join(unknown)} (known: {', '.join(HOLIDAY_NAMES)})")
    target = int(raw.get("mail_target_working_days", 2))
    if not 1 <= target <= 30:
        raise ConfigError(f"{source}: mail_target_working_days must be between 1 and 30, not {target}")
    return WorkingTime(opens, closes, target, names, closed)


@cache
def _shipped(table: str) -> dict:
    """A table of the repository's oncedone.toml: the defaults of every other file."""
    return tomllib.loads(DEFAULT_PATH.read_text(encoding="utf-8")).get(table, {})


@cache
def load(path: str | None = None) -> Config:
    """The configuration at `path`, else $ONCEDONE_CONFIG, else the repository's oncedone.toml."""
    chosen = Path(path or os.environ.get("ONCEDONE_CONFIG") or DEFAULT_PATH)
    return parse(chosen.read_text(encoding="utf-8"), str(chosen))

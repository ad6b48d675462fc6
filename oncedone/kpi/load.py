"""The contact centre's load: capacity against demand per team and channel, by day and half hour;
the breaking point from which the service degrades; the rhythm. Teams, never people: no frame
here holds an agent id, and a distribution over agents covers at least `min_agent_count` of them.
"""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import polars as pl

from oncedone.config import Config
from oncedone.kpi import indicators, working_time
from oncedone.kpi.indicators import Selection

SLOT_SECONDS = 1_800
MIN_DROP_RATE = 0.05  # the service degrades once the rate is 5 points below its level at low loads
BOOTSTRAP_COUNT = 100  # resamplings of days for the breaking point's 90 % interval
BIN_COUNT = 40  # the loads seen, cut into this many bins of equal weight for the curve


GRAINS = (("team", "channel", "day", "slot_number"), ("team", "day", "slot_number"), ("team", "channel", "day"),
          ("team", "day"), ("team", "channel"), ("team",))  # the finest first; a key left out is null (all of it)
KEYS = ("team", "channel", "day", "slot_number")
KEY_TYPES = {"team": pl.String, "channel": pl.String, "day": pl.Date, "slot_number": pl.Int64}
HANDLED = ("handled_count", "agents_on_duty", "handle_seconds")


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def _is_office_slot(cfg: Config, first_day: date, last_day: date) -> pl.Expr:
    """A half hour inside [working_time]'s office hours of a working day (Monday to Friday, not closed)."""
    open_at, close_at = (_minutes(t) for t in cfg.load.office_hours)
    closed = working_time.closed_days(cfg.working_time, first_day, last_day)
    start_minute = pl.col("slot_number") * 30
    return ((pl.col("day").dt.weekday() <= 5) & ~pl.col("day").is_in(closed)
            & (start_minute >= open_at) & (start_minute + 30 <= close_at)).fill_null(False)


def _with_handled(offered: pl.LazyFrame, handled: pl.LazyFrame) -> pl.LazyFrame:
    """Offered and handled side by side on their keys: a row wherever either has one, 0 for the other."""
    keys = list(KEYS)
    return offered.join(handled, on=keys, how="full", coalesce=True, nulls_equal=True).with_columns(
        pl.col("offered_count", "answered_count", "handled_count", "agents_on_duty").fill_null(0),
        pl.col("handle_seconds").fill_null(0.0))


def _read(wh, name: str, selection: Selection, cfg: Config, read: dict | None) -> pl.DataFrame:
    """A dataset over a selection: from `read` (see read_all) when it holds it, else queried now."""
    frame = (read or {}).get((name, selection))
    return indicators.query(wh, name, **selection.params(cfg)) if frame is None else frame


def read_all(wh, selection: Selection, cfg: Config, served: bool | None = None) -> dict:
    """Every dataset page_view reads (see read_history and read_period), keyed by (name, selection)."""
    return {**read_history(wh, selection, cfg, served), **read_period(wh, selection, cfg)}


def read_history(wh, selection: Selection, cfg: Config, served: bool | None = None) -> dict:
    """The history's datasets, side by side: its offers and handling from load_slots when it holds
    them (`served`, by default is_served), else from contact_slots; its episodes."""
    past = history(selection, cfg)
    served = is_served(selection) if served is None else served
    wanted = [("load/episodes_by_team_day", past),
              *([("load/served_slots", past)] if served else [("load/handled_by_slot", past), ("load/offered_by_slot", past)])]
    read = _side_by_side(wh, wanted, cfg)
    if served:
        read.update(_from_served(read.pop(("load/served_slots", past)), past))
    return read


def read_period(wh, selection: Selection, cfg: Config) -> dict:
    """The period's own datasets, side by side: what its agents handled, and how many each."""
    return _side_by_side(wh, [("load/handled_by_grain", selection), ("load/agent_slot_counts", selection)], cfg)


def _side_by_side(wh, wanted: list[tuple[str, Selection]], cfg: Config) -> dict:
    """The datasets queried at once, each on its own cursor: DuckDB works on one while Python or
    the Arrow conversion holds another."""
    with ThreadPoolExecutor(max_workers=len(wanted)) as pool:
        futures = {key: pool.submit(indicators.query, wh, key[0], **key[1].params(cfg)) for key in wanted}
        return {key: future.result() for key, future in futures.items()}


def is_served(selection: Selection) -> bool:
    """Whether load_slots holds the selection's slots: the national view, with no filter."""
    return selection.scope.is_national and not (selection.title_types or selection.departments or selection.channels)


def _from_served(slots: pl.DataFrame, past: Selection) -> dict:
    """load_slots' rows as the two datasets they stand for over the history: each channel's offers
    (load/offered_by_slot) and each team's handling, all channels together (load/handled_by_slot)."""
    channels, teams = pl.col("channel").is_not_null(), pl.col("channel").is_null()
    return {("load/offered_by_slot", past): slots.filter(channels & (pl.col("offered_count") > 0)).select(
                "team", "channel", "day", "slot_number", "offered_count", "answered_count"),
            ("load/handled_by_slot", past): slots.filter(teams & (pl.col("handled_count") > 0)).select(
                "team", "day", "slot_number", *HANDLED)}


def _rows(wh, selection: Selection, cfg: Config, offered: pl.DataFrame | None = None, read: dict | None = None) -> pl.DataFrame:
    """The period's totals at every grain of GRAINS (a key left out is null): offered and answered
    added up from load/offered_by_slot, handled from load/handled_by_grain; and whether a row is an
    office half hour (never a whole day or the period). `offered`: offered_by_slot over any days
    that hold the period's; `read`: see _read."""
    offered = _read(wh, "load/offered_by_slot", selection, cfg, read) if offered is None else offered
    in_period = offered.lazy().filter(pl.col("day").is_between(selection.from_day, selection.to_day))
    sums = pl.concat([in_period.group_by(keys).agg(pl.col("offered_count", "answered_count").sum())
                      .with_columns(pl.lit(None, KEY_TYPES[k]).alias(k) for k in KEYS if k not in keys)
                      .select(*KEYS, "offered_count", "answered_count") for keys in GRAINS])
    handled = _read(wh, "load/handled_by_grain", selection, cfg, read)
    return (_with_handled(sums, handled.lazy())
            .select(*KEYS, "offered_count", "answered_count", *HANDLED, "handle_seconds_p50", "handle_seconds_p90")
            .with_columns(is_office_slot=_is_office_slot(cfg, selection.from_day, selection.to_day)).collect())


def _with_rates(frame: pl.DataFrame, agent_slots: str) -> pl.DataFrame:
    """Per-agent load, occupancy and answered share, null over an empty population (kpis.md §7)."""
    per_agent = pl.when(pl.col(agent_slots) > 0)
    return frame.with_columns(
        load_per_agent=per_agent.then(pl.col("offered_count") / pl.col(agent_slots)),
        handled_per_agent=per_agent.then(pl.col("handled_count") / pl.col(agent_slots)),
        occupancy_rate=per_agent.then(pl.col("handle_seconds") / (pl.col(agent_slots) * SLOT_SECONDS)),
        answered_rate=pl.when(pl.col("offered_count") > 0).then(pl.col("answered_count") / pl.col("offered_count")),
    )


def page_view(wh, selection: Selection, cfg: Config) -> dict:
    """Everything the load page draws: the period's measures and distribution over agents (see
    measures), and the history view (see history_view); every dataset read once, side by side
    (read_history, read_period), the offers for both."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        period = pool.submit(read_period, wh, selection, cfg)  # DuckDB reads the period while Python fits the history
        read = read_history(wh, selection, cfg)
        offered = read[("load/offered_by_slot", history(selection, cfg))]
        past = history_view(wh, selection, cfg, offered, read)
        read.update(period.result())
    return {**measures(wh, selection, cfg, offered, read), "history": past}


def measures(wh, selection: Selection, cfg: Config, offered: pl.DataFrame | None = None,
             read: dict | None = None) -> dict[str, pl.DataFrame]:
    """The period's load per team and channel (channel null: the whole team): by half hour, by day,
    and over the period; and the distribution over agents (see agent_distribution). A day's or the
    period's load is per agent and half hour on duty: contacts offered / the half hours agents were
    on duty (agent_slot_count), so it reads like a slot's. `offered`, `read`: see _rows."""
    rows = _rows(wh, selection, cfg, offered, read)
    slots = _with_rates(rows.filter(pl.col("slot_number").is_not_null()).with_columns(agent_slot_count=pl.col("agents_on_duty")),
                        "agent_slot_count")
    by_day = slots.group_by("team", "channel", "day").agg(
        pl.col("agent_slot_count").sum(), staffed_slot_count=(pl.col("agents_on_duty") > 0).sum())
    by_period = by_day.group_by("team", "channel").agg(pl.col("agent_slot_count", "staffed_slot_count").sum())
    whole_days = rows.filter(pl.col("slot_number").is_null() & pl.col("day").is_not_null())
    whole_period = rows.filter(pl.col("day").is_null())
    days = _with_rates(_with_agent_slots(whole_days, by_day, ["team", "channel", "day"]), "agent_slot_count")
    period = _with_rates(_with_agent_slots(whole_period, by_period, ["team", "channel"]), "agent_slot_count").with_columns(
        # Agents on duty over the period: the mean over the half hours someone was on duty.
        agents_on_duty_mean=pl.when(pl.col("staffed_slot_count") > 0).then(pl.col("agent_slot_count") / pl.col("staffed_slot_count")))
    return {"slots": slots.sort("team", "channel", "day", "slot_number", nulls_last=False),
            "days": days.drop("slot_number", "is_office_slot").sort("team", "channel", "day", nulls_last=False),
            "period": period.drop("day", "slot_number", "is_office_slot").sort("team", "channel", nulls_last=False),
            "distribution": agent_distribution(wh, selection, cfg, read)}


def _with_agent_slots(rows: pl.DataFrame, agent_slots: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Rows of a day or the period with the half hours agents were on duty in them (0 when none)."""
    return rows.join(agent_slots, on=keys, how="left", nulls_equal=True).with_columns(
        pl.col("agent_slot_count", "staffed_slot_count").fill_null(0))


def fit_breaking_point(load: np.ndarray, rate: np.ndarray, weight: np.ndarray, group: np.ndarray,
                       seed: int = 0) -> dict | None:
    """The load from which a rate degrades: where its curve against the load, made non-increasing
    (weighted isotonic regression over BIN_COUNT bins of equal weight), first falls MIN_DROP_RATE
    below its level at the lowest quarter of loads; linear between the two bins around the crossing.
    Its 90 % interval comes from resampling whole groups (days: a day's slots are not independent).
    None when the curve never falls that far over the loads seen (the service never degraded)."""
    keep = np.isfinite(load) & np.isfinite(rate) & (weight > 0)
    load, rate, weight, group = load[keep], rate[keep], weight[keep].astype(float), group[keep]
    if len(np.unique(group)) < 5 or len(np.unique(load)) < 3:
        return None
    order = np.argsort(load, kind="stable")
    load, rate, weight, group = load[order], rate[order], weight[order], group[order]
    bins = np.minimum((np.cumsum(weight) - weight / 2) / weight.sum() * BIN_COUNT, BIN_COUNT - 1).astype(np.int64)
    starts = np.flatnonzero(np.r_[True, np.diff(bins) > 0])  # sorted by load: each bin is a run of points
    _, group_index = np.unique(group, return_inverse=True)
    groups = group_index.max() + 1
    draws = np.random.default_rng(seed).multinomial(groups, np.full(groups, 1 / groups), size=BOOTSTRAP_COUNT)
    weights = np.vstack([weight, draws[:, group_index] * weight])  # the data first, then each resampling
    # Each weighting's bins at once: their weights, and weighted sums of load and rate.
    bin_weights, bin_loads, bin_rates = (np.add.reduceat(w, starts, axis=1) for w in (weights, weights * load, weights * rate))
    crossings = [_crossing(*row) for row in zip(bin_weights, bin_loads, bin_rates, strict=True)]
    if crossings[0] is None:
        return None
    point, level = crossings[0]
    if weight[load < point].sum() < 0.1 * weight.sum():
        return None  # it "degrades" from about the lowest loads seen: no load it copes with, no point
    boot = np.array([c[0] for c in crossings[1:] if c is not None])
    low, high = np.quantile(boot, [0.05, 0.95]) if len(boot) else (np.nan, np.nan)
    return {"breaking_load": float(point), "breaking_load_low": float(low), "breaking_load_high": float(high),
            "rate_before": float(level), "found_share": len(boot) / BOOTSTRAP_COUNT, "point_count": int(len(load))}


def _crossing(bin_weight: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[float, float] | None:
    """Where one weighting's isotonic curve falls MIN_DROP_RATE below its low-load level, and that
    level; from its bins' weights and weighted sums of load (x) and rate (y)."""
    used = bin_weight > 0
    if used.sum() < 3:
        return None
    x, y, w = x[used] / bin_weight[used], y[used] / bin_weight[used], bin_weight[used]
    curve = _decreasing(y, w)
    quarter = np.cumsum(w) <= w.sum() / 4
    quarter[0] = True
    level = float(np.sum(curve[quarter] * w[quarter]) / np.sum(w[quarter]))
    below = np.flatnonzero(curve < level - MIN_DROP_RATE)
    if not len(below):
        return None
    i = below[0]
    if i == 0:
        return float(x[0]), level
    # Linear between the last bin above the threshold and the first below it.
    threshold = level - MIN_DROP_RATE
    share = (curve[i - 1] - threshold) / (curve[i - 1] - curve[i])
    return float(x[i - 1] + share * (x[i] - x[i - 1])), level


def _decreasing(y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The weighted least-squares non-increasing fit of y (pool adjacent violators): each new value
    absorbs the blocks before it that are lower, as their weighted mean."""
    values, weights, sizes = [], [], []
    for value, weight in zip(y.tolist(), w.tolist(), strict=True):
        size = 1
        while values and values[-1] < value:
            before = weights.pop()
            total = before + weight
            value = (values.pop() * before + value * weight) / total
            weight = total
            size += sizes.pop()
        values.append(value)
        weights.append(weight)
        sizes.append(size)
    return np.repeat(values, sizes)


def history(selection: Selection, cfg: Config) -> Selection:
    """The days the breaking point and the rhythm read: history_days ending the period's last day."""
    return replace(selection, from_day=min(selection.from_day, selection.to_day - timedelta(days=cfg.load.history_days - 1)))


def history_view(wh, selection: Selection, cfg: Config, offered: pl.DataFrame | None = None,
                 read: dict | None = None) -> dict:
    """What the page reads of the history: each team's breaking points and their points (see
    breaking_points), and the rhythm over the same weeks (see rhythm). `offered`: see team_slots,
    `read`: see _read."""
    past = history(selection, cfg)
    slots = team_slots(wh, past, cfg, offered, read)
    episodes = _read(wh, "load/episodes_by_team_day", past, cfg, read)
    points = breaking_points(wh, selection, cfg, slots, episodes)
    return {**points, **rhythm(selection, slots, points["teams"])}


def team_slots(wh, selection: Selection, cfg: Config, offered: pl.DataFrame | None = None,
               read: dict | None = None) -> pl.DataFrame:
    """Each team's half hours (all its channels) over the selection, with their load, occupancy and
    answered share, and whether they are office half hours. `offered`: load/offered_by_slot over
    these days, when already read; `read`: see _read."""
    offered = _read(wh, "load/offered_by_slot", selection, cfg, read) if offered is None else offered
    per_team = offered.lazy().group_by("team", "day", "slot_number").agg(pl.col("offered_count", "answered_count").sum())
    handled = _read(wh, "load/handled_by_slot", selection, cfg, read).lazy()
    rows = (_with_handled(per_team.with_columns(channel=pl.lit(None, pl.String)), handled.with_columns(channel=pl.lit(None, pl.String)))
            .select("team", "day", "slot_number", "offered_count", "answered_count", *HANDLED)
            .with_columns(is_office_slot=_is_office_slot(cfg, selection.from_day, selection.to_day))
            .sort("team", "day", "slot_number").collect())
    return _with_rates(rows.with_columns(agent_slot_count=pl.col("agents_on_duty")), "agent_slot_count")


def breaking_points(wh, selection: Selection, cfg: Config, slots: pl.DataFrame | None = None,
                    episodes: pl.DataFrame | None = None) -> dict:
    """Per team: its breaking point on the answered share (one point per half hour with an agent on
    duty) and on once and done (one point per day), over the history; and the points, to draw.
    `slots`: team_slots of the history, `episodes`: load/episodes_by_team_day of it, when already read."""
    past = history(selection, cfg)
    slots = team_slots(wh, past, cfg) if slots is None else slots
    days = _with_rates(slots.group_by("team", "day").agg(
        pl.col("offered_count", "answered_count", "handled_count", "handle_seconds", "agent_slot_count").sum()), "agent_slot_count")
    slots = slots.filter((pl.col("agents_on_duty") > 0) & (pl.col("offered_count") > 0))
    episodes = indicators.query(wh, "load/episodes_by_team_day", **past.params(cfg)) if episodes is None else episodes
    days = days.filter(pl.col("agent_slot_count") > 0).join(
        episodes.rename({"episode_day": "day"}), on=["day", "team"], how="left").with_columns(
        once_and_done_rate=pl.when(pl.col("episode_count") > 0).then(pl.col("once_and_done_count") / pl.col("episode_count"))
    ).sort("team", "day")  # the fit breaks ties between equal loads by their order: it must not change between runs
    found = []
    minimum = cfg.load.min_breaking_count
    for team in sorted(slots["team"].unique().to_list()):
        mine = slots.filter(pl.col("team") == team)
        daily = days.filter(pl.col("team") == team).drop_nulls("once_and_done_rate")
        found.append({"team": team, "point_count": mine.height,
                      **_fit_enough("answered", mine, "answered_rate", "offered_count", minimum),
                      **_fit_enough("once_and_done", daily, "once_and_done_rate", "episode_count", minimum)})
    return {"teams": pl.DataFrame(found, infer_schema_length=None) if found else pl.DataFrame(),
            "slots": slots.select("team", "day", "slot_number", "load_per_agent", "answered_rate", "offered_count"),
            "days": days.select("team", "day", "load_per_agent", "answered_rate", "once_and_done_rate", "episode_count")}


def _fit_enough(prefix: str, points: pl.DataFrame, rate: str, weight: str, min_count: int) -> dict:
    """A rate's breaking point over the points (see fit_breaking_point), its columns prefixed: none
    when the points weigh less than min_count (contacts or episodes), with {prefix}_is_too_few set, so
    that the page says there is not enough data rather than show a point drawn from noise."""
    count = int(points[weight].sum()) if points.height else 0
    too_few = count < min_count
    fit = None if too_few else fit_breaking_point(points["load_per_agent"].to_numpy(), points[rate].to_numpy(),
                                                   points[weight].to_numpy(), _day_numbers(points["day"]))
    return {**_prefixed(fit, prefix), f"{prefix}_weight_count": count, f"{prefix}_is_too_few": too_few}


def _day_numbers(days: pl.Series) -> np.ndarray:
    return days.cast(pl.Int32).to_numpy()


def _prefixed(fit: dict | None, prefix: str) -> dict:
    keys = ("breaking_load", "breaking_load_low", "breaking_load_high", "rate_before")
    said = {f"{prefix}_{k}": (fit or {}).get(k) for k in keys}
    return {k: None if v is not None and v != v else v for k, v in said.items()}  # NaN (no resampling found one): null


def rhythm(selection: Selection, history_slots: pl.DataFrame, points: pl.DataFrame) -> dict:
    """Per team and week (Monday) over the history's half hours: those above its breaking point,
    contacts handled outside office hours and their share, the week's load per agent on duty and
    whether it passed the breaking point; and the weeks in a row above it, ending the period's last week."""
    if points.is_empty():
        return {"weeks": pl.DataFrame(), "streaks": pl.DataFrame()}
    slots = history_slots
    limits = points.select("team", limit="answered_breaking_load")
    weeks = (
        slots.join(limits, on="team", how="left")
        .with_columns(week_day=pl.col("day").dt.truncate("1w"))
        .group_by("team", "week_day")
        .agg(
            overloaded_slot_count=(pl.col("load_per_agent") > pl.col("limit")).sum(),
            outside_office_count=pl.col("handled_count").filter(~pl.col("is_office_slot")).sum(),
            handled_count=pl.col("handled_count").sum(),
            offered_count=pl.col("offered_count").sum(),
            agent_slot_count=pl.col("agent_slot_count").sum(),
            limit=pl.col("limit").first(),
        )
        .with_columns(
            outside_office_rate=pl.when(pl.col("handled_count") > 0).then(pl.col("outside_office_count") / pl.col("handled_count")),
            load_per_agent=pl.when(pl.col("agent_slot_count") > 0).then(pl.col("offered_count") / pl.col("agent_slot_count")),
        )
        .with_columns(is_above_limit=(pl.col("load_per_agent") > pl.col("limit")).fill_null(False))
        .sort("team", "week_day")
    )
    last_week = selection.to_day - timedelta(days=selection.to_day.weekday())
    streaks = [{"team": team, "weeks_in_a_row": _streak(group.filter(pl.col("week_day") <= last_week)["is_above_limit"].to_list())}
               for (team,), group in weeks.group_by("team", maintain_order=True)]
    return {"weeks": weeks, "streaks": pl.DataFrame(streaks)}


def _streak(flags: list[bool]) -> int:
    """How many of the last flags are True in a row."""
    count = 0
    for flag in reversed(flags):
        if not flag:
            break
        count += 1
    return count


def agent_distribution(wh, selection: Selection, cfg: Config, read: dict | None = None) -> pl.DataFrame:
    """How many contacts an agent handled in a half hour, over the team's half hours of the period
    with at least min_agent_count agents on duty: one row per team and count, with the agent-half-
    hours that handled that many. A team with no such half hour has no row (too few to show).
    `read`: see _read."""
    rows = _read(wh, "load/agent_slot_counts", selection, cfg, read)
    covered = pl.col("agent_count").sum().over("team", "day", "slot_number")
    return (rows.filter(covered >= cfg.load.min_agent_count).group_by("team", "handled_count")
            .agg(agent_slot_count=pl.col("agent_count").sum()).sort("team", "handled_count"))


def week_of(day: date) -> tuple[date, date]:
    """The Monday-to-Sunday week of a day."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)

"""The load page's datasets as they were computed before they were made cheaper (commit b97b0da):
the same SQL and the same Polars, kept only so that tests/test_load_cost.py and
`python -m benchmarks.load_page --compare` can check that the new ones give exactly the same frames."""

from pathlib import Path

import polars as pl

from oncedone.config import Config
from oncedone.kpi import indicators, load
from oncedone.kpi.indicators import Selection

SQL = Path(__file__).resolve().parent


def _query(wh, name: str, **params) -> pl.DataFrame:
    text = (SQL / f"{name}.sql").read_text()
    with wh._current_root().cursor() as cur:  # the reader's own connection: the same macros and views
        named = {k: params[k] for k in cur.extract_statements(text)[-1].named_parameters}
        return cur.sql(text, params=named).pl()


def _office(cfg: Config) -> dict:
    open_at, close_at = cfg.load.office_hours
    return {"office_open_minute": load._minutes(open_at), "office_close_minute": load._minutes(close_at)}


def measures(wh, selection: Selection, cfg: Config) -> dict[str, pl.DataFrame]:
    rows = _query(wh, "load_by_slot", **selection.params(cfg), **_office(cfg))
    slots = load._with_rates(rows.filter(pl.col("slot_number").is_not_null()).with_columns(
        agent_slot_count=pl.col("agents_on_duty")), "agent_slot_count")
    by_day = slots.group_by("team", "channel", "day").agg(
        pl.col("agent_slot_count").sum(), staffed_slot_count=(pl.col("agents_on_duty") > 0).sum())
    by_period = by_day.group_by("team", "channel").agg(pl.col("agent_slot_count", "staffed_slot_count").sum())
    whole_days = rows.filter(pl.col("slot_number").is_null() & pl.col("day").is_not_null())
    whole_period = rows.filter(pl.col("day").is_null())
    days = load._with_rates(_with_agent_slots(whole_days, by_day, ["team", "channel", "day"]), "agent_slot_count")
    period = load._with_rates(_with_agent_slots(whole_period, by_period, ["team", "channel"]), "agent_slot_count").with_columns(
        agents_on_duty_mean=pl.when(pl.col("staffed_slot_count") > 0).then(pl.col("agent_slot_count") / pl.col("staffed_slot_count")))
    return {"slots": slots.sort("team", "channel", "day", "slot_number", nulls_last=False),
            "days": days.drop("slot_number", "is_office_slot").sort("team", "channel", "day", nulls_last=False),
            "period": period.drop("day", "slot_number", "is_office_slot").sort("team", "channel", nulls_last=False)}


def _with_agent_slots(rows: pl.DataFrame, agent_slots: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    return rows.join(agent_slots, on=keys, how="left", nulls_equal=True).with_columns(
        pl.col("agent_slot_count", "staffed_slot_count").fill_null(0))


def team_slots(wh, selection: Selection, cfg: Config) -> pl.DataFrame:
    rows = _query(wh, "team_slots", **selection.params(cfg), **_office(cfg))
    return load._with_rates(rows.with_columns(agent_slot_count=pl.col("agents_on_duty")), "agent_slot_count")


def agent_distribution(wh, selection: Selection, cfg: Config) -> pl.DataFrame:
    rows = _query(wh, "agent_slot_counts", **selection.params(cfg))
    if rows.is_empty():
        return rows
    covered = rows.group_by("team", "day", "slot_number").agg(pl.col("agent_count").sum().alias("on_duty"))
    kept = rows.join(covered, on=["team", "day", "slot_number"]).filter(pl.col("on_duty") >= cfg.load.min_agent_count)
    return kept.group_by("team", "handled_count").agg(agent_slot_count=pl.col("agent_count").sum()).sort("team", "handled_count")


def history_view(wh, selection: Selection, cfg: Config) -> dict:
    slots = team_slots(wh, load.history(selection, cfg), cfg)
    faster = load._decreasing
    load._decreasing = decreasing  # the fits as they were computed
    try:
        # The episodes as they were read: the shared indicators dataset, added up per day and team.
        episodes = indicators.dataset(wh, "episodes_by_day", load.history(selection, cfg), cfg).group_by(
            "episode_day", "team").agg(pl.col("episode_count", "once_and_done_count").sum())
        found = load.breaking_points(wh, selection, cfg, slots, episodes)
    finally:
        load._decreasing = faster
    return {**found, **load.rhythm(selection, slots, found["teams"])}


def decreasing(y, w):
    """load._decreasing as it was: the page's breaking points are checked with it swapped in."""
    import numpy as np

    values, weights, sizes = [], [], []
    for value, weight in zip(y.tolist(), w.tolist(), strict=True):
        values.append(value)
        weights.append(weight)
        sizes.append(1)
        while len(values) > 1 and values[-2] < values[-1]:
            total = weights[-2] + weights[-1]
            values[-2] = (values[-2] * weights[-2] + values[-1] * weights[-1]) / total
            weights[-2] = total
            sizes[-2] += sizes[-1]
            del values[-1], weights[-1], sizes[-1]
    return np.repeat(values, sizes)

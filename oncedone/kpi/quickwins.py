"""Quick wins: the levers that would bring the most, ranked, and the backlog's way back under target.

A lever is one source of avoidable work or delay in the period and scope: failure demand by
reason x title type, false containment per channel, incomplete loops per title type, the wait in
a stage per title type. Each says its size, its trend (the second half of the period against the
first) and what removing half of it would bring, in contacts and agent-hours a week or in days of
delivery at p90. Levers of both units are ranked together by how far halving one moves its
headline indicator, counted in traffic-light bands (the distance between `good` and `bad` in
oncedone.toml): a director can then compare a day of delivery with a thousand calls.

The way back projects each title type's backlog 12 weeks ahead from a day, as a queue served
oldest first: inflow from the same days a year before where the data has them (scaled to this
year's level when it can be), else the recent level; throughput from the recent capacity.
"""

from dataclasses import replace
from datetime import date, timedelta

import polars as pl

from oncedone import i18n
from oncedone.config import Config
from oncedone.kpi import indicators
from oncedone.kpi.indicators import OPEN_STAGES, Selection
from oncedone.kpi.working_time import is_public_holiday
from oncedone.store.warehouse import Warehouse

YEAR_DAYS = 364  # 52 weeks: a year before falls on the same weekday
RECENT_DAYS = 28  # the recent level of inflow and capacity: the 4 weeks ending the day
REFERENCE_FALLBACK_DAYS = 56  # a stage's normal level, without a year before: the 8 weeks before the period
HORIZON_WEEKS = 12
DEFAULT_PERIOD_DAYS = 90  # the levers' period when none is given: the 90 days ending the day, as on Today
BACKTEST_DAY = date(2017, 12, 15)  # the scenario's crisis: instruction capacity at 60 % of inflow
BACKTEST_WEEKS = (4, 8, 12)
# The values a stage_waits query may hold in its quantiles: at national scale (two years, 1.0), the
# 90 days' vehicle registrations and their reference, 31 M values, ran out of a reader's 3.7 GiB;
# 15 M (the identity cards) took 3.2 s. A year's, 28 queries of a title type and stage, took 90 s.
STAGE_WAIT_VALUES = 16_000_000
STAGES = ("submitted", "incomplete", "resubmitted", "in_review", "approved", "in_production", "shipped")


# Levers -----------------------------------------------------------------------------------------


def reference_period(selection: Selection, first_day: date | None) -> dict:
    """A stage's normal level: the same weeks a year before when the data reaches back, else the 8 weeks before."""
    year_from = selection.from_day - timedelta(days=YEAR_DAYS)
    if first_day is not None and year_from >= first_day:
        return {"kind": "year_before", "from_day": year_from, "to_day": selection.to_day - timedelta(days=YEAR_DAYS)}
    end = selection.from_day - timedelta(days=1)
    return {"kind": "weeks_before", "from_day": end - timedelta(days=REFERENCE_FALLBACK_DAYS - 1), "to_day": end}


def _halves(selection: Selection) -> tuple[int, int]:
    """Days in the first and second halves of the period (the queries split it the same way)."""
    days = (selection.to_day - selection.from_day).days + 1
    return days // 2, days - days // 2


def _trend(first: float | None, second: float | None) -> float | None:
    """The change from the first half to the second, as a fraction; null without a first half."""
    return None if not first or second is None else second / first - 1


def _band(cfg: Config, key: str) -> float:
    """The width of an indicator's amber band, in its own unit (1 when unconfigured)."""
    t = cfg.thresholds.get(key)
    return abs(t.bad - t.good) or 1.0 if t else 1.0


def _delay_band(cfg: Config, title_type: str) -> float:
    """The amber band of a delay, in days: (bad - good) x the title type's target delay."""
    return _band(cfg, "delay_to_target") * cfg.target_days[title_type]


def _per_week(count, days: int) -> float:
    return (count or 0) * 7 / days


def _hours_per_week(seconds, days: int) -> float:
    return (seconds or 0) / 3600 * 7 / days


def _query(wh: Warehouse, name: str, params: dict) -> pl.DataFrame:
    return indicators.query(wh, f"quickwins/{name}", **params)  # each query takes the params it names


def _link(page: str, selection: Selection, **changes) -> dict:
    """The page and URL changes that show a lever's detail, over the lever's own period."""
    return {"page": page, "changes": {"from": selection.from_day.isoformat(), "to": selection.to_day.isoformat(),
                                      **changes}}


def _lever(kind: str, unit: str, **fields) -> dict:
    base = {"kind": kind, "unit": unit, "title_type": None, "reason": None, "channel": None, "stage": None}
    return base | fields


def failure_demand_levers(wh: Warehouse, selection: Selection, cfg: Config, scope: dict) -> list[dict]:
    """Failure demand by reason x title type: contacts and agent-hours a week, and the failure-demand rate halved."""
    days = scope["days"]
    first_days, second_days = _halves(selection)
    total, failure = scope["contact_count"], scope["failure_demand_count"]
    rate = indicators.ratio(failure, total)
    levers = []
    for row in _query(wh, "failure_demand", scope["params"]).iter_rows(named=True):
        halved = row["contact_count"] / 2
        # Half these contacts gone: fewer failure-demand contacts, and fewer contacts in all.
        rate_halved = indicators.ratio(failure - halved, total - halved)
        gain = (rate or 0) - (rate_halved or 0)
        changes = {"title_type": [row["title_type"]]} if row["title_type"] else {}
        levers.append(_lever(
            "failure_demand", "contacts", title_type=row["title_type"], reason=row["reason"],
            contact_count=row["contact_count"],
            contacts_per_week=_per_week(row["contact_count"], days),
            agent_hours_per_week=_hours_per_week(row["handle_seconds_sum"], days),
            would_be_once_count=row["would_be_once_count"],
            trend_rate=_trend(row["first_half_count"] / first_days if first_days else None,
                              row["second_half_count"] / second_days),
            halved_contacts_per_week=_per_week(halved, days),
            halved_agent_hours_per_week=_hours_per_week(row["handle_seconds_sum"] / 2, days),
            halved_once_and_done_count=row["would_be_once_count"] / 2,
            headline="failure_demand_rate", headline_now=rate, headline_halved=rate_halved,
            scope_contact_count=total, scope_failure_demand_count=failure,
            impact_bands=gain / _band(cfg, "failure_demand_rate"),
            link=_link("contacts", selection, **changes),
        ))
    return levers


def false_containment_levers(wh: Warehouse, selection: Selection, cfg: Config, scope: dict) -> list[dict]:
    """Per channel: first contacts logged resolved then followed by another; once and done with half of them fixed."""
    days = scope["days"]
    first_days, second_days = _halves(selection)
    episodes, once = scope["episode_count"], scope["once_and_done_count"]
    rate = indicators.ratio(once, episodes)
    levers = []
    for row in _query(wh, "false_containment", scope["params"]).iter_rows(named=True):
        if not row["false_containment_count"]:
            continue
        fixed = row["false_containment_count"] / 2  # half of them would have been once and done
        rate_halved = indicators.ratio(once + fixed, episodes)
        levers.append(_lever(
            "false_containment", "contacts", channel=row["channel"],
            logged_resolved_count=row["logged_resolved_count"],
            false_containment_count=row["false_containment_count"],
            false_containment_rate=indicators.ratio(row["false_containment_count"], row["logged_resolved_count"]),
            episodes_per_week=_per_week(row["false_containment_count"], days),
            contacts_per_week=_per_week(row["repeat_contact_count"], days),
            agent_hours_per_week=_hours_per_week(row["repeat_handle_seconds_sum"], days),
            trend_rate=_trend(row["first_half_count"] / first_days if first_days else None,
                              row["second_half_count"] / second_days),
            halved_contacts_per_week=_per_week(row["repeat_contact_count"] / 2, days),
            halved_agent_hours_per_week=_hours_per_week(row["repeat_handle_seconds_sum"] / 2, days),
            halved_once_and_done_count=fixed,
            headline="once_and_done_rate", headline_now=rate, headline_halved=rate_halved,
            scope_episode_count=episodes, scope_once_and_done_count=once,
            impact_bands=((rate_halved or 0) - (rate or 0)) / _band(cfg, "once_and_done_rate"),
            link=_link("contacts", selection, channel=[row["channel"]]),
        ))
    return levers


def incomplete_loop_levers(wh: Warehouse, selection: Selection, cfg: Config, scope: dict) -> list[dict]:
    """Per title type: loops a week, the days a loop adds, the documents contacts, and the p90 with half the loops gone."""
    days = scope["days"]
    first_days, second_days = _halves(selection)
    levers = []
    for row in _query(wh, "incomplete_loops", scope["params"]).iter_rows(named=True):
        if not row["loop_count"] or row["title_type"] not in cfg.target_days:
            continue
        now, halved = row["delivery_days_p90"], row["halved_loops_p90"]
        gain = None if now is None or halved is None else now - halved
        levers.append(_lever(
            "incomplete_loops", "days", title_type=row["title_type"],
            loop_count=row["loop_count"], loops_per_week=_per_week(row["loop_count"], days),
            loop_days_p50=row["loop_days_p50"],
            contacts_per_week=_per_week(row["documents_contact_count"], days),
            agent_hours_per_week=_hours_per_week(row["documents_handle_seconds_sum"], days),
            delivered_count=row["delivered_count"], delivered_with_loop_count=row["delivered_with_loop_count"],
            trend_rate=_trend(row["first_half_count"] / first_days if first_days else None,
                              row["second_half_count"] / second_days),
            halved_days=gain,
            halved_contacts_per_week=_per_week(row["documents_contact_count"] / 2, days),
            halved_agent_hours_per_week=_hours_per_week(row["documents_handle_seconds_sum"] / 2, days),
            headline="delivery_days_p90", headline_now=now, headline_halved=halved,
            impact_bands=(gain or 0) / _delay_band(cfg, row["title_type"]),
            link=_link("delivery", selection, title_type=[row["title_type"]]),
        ))
    return levers


def stage_wait_levers(wh: Warehouse, selection: Selection, cfg: Config, scope: dict) -> list[dict]:
    """Per title type x stage: the days the stage adds to the delivery p90 over its normal level, and half of them."""
    reference = scope["reference"]
    params = scope["params"] | {"ref_from_day": reference["from_day"], "ref_to_day": reference["to_day"]}
    levers = []
    sizes = _query(wh, "stage_wait_rows", params)
    rows = [row for part in stage_wait_parts(dict(sizes.iter_rows()))
            for row in _query(wh, "stage_waits", params | part).iter_rows(named=True)]
    for row in rows:
        now, normal, halved = row["delivery_days_p90"], row["normal_stage_p90"], row["halved_excess_p90"]
        if normal is None or row["title_type"] not in cfg.target_days:
            continue  # no normal level to measure against
        added = now - normal
        if added <= 0:
            continue
        levers.append(_lever(
            "stage_wait", "days", title_type=row["title_type"], stage=row["stage"],
            delivered_count=row["delivered_count"], reference_count=row["reference_count"],
            stage_days_p90=row["stage_days_p90"], reference_p90=row["reference_p90"],
            first_half_p90=row["first_half_p90"], second_half_p90=row["second_half_p90"],
            added_days=added, excess_days=max(0.0, row["stage_days_p90"] - row["reference_p90"]),
            trend_rate=_trend(row["first_half_p90"], row["second_half_p90"]),
            halved_days=now - halved,
            headline="delivery_days_p90", headline_now=now, headline_halved=halved, headline_normal=normal,
            impact_bands=(now - halved) / _delay_band(cfg, row["title_type"]),
            link=_link("delivery", selection, title_type=[row["title_type"]]),
            backlog_link={"page": "backlog", "changes": {"to": selection.to_day.isoformat(),
                                                         "bl_title": row["title_type"], "bl_stage": row["stage"]}},
        ))
    return levers


def stage_wait_parts(delivered_counts: dict[str, int], budget: int | None = None) -> list[dict]:
    """The stage_waits queries to run, as their title_types and stages: each holds at most `budget`
    values (a delivered application's days in a stage) unless one title type and stage alone does."""
    budget = budget or STAGE_WAIT_VALUES
    stages = list(OPEN_STAGES)
    if sum(delivered_counts.values()) * len(stages) <= budget:
        return [{"title_types": sorted(delivered_counts), "stages": stages}] if delivered_counts else []
    parts = []
    for title_type, count in sorted(delivered_counts.items()):
        per_part = max(1, budget // max(count, 1))
        parts += [{"title_types": [title_type], "stages": stages[i:i + per_part]} for i in range(0, len(stages), per_part)]
    return parts


def _scope(wh: Warehouse, selection: Selection, cfg: Config) -> dict:
    """What every lever is measured against: the period's contacts, episodes and reference period."""
    params = selection.params(cfg)
    contacts = indicators.dataset(wh, "contacts_by_day", selection, cfg)
    episodes = indicators.dataset(wh, "episodes_by_day", selection, cfg)
    first_day = wh.query("freshness")["first_day"].item()
    return {
        "params": params,
        "days": (selection.to_day - selection.from_day).days + 1,
        "contact_count": int(contacts["contact_count"].sum()) if contacts.height else 0,
        "failure_demand_count": int(contacts["failure_demand_count"].sum()) if contacts.height else 0,
        "episode_count": int(episodes["episode_count"].sum()) if episodes.height else 0,
        "once_and_done_count": int(episodes["once_and_done_count"].sum()) if episodes.height else 0,
        "reference": reference_period(selection, first_day),
    }


def levers(wh: Warehouse, selection: Selection, cfg: Config) -> dict:
    """Every lever of the period and scope, the largest impact first, with what they are measured against."""
    selection.check(cfg)
    scope = _scope(wh, selection, cfg)
    kinds = (failure_demand_levers, false_containment_levers, incomplete_loop_levers, stage_wait_levers)
    # One after the other: side by side, at national scale, they overflowed the reader's 4 GB and
    # its 8 GB of spill (in turn: 13 s for four weeks at 1.0, 10 s of it stage_waits).
    found = [lever for kind in kinds for lever in kind(wh, selection, cfg, scope)]
    found = [lever for lever in found if lever["impact_bands"] > 0]
    found.sort(key=lambda lever: (-lever["impact_bands"], lever["kind"], str(lever["title_type"]),
                                  str(lever["reason"] or lever["channel"] or lever["stage"])))
    for rank, lever in enumerate(found, start=1):
        lever["rank"] = rank
    return {
        "period_from": selection.from_day, "period_to": selection.to_day, "days": scope["days"],
        "reference": scope["reference"],
        "scope_contact_count": scope["contact_count"], "scope_episode_count": scope["episode_count"],
        "levers": found,
    }


def top_levers(wh: Warehouse, selection: Selection, cfg: Config, count: int = 3) -> list[dict]:
    """The `count` levers that would bring the most: Today shows them, and the brief calls this too."""
    return levers(wh, selection, cfg)["levers"][:count]


# The way back -----------------------------------------------------------------------------------


def _daily(flows, title_type: str, column: str) -> dict[date, int]:
    rows = flows.filter(flows["title_type"] == title_type)
    return dict(zip(rows["day"].to_list(), rows[column].to_list(), strict=True))


def _recent_by_weekday(inflow: dict[date, int], day: date) -> dict[int, float]:
    """Each weekday's mean inflow over the 4 weeks ending the day, public holidays left out."""
    levels = {}
    for weekday in range(7):
        seen = [inflow.get(d, 0) for d in (day - timedelta(days=k) for k in range(RECENT_DAYS))
                if d.weekday() == weekday and not is_public_holiday(d)]
        levels[weekday] = sum(seen) / len(seen) if seen else None
    mean = sum(inflow.get(day - timedelta(days=k), 0) for k in range(RECENT_DAYS)) / RECENT_DAYS
    return {w: mean if v is None else v for w, v in levels.items()}


def inflow_model(flows, title_type: str, day: date, first_day: date, days: int) -> dict:
    """Projected daily inflow for the `days` after `day`: each day's inflow a year before (52 weeks,
    the same weekday) where the data has it, scaled to this year's level (the 4 weeks ending the
    day against the same 4 weeks a year before) when the data reaches that far back too; the other
    days at the recent level of their weekday (the 4 weeks ending the day), a public holiday at a
    Sunday's (help points and professionals are closed, as on Sundays)."""
    inflow = _daily(flows, title_type, "inflow_count")
    recent_level = sum(inflow.get(day - timedelta(days=k), 0) for k in range(RECENT_DAYS)) / RECENT_DAYS
    by_weekday = _recent_by_weekday(inflow, day)
    level = None
    if day - timedelta(days=YEAR_DAYS + RECENT_DAYS - 1) >= first_day:
        before = sum(inflow.get(day - timedelta(days=YEAR_DAYS + k), 0) for k in range(RECENT_DAYS)) / RECENT_DAYS
        level = recent_level / before if before > 0 else None
    daily, from_year_before = [], 0
    for k in range(1, days + 1):
        current = day + timedelta(days=k)
        year_before = current - timedelta(days=YEAR_DAYS)
        if year_before >= first_day:
            daily.append(inflow.get(year_before, 0) * (level or 1.0))
            from_year_before += 1
        else:
            daily.append(by_weekday[6 if is_public_holiday(current) else current.weekday()])
    kind = "year_before" if from_year_before == days else "recent" if not from_year_before else "mixed"
    return {"kind": kind, "level_ratio": level, "recent_per_day": recent_level, "daily": daily,
            "year_before_days": from_year_before}


def recent_capacity(flows, title_type: str, day: date) -> float:
    """Applications reaching their terminal event per day over the 4 weeks ending the day."""
    out = _daily(flows, title_type, "terminal_count")
    return sum(out.get(day - timedelta(days=k), 0) for k in range(RECENT_DAYS)) / RECENT_DAYS


def capacity_model(inflow: dict, capacity_per_day: float) -> list[float]:
    """Daily capacity ahead: staffing is planned for the season, so the recent capacity keeps its
    ratio to inflow (recent throughput / recent inflow) and follows the projected inflow; flat at
    the recent capacity when nothing came in recently."""
    if not inflow["recent_per_day"]:
        return [capacity_per_day] * len(inflow["daily"])
    ratio = capacity_per_day / inflow["recent_per_day"]
    return [ratio * v for v in inflow["daily"]]


def project(queue: list[tuple[date, float]], day: date, inflow: list[float], capacity: list[float],
            target_days: int, good_share: float) -> dict:
    """A queue served oldest first, one day at a time: each day its inflow joins, then up to its
    capacity leaves from the oldest. `queue` is (submission day, count) at the end of `day`.
    Returns one row a day (backlog, over target, inflow, throughput) and the first day the share
    over target is at most `good_share`."""
    cohorts = [[d, float(n)] for d, n in sorted(queue) if n > 0]
    rows = []
    back_day = day if _over_share(cohorts, day, target_days) <= good_share else None
    for k, (arriving, can_serve) in enumerate(zip(inflow, capacity, strict=True), start=1):
        current = day + timedelta(days=k)
        if arriving > 0:
            cohorts.append([current, float(arriving)])
        served, left = 0.0, max(can_serve, 0.0)
        while cohorts and left > 1e-9:
            taken = min(cohorts[0][1], left)
            cohorts[0][1] -= taken
            served, left = served + taken, left - taken
            if cohorts[0][1] <= 1e-9:
                cohorts.pop(0)
        backlog = sum(n for _, n in cohorts)
        over = sum(n for d, n in cohorts if (current - d).days > target_days)
        rows.append({"day": current, "inflow": arriving, "throughput": served, "backlog": backlog, "over_target": over,
                     "oldest_age_days": (current - cohorts[0][0]).days if cohorts else 0})
        if back_day is None and (over / backlog if backlog else 0) <= good_share:
            back_day = current
    return {"daily": rows, "back_day": back_day}


def _over_share(cohorts, day: date, target_days: int) -> float:
    total = sum(n for _, n in cohorts)
    return sum(n for d, n in cohorts if (day - d).days > target_days) / total if total else 0.0


def weekly(daily: list[dict], day: date, start: dict) -> list[dict]:
    """The projection week by week: week 0 is the day itself; inflow and throughput per day over the week."""
    weeks = [start]
    for w in range(1, len(daily) // 7 + 1):
        week = daily[(w - 1) * 7: w * 7]
        inflow = sum(r["inflow"] for r in week) / 7
        out = sum(r["throughput"] for r in week) / 7
        end = week[-1]
        weeks.append({
            "week": w, "day": end["day"], "backlog_count": end["backlog"], "inflow_per_day": inflow,
            "throughput_per_day": out, "over_target_count": end["over_target"],
            "over_target_rate": indicators.ratio(end["over_target"], end["backlog"]),
            # Little's law: the wait an application joining now should expect, backlog / throughput.
            "days_to_clear": indicators.ratio(end["backlog"], out),
            "oldest_age_days": end["oldest_age_days"],
        })
    return weeks


def _flows(wh: Warehouse, selection: Selection, cfg: Config, start: date, end: date):
    return indicators.dataset(wh, "flows_by_day", replace(selection, from_day=start, to_day=end), cfg)


def way_back(wh: Warehouse, selection: Selection, cfg: Config, capacity_change: float = 0.0,
             inflow_change: float = 0.0) -> dict:
    """Per title type, from the selection's last day: the 12-week projection, the day back under
    target (None: not within 12 weeks), and the same with capacity x (1 + capacity_change) and
    inflow x (1 - inflow_change)."""
    day = selection.to_day
    first_day = wh.query("freshness")["first_day"].item()
    days = HORIZON_WEEKS * 7
    flows = _flows(wh, selection, cfg, max(first_day, day - timedelta(days=YEAR_DAYS + RECENT_DAYS)), day)
    queues = indicators.query(wh, "quickwins/open_by_submitted_day", day=day, **selection.params(cfg))
    good = cfg.thresholds["backlog_over_target_rate"].good if "backlog_over_target_rate" in cfg.thresholds else 0.10
    result = {}
    for title_type in selection.shown_title_types(cfg):
        target = cfg.target_days[title_type]
        mine = queues.filter(queues["title_type"] == title_type)
        queue = list(zip(mine["submitted_day"].to_list(), mine["backlog_count"].to_list(), strict=True))
        inflow = inflow_model(flows, title_type, day, first_day, days)
        capacity = recent_capacity(flows, title_type, day)
        cohort = indicators.delivery(wh, replace(selection, title_types=(title_type,),
                                                 from_day=day - timedelta(days=RECENT_DAYS - 1), to_day=day), cfg)
        backlog_now = sum(n for _, n in queue)
        over_now = sum(n for d, n in queue if (day - d).days > target)
        start = {"week": 0, "day": day, "backlog_count": backlog_now, "inflow_per_day": inflow["recent_per_day"],
                 "throughput_per_day": capacity, "over_target_count": over_now,
                 "over_target_rate": indicators.ratio(over_now, backlog_now),
                 "days_to_clear": indicators.ratio(backlog_now, capacity),
                 "oldest_age_days": (day - queue[0][0]).days if queue else 0}
        planned = capacity_model(inflow, capacity)
        base = project(queue, day, inflow["daily"], planned, target, good)
        # Fewer applications do not take staff away: the capacity stays planned on the inflow before the fix.
        what_if = project(queue, day, [v * (1 - inflow_change) for v in inflow["daily"]],
                          [v * (1 + capacity_change) for v in planned], target, good)
        result[title_type] = {
            "target_days": target, "good_share": good,
            "inflow_model": inflow["kind"], "inflow_level_ratio": inflow["level_ratio"],
            "recent_inflow_per_day": inflow["recent_per_day"], "capacity_per_day": capacity,
            "capacity_ratio": indicators.ratio(capacity, inflow["recent_per_day"]),
            "year_before_days": inflow["year_before_days"],
            "cohort_p50": cohort["cohort_p50"], "cohort_p90": cohort["cohort_p90"],
            "cohort_max_followup_days": cohort["cohort_max_followup_days"],
            "weeks": weekly(base["daily"], day, start), "back_day": base["back_day"],
            "what_if": {"capacity_change": capacity_change, "inflow_change": inflow_change,
                        "capacity_per_day": capacity * (1 + capacity_change),
                        "inflow_per_day": inflow["recent_per_day"] * (1 - inflow_change),
                        "weeks": weekly(what_if["daily"], day, start), "back_day": what_if["back_day"]},
        }
    return {"day": day, "horizon_weeks": HORIZON_WEEKS, "title_types": result}


def backtest(wh: Warehouse, selection: Selection, cfg: Config, day: date = BACKTEST_DAY) -> dict | None:
    """The projection made at `day` with the capacity actually observed afterwards, against the
    backlog that happened at +4, +8 and +12 weeks; and with the capacity assumed then. None when
    the data does not cover the 12 weeks after the day."""
    freshness = wh.query("freshness").row(0, named=True)
    first_day, last_day = freshness["first_day"], freshness["as_of_day"]
    days = HORIZON_WEEKS * 7
    if first_day is None or day - timedelta(days=RECENT_DAYS) < first_day or day + timedelta(days=days) > last_day:
        return None
    flows = _flows(wh, selection, cfg, max(first_day, day - timedelta(days=YEAR_DAYS + RECENT_DAYS)),
                   day + timedelta(days=days))
    queues = indicators.query(wh, "quickwins/open_by_submitted_day", day=day, **selection.params(cfg))
    good = cfg.thresholds["backlog_over_target_rate"].good if "backlog_over_target_rate" in cfg.thresholds else 0.10
    result = {}
    for title_type in selection.shown_title_types(cfg):
        mine = queues.filter(queues["title_type"] == title_type)
        queue = list(zip(mine["submitted_day"].to_list(), mine["backlog_count"].to_list(), strict=True))
        inflow = inflow_model(flows, title_type, day, first_day, days)
        terminal = _daily(flows, title_type, "terminal_count")
        backlog = _daily(flows, title_type, "backlog_count")
        observed = [terminal.get(day + timedelta(days=k), 0) for k in range(1, days + 1)]
        assumed = capacity_model(inflow, recent_capacity(flows, title_type, day))
        target = cfg.target_days[title_type]
        with_observed = project(queue, day, inflow["daily"], observed, target, good)["daily"]
        with_assumed = project(queue, day, inflow["daily"], assumed, target, good)["daily"]
        checks = []
        for w in BACKTEST_WEEKS:
            at = day + timedelta(days=7 * w)
            actual = backlog.get(at)
            projected, naive = with_observed[7 * w - 1]["backlog"], with_assumed[7 * w - 1]["backlog"]
            actual_inflow = sum(_daily(flows, title_type, "inflow_count").get(day + timedelta(days=k), 0)
                                for k in range(1, 7 * w + 1))
            checks.append({
                "week": w, "day": at, "actual_backlog_count": actual, "projected_backlog_count": projected,
                "error_rate": indicators.ratio(projected - actual, actual) if actual is not None else None,
                "assumed_capacity_backlog_count": naive,
                "assumed_capacity_error_rate": indicators.ratio(naive - actual, actual) if actual is not None else None,
                "projected_inflow_count": sum(inflow["daily"][: 7 * w]), "actual_inflow_count": actual_inflow,
            })
        result[title_type] = {"inflow_model": inflow["kind"], "backlog_at_day_count": sum(n for _, n in queue),
                              "checks": checks}
    return {"day": day, "title_types": result}


def summary(wh: Warehouse, selection: Selection, cfg: Config, capacity_change: float = 0.0,
            inflow_change: float = 0.0) -> dict:
    """The levers, the way back and the backtest as one object (the `quickwins` command prints it)."""
    return {
        "levers": levers(wh, selection, cfg),
        "way_back": way_back(wh, selection, cfg, capacity_change, inflow_change),
        "backtest": backtest(wh, selection, cfg),
    }


def what_if(wh: Warehouse, selection: Selection, capacity_change: float, inflow_change: float, cfg: Config) -> dict:
    """The way back with a what-if, its arguments in the order `ui.engine` passes them (config last)."""
    return way_back(wh, selection, cfg, capacity_change, inflow_change)


# What the page says -------------------------------------------------------------------------------

INDICATOR_CARDS = {"failure_demand_rate": "failure_demand_rate", "once_and_done_rate": "once_and_done_rate",
                   "delivery_days_p90": "delivery_days_p90"}


def _title(value, lang: str) -> str:
    return i18n.label("title_type", value, lang) if value else i18n.t("quickwins.no_title", lang)


def lever_name(lever: dict, lang: str) -> str:
    """A lever in a few words: its kind and the segment it is about."""
    return i18n.t(f"quickwins.name.{lever['kind']}", lang, title=_title(lever["title_type"], lang),
                  reason=i18n.label("reason", lever["reason"], lang), channel=i18n.label("channel", lever["channel"], lang),
                  stage=i18n.label("status", lever["stage"], lang))


def change_said(rate: float | None, lang: str) -> str:
    if rate is None:
        return i18n.MISSING
    arrow = "▲" if rate > 0 else "▼" if rate < 0 else "="
    return f"{arrow} {'+' if rate > 0 else ''}{i18n.format_rate(rate, lang, 0)}"


def gain_said(lever: dict, lang: str) -> str:
    """What halving the lever brings, in its unit, in a few words."""
    if lever["unit"] == "days":
        return i18n.t("quickwins.gain_days", lang, days=i18n.format_days(lever["halved_days"], lang),
                      now=i18n.format_days(lever["headline_now"], lang),
                      halved=i18n.format_days(lever["headline_halved"], lang))
    return i18n.t("quickwins.gain_contacts", lang, contacts=_amount(lever["halved_contacts_per_week"], lang),
                  indicator=i18n.t(f"today.card.{INDICATOR_CARDS[lever['headline']]}", lang).lower(),
                  now=i18n.format_rate(lever["headline_now"], lang), halved=i18n.format_rate(lever["headline_halved"], lang))


def _amount(x, lang: str, decimals: int = 0) -> str:
    """A weekly amount: a decimal under 10, so that a small one does not read as zero."""
    return i18n.format_number(x, lang, 1 if x is not None and abs(x) < 10 else decimals)


def _hours(x, lang: str, decimals: int = 0) -> str:
    return i18n.format_hours(x, lang, 1 if x is not None and abs(x) < 10 else decimals)


def lever_view(lever: dict, cfg: Config, window_days: int, lang: str) -> dict:
    """Every sentence of a lever's card: its size, trend, what half of it would bring, and its impact."""
    days, rate = i18n.format_days, i18n.format_rate
    n, hours, count = _amount, _hours, i18n.format_number
    kind = lever["kind"]
    if kind == "failure_demand":
        size = i18n.t("quickwins.size.failure_demand", lang, contacts=n(lever["contacts_per_week"], lang),
                      hours=hours(lever["agent_hours_per_week"], lang, 0), once=count(lever["would_be_once_count"], lang))
    elif kind == "false_containment":
        size = i18n.t("quickwins.size.false_containment", lang, count=count(lever["false_containment_count"], lang),
                      logged=count(lever["logged_resolved_count"], lang), window=window_days,
                      rate=rate(lever["false_containment_rate"], lang), contacts=n(lever["contacts_per_week"], lang),
                      hours=hours(lever["agent_hours_per_week"], lang, 0))
    elif kind == "incomplete_loops":
        size = i18n.t("quickwins.size.incomplete_loops", lang, loops=n(lever["loops_per_week"], lang),
                      days=days(lever["loop_days_p50"], lang), contacts=n(lever["contacts_per_week"], lang))
    else:
        size = i18n.t("quickwins.size.stage_wait", lang, added=days(lever["added_days"], lang),
                      excess=days(lever["excess_days"], lang),
                      now=days(lever["headline_now"], lang), normal=days(lever["headline_normal"], lang),
                      stage=days(lever["stage_days_p90"], lang), reference=days(lever["reference_p90"], lang))
    if kind == "stage_wait":
        trend = i18n.t("quickwins.trend_stage", lang, first=days(lever["first_half_p90"], lang),
                       second=days(lever["second_half_p90"], lang), change=change_said(lever["trend_rate"], lang))
    else:
        trend = i18n.t("quickwins.trend", lang, change=change_said(lever["trend_rate"], lang))
    said = days if lever["unit"] == "days" else rate
    halve = i18n.t(f"quickwins.halve.{kind}", lang, contacts=n(lever.get("halved_contacts_per_week"), lang),
                   hours=hours(lever.get("halved_agent_hours_per_week"), lang, 0),
                   days=days(lever.get("halved_days"), lang), now=said(lever["headline_now"], lang),
                   halved=said(lever["headline_halved"], lang))
    if kind == "stage_wait" and lever["halved_days"] >= lever["added_days"] - 0.05:
        halve += i18n.t("quickwins.halve.same", lang)
    if lever["unit"] == "days":
        width = days(_delay_band(cfg, lever["title_type"]), lang)
    else:
        width = i18n.t("quickwins.points", lang, value=count(_band(cfg, lever["headline"]) * 100, lang))
    impact = i18n.t("quickwins.impact", lang, bands=count(lever["impact_bands"], lang, 2), width=width,
                    indicator=i18n.t(f"today.card.{INDICATOR_CARDS[lever['headline']]}", lang))
    return {"name": lever_name(lever, lang), "size": size, "trend": trend, "halve": halve, "impact": impact}


def link_view(lever: dict, lang: str) -> dict:
    """The label of the link to a lever's detail, saying the page, the segment and the period."""
    changes = lever["link"]["changes"]
    what = (i18n.label("channel", lever["channel"], lang) if lever["channel"]
            else _title(lever["title_type"], lang))
    label = i18n.t("quickwins.link", lang, page=i18n.t(f"nav.{lever['link']['page']}", lang), what=what,
                   start=i18n.format_day(date.fromisoformat(changes["from"]), lang),
                   end=i18n.format_day(date.fromisoformat(changes["to"]), lang))
    return {"label": label, "page": lever["link"]["page"], "changes": changes}


def back_said(title: dict, day: date, lang: str) -> str:
    """The day the backlog is back under target, or "not within 12 weeks"."""
    back = title["back_day"]
    if back is None:
        return i18n.t("quickwins.back_never", lang)
    if back == day:
        return i18n.t("quickwins.back_already", lang, day=i18n.format_day(day, lang))
    if (back - day).days == 1:
        return i18n.t("quickwins.back_day_one", lang, day=i18n.format_day(back, lang))
    return i18n.t("quickwins.back_day", lang, day=i18n.format_day(back, lang), days=(back - day).days)


def _cohort_said(value, followup, lang: str) -> str:
    if value is None and followup is not None:
        return i18n.t("today.more_than", lang, days=i18n.format_days(followup, lang, 0))
    return i18n.format_days(value, lang)


def model_said(title: dict, lang: str) -> dict:
    """The projection's inputs and Little's law at the day, as sentences with their numbers."""
    n = i18n.format_number
    start = title["weeks"][0]
    common = {"recent": n(title["recent_inflow_per_day"], lang, 1), "capacity": n(title["capacity_per_day"], lang, 1),
              "ratio": i18n.format_rate(title["capacity_ratio"], lang, 0)}
    if title["year_before_days"]:
        level = (i18n.t("quickwins.model.level", lang, ratio=n(title["inflow_level_ratio"], lang, 2))
                 if title["inflow_level_ratio"] is not None else i18n.t("quickwins.model.unscaled", lang))
        rest = i18n.t("quickwins.model.rest", lang) if title["year_before_days"] < HORIZON_WEEKS * 7 else ""
        model = i18n.t("quickwins.model.year_before", lang, days=title["year_before_days"], level=level, rest=rest,
                       **common)
    else:
        model = i18n.t("quickwins.model.recent", lang, **common)
    little = i18n.t("quickwins.little", lang, backlog=n(start["backlog_count"], lang),
                    throughput=n(start["throughput_per_day"], lang, 1),
                    wait=i18n.format_days(start["days_to_clear"], lang),
                    median=_cohort_said(title["cohort_p50"], title["cohort_max_followup_days"], lang),
                    ninetieth=_cohort_said(title["cohort_p90"], title["cohort_max_followup_days"], lang))
    return {"model": model, "little": little}


def weeks_frame(title: dict) -> pl.DataFrame:
    """The projection week by week, as the page's table and chart read it."""
    return pl.DataFrame(title["weeks"]).select(
        "week", "day", "inflow_per_day", "throughput_per_day", "backlog_count", "over_target_rate", "days_to_clear")


def backtest_frame(result: dict, lang: str) -> pl.DataFrame:
    """One row per title type and horizon: projected, actual, error; and the same with the capacity assumed."""
    rows = [{"title_type": t, **{k: c[k] for k in ("week", "day", "projected_backlog_count", "actual_backlog_count",
                                                     "error_rate", "assumed_capacity_backlog_count",
                                                     "assumed_capacity_error_rate")}}
            for t, v in result["title_types"].items() for c in v["checks"]]
    return pl.DataFrame(rows)


def backtest_said(result: dict, lang: str) -> list[str]:
    """The backtest's errors, plainly, a sentence per title type (and the assumed capacity's for the worst)."""
    def signed(x):
        return i18n.MISSING if x is None else ("+" if x > 0 else "−" if x < 0 else "") + i18n.format_rate(abs(x), lang, 1)

    lines = []
    for title_type, v in result["title_types"].items():
        errors = [c["error_rate"] for c in v["checks"]]
        lines.append(i18n.t("quickwins.backtest.line", lang, title=i18n.label("title_type", title_type, lang),
                            e4=signed(errors[0]), e8=signed(errors[1]), e12=signed(errors[2])))
    worst = max(result["title_types"].items(),
                key=lambda kv: abs(kv[1]["checks"][-1]["assumed_capacity_error_rate"] or 0), default=None)
    if worst:
        assumed = [c["assumed_capacity_error_rate"] for c in worst[1]["checks"]]
        lines.append(i18n.t("quickwins.backtest.assumed", lang, title=i18n.label("title_type", worst[0], lang),
                            e4=signed(assumed[0]), e8=signed(assumed[1]), e12=signed(assumed[2])))
    return lines

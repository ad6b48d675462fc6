"""Team load: how much the contact centre's teams can take, and at what rhythm. Per team and
channel, by day and half hour; the breaking point from which the service degrades; the weeks above
it. Teams only: no table or chart shows, names or ranks an agent."""

import polars as pl
import streamlit as st

from oncedone import config, i18n
from oncedone.app import charts, load_charts, ui
from oncedone.kpi import load

lang = ui.lang()
f = ui.filters()
cfg = config.load()
period = (f.from_day, f.to_day)
CHART = charts.plotly_config(lang)
MAX_GRID_DAYS = 31  # a half-hour grid of more days has rows too thin to read

st.title(i18n.t("load.title", lang))
st.caption(i18n.t("load.period", lang, start=i18n.format_day(f.from_day, lang), end=i18n.format_day(f.to_day, lang),
                  days=i18n.format_number(cfg.load.history_days, lang)))

view = ui.engine(load.page_view, f)  # one read of the history's half hours, cached until the next import
measures, points = view, view["history"]
if measures["period"].is_empty():
    st.info(i18n.t("load.empty", lang))
    st.stop()

# The period per team and channel: what was offered, who was there, how busy they were.
st.subheader(i18n.t("load.by_team", lang))
everything = i18n.t("load.all_channels", lang)
# A team of one channel needs no "all channels" row beside it.
channel_count = pl.col("channel").count().over("team")
table = measures["period"].filter(pl.col("channel").is_not_null() | (channel_count > 1)).with_columns(
    pl.col("channel").fill_null(everything),
    handle_minutes_p50=pl.col("handle_seconds_p50") / 60, handle_minutes_p90=pl.col("handle_seconds_p90") / 60,
).select("team", "channel", "offered_count", "answered_rate", "agents_on_duty_mean", "load_per_agent", "occupancy_rate",
         "handle_minutes_p50", "handle_minutes_p90", "handled_per_agent")
ui.table(table, key="load_by_team", enums={"channel": "channel"}, pinned=("team", "channel"))
st.caption(i18n.t("load.by_team_caption", lang))

# The breaking point of each team, over the history.
st.subheader(i18n.t("load.breaking", lang))
teams = points["teams"]
min_breaking = i18n.format_number(cfg.load.min_breaking_count, lang)
for row in teams.iter_rows(named=True):
    team_slots = points["slots"].filter(pl.col("team") == row["team"])
    if row["answered_is_too_few"]:
        st.markdown(i18n.t("load.breaking_too_few", lang, team=row["team"], minimum=min_breaking,
                           count=i18n.format_number(row["answered_weight_count"], lang)))
        continue
    if row["answered_breaking_load"] is None:
        highest = team_slots["load_per_agent"].max() if team_slots.height else None
        st.markdown(i18n.t("load.breaking_none", lang, team=row["team"], load=i18n.format_number(highest, lang, 1)))
        continue
    once = i18n.t("load.breaking_once_too_few", lang, count=i18n.format_number(row["once_and_done_weight_count"], lang),
                  minimum=min_breaking) if row["once_and_done_is_too_few"] else ""
    once = once if row["once_and_done_breaking_load"] is None else i18n.t(
        "load.breaking_once", lang, **{k: i18n.format_number(row[f"once_and_done_breaking_load{s}"], lang, 1)
                                       for k, s in (("load", ""), ("low", "_low"), ("high", "_high"))})
    st.markdown(i18n.t("load.breaking_found", lang, team=row["team"], once=once,
                       **{k: i18n.format_number(row[f"answered_breaking_load{s}"], lang, 1)
                          for k, s in (("load", ""), ("low", "_low"), ("high", "_high"))}))
staffed = [t for t in measures["period"].sort("offered_count", descending=True)["team"].unique(maintain_order=True).to_list()
           if t in teams["team"].to_list()] if teams.height else []
if staffed:
    team = st.selectbox(i18n.t("load.team", lang), staffed, key="load_team")
    fit = teams.filter(pl.col("team") == team).row(0, named=True)
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{i18n.t('load.answered_against_load', lang)}**")
        st.plotly_chart(load_charts.against_load(points["slots"].filter(pl.col("team") == team), "answered_rate", lang, period,
                                                 {k.removeprefix("answered_"): v for k, v in fit.items()}),
                        key="load_breaking_answered", config=CHART)
    with right:
        st.markdown(f"**{i18n.t('load.once_against_load', lang)}**")
        days = points["days"].filter((pl.col("team") == team) & pl.col("once_and_done_rate").is_not_null())
        st.plotly_chart(load_charts.against_load(days, "once_and_done_rate", lang, period,
                                                 {k.removeprefix("once_and_done_"): v for k, v in fit.items()}),
                        key="load_breaking_once", config=CHART)
    st.caption(i18n.t("load.breaking_caption", lang))

    # The period, by half hour and by day, for the chosen team.
    st.subheader(i18n.t("load.half_hours", lang))
    slots = measures["slots"].filter((pl.col("team") == team) & pl.col("channel").is_null())
    if (f.to_day - f.from_day).days + 1 > MAX_GRID_DAYS:
        st.info(i18n.t("load.half_hours_too_long", lang))
    else:
        st.plotly_chart(load_charts.half_hours(slots, "load_per_agent", lang), key="load_half_hours", config=CHART)
        st.caption(i18n.t("load.half_hours_caption", lang))
    st.subheader(i18n.t("load.by_day", lang))
    daily = measures["days"].filter((pl.col("team") == team) & pl.col("channel").is_null()).rename({"day": "period_start_day"})
    left, right = st.columns(2)
    left.plotly_chart(charts.time_lines(daily, "period_start_day", [
        ("load_per_agent", i18n.column_label("load_per_agent", lang), "#D55E00", "solid"),
        ("handled_per_agent", i18n.column_label("handled_per_agent", lang), "#0072B2", "dot")], lang, "day", period,
        partial=None, y_title=i18n.column_label("load_per_agent", lang)), key="load_daily_load", config=CHART)
    right.plotly_chart(charts.time_lines(daily, "period_start_day", [
        ("answered_rate", i18n.column_label("answered_rate", lang), "#009E73", "solid"),
        ("occupancy_rate", i18n.column_label("occupancy_rate", lang), "#CC79A7", "dot")], lang, "day", period,
        partial=None, y_title=""), key="load_daily_rates", config=CHART)

    # The rhythm: weeks above the breaking point, work outside office hours.
    st.subheader(i18n.t("load.rhythm", lang))
    weeks = points["weeks"].filter(pl.col("team") == team) if points["weeks"].height else points["weeks"]
    streak = points["streaks"].filter(pl.col("team") == team) if points["streaks"].height else points["streaks"]
    if streak.height and streak["weeks_in_a_row"].item() > 0:
        st.markdown(i18n.t("load.streak", lang, team=team, weeks=i18n.format_number(streak["weeks_in_a_row"].item(), lang),
                           week=i18n.format_day(load.week_of(f.to_day)[0], lang)))
    if weeks.height:
        left, right = st.columns(2)
        with left:
            st.markdown(f"**{i18n.t('load.overloaded', lang)}**")
            st.plotly_chart(load_charts.weeks(weeks, "overloaded_slot_count", lang, period), key="load_overloaded", config=CHART)
        with right:
            st.markdown(f"**{i18n.t('load.outside_office', lang)}**")
            st.plotly_chart(load_charts.weeks(weeks, "outside_office_rate", lang, period), key="load_outside", config=CHART)
    st.caption(i18n.t("load.rhythm_caption", lang, open=cfg.load.office_hours[0], close=cfg.load.office_hours[1]))

    # How the load spreads over agents, only where enough of them were on duty to stay anonymous.
    st.subheader(i18n.t("load.distribution", lang))
    spread = view["distribution"]
    spread = spread.filter(pl.col("team") == team) if spread.height else spread
    minimum = i18n.format_number(cfg.load.min_agent_count, lang)
    if spread.is_empty():
        st.info(i18n.t("load.distribution_none", lang, minimum=minimum))
    else:
        st.plotly_chart(load_charts.distribution(spread, lang), key="load_distribution", config=CHART)
        st.caption(i18n.t("load.distribution_caption", lang, minimum=minimum))

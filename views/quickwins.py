"""Quick wins: the levers that would bring the most over the filter bar's period, ranked, each with
its arithmetic and a link to the page that shows its detail; then the backlog's way back per title
type from the day, with a what-if, and the projection tested against what happened."""

import polars as pl
import streamlit as st

from oncedone import config, i18n
from oncedone.app import charts, ui
from oncedone.kpi import quickwins

lang = ui.lang()
f = ui.filters()
cfg = config.load()
day, say = f.to_day, i18n.format_day
window = f.window_days or cfg.repeat_window_days
CARDS_SHOWN = 10

st.title(i18n.t("quickwins.title", lang))
if ui.dataset("freshness")["as_of"].item() is None:
    st.info(i18n.t("warehouse.empty", lang))
    st.stop()

found = ui.engine(quickwins.levers, f)
scope = ", ".join(
    [", ".join(i18n.label("title_type", t, lang) for t in f.title_types)] * bool(f.title_types)
    + [", ".join(f.departments)] * bool(f.departments)
    + [", ".join(i18n.label("channel", c, lang) for c in f.channels)] * bool(f.channels)
) or i18n.t("quickwins.scope_all", lang)
st.caption(i18n.t("quickwins.caption", lang, start=say(f.from_day, lang), end=say(day, lang), scope=scope))
reference = found["reference"]
st.caption(i18n.t(f"quickwins.reference.{reference['kind']}", lang, start=say(reference["from_day"], lang),
                  end=say(reference["to_day"], lang)))

# The levers, largest impact first: each one's card says its arithmetic and links to its detail.
st.subheader(i18n.t("quickwins.levers", lang))
levers = found["levers"]
if not levers:
    st.info(i18n.t("quickwins.none", lang))
grid = st.container(horizontal=True, gap="small")
for lever in levers[:CARDS_SHOWN]:
    view = quickwins.lever_view(lever, cfg, window, lang)
    card = grid.container(border=True, width=460)
    card.markdown(f"**{lever['rank']}. {view['name']}**")
    card.markdown(view["size"])
    card.caption(view["trend"])
    card.markdown(f"**{view['halve']}**")
    card.caption(view["impact"])
    with card:
        target = quickwins.link_view(lever, lang)
        ui.link(target["page"], target["label"], f, **target["changes"])
        if lever.get("backlog_link"):
            ui.link("backlog", i18n.t("quickwins.link_backlog", lang, day=say(day, lang)), f,
                    **lever["backlog_link"]["changes"])
if len(levers) > CARDS_SHOWN:
    with st.expander(i18n.t("quickwins.all_levers", lang, count=len(levers))):
        rows = pl.DataFrame([{"rank": lever["rank"], "lever": quickwins.lever_name(lever, lang),
                              "gain": quickwins.gain_said(lever, lang),
                              "trend": quickwins.change_said(lever["trend_rate"], lang),
                              "impact": round(lever["impact_bands"], 2)} for lever in levers])
        ui.table(rows, key="quickwins_all", labels={c: i18n.t(f"quickwins.column.{c}", lang) for c in rows.columns})

# The way back, per title type, from the day: the projection, its inputs, a what-if.
st.divider()
st.subheader(i18n.t("quickwins.way_back", lang))
good = cfg.thresholds["backlog_over_target_rate"].good if "backlog_over_target_rate" in cfg.thresholds else 0.10
st.caption(i18n.t("quickwins.way_back.caption", lang, day=say(day, lang), good=i18n.format_rate(good, lang, 0)))
st.markdown(f"**{i18n.t('quickwins.what_if', lang)}**")
knobs = st.columns(2)
capacity = knobs[0].slider(i18n.t("quickwins.what_if.capacity", lang), 0, 100, 0, 5, key="qw_capacity")
inflow = knobs[1].slider(i18n.t("quickwins.what_if.inflow", lang), 0, 50, 0, 5, key="qw_inflow")
back = ui.engine(quickwins.what_if, f, capacity / 100, inflow / 100)
week_labels = {c: i18n.t(f"quickwins.column.{c}", lang) for c in ("week", "day")} | {
    "days_to_clear": i18n.t("quickwins.column.wait", lang), "daily_inflow_mean": i18n.column_label("inflow_per_day", lang),
    "daily_throughput_mean": i18n.column_label("throughput_per_day", lang)}
# Worst first: the title types not back within 12 weeks, then by their share past target today.
ordered = sorted(back["title_types"].items(),
                 key=lambda kv: (kv[1]["back_day"] is not None, -(kv[1]["weeks"][0]["over_target_rate"] or 0)))
tabs = st.tabs([i18n.label("title_type", t, lang) for t, _ in ordered])
for tab, (title_type, title) in zip(tabs, ordered, strict=True):
    with tab:
        st.markdown(f"**{quickwins.back_said(title, day, lang)}**")
        ui.link("backlog", i18n.t("quickwins.link_title_backlog", lang, title=i18n.label("title_type", title_type, lang),
                                  day=say(day, lang)), f, bl_title=title_type)
        said = quickwins.model_said(title, lang)
        st.markdown(said["little"])
        st.caption(said["model"])
        if capacity or inflow:
            changed = title["what_if"]
            end = changed["weeks"][-1]
            st.info(i18n.t("quickwins.what_if.result", lang, capacity=i18n.format_rate(capacity / 100, lang, 0),
                           inflow=i18n.format_rate(inflow / 100, lang, 0),
                           said=quickwins.back_said(changed, day, lang)) + " "
                    + i18n.t("quickwins.what_if.little", lang, backlog=i18n.format_number(end["backlog_count"], lang),
                             throughput=i18n.format_number(end["throughput_per_day"], lang, 1),
                             wait=i18n.format_days(end["days_to_clear"], lang)))
        shown = title["what_if"] if capacity or inflow else title
        weeks = quickwins.weeks_frame(shown)
        st.plotly_chart(charts.trend_panels(weeks, "day", [
            (i18n.t("quickwins.chart.backlog", lang), ["backlog_count"]),
            (i18n.t("quickwins.chart.flows", lang), ["inflow_per_day", "throughput_per_day"]),
            (i18n.t("quickwins.chart.wait", lang), ["days_to_clear"]),
        ], lang, height=560), key=f"qw_projection_{title_type}", config=charts.plotly_config(lang))
        # "_per_day" would read as a day in the table's formats: the table says them as daily means.
        ui.table(weeks.rename({"inflow_per_day": "daily_inflow_mean", "throughput_per_day": "daily_throughput_mean"}),
                 key=f"qw_weeks_{title_type}", labels=week_labels, all_rows=True)

# The backtest: the same projection made in the scenario's crisis, against what happened.
st.divider()
st.subheader(i18n.t("quickwins.backtest", lang))
tested = ui.engine(quickwins.backtest, f)
if tested is None:
    st.info(i18n.t("quickwins.backtest.none", lang, day=say(quickwins.BACKTEST_DAY, lang)))
else:
    st.caption(i18n.t("quickwins.backtest.caption", lang, day=say(tested["day"], lang)))
    for line in quickwins.backtest_said(tested, lang):
        st.markdown(f"- {line}")
    ui.table(quickwins.backtest_frame(tested, lang), key="qw_backtest", enums={"title_type": "title_type"}, all_rows=True,
             labels={"week": i18n.t("quickwins.column.week", lang), "day": i18n.t("quickwins.column.day", lang),
                     "projected_backlog_count": i18n.t("quickwins.column.projected", lang),
                     "actual_backlog_count": i18n.t("quickwins.column.actual", lang),
                     "error_rate": i18n.t("quickwins.column.error", lang),
                     "assumed_capacity_backlog_count": i18n.t("quickwins.column.assumed", lang),
                     "assumed_capacity_error_rate": i18n.t("quickwins.column.assumed_error", lang)})

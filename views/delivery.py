"""Delivery: whether titles arrive on time, and why not: the distribution of delivery times, the
delay a growing backlog hides, where the days go, and the rework."""

import streamlit as st

from oncedone import config, i18n
from oncedone.app import charts, ui
from oncedone.kpi import indicators

lang = ui.lang()
f = ui.filters()
cfg = config.load()
grain = indicators.grain_for(f)
period = (f.from_day, f.to_day)
types = f.shown_title_types(cfg)
CHART = charts.plotly_config(lang)
events = ui.trend_events(f)  # drawn on every trend

st.title(i18n.t("delivery.title", lang))
st.caption(i18n.t("delivery.period", lang, start=i18n.format_day(f.from_day, lang), end=i18n.format_day(f.to_day, lang)))

# The headline numbers are the report's, for the same period and filters.
r = ui.report(f)
targets = ", ".join(f"{i18n.label('title_type', t, lang)} {i18n.format_days(cfg.target_days[t], lang, 0)}" for t in types)
cards = ui.card_grid()  # wraps as the backlog's cards do: no value cut on a narrow screen
ui.metric_card(cards, "delivered_count", r["delivered"])
ui.metric_card(cards, "delivery_days_p50", r["delivery_days_p50"], help=i18n.t("delivery.p50_help", lang))
ui.metric_card(cards, "delivery_days_p90", r["delivery_days_p90"], help=i18n.t("delivery.p90_help", lang))
ui.metric_card(cards, "within_target_rate", r["within_target_rate"], help=i18n.t("delivery.within_target_help", lang, targets=targets))
cohort_help = i18n.t("delivery.cohort_help", lang, cohort=i18n.format_number(r["cohort_requests"], lang))
for key in ("cohort_p50", "cohort_p90"):
    value, followup = r[key], r["cohort_max_followup_days"]
    shown = i18n.format_days(value, lang) if value is not None or not followup else i18n.t(
        "today.more_than", lang, days=i18n.format_days(followup, lang, 0))
    cards.metric(i18n.column_label(key.replace("cohort_", "cohort_days_"), lang), shown, help=cohort_help, border=True)
ui.metric_card(cards, "right_first_time_rate", r["right_first_time_rate"], help=i18n.t("delivery.right_first_time_help", lang))

# Distribution per title type, and within target per title type and per department.
st.subheader(i18n.t("delivery.distribution", lang))
spread = ui.selection_dataset("indicators/delivery_distribution_by_title_type", f)
if spread.is_empty():
    st.info(i18n.t("delivery.empty", lang))
else:
    ui.chart(figure=charts.box_summary(spread, "title_type", lang, target="target_days"), key="delivery_box", config=CHART)
    st.caption(i18n.t("delivery.distribution_caption", lang))
    ui.table(spread.select("title_type", "target_days", "delivered_count", "within_target_rate",
                           "delivery_days_p50", "delivery_days_p90"),
             key="delivery_by_title_type", enums={"title_type": "title_type"})
    st.markdown(f"**{i18n.t('delivery.by_department', lang)}**")
    st.caption(i18n.t("delivery.by_department_caption", lang))
    ui.table(ui.selection_dataset("indicators/within_target_by_department", f), key="delivery_by_department")

# The two curves: delivered titles by delivery day, cohorts by submission day (in-flight included).
st.subheader(i18n.t("delivery.curves", lang))
st.markdown(i18n.t("delivery.curves_gap", lang))
curves = indicators.with_partial_periods(indicators.delivery_curves(
    ui.selection_dataset("indicators/delivery_by_period", f, grain=grain),
    ui.selection_dataset("indicators/cohort_delivery_by_period", f, grain=grain),
), f, grain)
blue, red = charts.COLOURS["title_type"]["vehicle_registration"], "#D55E00"
lines = [(c, i18n.t(f"delivery.line_{c}", lang), colour, dash) for c, colour, dash in (
    ("delivery_days_p50", blue, "solid"), ("cohort_days_p50", red, "solid"),
    ("delivery_days_p90", blue, "dot"), ("cohort_days_p90", red, "dot"))]
by_target = {}
for t in types:
    by_target.setdefault(cfg.target_days[t], []).append(i18n.label("title_type", t, lang))
references = [(days, i18n.t("series.target", lang, label=", ".join(names))) for days, names in by_target.items()]
ui.chart(figure=
    charts.time_lines(curves, "period_start_day", lines, lang, grain, period, y_title=i18n.column_label("delivery_days", lang),
                      references=references, events=events),
    key="delivery_curves", config=CHART,
)
st.caption(i18n.t("delivery.grain", lang, grain=i18n.t(f"grain.{grain}", lang)))

st.markdown(f"**{i18n.t('delivery.cohorts', lang)}**")
as_of = ui.dataset("freshness")["as_of"].item()
st.caption(i18n.t("delivery.cohorts_caption", lang, as_of=i18n.format_instant(as_of, lang)))
ui.table(ui.selection_dataset("indicators/cohort_table_by_week", f), key="delivery_cohorts", hide=("min_followup_days",))

# Where the days go: the stages of the titles delivered in the period.
st.subheader(i18n.t("delivery.stages", lang))
st.caption(i18n.t("delivery.stages_caption", lang))
stages = ui.selection_dataset("indicators/stage_days_by_period", f, grain="period")
if not stages.is_empty():
    ui.chart(figure=charts.category_stacks(stages, "title_type", ["stage_days_p50", "stage_days_p90"], "stage", lang,
                                           x_kind="title_type", kind="status"), key="delivery_stages", config=CHART)
    st.markdown(f"**{i18n.t('delivery.stages_over_time', lang)}**")
    over_time = ui.selection_dataset("indicators/stage_days_by_period", f, grain=grain)
    ui.chart(figure=charts.period_bar_panels(over_time, "period_start_day", "stage_days_p50", "stage", "title_type", lang,
                                             grain, period, kind="status", events=events), key="delivery_stages_over_time", config=CHART)

# Right first time over time, and the rework loops per title type.
st.subheader(i18n.t("delivery.rework", lang))
st.caption(i18n.t("delivery.rework_caption", lang))
finished = ui.selection_dataset("indicators/right_first_time_by_day", f)
rates = indicators.RIGHT_FIRST_TIME
threshold = cfg.thresholds.get("right_first_time_rate")
left, right = st.columns([3, 2])
ui.chart(where=left, figure=
    charts.group_lines(indicators.rollup(finished, "terminal_day", f, grain, by=("title_type",), rates=rates),
                       "period_start_day", "right_first_time_rate", "title_type", lang, grain, period,
                       total=indicators.rollup(finished, "terminal_day", f, grain, rates=rates),
                       references=[(threshold.good, i18n.t("series.target", lang, label=i18n.format_rate(threshold.good, lang, 0)))] if threshold else [],
                       events=events),
    key="delivery_right_first_time", config=CHART,
)
rework = ui.selection_dataset("indicators/rework_by_title_type", f)
if not rework.is_empty():
    ui.chart(where=right, figure=charts.share_stacks(indicators.rework_shares(rework), "title_type", "application_share_rate", "loops",
                                           lang, x_kind="title_type"), key="delivery_rework", config=CHART)

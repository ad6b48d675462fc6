"""Backlog: the team lead's page, from the backlog by title type down to the applications, and out
to a file. The day is the filter bar's last day; trends, stage durations and rework span the period."""

import streamlit as st

from oncedone import config, i18n
from oncedone.app import auth, charts, exports, ui
from oncedone.kpi import backlog, publication

lang = ui.lang()
f = ui.filters()
cfg = config.load()
day, say_day = f.to_day, i18n.format_day(f.to_day, lang)
period = {"start": i18n.format_day(f.from_day, lang), "end": say_day}
plain = charts.plotly_config(lang)

# The drill-down: from the URL (or the last visit), checked against the filters, before the widgets.
raw = ui.url_choices(tuple(backlog.DRILL_PARAMS), "_bl_drill")
drill = backlog.valid_drill(raw["bl_title"], raw["bl_stage"], raw["bl_age"], f, cfg)
ui.keep_choices({"bl_title": drill.title_type, "bl_stage": drill.stage, "bl_age": drill.age_bucket}, "_bl_drill")
titles = f.shown_title_types(cfg)
title_level = backlog.Drill(drill.title_type)

st.title(i18n.t("backlog.title", lang))
st.caption(i18n.t("backlog.caption", lang, day=say_day, **period))
bar = st.grid(4, min_column_width=180, vertical_alignment="bottom")
ui.choice_box(bar, i18n.t("backlog.drill_title", lang), titles, "bl_title", i18n.t("backlog.all_titles", lang),
              "title_type", on_change=ui.clear_keys, args=(("bl_stage", "bl_age"),))
ui.choice_box(bar, i18n.t("backlog.drill_stage", lang), backlog.OPEN_STAGES, "bl_stage",
              i18n.t("backlog.all_stages", lang), "status", disabled=not drill.title_type)
ui.choice_box(bar, i18n.t("backlog.drill_age", lang), backlog.AGE_BUCKETS, "bl_age",
              i18n.t("backlog.all_ages", lang), "age_bucket", disabled=not drill.title_type)
bar.button(i18n.t("backlog.clear", lang), key="bl_clear", on_click=ui.clear_keys, args=(tuple(backlog.DRILL_PARAMS),),
           disabled=not drill.title_type)

rows = ui.selection_dataset("backlog/open_at_day", f, day=day)
level = backlog.chosen(rows, title_level)
trend = ui.dataset("backlog/trend_by_day", **backlog.params(f, drill, cfg))
title_apps = ui.dataset("backlog/applications_at_day", **backlog.applications_params(day, f, title_level, cfg))
now = backlog.totals(level)
cards = ui.card_grid()
ui.metric_card(cards, "backlog_count", now["backlog_count"])
ui.metric_card(cards, "over_target_rate", now["over_target_rate"])
ui.metric_card(cards, "days_to_clear", trend["days_to_clear"][-1] if trend.height else None)
oldest = title_apps["age_days"][0] if title_apps.height else None
cards.metric(i18n.column_label("oldest_age_days", lang), i18n.format_days(oldest, lang, 0), border=True,
             help=i18n.t("backlog.oldest_help", lang))
shown_titles = ", ".join(i18n.label("title_type", t, lang) for t in drill.title_types(f)) or i18n.t("backlog.all_titles", lang)
st.caption(i18n.t("backlog.cards_caption", lang, titles=shown_titles, day=say_day))

left, right = ui.pair()
left.subheader(i18n.t("backlog.by_title_type", lang))
with left:
    figure = charts.stacked_bars(backlog.by_title_type(rows, titles), "title_type", "backlog_count", "target_state",
                                 lang, x_kind="title_type", chosen=drill.title_type)
    ui.clickable_chart(figure, "bl_title_chart", {"bl_title": 0, "bl_stage": None, "bl_age": None})
    st.caption(i18n.t("backlog.drill_help", lang))
right.subheader(i18n.t("backlog.trend", lang, titles=shown_titles))
ui.chart(where=right, figure=charts.trend_panels(trend, "day", [
    (i18n.t("backlog.trend_backlog", lang), ["backlog_count"]),
    (i18n.t("backlog.trend_flows", lang), ["inflow_per_day", "throughput_per_day"]),
    (i18n.t("backlog.trend_clear", lang), ["days_to_clear"]),
], lang, events=ui.trend_events(f)), key="bl_trend", config=plain)

if not drill.title_type:
    st.info(i18n.t("backlog.pick_title", lang))
else:
    left, right = ui.pair()
    left.subheader(i18n.t("backlog.by_stage_and_age", lang, title=i18n.label("title_type", drill.title_type, lang)))
    with left:
        figure = charts.stacked_bars(backlog.by_stage_and_age(level), "stage", "backlog_count", "age_bucket", lang,
                                     x_kind="status", chosen=drill.stage, chosen_color=drill.age_bucket, height=360)
        ui.clickable_chart(figure, "bl_stage_chart", {"bl_stage": 0, "bl_age": 1})
    right.subheader(i18n.t("backlog.oldest", lang))
    with right:
        ui.big_table(title_apps.head(10).select("request_id", "stage", "age_days", "past_target_days"),
                     key="bl_oldest", enums={"stage": "status"})

    st.subheader(i18n.t("backlog.durations", lang))
    left, right = ui.pair()
    durations = ui.dataset("backlog/stage_durations", **backlog.params(f, drill, cfg))
    if durations.is_empty():
        left.info(i18n.t("backlog.durations_empty", lang))
    else:
        count = i18n.format_number(durations["span_count"].sum(), lang)
        left.caption(i18n.t("backlog.durations_caption", lang, count=count, **period))
        ui.chart(where=left, figure=charts.grouped_bars(durations, "stage", ["stage_days_p50", "stage_days_p90"], lang, x_kind="status",
                                              y_title=i18n.t("backlog.days_axis", lang)), key="bl_durations", config=plain)
    loops = ui.dataset("indicators/rework_by_title_type", **backlog.params(f, drill, cfg))  # as the delivery page
    rework = backlog.rework(loops)
    ui.metric_card(right, "reworked_rate", rework["rework_rate"])
    right.caption(i18n.t("backlog.rework_caption", lang, reworked=i18n.format_number(rework["reworked_count"], lang),
                         finished=i18n.format_number(rework["finished_count"], lang), **period))
    ui.chart(where=right, figure=charts.grouped_bars(backlog.rework_loops(loops), "loops", ["application_count"], lang, x_kind="loops", height=220),
                       key="bl_rework", config=plain)

selection_label = backlog.describe(drill, f, lang)
inside = backlog.chosen(rows, drill)
st.subheader(i18n.t("backlog.origin", lang))
st.caption(i18n.t("backlog.origin_caption", lang, selection=selection_label,
                  over=i18n.format_rate(backlog.totals(inside)["over_target_rate"], lang)))
left, right = ui.pair()
left.markdown(f"**{i18n.t('backlog.by_department', lang, count=backlog.TOP_DEPARTMENTS)}**")
departments = backlog.breakdown(inside, "department", backlog.TOP_DEPARTMENTS, i18n.t("backlog.unknown_department", lang))
ui.chart(where=left, figure=charts.stacked_bars(departments, "department", "backlog_count", "target_state", lang, horizontal=True),
                  key="bl_departments", config=plain)
right.markdown(f"**{i18n.t('backlog.by_channel', lang)}**")
ui.chart(where=right, figure=charts.stacked_bars(backlog.breakdown(inside, "submission_channel"), "submission_channel",
                                       "backlog_count", "target_state", lang, x_kind="submission_channel", horizontal=True),
                   key="bl_channels", config=plain)

st.subheader(i18n.t("backlog.applications", lang))
apps = title_apps if drill == title_level else ui.dataset(
    "backlog/applications_at_day", **backlog.applications_params(day, f, drill, cfg))
total = backlog.totals(inside)["backlog_count"]
st.caption(i18n.t("backlog.applications_caption", lang, selection=selection_label, day=say_day,
                  count=i18n.format_number(total, lang)))
if apps.height < total:
    st.warning(i18n.t("backlog.applications_capped", lang, shown=i18n.format_number(apps.height, lang)))
if apps.is_empty():
    st.info(i18n.t("backlog.empty", lang))
else:
    shown = apps.select(backlog.TABLE_COLUMNS).drop("title_type" if drill.title_type else [])
    ui.big_table(shown, key="bl_applications", enums=backlog.TABLE_ENUMS, pinned=("request_id",))
    # For publication: never the applications themselves, their counts by department and title type, masked.
    public = st.toggle(i18n.t("publication.toggle", lang), key="bl_publication",
                       help=i18n.t("publication.backlog_help", lang, k=cfg.publication_min_count))
    counted = publication.backlog_by_department(inside, cfg.publication_min_count) if public else None
    csv_file = (lambda: exports.publication_csv(counted, "title_type", lang)) if public else (lambda: exports.backlog_csv(apps, lang))
    xlsx_file = (lambda: exports.publication_xlsx(counted, "title_type", lang)) if public else (lambda: exports.backlog_xlsx(apps, lang))
    suffix = "_publication" if public else ""
    files = st.container(horizontal=True)
    rows = (counted if public else apps).height  # for the audit trail: how many rows each file holds
    files.download_button(i18n.t("backlog.download_csv", lang), data=auth.exported(f"backlog{suffix}.csv", rows, csv_file),
                          file_name=backlog.export_name(day, f, drill, "csv").replace(".csv", f"{suffix}.csv"),
                          mime="text/csv", key="bl_csv", on_click="ignore")
    files.download_button(i18n.t("backlog.download_xlsx", lang), data=auth.exported(f"backlog{suffix}.xlsx", rows, xlsx_file),
                          file_name=backlog.export_name(day, f, drill, "xlsx").replace(".xlsx", f"{suffix}.xlsx"),
                          key="bl_xlsx", on_click="ignore",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

"""Today: a few numbers for the chosen period and filters, and the weekly submissions."""

import streamlit as st

from oncedone import charts, i18n, indicators, ui

lang = ui.lang()
f = ui.filters()

st.title(i18n.t("today.title", lang))
st.caption(i18n.t("today.period", lang, start=i18n.format_day(f.from_day, lang), end=i18n.format_day(f.to_day, lang)))

flows = ui.selection_dataset("indicators/flows_by_day", f)
contacts = ui.selection_dataset("indicators/contacts_by_day", f)
summary = indicators.overview(flows, contacts)
cards = st.columns(4)
ui.metric_card(cards[0], "submitted_count", summary["submitted_count"])
ui.metric_card(cards[1], "delivered_count", summary["delivered_count"])
open_help = i18n.t("today.open_help", lang, day=i18n.format_day(f.to_day, lang))
ui.metric_card(cards[2], "open_count", summary["open_count"], help=open_help)
ui.metric_card(cards[3], "contacts_count", summary["contacts_count"], help=i18n.t("today.contacts_help", lang))
as_of = ui.dataset("freshness")["as_of"].item()
if as_of is None:
    st.info(i18n.t("warehouse.empty", lang))
else:
    st.caption(i18n.t("today.as_of", lang, as_of=i18n.format_instant(as_of, lang)))

st.subheader(i18n.t("today.chart_title", lang))
weeks = ui.selection_dataset("app/submitted_by_week", f)
if weeks.is_empty():
    st.info(i18n.t("today.chart_empty", lang))
else:
    figure = charts.stacked_bars_by_week(
        weeks, "week_start_day", "submitted_count", "title_type", lang,
        partial="is_partial_week", period=(f.from_day, f.to_day),
    )
    st.plotly_chart(figure, key="today_submitted_by_week", config={"displaylogo": False})
    if weeks["is_partial_week"].any():
        st.caption(i18n.t("today.chart_partial", lang))

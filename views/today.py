"""Today: the director's morning view. The day's indicators against their targets, what degrades,
and the trends behind them. The day is the filter bar's last day; the trends span its period."""

from dataclasses import replace

import streamlit as st

from oncedone import config, i18n
from oncedone.app import charts, ui
from oncedone.kpi import completeness, director, emerging, quickwins

lang = ui.lang()
f = ui.filters()
day = f.to_day
cfg = config.load()
EMERGING_SHOWN = 5  # the worst rising segments on the attention list; the contacts page lists them all

st.title(i18n.t("today.title", lang))
st.caption(i18n.t("today.subtitle", lang, day=i18n.format_day(day, lang),
                  compared=director.say_weekday_day(director.compared_day(day), lang),
                  start=i18n.format_day(f.from_day, lang), end=i18n.format_day(day, lang)))

if ui.dataset("freshness")["as_of"].item() is None:
    st.info(i18n.t("warehouse.empty", lang))
    st.stop()

# The cards, the series, the attention list and the week's emerging demands: one engine call, whose
# queries share their reads (the day and the week before are filtered from the period's series).
morning = ui.engine(director.morning, day, f)
readings = morning["readings"]
if readings["year_before"] is None:
    st.caption(i18n.t("today.no_year_before", lang))
frames = morning["frames"]
# Gaps in the data of the day that weaken a card (contacts without citizen, silent channels...).
badges = ui.engine(completeness.card_badges, replace(f, from_day=day), lang)


def draw(cards: list[director.Card], border: bool) -> None:
    row = st.container(horizontal=True, gap=ui.CARD_GAP)  # wraps onto more rows on a narrow screen
    for card in cards:
        view = director.card_view(card, readings, director.sparkline(card.key, frames), f, cfg, lang)
        if card.key in badges:
            view["caption"] += f" · :orange[⚠ {badges[card.key]}]"
        ui.indicator_card(row.container(width=ui.CARD_WIDTH), view, border)


headline = [c for c in director.CARDS if c.headline]
st.subheader(i18n.t("today.headline", lang))
draw(headline, border=True)
st.caption(i18n.t("today.light_legend", lang))

st.subheader(i18n.t("today.attention", lang))
items = morning["attention"]
found = morning["emerging"]  # demands nobody foresaw, rising in the week to the day
if not items and not found["contacts"] and not found["incomplete"]:
    st.success(i18n.t("today.attention_none", lang))
for item in items:
    ui.attention_item(item, readings["day"], f, cfg)
for finding in found["contacts"][:EMERGING_SHOWN] + found["incomplete"]:
    view = emerging.finding_view(finding, day, lang)
    ui.link(view["page"], view["text"], f, **view["changes"])

# The levers that would bring the most over the trends' period (the brief can call the same function).
st.subheader(i18n.t("quickwins.today.header", lang))
st.caption(i18n.t("quickwins.today.caption", lang, start=i18n.format_day(f.from_day, lang), end=i18n.format_day(day, lang)))
for lever in ui.engine(quickwins.top_levers, f):
    ui.link("quickwins", i18n.t("quickwins.today.item", lang, name=quickwins.lever_name(lever, lang),
                                gain=quickwins.gain_said(lever, lang)), f)
ui.link("quickwins", f"→ {i18n.t('quickwins.today.more', lang)}", f)

st.divider()
st.markdown(f"##### {i18n.t('today.secondary', lang)}")
draw([c for c in director.CARDS if not c.headline], border=False)

st.divider()
st.subheader(i18n.t("today.trends", lang))
period = (f.from_day, f.to_day)
events = ui.trend_events(f)  # drawn on every trend
once, delay = st.columns(2)
with once:
    st.markdown(f"**{i18n.t('today.trend.once_and_done', lang)}**")
    target = director.target("once_and_done_rate", f, cfg)
    ui.chart(figure=charts.once_and_done_trend(frames["daily"], lang, period, target, events=events), key="trend_once_and_done",
                    config=charts.plotly_config(lang))
with delay:
    st.markdown(f"**{i18n.t('today.trend.delivery', lang)}**")
    if frames["delivered"].is_empty() and frames["cohorts"].is_empty():
        st.info(i18n.t("today.trend.empty", lang))
    else:
        target = director.target("delivery_days_p90", f, cfg)
        figure = charts.delivery_against_cohort(frames["delivered"], frames["cohorts"], lang, period, target,
                                                 events=events)
        ui.chart(figure=figure, key="trend_delivery", config=charts.plotly_config(lang))
    st.caption(i18n.t("today.trend.delivery_note", lang))
st.markdown(f"**{i18n.t('today.trend.backlog', lang)}**")
ui.chart(figure=charts.backlog_and_flows(frames["daily"], lang, period, events=events), key="trend_backlog",
                config=charts.plotly_config(lang))

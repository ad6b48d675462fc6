"""Contacts: whether a citizen's demand is handled once and done, and why not: repeat paths across
channels, failure demand, the load; the classic contact-centre indicators apart, never headlined."""

import streamlit as st

from oncedone import config, i18n
from oncedone.app import charts, ui
from oncedone.kpi import emerging, indicators

lang = ui.lang()
f = ui.filters()
cfg = config.load()
grain = indicators.grain_for(f)
period = (f.from_day, f.to_day)
CHART = charts.plotly_config(lang)
events = ui.trend_events(f)  # drawn on every trend
MIN_BACKLOG_DAYS = 100  # an age bucket with fewer application-days is drawn pale: too few to read


def target(name: str) -> list[tuple[float, str]]:
    """The green threshold of a rate, as a reference line."""
    t = cfg.thresholds.get(name)
    return [(t.good, i18n.t("series.target", lang, label=i18n.format_rate(t.good, lang, 0)))] if t else []


st.title(i18n.t("contacts.title", lang))
st.caption(i18n.t("delivery.period", lang, start=i18n.format_day(f.from_day, lang), end=i18n.format_day(f.to_day, lang)))

# The headline numbers are the report's, for the same period and filters.
r = ui.report(f)
window = r["window_days"]
reasons = ", ".join(i18n.label("reason", x, lang) for x in cfg.failure_demand_reasons)
cards = ui.card_grid()  # wraps as the backlog's cards do: no value cut on a narrow screen
ui.metric_card(cards, "once_and_done_rate", r["once_and_done_rate"], help=i18n.t(
    "contacts.once_and_done_help", lang, window=window, provisional=i18n.format_number(r["provisional_episodes"], lang)))
ui.metric_card(cards, "episode_count", r["episodes"], help=i18n.t(
    "contacts.episodes_help", lang, unlinked=i18n.format_number(r["unlinked_contacts"], lang)))
ui.metric_card(cards, "failure_demand_rate", r["failure_demand_rate"], help=i18n.t("contacts.failure_help", lang, reasons=reasons))
ui.metric_card(cards, "contacts_per_delivered_title", r["contacts_per_delivered_title"], help=i18n.t("contacts.per_title_help", lang))

# Once and done over time, by the first contact's channel: the chatbot's false containment.
st.subheader(i18n.t("contacts.once_and_done", lang))
episodes = ui.selection_dataset("indicators/episodes_by_day", f)
rates = indicators.ONCE_AND_DONE
ui.chart(figure=
    charts.group_lines(indicators.rollup(episodes, "episode_day", f, grain, by=("channel",), rates=rates),
                       "period_start_day", "once_and_done_rate", "channel", lang, grain, period,
                       total=indicators.rollup(episodes, "episode_day", f, grain, rates=rates),
                       dotted="logged_resolved_rate", references=target("once_and_done_rate"), events=events),
    key="contacts_once_and_done", config=CHART,
)
st.caption(i18n.t("contacts.once_and_done_caption", lang) + " " + i18n.t("series.grain", lang, grain=i18n.t(f"grain.{grain}", lang)))

st.markdown(f"**{i18n.t('contacts.by_first_contact', lang)}**")
for tab, by in zip(st.tabs([i18n.t(f"contacts.tab_{b}", lang) for b in ("channel", "team", "reason")]), ("channel", "team", "reason")):
    with tab:
        ui.table(indicators.episode_breakdown(episodes, f, by), key=f"contacts_by_{by}", enums={by: by} if by != "team" else None)

st.subheader(i18n.t("contacts.paths", lang))
st.caption(i18n.t("contacts.paths_caption", lang))
ui.table(ui.selection_dataset("indicators/repeat_paths", f), key="contacts_paths", enums={"channel_path": "channel_path"},
         hide=("logged_resolved_count", "once_and_done_count"))

# Emerging demand: the segments rising abnormally in the period, each a link to its contacts.
st.subheader(i18n.t("emerging.title", lang))
rising = r["emerging"] + r["emerging_incomplete"]
if not rising:
    st.success(i18n.t("emerging.none", lang))
for finding in rising:
    view = emerging.finding_view(finding, f.to_day, lang)
    ui.link(view["page"], view["text"], f, **view["changes"])
st.caption(i18n.t("emerging.caption", lang, weeks=cfg.emerging.baseline_weeks,
                  alpha=i18n.format_number(cfg.emerging.alpha, lang, 3)))

# Failure demand: its reasons over time, and the link between delay and status inquiries.
st.subheader(i18n.t("contacts.failure", lang))
contacts = ui.selection_dataset("indicators/contacts_by_day", f)
if contacts.is_empty():
    st.info(i18n.t("contacts.empty", lang))
else:
    shares = indicators.reason_shares(contacts, f, grain, cfg.failure_demand_reasons)
    ui.chart(figure=charts.period_bars(shares, "period_start_day", "contact_share_rate", "reason", lang, grain, period,
                                       partial="is_partial_period", events=events),
                    key="contacts_failure", config=CHART)
    st.caption(i18n.t("contacts.failure_caption", lang))
st.markdown(f"**{i18n.t('contacts.inquiries', lang)}**")
inquiries = ui.selection_dataset("indicators/status_inquiries_by_age", f)
left, right = st.columns([3, 2])
ui.chart(where=left, figure=charts.category_bars(inquiries, "age_bucket", "inquiries_per_1000_backlog", lang, x_kind="age_bucket",
                                       pale_below=("backlog_day_count", MIN_BACKLOG_DAYS)), key="contacts_inquiries", config=CHART)
with right:
    ui.table(inquiries, key="contacts_inquiries_table", enums={"age_bucket": "age_bucket"}, hide=("inquiries_per_1000_backlog",))
st.caption(i18n.t("contacts.inquiries_caption", lang, minimum=i18n.format_number(MIN_BACKLOG_DAYS, lang)))

# The load: when contacts arrive, and on which channel.
st.subheader(i18n.t("contacts.load", lang))
left, right = st.columns(2)
with left:
    ui.chart(figure=charts.weekly_heatmap(ui.selection_dataset("indicators/contacts_by_hour", f), lang), key="contacts_load", config=CHART)
    st.caption(i18n.t("contacts.load_caption", lang))
with right:
    volume = indicators.rollup(contacts, "received_day", f, grain, by=("channel",))
    ui.chart(figure=charts.period_bars(volume, "period_start_day", "contact_count", "channel", lang, grain, period,
                                       partial="is_partial_period", events=events), key="contacts_volume", config=CHART)
    st.caption(i18n.t("contacts.volume_caption", lang, grain=i18n.t(f"grain.{grain}", lang)))

# Classic contact-centre indicators: shown, never headlined.
st.divider()
st.subheader(i18n.t("contacts.classic", lang))
st.caption(i18n.t("contacts.classic_caption", lang))
cards = ui.card_grid()
ui.metric_card(cards, "pickup_rate", r["pickup_rate"], help=i18n.t("contacts.pickup_help", lang))
ui.metric_card(cards, "mail_response_hours_p50", r["mail_response_hours_p50"], help=i18n.t("contacts.mail_help", lang))
ui.metric_card(cards, "mail_response_hours_p90", r["mail_response_hours_p90"], help=i18n.t("contacts.mail_help", lang))
ui.metric_card(cards, "csat_avg", r["csat_avg"], help=i18n.t("contacts.csat_help", lang, count=i18n.format_number(r["csat_count"], lang)))
# Mail in working time: the agency's commitment is counted in working days, not calendar hours.
st.markdown(f"**{i18n.t('conventions.working_time', lang)}**")
working = cfg.working_time
ui.working_time_cards(r, working)
left, right = st.columns(2)
pickup = indicators.pickup_series(contacts, f, grain)
ui.chart(where=left, figure=charts.time_lines(pickup, "period_start_day", [("pickup_rate", i18n.column_label("pickup_rate", lang), charts.COLOURS["channel"]["phone"], "solid")],
                                    lang, grain, period, references=target("pickup_rate"), events=events), key="contacts_pickup", config=CHART)
mail = ui.selection_dataset("indicators/mail_response_by_period", f, grain=grain)
mail_lines = [(c, i18n.column_label(c, lang), charts.COLOURS["channel"]["email"], d)
              for c, d in (("mail_response_hours_p50", "solid"), ("mail_response_hours_p90", "dot"))]
mail_lines.append(("mail_response_working_hours_p50", i18n.column_label("mail_response_working_hours_p50", lang),
                   charts.COLOURS["channel"]["webform"], "dash"))
ui.chart(where=right, figure=charts.time_lines(indicators.with_partial_periods(mail, f, grain), "period_start_day", mail_lines, lang,
                                     grain, period, y_title=i18n.t("unit.hours", lang), events=events),
                   key="contacts_mail", config=CHART)
st.markdown(f"**{i18n.t('contacts.handle_time', lang)}**")
ui.table(ui.selection_dataset("indicators/handle_time_by_channel", f), key="contacts_handle_time", enums={"channel": "channel"})

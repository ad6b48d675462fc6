"""Data: freshness, what each import did, and the rows it refused (the quarantine)."""

import streamlit as st

from oncedone import i18n, ui

lang = ui.lang()
MAX_IMPORTS = 50
MAX_QUARANTINE_ROWS = 1000

st.title(i18n.t("data.title", lang))

st.subheader(i18n.t("data.freshness", lang))
fresh = ui.dataset("freshness").row(0, named=True)
top, bottom = st.columns(3), st.columns(3)
ui.metric_card(top[0], "as_of", fresh["as_of"])
ui.metric_card(top[1], "last_import_at", fresh["last_import_at"])
ui.metric_card(top[2], "quarantined_count", fresh["quarantined_count"])
ui.metric_card(bottom[0], "requests_count", fresh["requests_count"])
ui.metric_card(bottom[1], "request_events_count", fresh["request_events_count"])
ui.metric_card(bottom[2], "contacts_count", fresh["contacts_count"])

st.subheader(i18n.t("data.imports", lang))
history = ui.dataset("app/import_history", max_imports=MAX_IMPORTS)
if history.is_empty():
    st.info(i18n.t("data.no_imports", lang))
else:
    total = history["import_count"][0]
    shown, total = (i18n.format_number(n, lang) for n in (min(total, MAX_IMPORTS), total))
    st.caption(i18n.t("data.imports_caption", lang, shown=shown, total=total))
    ui.table(history, key="data_import_history", enums={"kind": "kind"}, hide=("started_at", "import_count"))

st.subheader(i18n.t("data.quarantine", lang))
by_reason = ui.dataset("app/quarantine_by_reason")
if by_reason.is_empty():
    st.success(i18n.t("data.quarantine_empty", lang))
    st.stop()
st.caption(i18n.t("data.quarantine_caption", lang))
st.markdown(f"**{i18n.t('data.quarantine_by_reason', lang)}**")
ui.table(by_reason, key="data_quarantine_by_reason", enums={"kind": "kind", "reason": "quarantine_reason"})

st.markdown(f"**{i18n.t('data.quarantine_rows', lang)}**")
reasons = st.multiselect(
    i18n.t("data.quarantine_reason_filter", lang),
    options=sorted(by_reason["reason"].unique().to_list()),
    format_func=lambda r: i18n.label("quarantine_reason", r, lang),
    placeholder=i18n.t("filters.all", lang),
    key="data_quarantine_reasons",
)
rows = ui.with_quarantine_details(ui.dataset("app/quarantine_rows", reasons=reasons, max_rows=MAX_QUARANTINE_ROWS))
if not rows.is_empty():
    shown, total = (i18n.format_number(n, lang) for n in (rows.height, rows["total_count"][0]))
    st.caption(i18n.t("data.quarantine_shown", lang, shown=shown, total=total))
    ui.table(rows, key="data_quarantine_rows", enums={"kind": "kind", "reason": "quarantine_reason"}, hide=("total_count",))

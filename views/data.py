"""Data: how fresh and how complete the data is, upload of export files, and what each import did.

The rows the import refused have their own page (views/quarantine.py): a data officer works
through them there with their own filters, while this page is read by everyone.
"""

import streamlit as st

from oncedone import i18n
from oncedone.app import auth, ui
from oncedone.kpi import completeness

lang = ui.lang()
f = ui.filters()
MAX_IMPORTS = 50

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
if fresh["quarantined_count"]:
    count = i18n.format_number(fresh["quarantined_count"], lang)
    st.page_link(
        "views/quarantine.py", label=i18n.t("data.quarantine_link", lang, count=count),
        query_params={"lang": lang} if lang != i18n.DEFAULT_LANGUAGE else None,
    )

st.subheader(i18n.t("upload.header", lang))
ui.upload_panel()

st.subheader(i18n.t("events.header", lang))
ui.events_panel()

st.subheader(i18n.t("completeness.header", lang))
st.caption(i18n.t("completeness.caption", lang, start=i18n.format_day(f.from_day, lang), end=i18n.format_day(f.to_day, lang)))
measured = ui.selection_dataset("app/completeness", f).row(0, named=True)
coverage = ui.selection_dataset("app/channel_coverage", f)
ui.table(
    completeness.measures(measured, coverage), key="data_completeness",
    enums={"measure": "completeness_measure", "weakens": "completeness_weakens"},
)
st.markdown(f"**{i18n.t('completeness.days_header', lang)}**")
gaps = completeness.missing_days_shown(coverage, lang)
if gaps.is_empty():
    st.success(i18n.t("completeness.no_gap", lang))
else:
    st.caption(i18n.t("completeness.days_caption", lang))
    ui.table(gaps, key="data_missing_days", enums={"channel": "channel"})

st.subheader(i18n.t("publication.header", lang))
ui.publication_panel(f)

st.subheader(i18n.t("data.imports", lang))
history = ui.dataset("app/import_history", max_imports=MAX_IMPORTS)
if history.is_empty():
    st.info(i18n.t("data.no_imports", lang))
else:
    shown, total = (i18n.format_number(n, lang) for n in (history.height, history["import_count"][0]))
    st.caption(i18n.t("data.imports_caption", lang, shown=shown, total=total))
    ui.table(
        history, key="data_import_history", enums={"import_outcome": "import_outcome"},
        hide=("started_at", "import_count"), pinned=("import_id",),
    )

st.subheader(i18n.t("audit.header", lang))
auth.audit_panel(lang)

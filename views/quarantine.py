"""Quarantine: the rows the import refused, by file, kind and reason, with their original values;
download them in the contract's form, fix them, import them again (a fixed row leaves)."""

import streamlit as st

from oncedone import i18n
from oncedone.app import auth, exports, ui
from oncedone.store import quarantine

lang = ui.lang()
MAX_ROWS = 1000  # shown; the download holds every chosen row
MAX_DOWNLOAD_ROWS = 1_000_000

st.title(i18n.t("quarantine.title", lang))
st.caption(i18n.t("quarantine.caption", lang))
facets = ui.dataset("app/quarantine_facets")
if facets.is_empty():
    st.success(i18n.t("quarantine.empty", lang))
    st.stop()

st.markdown(f"**{i18n.t('quarantine.by_reason', lang)}**")
ui.table(facets, key="quarantine_facets", enums={"kind": "kind", "reason": "quarantine_reason"})

st.markdown(f"**{i18n.t('quarantine.rows', lang)}**")
options = quarantine.filter_options(facets)
columns = st.columns(3)
chosen = {
    "file_names": ui.url_multiselect(columns[0], i18n.t("quarantine.filter_file", lang), options["file_name"],
                                     "quarantine_files", "q_file", kind="file_name"),
    "kinds": ui.url_multiselect(columns[1], i18n.t("quarantine.filter_kind", lang), options["kind"],
                                "quarantine_kinds", "q_kind", kind="kind"),
    "reasons": ui.url_multiselect(columns[2], i18n.t("quarantine.filter_reason", lang), options["reason"],
                                  "quarantine_reasons", "q_reason", kind="quarantine_reason"),
}
rows = ui.dataset("app/quarantine_rows", **chosen, max_rows=MAX_ROWS)
if rows.is_empty():
    st.info(i18n.t("quarantine.none_chosen", lang))
    st.stop()

for kind, count in quarantine.kinds_chosen(facets, **chosen):
    whole = ui.dataset("app/quarantine_rows", **{**chosen, "kinds": [kind]}, max_rows=MAX_DOWNLOAD_ROWS)
    st.download_button(
        i18n.t("quarantine.download", lang, count=i18n.format_number(count, lang), kind=i18n.label("kind", kind, lang)),
        data=exports.quarantine_csv(whole, kind, lang), file_name=f"quarantine-{kind}.csv", mime="text/csv",
        key=f"quarantine_download_{kind}", help=i18n.t("quarantine.download_help", lang),
        on_click=auth.on_export(f"quarantine-{kind}.csv", whole.height),
    )
shown, total = (i18n.format_number(n, lang) for n in (rows.height, rows["total_count"][0]))
st.caption(i18n.t("quarantine.shown", lang, shown=shown, total=total))
shown_rows, value_labels = quarantine.for_display(ui.with_quarantine_details(rows))
ui.table(shown_rows, key="quarantine_rows", enums={"kind": "kind", "reason": "quarantine_reason"}, labels=value_labels)

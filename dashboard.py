"""Once & Done: the entry file. It runs on every rerun and is the frame of every page:
page config, language switch, navigation, and the shared filter bar bound to the URL."""

import streamlit as st

from oncedone import i18n, ui

st.set_page_config(page_title="Once & Done", page_icon="✅", layout="wide")

lang = ui.language_switch()
# The views live in views/, not pages/: a `pages/` folder puts a fresh server (and AppTest) in
# Streamlit's old folder mode, where a direct link runs the page alone, without this frame.
today = st.Page("views/today.py", title=i18n.t("nav.today", lang), url_path="today", default=True)
data = st.Page("views/data.py", title=i18n.t("nav.data", lang), url_path="data")
pages = [today, data]
ui.register_pages(pages)
page = st.navigation(pages)

ui.require_warehouse()
if page == today:  # the data page shows every import, whatever the filters
    ui.filter_bar(day_view=True)
ui.freshness_badge()
page.run()

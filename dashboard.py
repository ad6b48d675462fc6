"""Once & Done: the entry file. It runs on every rerun and is the frame of every page:
page config, language switch, navigation, and the shared filter bar bound to the URL."""

# What the pages need, imported before any page runs: each session runs in a thread of its own,
# and Plotly reads `sys.modules` for pandas without importing it, so on a fresh server a session
# could find pandas half imported by another (`partially initialized module 'pandas'`). An import
# here holds Python's import lock until the module is whole.
import pandas  # noqa: F401
import plotly.graph_objects  # noqa: F401
import streamlit as st

from oncedone import i18n
from oncedone.app import auth, charts, exports, ui  # noqa: F401

st.set_page_config(page_title="Once & Done", page_icon="✅", layout="wide")
ui.page_styles()

lang = ui.language_switch()
scope = auth.gate(lang)  # the login, before any page: a run it cannot vouch for stops here
# The views live in views/, not pages/: a `pages/` folder puts a fresh server (and AppTest) in
# Streamlit's old folder mode, where a direct link runs the page alone, without this frame.
today = st.Page("views/today.py", title=i18n.t("nav.today", lang), url_path="today", default=True)
backlog = st.Page("views/backlog.py", title=i18n.t("nav.backlog", lang), url_path="backlog")
delivery = st.Page("views/delivery.py", title=i18n.t("nav.delivery", lang), url_path="delivery")
contacts = st.Page("views/contacts.py", title=i18n.t("nav.contacts", lang), url_path="contacts")
load = st.Page("views/load.py", title=i18n.t("nav.load", lang), url_path="load")
data = st.Page("views/data.py", title=i18n.t("nav.data", lang), url_path="data")
quarantine = st.Page("views/quarantine.py", title=i18n.t("nav.quarantine", lang), url_path="quarantine")
quickwins = st.Page("views/quickwins.py", title=i18n.t("quickwins.nav", lang), url_path="quickwins")
# The upload, the quarantine's raw rows and the import history are the data team's: for anyone
# else these pages are not in the navigation, and their address leads to the default page.
pages = [today, backlog, delivery, contacts, load, quickwins, *((data, quarantine) if scope.data_team else ())]
ui.register_pages(pages)
page = st.navigation(pages)

ui.require_warehouse()
if page in (today, backlog, quickwins):  # at-a-day views: the day shown, and the trends before it
    ui.filter_bar(day_view=True)
elif page in (delivery, contacts, load, data):  # the data page's period is completeness's
    ui.filter_bar()
ui.freshness_badge()
auth.record_view(page.url_path or "today")  # the default page has an empty url path
page.run()

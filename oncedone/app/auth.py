"""Who may see what, on the Streamlit side: the login gate the entry file runs before any page, the
reader in the sidebar, and the audit rows of what they do.

`gate()` ends every run it cannot vouch for (misconfigured login, nobody logged in, a session too
old, a reader with no grant) with `st.stop()`, before the navigation exists: no page runs, and no
fall-back to the open mode. What it lets through leaves the reader's Scope in
st.session_state["oncedone.scope"], which the datasets read (`ui.current_scope()`).
"""

import json
import time
import urllib.request

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from oncedone import access, audit, config, i18n
from oncedone.access import EVERYTHING, AccessError, Scope
from oncedone.app import ui

SCOPE_KEY = "oncedone.scope"
IDENTITY_KEY = "_access_identity"  # (subject, email) of this session's reader; absent in the open mode
_LOGIN_RECORDED = "_access_login_recorded"
_LAST_VIEW = "_access_last_view"  # (page, filters) last recorded: a rerun of the same view is not a new one
_PAGE = "_access_page"
METADATA_TIMEOUT_SECONDS = 5
AUDIT_ROWS = 200


def gate(lang: str) -> Scope:
    """The reader's scope, set in the session state; or the run stops on the page that says why."""
    settings = config.load().access
    if settings.mode == "open":
        st.session_state[SCOPE_KEY] = EVERYTHING
        st.session_state.pop(IDENTITY_KEY, None)
        # A bordered box, not st.warning: the pages' own warnings stay the only ones they show; the
        # text in the theme's colours (a coloured badge's orange on orange misses the 4.5:1 contrast).
        st.container(border=True, key="access_open_banner").markdown(f":material/lock_open: {i18n.t('access.open_banner', lang)}")
        return EVERYTHING
    st.session_state.pop(SCOPE_KEY, None)  # fail closed: no scope of an earlier run survives a stop below
    try:
        login = access.login_settings(_secrets())
    except AccessError as err:
        _stop_broken(ui.plain(str(err)), lang)
    problem = _metadata_problem(login.server_metadata_url)
    if problem:
        _stop_broken(i18n.t("access.unreachable", lang, url=login.server_metadata_url, error=ui.plain(problem)), lang)
    user = st.user.to_dict()
    if not user.get("is_logged_in"):
        _stop_login(login, lang)
    if access.session_expired(user, settings.session_hours, time.time()):
        st.info(i18n.t("access.expired", lang, hours=i18n.format_number(settings.session_hours, lang)))
        st.logout()
        st.stop()
    who = (_text(user.get("sub")), _text(user.get("email")))
    groups = access.groups_of(user, settings.groups_claim)
    scope = settings.scope_for(groups)
    if scope.is_empty:
        _stop_refused(who, groups, settings.contact, lang)
    st.session_state[SCOPE_KEY] = scope
    st.session_state[IDENTITY_KEY] = who
    if st.session_state.get(_LOGIN_RECORDED) != (who, user.get("iat")):
        path = ui.warehouse_path()
        audit.purge(path, settings.audit_retention_days)  # each login: the trail never outlives its retention
        audit.record(path, "login", *who, detail=f"token issued at {user.get('iat')}")
        st.session_state[_LOGIN_RECORDED] = (who, user.get("iat"))
    reader(who, scope, lang)
    return scope


def _secrets() -> dict:
    try:
        return st.secrets.to_dict()
    except (FileNotFoundError, KeyError, ValueError, StreamlitSecretNotFoundError):
        return {}  # no secrets file: login_settings says the [auth] table is missing


@st.cache_resource(ttl=60, show_spinner=False)
def _metadata_problem(url: str) -> str | None:
    """Why the provider's discovery document cannot be read (None when it can); checked once a minute."""
    try:
        with urllib.request.urlopen(url, timeout=METADATA_TIMEOUT_SECONDS) as response:
            return access.metadata_problem(json.loads(response.read()))
    except (OSError, ValueError) as err:  # unreachable, refused, an HTTP error, not JSON
        return str(getattr(err, "reason", None) or err)


def _stop_broken(problem: str, lang: str) -> None:
    """Stop on what is wrong with the login (`problem`: Markdown, outside texts already escaped)."""
    st.error(f"**{i18n.t('access.broken.title', lang)}**\n\n{i18n.t('access.broken.body', lang, problem=problem)}")
    st.stop()


def _stop_login(login: access.Login, lang: str) -> None:
    st.title(i18n.t("access.login.title", lang))
    st.markdown(i18n.t("access.login.body", lang))
    if st.button(i18n.t("access.login.button", lang), key="access_login", type="primary"):
        st.login(login.provider)
    st.stop()


def _stop_refused(who: tuple, groups: list[str], contact: str, lang: str) -> None:
    st.title(i18n.t("access.refused.title", lang))
    named = ", ".join(f"`{g.replace('`', '')}`" for g in groups) or i18n.t("access.no_groups", lang)  # as the provider spells them
    st.markdown(i18n.t("access.refused.body", lang, who=ui.plain(_who_text(who)), groups=named))
    st.markdown(i18n.t("access.refused.ask", lang, contact=contact) if contact else i18n.t("access.refused.ask_default", lang))
    logout_button(st, lang)
    st.stop()


def logout_button(where, lang: str) -> None:
    if where.button(i18n.t("access.logout", lang), key="access_logout", icon=":material/logout:"):
        st.logout()


def reader(who: tuple, scope: Scope, lang: str) -> None:
    """The sidebar's reader: who is logged in, their scope in words, and the logout button."""
    box = st.sidebar.container(border=True)
    box.markdown(i18n.t("access.signed_in", lang, who=ui.plain(_who_text(who))))
    box.caption(i18n.t("access.scope", lang, scope=scope_words(scope, config.load().title_types, lang)))
    logout_button(box, lang)


def _who_text(who: tuple) -> str:
    subject, email = who
    return email or subject or "?"


def _text(value) -> str | None:
    return str(value) if value not in (None, "") else None


def scope_words(scope: Scope, title_types: list[str], lang: str) -> str:
    """A scope said for a person: "everything", or each grant as title types × departments."""
    if scope.is_national:
        said = [i18n.t("access.scope_all", lang)]
    else:
        said = list(dict.fromkeys(_grant_words(g, title_types, lang) for g in scope.grants))
    if scope.data_team:
        said.append(i18n.t("access.data_team", lang))
    return " ; ".join(said) if lang == "fr" else "; ".join(said)


def _grant_words(grant: access.Grant, title_types: list[str], lang: str) -> str:
    if grant.title_types is None:
        titles = i18n.t("access.all_title_types", lang)
    else:
        known = [t for t in title_types if t in grant.title_types] + [t for t in grant.title_types if t not in title_types]
        titles = ", ".join(i18n.label("title_type", t, lang) for t in known)
    if grant.departments is None:
        departments = i18n.t("access.all_departments", lang)
    else:
        key = "access.departments" if len(grant.departments) == 1 else "access.departments_many"
        departments = i18n.t(key, lang, codes=", ".join(grant.departments))
    return f"{titles} × {departments}"


# The audit trail ------------------------------------------------------------------------------


def identity() -> tuple[str | None, str | None]:
    """This session's reader (subject, e-mail); (None, None) in the open mode, where nobody logs in."""
    return st.session_state.get(IDENTITY_KEY) or (None, None)


def record_view(page: str) -> None:
    """Record that the reader viewed `page` with the URL's filters, once per page and filters."""
    st.session_state[_PAGE] = page
    who = st.session_state.get(IDENTITY_KEY)
    if who is None:
        return  # the open mode: nobody to record
    filters = audit.filters_text({k: st.query_params.get_all(k) for k in st.query_params})
    if st.session_state.get(_LAST_VIEW) != (page, filters):
        audit.record(ui.warehouse_path(), "view", *who, page=page, detail=filters)
        st.session_state[_LAST_VIEW] = (page, filters)


def exported(file_name: str, row_count: int, make):
    """A download button's `data`: makes the file when clicked, and records who exported how many rows
    of it. The reader and the page are taken now: the click runs the callable outside this script."""
    who, page, path = st.session_state.get(IDENTITY_KEY), st.session_state.get(_PAGE), ui.warehouse_path()

    def made():
        data = make()
        if who is not None:
            audit.record(path, "export", *who, page=page, detail=file_name, row_count=row_count)
        return data

    return made


def on_export(file_name: str, row_count: int):
    """A download button's `on_click` for a file made with the page (the quarantine's): records the
    export when clicked, at the start of the rerun the click brings."""
    def clicked() -> None:
        who = st.session_state.get(IDENTITY_KEY)
        if who is not None:
            audit.record(ui.warehouse_path(), "export", *who, page=st.session_state.get(_PAGE), detail=file_name,
                         row_count=row_count)

    return clicked


def audit_panel(lang: str) -> None:
    """The data page's audit trail: its latest rows, what it keeps and for how long."""
    st.caption(i18n.t("audit.caption", lang, days=i18n.format_number(config.load().access.audit_retention_days, lang)))
    rows = audit.recent(ui.warehouse_path(), AUDIT_ROWS)
    if rows.is_empty():
        st.info(i18n.t("audit.empty", lang))
        return
    shown, total = (i18n.format_number(n, lang) for n in (rows.height, rows["total_count"][0]))
    st.caption(i18n.t("audit.shown", lang, shown=shown, total=total))
    ui.table(rows, key="data_audit", enums={"action": "audit_action"}, hide=("total_count",))

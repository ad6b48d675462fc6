"""The login gate under AppTest: the open mode's banner, a broken login that stops the app, the
login screen, the access-refused page, the data team's pages, the session's age, the sidebar's
reader and the scope handed to the datasets. A real identity provider (oidc-provider-mock) serves
the discovery document the gate checks; `st.login()` itself runs in tests/test_browser_login.py.
"""

import io
import time
from datetime import date

import oidc_provider_mock
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from oncedone import audit, config, i18n
from oncedone.access import Grant, Scope
from oncedone.app import exports
from oncedone.kpi import backlog, indicators
from oncedone.store.warehouse import Warehouse
from tests import app_fixtures as fx

COOKIE_SECRET = "x" * 32
CONTACT = 'contact = "the data team (data@agency.example)"'
GROUPS = '''
[access.groups.direction]
title_types = "all"
departments = "all"

[access.groups.lead_passport]
title_types = ["passport"]
departments = "all"

[access.groups.lead_75_13]
title_types = "all"
departments = ["75", "13"]

[access.groups.data]
title_types = "all"
departments = "all"
data_team = true
'''


def oidc_config(path) -> str:
    """The shipped configuration with the login required and four groups, inserted into its [access]."""
    shipped = config.DEFAULT_PATH.read_text(encoding="utf-8")
    assert shipped.count('\n[access]\nmode = "open"\n') == 1
    # The groups' tables may come after any table; the contact is a key of [access] itself.
    path.write_text(shipped.replace('\n[access]\nmode = "open"\n', f'\n[access]\nmode = "oidc"\n{CONTACT}\n') + GROUPS,
                    encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def provider():
    with oidc_provider_mock.run_server_in_thread(port=0) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def small_warehouse(tmp_path_factory):
    return fx.build(tmp_path_factory.mktemp("login"))


def secrets(provider: str, **changes) -> dict:
    auth = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": COOKIE_SECRET,
            "client_id": "oncedone", "client_secret": "secret",
            "server_metadata_url": f"{provider}/.well-known/openid-configuration", **changes}
    return {"auth": {k: v for k, v in auth.items() if v is not None}}


@pytest.fixture
def app(small_warehouse, monkeypatch, tmp_path, provider):
    """A fresh session in the oidc mode, with valid secrets, not yet run and nobody logged in."""
    monkeypatch.setenv("ONCEDONE_WAREHOUSE", str(small_warehouse))
    monkeypatch.setenv("ONCEDONE_CONFIG", oidc_config(tmp_path / "oncedone.toml"))
    config.load.cache_clear()
    at = AppTest.from_file("../dashboard.py", default_timeout=300)
    at.secrets = secrets(provider)
    yield at
    config.load.cache_clear()


def user(*groups: str, sub: str = "u1", email: str | None = "u1@agency.example", age_hours: float = 1) -> dict:
    claims = {"is_logged_in": True, "sub": sub, "groups": list(groups), "iat": int(time.time() - age_hours * 3600)}
    return {**claims, "email": email} if email else claims


def run(at: AppTest, **params) -> AppTest:
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at) -> str:
    """Every text drawn, with the Markdown escapes of outside texts (an e-mail's `@`) taken out."""
    said = [m.value for m in at.markdown] + [c.value for c in at.caption] + [e.value for e in at.error]
    return "\n".join(said + [i.value for i in at.info] + [t.value for t in at.title]).replace("\\", "")


def banner(at: AppTest) -> str:
    return at.markdown[0].value  # the first thing drawn in the page's body


def test_the_open_mode_says_so_on_every_page(small_warehouse, monkeypatch):
    monkeypatch.setenv("ONCEDONE_WAREHOUSE", str(small_warehouse))
    config.load.cache_clear()
    at = run(AppTest.from_file("../dashboard.py", default_timeout=300), **{"from": fx.PERIOD[0], "to": fx.PERIOD[1]})
    assert banner(at).startswith(":material/lock_open: **Accès ouvert**\u202f: aucune connexion n'est demandée")
    assert at.session_state["oncedone.scope"].is_national and at.session_state["oncedone.scope"].data_team
    for page in ("views/backlog.py", "views/quarantine.py", "views/data.py"):
        at.switch_page(page)
        run(at)
        assert "Accès ouvert" in banner(at), page
    at = run(AppTest.from_file("../dashboard.py", default_timeout=300), lang="en")
    assert banner(at).startswith(":material/lock_open: **Open access**: no login is asked")


@pytest.mark.parametrize("changes, said", [
    ({"client_secret": None}, "the login needs [auth] client_secret"),
    ({"cookie_secret": "short"}, "cookie_secret must be a random text of at least 32"),
    ({"redirect_uri": "http://localhost:8501/"}, "redirect_uri must be the app's absolute address ending in /oauth2callback"),
    ({"server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}, "le fournisseur d'identité ne répond pas"),
])
def test_a_broken_login_stops_the_app_with_its_reason_and_never_opens_it(app, provider, changes, said):
    app.secrets = secrets(provider, **changes)
    app.user = user("direction")  # even a director's cookie opens nothing while the login is broken
    run(app)
    shown = app.error[0].value.replace("\\", "")  # the sentence's Markdown characters are escaped
    assert "Connexion mal configurée" in shown and said in shown
    assert not app.metric and "oncedone.scope" not in app.session_state


def test_no_auth_table_stops_the_app(app):
    app.secrets = {"something": "else"}
    run(app)
    assert "needs an [auth] table" in app.error[0].value.replace("\\", "") and not app.metric


def test_nobody_logged_in_gets_the_login_screen_and_no_number(app):
    run(app)
    assert app.title[0].value == "Connexion requise"
    assert [b.label for b in app.button] == ["Se connecter"]
    assert not app.metric and "oncedone.scope" not in app.session_state


def test_a_user_in_no_known_group_is_refused_with_who_they_are_and_whom_to_ask(app):
    app.user = user("visitors", "interns", email="vi@agency.example")
    run(app)
    assert app.title[0].value == "Accès refusé"
    said = texts(app)
    assert "vi@agency.example" in said and "`visitors`, `interns`" in said
    assert "the data team (data@agency.example)" in said
    assert [b.label for b in app.button] == ["Se déconnecter"]
    assert not app.metric and "oncedone.scope" not in app.session_state
    app.button(key="access_logout").click()
    run(app)
    assert app.user == {"is_logged_in": False}


def test_a_user_with_no_groups_claim_at_all_is_refused(app):
    app.user = {"is_logged_in": True, "sub": "s9", "iat": int(time.time())}
    run(app)
    assert app.title[0].value == "Accès refusé" and "aucun groupe" in texts(app) and "s9" in texts(app)


def test_the_scope_handed_to_the_datasets_is_the_union_of_the_groups(app):
    app.user = user("lead_passport", "lead_75_13", "unknown")
    run(app, **{"from": fx.PERIOD[0], "to": fx.PERIOD[1]})
    scope = app.session_state["oncedone.scope"]
    # passport in every department, every title type in 75 and in 13: three rectangles' cells.
    assert scope.cells == ("*|13", "*|75", "passport|*")
    assert scope == Scope((Grant(None, ("75", "13")), Grant(("passport",), None)))
    assert not scope.data_team


def test_the_sidebar_says_who_is_logged_in_and_their_scope(app):
    app.user = user("lead_75_13", email="lead@agency.example")
    run(app)
    said = texts(app.sidebar)
    assert "Connecté\u202f: **lead@agency.example**" in said
    assert "Périmètre\u202f: tous les titres × départements 75, 13" in said
    assert "Se déconnecter" in [b.label for b in app.sidebar.button]
    app.user = user("lead_passport", "direction", sub="d1", email=None)
    app.session_state["ui_lang"] = "en"
    run(app)
    said = texts(app.sidebar)
    assert "Logged in: **d1**" in said and "Scope: everything" in said


def test_a_reader_outside_the_data_team_never_reaches_the_upload_or_the_quarantine(app):
    app.user = user("direction")
    run(app)
    # Not in the navigation: no link to them, and their address leads to Today (typed in a browser:
    # tests/test_browser_login.py).
    for page in ("views/quarantine.py", "views/data.py"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            app.switch_page(page)
    app.user = user("data")
    run(app)
    app.switch_page("views/quarantine.py")
    run(app)
    assert app.title[0].value.startswith("Quarantaine")


def test_a_session_older_than_session_hours_is_logged_out(app):
    app.user = user("direction", age_hours=10.5)  # session_hours = 10 (the shipped value)
    run(app)
    assert app.user == {"is_logged_in": False}
    assert "Votre session a dépassé 10\u202fheures" in app.info[0].value and not app.metric


def test_a_token_without_its_issue_time_is_too_old(app):
    app.user = {"is_logged_in": True, "sub": "u1", "groups": ["direction"]}
    run(app)
    assert app.user == {"is_logged_in": False}


def test_a_login_and_a_page_view_with_its_filters_leave_one_row_each(app, small_warehouse):
    app.user = user("data", sub="data-1", email="data1@agency.example")
    run(app, **{"from": fx.PERIOD[0], "to": fx.PERIOD[1], "department": "75"})
    run(app)  # a rerun of the same view is not a new view
    rows = audit.recent(small_warehouse).filter(subject="data-1")
    assert sorted(rows["action"].to_list()) == ["login", "view"]
    view = rows.filter(action="view").row(0, named=True)
    assert view["email"] == "data1@agency.example" and view["page"] == "today"
    assert '"department": ["75"]' in view["detail"] and f'"to": ["{fx.PERIOD[1]}"]' in view["detail"]
    app.switch_page("views/data.py")
    run(app)
    assert "Journal d'audit" in [s.value for s in app.subheader]
    # The last table of the page (a table without selections has no element id: tell it by its columns).
    shown = next(df.value for df in app.dataframe if "subject" in df.value.columns)
    assert "data1@agency.example" in shown["email"].to_list()


# The checks themselves (oncedone/access.py, no Streamlit) -----------------------------------------

FLAT = secrets("http://sso.example")


def test_a_flat_auth_table_is_the_default_provider_and_one_named_provider_is_that_one():
    from oncedone import access

    assert access.login_settings(FLAT) == access.Login(None, "http://sso.example/.well-known/openid-configuration")
    shared = {k: FLAT["auth"][k] for k in ("redirect_uri", "cookie_secret")}
    named = {"auth": {**shared, "keycloak": {k: FLAT["auth"][k] for k in access.AUTH_PROVIDER},
                      "client_kwargs": {"prompt": "login"}}}
    assert access.login_settings(named).provider == "keycloak"
    two = {"auth": {**named["auth"], "entra": named["auth"]["keycloak"]}}
    with pytest.raises(access.AccessError, match="several providers"):
        access.login_settings(two)
    missing = {"auth": {**shared, "keycloak": {"client_id": "x"}}}
    with pytest.raises(access.AccessError, match=r"\[auth.keycloak\] client_secret, \[auth.keycloak\] server_metadata_url"):
        access.login_settings(missing)


@pytest.mark.parametrize("changes", [
    {"redirect_uri": "localhost:8501/oauth2callback"},  # not absolute
    {"redirect_uri": "http://localhost:8501/oauth2callback/"},
    {"server_metadata_url": "sso.example/.well-known/openid-configuration"},
    {"client_id": "  "},
])
def test_a_login_setting_that_st_login_cannot_use_is_refused(changes):
    from oncedone import access

    with pytest.raises(access.AccessError):
        access.login_settings({"auth": {**FLAT["auth"], **changes}})


def test_a_discovery_document_needs_its_endpoints():
    from oncedone import access

    whole = {"issuer": "i", "authorization_endpoint": "a", "token_endpoint": "t", "jwks_uri": "j"}
    assert access.metadata_problem(whole) is None
    assert access.metadata_problem({"issuer": "i"}) == "its discovery document lacks authorization_endpoint, token_endpoint, jwks_uri"
    assert access.metadata_problem(["not", "an", "object"]) == "its discovery document is not a JSON object"


def test_the_session_age_counts_from_the_tokens_issue_time():
    from oncedone import access

    # 10 hours = 36 000 s: a token issued 36 000 s ago is still valid, one second more is not.
    assert not access.session_expired({"iat": 1_000}, 10, 37_000)
    assert access.session_expired({"iat": 1_000}, 10, 37_001)
    assert access.session_expired({"iat": "1000"}, 10, 1_001) and access.session_expired({"iat": True}, 10, 1_001)


def test_groups_come_as_a_list_or_one_bare_text():
    from oncedone import access

    assert access.groups_of({"groups": ["a", "b"]}, "groups") == ["a", "b"]
    assert access.groups_of({"roles": "lead_75"}, "roles") == ["lead_75"]
    assert access.groups_of({"groups": None}, "groups") == [] and access.groups_of({}, "groups") == []


# Issue 17's readers, each logged in with their groups, on the small warehouse at the end of
# 30/11/2018 (the backlog page's day with `to` = 30/11). Open then (tests/app_fixtures.py):
# R2 (id_card, 13), R5 (driving_licence, 75), R7 (id_card, 2A); R1, R4 delivered, R3 rejected,
# R6 submitted on 1/12 in Paris. The one who matches no group is refused (test above).
EVERY_TYPE = ("passport", "id_card", "driving_licence", "vehicle_registration")
READERS = [
    # groups, open applications shown, title types the filter bar offers, the data team's pages
    (("direction",), ("R2", "R5", "R7"), EVERY_TYPE, False),
    (("lead_passport",), (), ("passport",), False),  # no passport is open
    (("lead_75_13",), ("R2", "R5"), EVERY_TYPE, False),  # R2 (13), R5 (75); R7 is in 2A
    (("lead_passport", "lead_75_13"), ("R2", "R5"), EVERY_TYPE, False),  # the union: R7 is an id card in 2A
    (("data",), ("R2", "R5", "R7"), EVERY_TYPE, True),
]


@pytest.mark.parametrize(("groups", "open_ids", "offered", "data_team"), READERS)
def test_each_reader_sees_their_backlog_their_filter_choices_and_the_data_pages_only_if_data_team(
        app, small_warehouse, groups, open_ids, offered, data_team):
    app.user = user(*groups)
    run(app)  # Today, at its default day: the last complete one, 30/11 (as_of 01/12 08:00)
    backlog_card = [m.value for m in app.metric if m.label.endswith(i18n.t("today.card.backlog", "fr"))]  # after its light
    assert backlog_card == [str(len(open_ids))]
    app.switch_page("views/backlog.py")
    run(app, **{"from": fx.PERIOD[0], "to": fx.PERIOD[1]})
    assert app.metric[0].value == str(len(open_ids))
    # The backlog's export, made as the page makes it, under the scope the gate set for this reader.
    november = indicators.Selection(date(2018, 11, 1), date(2018, 11, 30), scope=app.session_state["oncedone.scope"])
    apps = Warehouse(small_warehouse).query("backlog/applications_at_day", **backlog.applications_params(
        date(2018, 11, 30), november, backlog.Drill(), config.load()))
    exported = pl.read_csv(io.BytesIO(exports.backlog_csv(apps, "fr")[3:]), separator=";", infer_schema=False)
    assert sorted(exported[i18n.column_label("request_id", "fr")].to_list()) == list(open_ids)
    assert list(app.multiselect(key="flt_title_types").options) == [i18n.label("title_type", t, "fr") for t in offered]
    for page in ("views/quarantine.py", "views/data.py"):
        if data_team:
            app.switch_page(page)
            run(app)
            assert not app.exception
        else:
            with pytest.raises(ValueError, match="Could not find a navigation page"):
                app.switch_page(page)

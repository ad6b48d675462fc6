"""Scoping in SQL (issue 17): every dataset applies the reader's scope where it reads rows, the
runner refuses a dataset without one, and the pages, the report and the exports agree under it.

A tiny warehouse built through the real import: two title types (passport, id_card) in two
departments (75, 92), and contacts with no application. Times are Europe/Paris (CET in March
2018). as_of = 2018-03-22 10:00 CET (P92's delivery, the latest timestamp). The period is March.

The team lead's scope S = passport|75 + id_card|92 (two grants: never passports in 92).
"""

import dataclasses
import io
import re
from datetime import date

import oidc_provider_mock
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from benchmarks import page_views
from oncedone import access, config, i18n
from oncedone.access import EVERYTHING, Grant, Scope
from oncedone.app import exports, ui
from oncedone.kpi import backlog, indicators
from oncedone.store import ingest
from oncedone.store.warehouse import QUERIES_DIR, Warehouse, derived_tables, parameter_names
from tests.conftest import export_files
from tests.test_login import secrets as login_secrets, user as login_user  # the login's own harness

CFG = config.load()
MARCH = (date(2018, 3, 1), date(2018, 3, 31))
DAY = date(2018, 3, 31)

REQUESTS = [
    "P75A,passport,2018-03-01 10:00,75,online,C1",   # delivered 11 March: 10 days
    "P75B,passport,2018-03-05 10:00,75,online,C2",   # open: in review
    "P92,passport,2018-03-02 10:00,92,online,C3",    # delivered 22 March: 20 days
    "I75,id_card,2018-03-03 10:00,75,online,C4",     # open: in review
    "I92A,id_card,2018-03-04 10:00,92,online,C5",    # delivered 16 March: 12 days
    "I92B,id_card,2018-03-06 10:00,92,assisted,C6",  # open: incomplete
]
EVENTS = [
    "P75A,delivered,2018-03-11 10:00",
    "P75B,in_review,2018-03-07 10:00",
    "P92,delivered,2018-03-22 10:00",
    "I75,in_review,2018-03-05 10:00",
    "I92A,delivered,2018-03-16 10:00",
    "I92B,incomplete,2018-03-08 10:00",
]
CONTACTS = [
    "K1,phone,2018-03-06 09:00,2018-03-06 09:01,resolved,status_inquiry,C2,P75B,N1,X1,60,",   # P75B: in S
    "K2,phone,2018-03-07 09:00,2018-03-07 09:01,resolved,status_inquiry,C4,I75,N1,X1,60,",    # I75: outside S
    "K3,email,2018-03-09 10:00,2018-03-09 12:00,resolved,documents,C6,I92B,MAIL,X2,,",        # I92B: in S
    "K4,chatbot,2018-03-10 10:00,2018-03-10 10:00,resolved,other,C9,,BOT,,,",                # no application
    "K5,phone,2018-03-12 09:00,,abandoned,status_inquiry,,,N1,,,",                           # no application, no citizen
    "K6,webform,2018-03-13 10:00,,pending,correction,C7,Z404,MAIL,,,",                      # an application nobody knows
]

S = Scope((Grant(("passport",), ("75",)), Grant(("id_card",), ("92",))))
ALL_OF_75 = Scope((Grant(None, ("75",)),))  # every title type of one department: not national
NATIONAL_READER = Scope((Grant(None, None),))  # a director: national, not the data team
NOBODY = Scope(())


@pytest.fixture(scope="module")
def wh(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scope")
    outcome = ingest.ingest(folder / "scope.duckdb", export_files(folder, REQUESTS, EVENTS, CONTACTS))
    assert outcome.exit_code == 0, ingest.summary(outcome, "scope")
    return Warehouse(folder / "scope.duckdb")


def report(wh, scope: Scope, **filters) -> dict:
    return indicators.report(wh, indicators.Selection(*MARCH, **filters, scope=scope), CFG)


def params(scope: Scope, **extra) -> dict:
    return {**indicators.Selection(*MARCH, scope=scope).params(CFG), **extra}


# Every dataset applies the scope ------------------------------------------------------------

READER_FOLDERS = ("indicators", "backlog", "load", "quickwins", "app")
# Tables whose rows carry an application's title type and department (contacts: their application's).
# Every derived table (a new one is covered as soon as it exists), and the macros over them.
FACT_TABLES = (*(d.table for d in derived_tables()), "open_applications_at", "open_stays_at")
BASE_TABLES = ("requests", "request_events", "contacts")


def reader_queries() -> list[str]:
    names = [p.relative_to(QUERIES_DIR).with_suffix("").as_posix() for folder in READER_FOLDERS
             for p in sorted((QUERIES_DIR / folder).glob("*.sql"))]
    return [*names, *(p.stem for p in sorted(QUERIES_DIR.glob("*.sql")))]


def without_comments(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)


@pytest.mark.parametrize("name", reader_queries())
def test_every_read_of_applications_or_contacts_is_scoped_where_it_reads(name):
    sql = without_comments((QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8"))
    fact_reads = len(re.findall(rf"\b(?:from|join)\s+(?:{'|'.join(FACT_TABLES)})\b", sql))
    base_reads = len(re.findall(rf"\b(?:from|join)\s+(?:{'|'.join(BASE_TABLES)})\b", sql))
    scoped = len(re.findall(r"\bin_scope\(\$scope_cells,", sql))
    # One in_scope per read of a fact table (a read joined to a scoped one counts too: cheap, and no
    # later edit of the join can open it up); a base table has no title type: its file must scope a join.
    assert scoped >= fact_reads, f"{name}: {fact_reads} read(s) of facts, {scoped} in_scope"
    assert not base_reads or scoped, f"{name} reads a base table and applies no scope"
    assert ("scope_cells" in parameter_names(name)) == bool(fact_reads + base_reads)


def test_the_walk_sees_every_dataset_a_page_reads():
    named = {dataset for queries in page_views.PAGE_VIEWS.values() for dataset, _ in queries}
    assert named <= set(reader_queries())


@pytest.mark.parametrize("scope", [S, ALL_OF_75, NATIONAL_READER, NOBODY, EVERYTHING,
                                   Scope((Grant(("passport",), None), Grant(None, ("92",))))])
def test_in_scope_says_what_scope_allows(wh, scope):
    cells = [(t, d) for t in ("passport", "id_card", None) for d in ("75", "92", None)]
    sql = "select in_scope($c, $t, $d)"
    root = wh._current_root()
    for t, d in cells:
        with root.cursor() as cur:
            assert cur.sql(sql, params={"c": list(scope.cells), "t": t, "d": d}).fetchall()[0][0] is scope.allows(t, d)
    for t in ("passport", "id_card"):
        with root.cursor() as cur:
            shown = cur.sql("select title_type_in_scope($c, $t)", params={"c": list(scope.cells), "t": t}).fetchall()[0][0]
        assert shown is (scope.title_types([t]) == [t])


# The runner refuses a call without a scope ---------------------------------------------------


def test_a_dataset_without_a_scope_is_refused(wh):
    unscoped = {k: v for k, v in params(EVERYTHING, day=DAY).items() if not k.startswith("scope_")}
    with pytest.raises(indicators.ScopeError, match="backlog_at_day reads rows under a reader's scope"):
        indicators.query(wh, "indicators/backlog_at_day", **unscoped)
    with pytest.raises(TypeError, match="scope_cells"):  # the one runner itself, asked directly
        wh.query("indicators/backlog_at_day", **unscoped)
    with pytest.raises(TypeError, match="scope"):  # a selection names its scope: no default to fall back on
        indicators.Selection(*MARCH)


def test_a_dataset_of_no_rows_needs_no_scope(wh):
    assert wh.query("freshness")["requests_count"].item() == 6  # the data page's counts (data team only)
    assert wh.query("app/import_history", max_imports=50).height == 1  # the one import of this warehouse
    assert "scope_cells" not in parameter_names("app/import_history")


# Golden: the report under a scope ------------------------------------------------------------


def test_the_report_under_a_scope_counts_only_its_cells(wh):
    mine, everything = report(wh, S), report(wh, EVERYTHING)
    # Delivered in March: S sees P75A (10 days) and I92A (12); everything adds P92 (20).
    assert (mine["delivered"], everything["delivered"]) == (2, 3)
    assert mine["delivery_days_mean"] == pytest.approx((10 + 12) / 2)
    assert everything["delivery_days_mean"] == pytest.approx((10 + 12 + 20) / 3)
    # Open at the end of 31 March: S sees P75B and I92B; everything adds I75.
    assert (mine["backlog"], everything["backlog"]) == (2, 3)
    # Only the title types the scope shows are keys: no zero for a type the reader may not see.
    assert mine["backlog_by_title_type"] == {"passport": 1, "id_card": 1}
    assert everything["backlog_by_title_type"] == {"passport": 1, "id_card": 2, "driving_licence": 0,
                                                   "vehicle_registration": 0}
    # Contacts: S sees K1 (P75B) and K3 (I92B); everything has all six.
    assert (mine["contacts"], everything["contacts"]) == (2, 6)
    assert mine["contacts_by_channel"] == {"phone": 1, "email": 1, "chatbot": 0, "webform": 0}
    # Episodes: S's K1 and K3, each alone and resolved; everything adds K2 (resolved), K4 (resolved)
    # and K6 (pending): 4 of 5 once and done. K5 has no citizen.
    assert (mine["episodes"], mine["once_and_done_episodes"]) == (2, 2)
    assert (everything["episodes"], everything["once_and_done_episodes"]) == (5, 4)
    # Contacts without a citizen: K5, about no application: national demand.
    assert (mine["unlinked_contacts"], everything["unlinked_contacts"]) == (0, 1)


def test_contacts_with_no_application_only_for_a_national_scope(wh):
    # All of 75 (not national): K1 (P75B) and K2 (I75); K4, K5, K6 are national demand.
    seventy_five = report(wh, ALL_OF_75)
    assert (seventy_five["contacts"], seventy_five["unlinked_contacts"]) == (2, 0)
    # A director, "all" on both dimensions: all six, as the command line's EVERYTHING.
    director = report(wh, NATIONAL_READER)
    assert (director["contacts"], director["unlinked_contacts"], director["episodes"]) == (6, 1, 5)
    assert director == report(wh, EVERYTHING)


def test_an_empty_scope_sees_nothing(wh):
    r = report(wh, NOBODY)
    assert (r["delivered"], r["backlog"], r["contacts"], r["episodes"]) == (0, 0, 0, 0)
    assert r["delivery_days_p50"] is None and r["backlog_by_title_type"] == {}
    for name in ("backlog/open_at_day", "app/departments", "load/contact_segments_by_day"):
        assert wh.query(name, **params(NOBODY, day=DAY)).is_empty(), name


def test_disjoint_scopes_add_up_to_the_national_numbers(wh):
    national = report(wh, EVERYTHING)
    leads = [report(wh, Scope((Grant((t,), None),))) for t in CFG.title_types]
    # The team leads of the four title types: their backlogs, deliveries and contacts about an
    # application sum to the nation's (K4, K5, K6 are about none: national demand, in no lead's).
    for key in ("backlog", "delivered"):
        assert sum(r[key] for r in leads) == national[key]
    assert sum(r["contacts"] for r in leads) == national["contacts"] - 3
    assert sum(r["contacts"] for r in leads) == 3  # K1, K2, K3


def test_a_scoped_reader_s_numbers_equal_the_report_with_the_same_filters(wh):
    # S shown only passports in 75: the national report filtered to passport and 75 says the same.
    mine = report(wh, S, title_types=("passport",), departments=("75",))
    filtered = report(wh, EVERYTHING, title_types=("passport",), departments=("75",))
    assert {k: mine[k] for k in ("delivered", "backlog", "contacts", "episodes")} == {
        k: filtered[k] for k in ("delivered", "backlog", "contacts", "episodes")} == {
        "delivered": 1, "backlog": 1, "contacts": 1, "episodes": 1}  # P75A; P75B; K1; K1's
    # A filter outside the scope (passports in 92) shows nothing, not P92.
    outside = report(wh, S, title_types=("passport",), departments=("92",))
    assert (outside["delivered"], outside["backlog"], outside["contacts"]) == (0, 0, 0)


# Golden: the pages' datasets under a scope ---------------------------------------------------


def test_page_datasets_under_a_scope(wh):
    apps = wh.query("backlog/applications_at_day", **backlog.applications_params(DAY, indicators.Selection(
        *MARCH, scope=S), backlog.Drill(), CFG))
    assert apps["request_id"].to_list() == ["P75B", "I92B"]  # oldest first: 5 March, 6 March
    assert apps["contact_count"].to_list() == [1, 1]  # K1, K3
    assert wh.query("app/departments", **S.params())["department"].to_list() == ["75", "92"]
    assert wh.query("app/departments", **Scope((Grant(("passport",), ("75",)),)).params())["department"].to_list() == ["75"]
    within = wh.query("indicators/within_target_by_department", **params(S))
    # 75: P75A, 10 days (passport target 15: within); 92: I92A, 12 days (id_card 15: within).
    assert within.select("department", "delivered_count", "within_target_count").rows() == [("75", 1, 1), ("92", 1, 1)]
    completeness = wh.query("app/completeness", **params(S)).row(0, named=True)
    # K6's unknown application and K5's missing citizen are national demand: not S's to see.
    assert (completeness["contacts_count"], completeness["unmatched_request_count"],
            completeness["without_citizen_count"], completeness["applications_count"]) == (2, 0, 0, 4)
    national = wh.query("app/completeness", **params(EVERYTHING)).row(0, named=True)
    assert (national["contacts_count"], national["unmatched_request_count"], national["without_citizen_count"]) == (6, 1, 1)


def test_no_dataset_a_page_reads_shows_a_row_outside_the_scope(wh):
    # Every page view's datasets, run under S: a row naming a title type and a department is allowed.
    defaults = indicators.Selection(DAY, DAY, scope=S).params(CFG)
    seen = 0
    for queries in page_views.PAGE_VIEWS.values():
        for dataset, view_params in queries:
            rows = indicators.query(wh, dataset, **page_views.resolve(view_params, DAY, defaults))
            if {"title_type", "department"} <= set(rows.columns):
                seen += rows.height
                assert all(S.allows(t, d) for t, d in rows.select("title_type", "department").iter_rows()), dataset
            elif "title_type" in rows.columns:
                assert set(rows["title_type"].drop_nulls()) <= {"passport", "id_card"}, dataset
    assert seen > 0


def test_a_backlog_export_under_a_scope_holds_only_its_rows(wh):
    apps = wh.query("backlog/applications_at_day", **backlog.applications_params(DAY, indicators.Selection(
        *MARCH, scope=S), backlog.Drill(), CFG))
    data = exports.backlog_csv(apps, "en")
    back = pl.read_csv(io.BytesIO(data[3:]), infer_schema=False)
    assert back[i18n.column_label("request_id", "en")].to_list() == ["P75B", "I92B"]
    assert b"I75" not in data and b"P92" not in data


# The app: the session's scope in the filter bar, the pages and the cache ---------------------


# The readers log in for real (the login's gate, as in test_login): groups granting these scopes.
GROUPS_OF = {S: ("passport_75", "id_card_92"), ALL_OF_75: ("all_of_75",), EVERYTHING: ("data",)}
GROUP_TABLES = """
[access.groups.passport_75]
title_types = ["passport"]
departments = ["75"]

[access.groups.id_card_92]
title_types = ["id_card"]
departments = ["92"]

[access.groups.all_of_75]
title_types = "all"
departments = ["75"]

[access.groups.data]
title_types = "all"
departments = "all"
data_team = true
"""


@pytest.fixture(scope="module")
def provider():
    with oidc_provider_mock.run_server_in_thread(port=0) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def open_app(wh, monkeypatch):
    """A session in the shipped open mode: nobody logs in."""
    monkeypatch.setenv("ONCEDONE_WAREHOUSE", str(wh.path))
    return AppTest.from_file("../dashboard.py", default_timeout=60)


@pytest.fixture
def app(wh, monkeypatch, tmp_path, provider):
    """A session in the oidc mode with the groups above; `opened` logs a reader in."""
    shipped = config.DEFAULT_PATH.read_text(encoding="utf-8")
    settings = tmp_path / "oncedone.toml"
    settings.write_text(shipped.replace('\n[access]\nmode = "open"\n', '\n[access]\nmode = "oidc"\n') + GROUP_TABLES,
                        encoding="utf-8")
    monkeypatch.setenv("ONCEDONE_WAREHOUSE", str(wh.path))
    monkeypatch.setenv("ONCEDONE_CONFIG", str(settings))
    config.load.cache_clear()
    at = AppTest.from_file("../dashboard.py", default_timeout=60)
    at.secrets = login_secrets(provider)
    yield at
    config.load.cache_clear()


def log_in(at: AppTest, scope: Scope) -> None:
    at.user = login_user(*GROUPS_OF[scope])


def opened(at: AppTest, scope: Scope | None, page: str | None = None, **query) -> AppTest:
    if scope is not None:
        log_in(at, scope)
    for name, value in {"from": "2018-03-01", "to": "2018-03-31", **query}.items():
        at.query_params[name] = value
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_filter_bar_offers_only_the_scope_and_says_when_a_link_names_more(app):
    at = opened(app, S, "views/backlog.py", department=["92", "13"], title_type="driving_licence")
    titles = at.multiselect(key="flt_title_types")
    assert list(titles.options) == [i18n.label("title_type", t, "fr") for t in ("passport", "id_card")]
    assert list(at.multiselect(key="flt_departments").options) == ["75", "92"]
    assert at.multiselect(key="flt_departments").value == ["92"]  # 13 dropped, never shown
    said = [w.value for w in at.warning]
    assert i18n.t("filters.outside_scope", "fr", values=f"{i18n.label('title_type', 'driving_licence', 'fr')}, 13") in said
    # What is shown is S in 92: I92B open (not P92, a passport in 92, which S does not grant).
    assert at.metric[0].value == "1"
    assert at.query_params.get("department") in ("92", ["92"])


def test_a_forged_link_s_text_is_said_as_written_never_as_markdown(app):
    at = opened(app, S, "views/backlog.py", department="[here](https://evil.example)")
    said = [w.value for w in at.warning if "evil" in w.value]
    assert said and "\\[here\\]\\(https\\:" in said[0]  # escaped: no link
    assert at.metric[0].value == "2"  # S's backlog, the forged department ignored


def test_the_same_session_reads_another_scope_s_numbers_not_a_cached_one(app):
    at = opened(app, EVERYTHING, "views/backlog.py")
    assert at.metric[0].value == "3"  # P75B, I75, I92B
    log_in(at, ALL_OF_75)
    at.run()
    assert at.metric[0].value == "2"  # P75B, I75: the cache keys on the scope
    assert list(at.multiselect(key="flt_departments").options) == ["75"]


def test_a_kept_choice_the_new_scope_does_not_show_is_dropped(app):
    at = opened(app, EVERYTHING, "views/backlog.py", department="92")
    assert at.metric[0].value == "1"  # I92B (P92 delivered)
    log_in(at, ALL_OF_75)
    at.run()
    assert not at.exception
    assert at.multiselect(key="flt_departments").value == []
    assert at.metric[0].value == "2"  # all of 75: P75B, I75


def test_the_open_mode_without_a_login_reads_everything_and_a_national_link_says_nothing(open_app):
    at = opened(open_app, None, "views/backlog.py", department="13")
    assert at.metric[0].value == "3"
    assert not [w for w in at.warning if "13" in w.value]


def test_without_a_scope_outside_the_open_mode_a_page_stops(monkeypatch):
    # The gate always sets a scope before a page runs; a page run without one (a page reached
    # some other way) stops rather than read everything.
    closed = dataclasses.replace(CFG, access=access.AccessSettings(mode="oidc", groups={"lead": Grant(("passport",), None)}))
    monkeypatch.setattr(config, "load", lambda *a, **k: closed)
    stopped = []
    monkeypatch.setattr(ui.st, "stop", lambda: stopped.append(True))
    monkeypatch.setattr(ui.st, "error", lambda text: stopped.append(text))
    ui.current_scope()
    assert stopped == [i18n.t("scope.missing", "fr"), True]

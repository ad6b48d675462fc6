"""The delivery and contacts pages, run headless with AppTest on the small warehouse of
tests/app_fixtures.py: no exception at several filter settings and in both languages, and the
numbers shown equal to the report's (and the datasets') for the same period and filters."""

import json
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from oncedone import config, i18n
from oncedone.i18n import NNBSP
from oncedone.kpi import indicators
from oncedone.store.warehouse import Warehouse
from tests import app_fixtures as fx
from tests.test_pages import run, tables
from oncedone.access import EVERYTHING

NOVEMBER = {"from": fx.PERIOD[0], "to": fx.PERIOD[1]}
PAGES = {"delivery": "views/delivery.py", "contacts": "views/contacts.py"}
# The headline cards of each page: (report key, column whose label and format the card takes).
DELIVERY_CARDS = [
    ("delivered", "delivered_count"),
    ("delivery_days_p50", "delivery_days_p50"),
    ("delivery_days_p90", "delivery_days_p90"),
    ("within_target_rate", "within_target_rate"),
    ("right_first_time_rate", "right_first_time_rate"),
]
CONTACTS_CARDS = [
    ("once_and_done_rate", "once_and_done_rate"),
    ("episodes", "episode_count"),
    ("failure_demand_rate", "failure_demand_rate"),
    ("contacts_per_delivered_title", "contacts_per_delivered_title"),
    ("pickup_rate", "pickup_rate"),
    ("mail_response_hours_p50", "mail_response_hours_p50"),
    ("mail_response_hours_p90", "mail_response_hours_p90"),
    ("csat_avg", "csat_avg"),
]


@pytest.fixture(scope="module")
def small_warehouse(tmp_path_factory):
    return fx.build(tmp_path_factory.mktemp("pages_delivery_contacts"))


@pytest.fixture
def app(small_warehouse, monkeypatch):
    monkeypatch.setenv("ONCEDONE_WAREHOUSE", str(small_warehouse))
    return AppTest.from_file("../dashboard.py", default_timeout=60)


def open_page(at: AppTest, page: str, **params) -> AppTest:
    """Open the page at a link with `params` in the URL (Today first would widen a one-day period)."""
    at.switch_page(PAGES[page])
    run(at, **params)
    assert not at.exception, [e.value for e in at.exception]
    return at


def the_report(small_warehouse, params: dict) -> dict:
    selection = indicators.Selection(
        date.fromisoformat(params["from"]), date.fromisoformat(params["to"]),
        title_types=tuple(params.get("title_type", ())), departments=tuple(params.get("department", ())),
        channels=tuple(params.get("channel", ())), scope=EVERYTHING,
    )
    return indicators.report(Warehouse(small_warehouse), selection, config.load())


def shown(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def expect_report_cards(at: AppTest, report: dict, cards: list, lang: str) -> None:
    values = shown(at)
    for key, column in cards:
        assert values[i18n.column_label(column, lang)] == i18n.format_value(column, report[key], lang), key


FILTERS = [
    NOVEMBER,
    {**NOVEMBER, "title_type": ["passport"]},
    {**NOVEMBER, "channel": ["phone"]},
    {**NOVEMBER, "department": ["75"], "title_type": ["id_card", "passport"]},
    {"from": "2018-11-20", "to": "2018-11-20"},  # one day: a daily grain
    {"from": "2018-12-01", "to": "2018-12-01"},  # nothing delivered, almost nothing received
]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("params", FILTERS, ids=["november", "passport", "phone", "75-two-types", "one-day", "empty"])
def test_delivery_page_shows_the_reports_numbers(app, small_warehouse, params, lang):
    at = open_page(app, "delivery", lang=lang, **params)
    assert at.title[0].value == i18n.t("delivery.title", lang)
    expect_report_cards(at, the_report(small_warehouse, params), DELIVERY_CARDS, lang)


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("params", FILTERS, ids=["november", "passport", "phone", "75-two-types", "one-day", "empty"])
def test_contacts_page_shows_the_reports_numbers(app, small_warehouse, params, lang):
    at = open_page(app, "contacts", lang=lang, **params)
    assert at.title[0].value == i18n.t("contacts.title", lang)
    expect_report_cards(at, the_report(small_warehouse, params), CONTACTS_CARDS, lang)


def test_delivery_page_in_november_by_hand(app, small_warehouse):
    at = open_page(app, "delivery", **NOVEMBER)
    values = shown(at)
    # Delivered in November: R4 (20 Oct 10:00 CEST -> 2 Nov 09:00 CET, 13 d 0 h) and R1 (5 Nov 10:00
    # -> 20 Nov 15:00, 15 d 5 h): 2 titles, within 15 days: R4 only.
    assert values["Titres délivrés"] == "2"
    assert values["Délivrés dans le délai"] == f"50,0{NNBSP}%"
    # Cohort: R1 (15 d 5 h), R2 and R7 waiting (R3 rejected, R6 is a December submission).
    # Kaplan-Meier: R7 censored at 10 d 21 h, then R1 with 2 at risk: S = 1/2, the median is 15.2 d.
    assert values["Délai réel, médiane"] == f"15,2{NNBSP}jours"
    # S never reaches 0.1: "more than" the longest follow-up, R2: 6 Nov 09:00 -> 1 Dec 08:00 = 25 d.
    assert values["Délai réel, 90e centile"] == f"> 25{NNBSP}jours"
    by_type, by_department, cohorts = tables(at)
    assert dict(zip(by_type["Type de titre"], by_type["Titres délivrés"])) == {"Passeport": 2}
    assert sorted(by_department["Département"]) == ["69", "75"]
    # Weeks of submission in November: 5 Nov (R1, R2), 12 Nov (R3 rejected: none), 19 Nov (R7).
    assert list(cohorts["Demandes de la cohorte"]) == [2, 1]
    report = the_report(small_warehouse, NOVEMBER)
    assert sum(cohorts["Demandes de la cohorte"]) == report["cohort_requests"] == 3


@pytest.mark.parametrize(("lang", "separators", "day_format", "cohort_line", "passport"), [
    ("fr", "," + NNBSP, "%d/%m/%Y", "Cohortes de dépôt", "Passeport"),
    ("en", ".,", "%Y-%m-%d", "Submission cohorts", "Passport"),
])
def test_delivery_page_charts_follow_the_language(app, lang, separators, day_format, cohort_line, passport):
    at = open_page(app, "delivery", lang=lang, **NOVEMBER)
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    assert len(specs) == 6  # distribution, curves, stages, stages over time, right first time, rework
    assert all(spec["layout"]["separators"] == separators for spec in specs)
    curves = next(s for s in specs if any(t.get("name", "").startswith(cohort_line) for t in s["data"]))
    assert curves["layout"]["xaxis"]["tickformat"] == day_format  # five weeks: a tick per Monday
    assert any(t.get("name") == passport for s in specs for t in s["data"])


def test_contacts_page_in_november_by_hand(app, small_warehouse):
    at = open_page(app, "contacts", **NOVEMBER)
    values = shown(at)
    # Episodes in November: K1 (C2, R2), K2 (C1, R1; K5 is 23 days later), K6 (C3, R3), K7 (C7, R7);
    # K3 has no citizen. Once and done: K1 and K2, resolved alone; K6 escalated, K7 pending.
    assert values["Sollicitations"] == "4"
    assert values["Réglé au premier contact"] == f"50,0{NNBSP}%"
    by_channel, by_team, by_reason, paths, inquiries, handle = tables(at)
    assert dict(zip(by_channel["Canal"], by_channel["Sollicitations"])) == {"Téléphone": 2, "Courriel": 2}
    assert dict(zip(paths["Parcours"], paths["Sollicitations"])) == {"Téléphone": 2, "Courriel": 2}
    # Status inquiries about an open application: K1 (R2, 1 day old), K7 (R7, 8 days); K6 came the
    # day after R3 was rejected.
    assert list(inquiries["Relances"]) == [1, 1, 0, 0, 0]
    assert dict(zip(handle["Canal"], handle["Contacts traités"])) == {"Téléphone": 2, "Courriel": 1}


def test_contacts_page_in_english_with_a_channel_filter(app, small_warehouse):
    params = {**NOVEMBER, "channel": ["email"]}
    at = open_page(app, "contacts", lang="en", **params)
    assert shown(at)["Demands"] == "2"  # K2, K7
    paths = tables(at)[3]
    assert list(paths["Path"]) == ["Email"]
    assert the_report(small_warehouse, params)["episodes"] == 2

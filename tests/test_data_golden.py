"""Golden tests of the data page's datasets (completeness, channel coverage, import history,
quarantine) on tiny warehouses built through the real import; each value worked out by hand.

Times without an offset are Europe/Paris local time (CEST from 25 March 2018 02:00).
"""

from datetime import date, timedelta

import polars as pl
import pytest

from oncedone import config
from oncedone.kpi import completeness, indicators
from oncedone.store import ingest
from oncedone.store.warehouse import Warehouse
from tests.conftest import CONTACTS_HEADER, EVENTS_HEADER, REQUESTS_HEADER, write_lines
from oncedone.access import EVERYTHING

PERIOD = {"from_day": date(2018, 3, 26), "to_day": date(2018, 4, 8)}  # Monday 26 March to Sunday 8 April
EASTER_MONDAY = date(2018, 4, 2)

REQUESTS = [
    "A1,passport,2018-03-26 10:00,75,online,C1",           # in the period, department 75
    "A2,id_card,2018-03-27 10:00,,online,C2",              # in the period, no department
    "A3,passport,2018-04-10 10:00,,online,C3",             # after the period (and as_of)
    "A4,passport,2018-03-25 23:30,13,online,C4",           # Sunday 25 March in Paris: before the period
    "A5,driving_licence,2018-04-08 23:30,,online,C5",      # Sunday 8 April, 23:30: in the period, no department
]


def days(first: date, last: date, *skipped: date, weekdays_only: bool = False) -> list[date]:
    every = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return [d for d in every if d not in skipped and not (weekdays_only and d.weekday() >= 5)]


# One contact at 10:00 on each of these days (contact ids say the channel and the day):
#   phone:   weekdays 19 March - 10 April, except Wednesday 28 March (a gap) and Easter Monday (closed)
#   chatbot: every day 24 March - 10 April, except Wednesday 4 April and Saturday 7 April (gaps)
#   webform: every day from Friday 30 March (its first contact) to 10 April
#   email:   none at all
GENERATED = {
    "phone": days(date(2018, 3, 19), date(2018, 4, 10), date(2018, 3, 28), EASTER_MONDAY, weekdays_only=True),
    "chatbot": days(date(2018, 3, 24), date(2018, 4, 10), date(2018, 4, 4), date(2018, 4, 7)),
    "webform": days(date(2018, 3, 30), date(2018, 4, 10)),
}
SPECIAL = [
    "S1,phone,2018-03-27 11:00,,resolved,other,,A1,,,,",            # in the period, no citizen
    "S2,phone,2018-04-03 11:00,,resolved,other,C2,R404,,,,",        # in the period, unknown application
    "S3,chatbot,2018-03-31 21:00,,resolved,other,,,,,,",            # in the period, no citizen
    "S4,chatbot,2018-04-08T22:30:00Z,,resolved,other,,,,,,",        # 00:30 on Monday 9 April: after the period
    "S5,phone,2018-03-23 10:30,,resolved,other,,,,,,",              # before the period, no citizen
]


def contact_lines() -> list[str]:
    lines = [
        f"{channel}-{day},{channel},{day} 10:00,,resolved,other,C1,,,,,"
        for channel, channel_days in GENERATED.items()
        for day in channel_days
    ]
    return lines + SPECIAL


@pytest.fixture(scope="module")
def coverage_warehouse(tmp_path_factory) -> Warehouse:
    folder = tmp_path_factory.mktemp("completeness")
    files = [
        write_lines(folder / "requests.csv", REQUESTS_HEADER, *REQUESTS),
        write_lines(folder / "contacts.csv", CONTACTS_HEADER, *contact_lines()),
    ]
    outcome = ingest.ingest(folder / "w.duckdb", files)
    assert outcome.exit_code == 0, ingest.summary(outcome, "w")
    return Warehouse(folder / "w.duckdb")


def test_public_holidays_of_france(coverage_warehouse):
    holidays = coverage_warehouse.query("app/channel_coverage", **EVERYTHING.params(), from_day=date(2018, 1, 1), to_day=date(2018, 12, 31), channels=[])
    assert EASTER_MONDAY not in holidays.filter(pl.col("channel") == "phone")["day"].to_list()
    # Easter 2018 is 1 April: Easter Monday 2 April, Ascension 10 May (+39), Whit Monday 21 May (+50).
    import duckdb

    from oncedone.store.warehouse import SCHEMA_DIR

    con = duckdb.connect()
    con.execute((SCHEMA_DIR / "007_public_holidays.sql").read_text())
    found = con.sql(
        "select d::date from generate_series(date '2018-01-01', date '2018-12-31', interval 1 day) t(d) "
        "where is_public_holiday(d::date) order by 1"
    ).fetchall()
    assert [d for (d,) in found] == [
        date(2018, 1, 1), date(2018, 4, 2), date(2018, 5, 1), date(2018, 5, 8), date(2018, 5, 10), date(2018, 5, 21),
        date(2018, 7, 14), date(2018, 8, 15), date(2018, 11, 1), date(2018, 11, 11), date(2018, 12, 25),
    ]
    # Easter Sunday in other years (the algorithm's hard cases: March, and late April).
    easter = dict(con.sql("select y, easter_day(y) from (values (2008), (2011), (2019), (2024), (2038)) t(y)").fetchall())
    assert easter == {2008: date(2008, 3, 23), 2011: date(2011, 4, 24), 2019: date(2019, 4, 21),
                      2024: date(2024, 3, 31), 2038: date(2038, 4, 25)}


def test_completeness_of_the_period(coverage_warehouse):
    row = coverage_warehouse.query("app/completeness", **EVERYTHING.params(), **PERIOD, channels=[]).row(0, named=True)
    # Contacts in the period: phone 8 days (26, 27, 29, 30 March; 3-6 April; 28 March is the gap,
    # 2 April closed) + chatbot 12 days (26 March - 8 April is 14 days, less 4 and 7 April)
    # + webform 10 days (30 March - 8 April) = 30, and S1, S2, S3 = 33 (S4 is 9 April, S5 23 March).
    assert row["contacts_count"] == 33
    assert row["without_citizen_count"] == 2  # S1, S3
    assert row["without_citizen_rate"] == pytest.approx(2 / 33)
    assert row["unmatched_request_count"] == 1  # S2 names R404 (S1 names A1, which exists)
    assert row["unmatched_request_rate"] == pytest.approx(1 / 33)
    # Applications submitted in the period: A1, A2, A5 (A4 is 25 March, A3 10 April); no department: A2, A5.
    assert (row["applications_count"], row["without_department_count"]) == (3, 2)
    assert row["without_department_rate"] == pytest.approx(2 / 3)


def test_the_channel_filter_applies_to_contacts_only(coverage_warehouse):
    row = coverage_warehouse.query("app/completeness", **EVERYTHING.params(), **PERIOD, channels=["phone"]).row(0, named=True)
    # Phone in the period: 8 generated + S1 + S2 = 10; S1 has no citizen, S2 an unknown application.
    assert (row["contacts_count"], row["without_citizen_count"], row["unmatched_request_count"]) == (10, 1, 1)
    assert (row["applications_count"], row["without_department_count"]) == (3, 2)  # unchanged


def test_rates_of_an_empty_period_are_null(coverage_warehouse):
    row = coverage_warehouse.query("app/completeness", **EVERYTHING.params(), from_day=date(2018, 1, 1), to_day=date(2018, 1, 7), channels=[]).row(0, named=True)
    assert (row["contacts_count"], row["applications_count"]) == (0, 0)
    assert (row["without_citizen_rate"], row["unmatched_request_rate"], row["without_department_rate"]) == (None, None, None)
    coverage = coverage_warehouse.query("app/channel_coverage", **EVERYTHING.params(), from_day=date(2018, 1, 1), to_day=date(2018, 1, 7), channels=[])
    assert coverage.is_empty()  # before every channel's first contact: nothing expected


def test_channel_coverage_expects_usual_weekdays_from_the_first_contact(coverage_warehouse):
    coverage = coverage_warehouse.query("app/channel_coverage", **EVERYTHING.params(), **PERIOD, channels=[])
    expected = {channel: rows.sort("day")["day"].to_list() for (channel,), rows in coverage.group_by("channel")}
    # phone, 19 March - 10 April without Easter Monday: Monday to Friday each got contacts on at
    # least half of their dates (Wednesday: 21 March and 4 April of 21, 28 March, 4 April = 2 of 3);
    # Saturday and Sunday never. Expected in the period: the 9 weekdays but Easter Monday.
    assert expected["phone"] == days(date(2018, 3, 26), date(2018, 4, 6), EASTER_MONDAY, weekdays_only=True)
    # chatbot, 24 March - 10 April: every weekday usual (Saturday 2 of 3, Wednesday 1 of 2 = half);
    # expected every day of the period but Easter Monday: 13.
    assert expected["chatbot"] == days(date(2018, 3, 26), date(2018, 4, 8), EASTER_MONDAY)
    # webform from its first contact, Friday 30 March: 10 days less Easter Monday = 9.
    assert expected["webform"] == days(date(2018, 3, 30), date(2018, 4, 8), EASTER_MONDAY)
    assert "email" not in expected  # never had a contact: not expected
    gaps = coverage.filter(pl.col("contact_count") == 0).select("channel", "day").rows()
    assert gaps == [("chatbot", date(2018, 4, 4)), ("chatbot", date(2018, 4, 7)), ("phone", date(2018, 3, 28))]
    # Counts: 27 March phone = the generated call + S1 = 2.
    assert coverage.filter((pl.col("channel") == "phone") & (pl.col("day") == date(2018, 3, 27)))["contact_count"].item() == 2


def test_measures_missing_days_and_badges(coverage_warehouse):
    row = coverage_warehouse.query("app/completeness", **EVERYTHING.params(), **PERIOD, channels=[]).row(0, named=True)
    coverage = coverage_warehouse.query("app/channel_coverage", **EVERYTHING.params(), **PERIOD, channels=[])
    measures = completeness.measures(row, coverage)
    assert measures.select("measure", "affected_count", "population_count").rows() == [
        ("without_citizen", 2, 33),
        ("unmatched_request", 1, 33),
        ("without_department", 2, 3),
        ("missing_channel_days", 3, 9 + 13 + 9),  # 3 gaps out of 31 expected channel-days
    ]
    gaps = completeness.missing_days(coverage)
    assert gaps.rows() == [
        ("chatbot", 2, 13, [date(2018, 4, 4), date(2018, 4, 7)]),
        ("phone", 1, 9, [date(2018, 3, 28)]),
    ]
    assert completeness.day_list(gaps["missing_days"][0].to_list(), "fr", at_most=1) == "04/04/2018 (+1)"

    badges = completeness.badges(row, coverage, "en")
    chatbot, phone = "Chatbot: 2 days without data", "Phone: 1 day without data"
    assert badges == {
        # 2 / 33 = 6.06 %, 1 / 33 = 3.03 %, 2 / 3 = 66.7 %
        "once_and_done_rate": f"6.1% of contacts have no identified citizen: not counted in this rate · {chatbot} · {phone}",
        "contacts": f"3.0% of contacts name an unknown application · {chatbot} · {phone}",
        "failure_demand_rate": f"{chatbot} · {phone}",
        "pickup_rate": phone,  # a phone gap only; no email or webform gap, so no mail badge
        "backlog": "66.7% of applications have no department",
    }
    # The same, read for a selection (what the director's page calls through ui.engine).
    selection = indicators.Selection(PERIOD["from_day"], PERIOD["to_day"], title_types=("passport",), scope=EVERYTHING)
    assert completeness.card_badges(coverage_warehouse, selection, "en", config.load()) == badges  # title type: no effect
    # Under the threshold, no badge for a share; gaps always get one.
    assert set(completeness.badges(row, coverage, "fr", min_rate=0.7)) == {
        "once_and_done_rate", "contacts", "failure_demand_rate", "pickup_rate",
    }


# Import history and quarantine -------------------------------------------------------------------


@pytest.fixture(scope="module")
def history_warehouse(tmp_path_factory):
    folder = tmp_path_factory.mktemp("history")
    path = folder / "w.duckdb"
    first = [  # import 1: 3 requests (R3 bad), 2 events (one orphan)
        write_lines(folder / "requests.csv", REQUESTS_HEADER, "R1,passport,2018-03-01 10:00,75,online,C1",
                    "R2,passport,2018-03-01 11:00,75,online,C2", "R3,passport,yesterday,75,online,C3"),
        write_lines(folder / "events.csv", EVENTS_HEADER, "R1,in_review,2018-03-02 10:00", "R9,in_review,2018-03-02 10:00"),
    ]
    assert ingest.ingest(path, first, command="first").exit_code == ingest.EXIT_QUARANTINED
    second = [  # import 2: R3 fixed, R1 changed (department), a contact
        write_lines(folder / "requests_fixed.csv", REQUESTS_HEADER, "R3,passport,2018-03-01 12:00,75,online,C3",
                    "R1,passport,2018-03-01 10:00,13,online,C1"),
        write_lines(folder / "contacts.csv", CONTACTS_HEADER, "K1,phone,2018-03-05 09:00,,resolved,other,C1,R404,,,,"),
    ]
    assert ingest.ingest(path, second, command="second").exit_code == ingest.EXIT_OK
    with pytest.raises(ingest.UnusableFile):  # a refused import changes nothing: no history row
        ingest.ingest(path, [write_lines(folder / "junk.csv", "name,age", "Bob,3")], command="third")
    return Warehouse(path)


def test_import_history_one_row_per_import_latest_first(history_warehouse):
    history = history_warehouse.query("app/import_history", max_imports=50)
    columns = ["import_id", "file_names", "import_outcome", "rows_read", "rows_new", "rows_updated", "rows_unchanged",
               "rows_quarantined", "rows_released", "unmatched_request_links", "command", "import_count"]
    assert history.select(columns).rows() == [
        # import 2: 3 rows read; R3 new, R1 updated, K1 new; R3's quarantined row released; K1 names R404.
        (2, "contacts.csv, requests_fixed.csv", "loaded", 3, 2, 1, 0, 0, 1, 1, "second", 2),
        # import 1: 5 rows read; R1, R2 and R1's event new; R3 (bad timestamp) and R9's event (orphan) quarantined.
        (1, "events.csv, requests.csv", "partly_loaded", 5, 3, 0, 0, 2, 0, 0, "first", 2),
    ]
    assert (history["duration_seconds"] > 0).all()
    assert (history["finished_at"] >= history["started_at"]).all()
    cut = history_warehouse.query("app/import_history", max_imports=1)
    assert (cut["import_id"].to_list(), cut["import_count"].to_list()) == ([2], [2])


def test_quarantine_facets_and_rows_with_filters(history_warehouse):
    # R3 left (fixed in import 2); the orphan event of events.csv line 3 stays.
    facets = history_warehouse.query("app/quarantine_facets")
    assert facets.select("file_name", "kind", "reason", "row_count").rows() == [("events.csv", "request_events", "unknown_request", 1)]
    everything = history_warehouse.query("app/quarantine_rows", file_names=[], kinds=[], reasons=[], max_rows=10)
    assert everything.select("file_name", "line_number", "record_key", "total_count").rows() == [("events.csv", 3, "R9", 1)]
    assert history_warehouse.query("app/quarantine_rows", file_names=["requests.csv"], kinds=[], reasons=[], max_rows=10).is_empty()
    assert history_warehouse.query("app/quarantine_rows", file_names=[], kinds=["contacts"], reasons=[], max_rows=10).is_empty()
    chosen = history_warehouse.query("app/quarantine_rows", file_names=["events.csv"], kinds=["request_events"],
                                     reasons=["unknown_request"], max_rows=10)
    assert chosen["record_key"].to_list() == ["R9"]

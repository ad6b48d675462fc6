"""The reference scenario through the real import: it loads whole, and the report tells its story."""

from datetime import date

import pytest

from oncedone import config, scenario
from oncedone.kpi import indicators
from oncedone.store import ingest
from oncedone.store.warehouse import Warehouse
from oncedone.access import EVERYTHING


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    paths = scenario.generate(folder / "exports", scale=0.003, file_format="csv")
    outcome = ingest.ingest(folder / "demo.duckdb", list(paths.values()))
    return outcome, Warehouse(folder / "demo.duckdb")


def month(wh, first: date, last: date, **filters) -> dict:
    return indicators.report(wh, indicators.Selection(first, last, **filters, scope=EVERYTHING), config.load())


def test_the_scenario_imports_without_a_single_quarantined_row(demo):
    outcome, _ = demo
    assert outcome.exit_code == 0
    assert [f.kind for f in outcome.files] == ["requests", "request_events", "contacts"]
    assert all(f.rows_new == f.rows_read > 0 for f in outcome.files)
    assert outcome.files[2].unmatched_request_links == 0


def test_the_report_tells_the_dematerialisation_crisis(demo):
    _, wh = demo
    october = month(wh, date(2017, 10, 1), date(2017, 10, 31))
    january = month(wh, date(2018, 1, 1), date(2018, 1, 31))
    december = month(wh, date(2017, 12, 1), date(2017, 12, 31))
    september = month(wh, date(2018, 9, 1), date(2018, 9, 30))
    vehicle = "vehicle_registration"
    # The vehicle registration backlog grows several-fold, then recovers by autumn 2018.
    assert january["backlog_by_title_type"][vehicle] > 3 * october["backlog_by_title_type"][vehicle]
    assert september["backlog_by_title_type"][vehicle] < 1.5 * october["backlog_by_title_type"][vehicle]
    # The phone line saturates and demands are no longer handled once and done.
    assert december["pickup_rate"] < 0.75 * october["pickup_rate"]
    assert december["once_and_done_rate"] < october["once_and_done_rate"] - 0.1
    # Delivery, measured honestly on the cohort, climbs far past the 7-day target.
    crisis = month(wh, date(2017, 12, 1), date(2017, 12, 31), title_types=(vehicle,))
    assert crisis["cohort_p50"] is None or crisis["cohort_p50"] > 3 * 7
    assert crisis["within_target_rate"] < 0.5

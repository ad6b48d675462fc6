"""Pages made cheaper (issue 16) compute exactly what they computed before.

Every dataset a page view or the report runs (benchmarks/page_views.py) is run twice on the same
published warehouse: through today's queries and through the frozen copy of the queries as they
stood before (tests/reference_queries). The frames must hold the same rows (in any order: several queries
leave it to the engine), value for value and type for type; doubles to 1e-9 relative, since a sum over threads does not add in a fixed
order (the same query run twice differs in its last bits). So must the whole report, computed by today's Python over either set of
queries. This runs on a small demo and on a warehouse written by hand across both clock changes,
at several days and filters.

A new dataset that replaces several old ones (a card row folded into one query, say) has no
frozen twin: compare it here with what the old ones it replaces gave.
"""

import math
from collections import Counter
from datetime import date, timedelta

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from benchmarks.page_views import PAGE_VIEWS, resolve
from oncedone import config, scenario
from oncedone.access import EVERYTHING
from oncedone.kpi import director, emerging, indicators
from oncedone.kpi.indicators import Selection
from oncedone.store import ingest
from oncedone.store.warehouse import Warehouse
from tests import reference_queries
from tests.conftest import export_files

FILTERS = {
    "no filter": {},
    "passport": {"title_types": ("passport",)},
    "phone": {"channels": ("phone",)},
    "Paris and email": {"departments": ("75",), "channels": ("email",)},
}

# Around both clock changes, in Paris local time as the files write it. The night of 29 October
# 2017 has 02:00-03:00 twice (the offset says which); 25 March 2018 has no 02:00-03:00.
DST_REQUESTS = [
    "D1,passport,2017-10-29T02:30:00+02:00,75,online,C1",  # the first 02:30
    "D2,passport,2017-10-29T02:30:00+01:00,75,online,C2",  # the second, an hour later
    "D3,id_card,2017-10-28 23:59:59,13,assisted,C3",
    "D4,vehicle_registration,2018-03-25 01:59:59,75,online,C4",
    "D5,vehicle_registration,2018-03-25 03:00:00,69,professional,C5",
    "D6,driving_licence,2018-03-24T23:30:00Z,75,online,C6",  # 00:30 on the 25th in Paris
    "D7,passport,2017-10-01 10:00,75,online,C7",
]
DST_EVENTS = [
    "D1,in_review,2017-10-29T02:45:00+01:00",
    "D1,delivered,2017-11-10 10:00",
    "D2,incomplete,2017-10-30 09:00",
    "D2,resubmitted,2017-11-02 09:00",
    "D2,delivered,2018-03-25 03:30",
    "D3,rejected,2017-10-29 23:59:59",
    "D4,in_review,2018-03-25 03:00:01",
    "D5,approved,2018-03-26 00:00:00",
    "D7,delivered,2017-10-29T02:10:00+01:00",
]
DST_CONTACTS = [
    "K1,phone,2017-10-29T02:30:00+02:00,2017-10-29T02:31:00+02:00,resolved,status_inquiry,C1,D1,N1,A1,60,5",
    "K2,phone,2017-10-29T02:10:00+01:00,2017-10-29T02:20:00+01:00,escalated,status_inquiry,C1,D1,N1,A2,600,",
    "K3,email,2017-10-28 22:00,2017-10-30 08:00,resolved,documents,C2,D2,N2,A3,300,3",
    "K4,webform,2018-03-25 01:30,2018-03-25 03:30,resolved,correction,C4,D4,N2,A3,120,",
    "K5,chatbot,2018-03-25 03:15,2018-03-25 03:15,resolved,other,,,BOT,,,",
    "K6,phone,2018-03-24 23:59,,abandoned,status_inquiry,C5,D5,N1,,,",
    "K7,email,2018-03-26 10:00,,pending,status_inquiry,C6,D6,N2,,,",
    "K8,phone,2017-11-01 09:00,2017-11-01 09:05,resolved,technical_issue,C7,,N1,A1,300,4",
]
RELATIVE = 1e-9
DST_DAYS = (date(2017, 10, 29), date(2017, 10, 30), date(2018, 3, 25), date(2018, 3, 26))


@pytest.fixture(scope="module")
def warehouses(tmp_path_factory) -> dict[str, tuple[Warehouse, tuple[date, ...]]]:
    """The demo and the clock-change warehouse, each with the days its views are taken at."""
    folder = tmp_path_factory.mktemp("same_numbers")
    paths = scenario.generate(folder / "demo", scale=0.002, file_format="csv")
    assert ingest.ingest(folder / "demo.duckdb", list(paths.values())).exit_code == 0
    demo = Warehouse(folder / "demo.duckdb")
    fresh = demo.query("freshness").row(0, named=True)
    default_day = director.last_complete_day(fresh["as_of_day"], fresh["first_day"])
    (folder / "dst").mkdir()
    assert ingest.ingest(folder / "dst.duckdb", export_files(folder / "dst", DST_REQUESTS, DST_EVENTS, DST_CONTACTS)).exit_code == 0
    return {
        "demo": (demo, (default_day, date(2017, 10, 29), date(2017, 12, 6), date(2018, 3, 25))),
        "clock changes": (Warehouse(folder / "dst.duckdb"), DST_DAYS),
    }


def page_datasets() -> list[str]:
    return sorted({name for views in PAGE_VIEWS.values() for name, _ in views})


def views(warehouses):
    """Every (warehouse name, warehouse, day, filter name, filters) a dataset is compared at."""
    for name, (wh, days) in warehouses.items():
        for day in days:
            for filter_name, filters in (FILTERS if name == "demo" else {"no filter": {}}).items():
                yield name, wh, day, filter_name, filters


def _difference(new: pl.DataFrame, old: pl.DataFrame) -> str | None:
    try:
        assert_frame_equal(new, old, check_row_order=False, rel_tol=RELATIVE, abs_tol=0)
    except AssertionError as err:
        return " ".join(str(err).split())[:300]
    return None


@pytest.mark.parametrize("dataset", page_datasets())
def test_every_page_dataset_gives_what_it_gave_before(warehouses, dataset):
    cfg = config.load()
    differences, compared = {}, 0
    for name, wh, day, filter_name, filters in views(warehouses):
        defaults = Selection(day, day, scope=EVERYTHING, **filters).params(cfg)
        for view, runs in PAGE_VIEWS.items():
            for run_name, params in runs:
                if run_name != dataset:
                    continue
                resolved = resolve(params, day, defaults)
                said = _difference(indicators.query(wh, dataset, **resolved), indicators.FINISHED.get(
                    dataset, lambda rows: rows)(reference_queries.query(wh, dataset, **resolved)))
                compared += 1
                if said:
                    differences[f"{name} {day} {filter_name} ({view})"] = said
    assert compared
    assert differences == {}


class Before:
    """The same reader, running the frozen queries: pass it wherever the engine takes a Warehouse."""

    def __init__(self, wh: Warehouse):
        self._wh = wh

    def query(self, name: str, **params) -> pl.DataFrame:
        return reference_queries.query(self._wh, name, **params)

    def __getattr__(self, attribute):
        return getattr(self._wh, attribute)


@pytest.mark.parametrize("days", [1, 7, 31, 365])
def test_the_report_gives_what_it_gave_before(warehouses, days):
    cfg = config.load()
    for name, wh, day, filter_name, filters in views(warehouses):
        selection = Selection(day - timedelta(days=days - 1), day, scope=EVERYTHING, **filters)
        now, before = indicators.report(wh, selection, cfg), indicators.report(Before(wh), selection, cfg)
        assert _close(now, before), (name, day, filter_name, now, before)


class Counted(Before):
    """Today's queries, counted."""

    def __init__(self, wh: Warehouse):
        super().__init__(wh)
        self.names: list[str] = []

    def query(self, name: str, **params) -> pl.DataFrame:
        self.names.append(name)
        return self._wh.query(name, **params)


def test_today_in_one_engine_call_gives_what_its_parts_gave_before(warehouses):
    """director.morning shares its reads (the day and the week before filtered from the period's
    series): its readings, series, attention list and emerging demands are those that readings(),
    daily_series(), by_week(), attention() and emerging.recent() gave, each on its own, through the
    frozen queries; and it runs fewer queries than they do."""
    cfg = config.load()
    for name, wh, day, filter_name, filters in views(warehouses):
        f = Selection(day - timedelta(days=89), day, scope=EVERYTHING, **filters)
        counted = Counted(wh)
        now = director.morning(counted, day, f, cfg)
        old = Before(wh)
        readings = director.readings(old, day, f, cfg)
        where = (name, day, filter_name)
        assert _close(now["readings"], readings), where
        frames = {"daily": director.daily_series(old, f, cfg), **director.by_week(old, f, cfg)}
        assert now["frames"].keys() == frames.keys()
        assert {k: _difference(now["frames"][k], frames[k]) for k in frames} == dict.fromkeys(frames), where
        assert _close(now["attention"], director.attention(old, day, f, readings["day"], cfg)), where
        assert _close(now["emerging"], emerging.recent(old, day, f, cfg)), where
        alone = Counted(wh)
        director.readings(alone, day, f, cfg)
        director.daily_series(alone, f, cfg)
        director.by_week(alone, f, cfg)
        director.attention(alone, day, f, readings["day"], cfg)
        emerging.recent(alone, day, f, cfg)
        assert len(counted.names) < len(alone.names), where


def test_the_benchmark_times_what_today_runs(warehouses):
    """benchmarks/page_views lists Today's datasets as director.morning runs them at the default
    day and period (plus the page's own freshness and its completeness badges)."""
    wh, days = warehouses["demo"]
    counted = Counted(wh)
    director.morning(counted, days[0], Selection(days[0] - timedelta(days=89), days[0], scope=EVERYTHING), config.load())
    listed = Counter(name for name, _ in PAGE_VIEWS["today (director)"])
    listed -= Counter(["freshness", "app/completeness", "app/channel_coverage"])
    assert Counter(counted.names) == listed


def _close(new, old) -> bool:
    """Equal, doubles to RELATIVE, through the report's dicts and lists."""
    if isinstance(new, dict) and isinstance(old, dict):
        return new.keys() == old.keys() and all(_close(new[k], old[k]) for k in new)
    if isinstance(new, list) and isinstance(old, list):
        return len(new) == len(old) and all(_close(a, b) for a, b in zip(new, old))
    if isinstance(new, float) and isinstance(old, float):
        return math.isclose(new, old, rel_tol=RELATIVE, abs_tol=0)
    return type(new) is type(old) and new == old


def test_a_changed_query_is_caught(warehouses, monkeypatch):
    """The comparison can fail: a query that counts one contact too many differs from its twin."""
    wh, days = warehouses["demo"]
    cfg = config.load()
    params = Selection(days[0] - timedelta(days=89), days[0], scope=EVERYTHING).params(cfg)
    honest = indicators.query(wh, "indicators/contacts_by_day", **params)
    off_by_one = honest.with_columns(pl.col("contact_count") + (pl.int_range(pl.len()) == 0))
    assert _difference(honest, reference_queries.query(wh, "indicators/contacts_by_day", **params)) is None
    assert _difference(off_by_one, reference_queries.query(wh, "indicators/contacts_by_day", **params))

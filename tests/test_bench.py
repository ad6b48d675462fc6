"""The benchmark: it runs end to end, its table has every row, and the usual way (pandas on the
export files) gives the same numbers as our report. No time is asserted."""

import json
from datetime import date

import polars as pl
import pytest

from benchmarks import baseline_pandas, page_views, run
from oncedone import config
from oncedone.kpi import indicators
from oncedone.store import ingest
from oncedone.store.warehouse import QUERIES_DIR, Warehouse
from tests.conftest import CONTACTS_HEADER, EVENTS_HEADER, REQUESTS_HEADER, cli, write_lines
from tests.test_indicators_golden import CONTACTS, EVENTS, REQUESTS
from oncedone.access import EVERYTHING


@pytest.fixture(scope="module")
def golden_files(tmp_path_factory):
    """The golden warehouse's three files (Paris local times, a UTC instant, a clock change), imported."""
    folder = tmp_path_factory.mktemp("golden-files")
    files = [
        write_lines(folder / "requests.csv", REQUESTS_HEADER, *REQUESTS),
        write_lines(folder / "request_events.csv", EVENTS_HEADER, *EVENTS),
        write_lines(folder / "contacts.csv", CONTACTS_HEADER, *CONTACTS),
    ]
    assert ingest.ingest(folder / "golden.duckdb", files).exit_code == 0
    return folder


@pytest.mark.parametrize(
    "period",
    [
        (date(2018, 3, 1), date(2018, 3, 31)),  # the golden tests' month: every indicator has a value
        (date(2018, 3, 14), date(2018, 3, 20)),  # no throughput: days_to_clear is null
        (date(2018, 3, 25), date(2018, 3, 25)),  # the clock-change day
        (date(2017, 6, 1), date(2017, 6, 30)),  # nothing happens: every rate null
        (date(2018, 1, 1), date(2018, 12, 31)),
    ],
)
def test_the_pandas_baseline_gives_the_report_on_the_golden_files(golden_files, period):
    cfg = config.load()
    ours = indicators.report(Warehouse(golden_files / "golden.duckdb"), indicators.Selection(*period, scope=EVERYTHING), cfg)
    theirs = baseline_pandas.report(baseline_pandas.read_exports(golden_files), *period, cfg)
    assert run.differences(ours, theirs) == []
    # Every key of kpis.md §6 is compared (the report may have more).
    assert set(run.differences({}, theirs)) >= {f"{k}: missing from our report" for k in SPEC_KEYS}


SPEC_KEYS = """period_from period_to as_of window_days episodes once_and_done_episodes once_and_done_rate
provisional_episodes unlinked_contacts delivered delivery_days_p50 delivery_days_p90 delivery_days_mean
within_target_rate cohort_requests cohort_p50 cohort_p90 right_first_time_rate backlog backlog_over_target
days_to_clear backlog_by_title_type backlog_by_stage backlog_by_age_bucket contacts contacts_by_channel
failure_demand_rate contacts_per_delivered_title phone_contacts pickup_rate mail_response_hours_p50
mail_response_hours_p90 csat_avg csat_count""".split()


def test_the_comparison_tells_every_kind_of_difference():
    ours = {"episodes": 9, "rate": 0.5, "p90": None, "by": {"a": 1, "b": 2}, "text": "x"}
    assert run.differences(ours, dict(ours)) == []
    assert run.differences(ours, {**ours, "rate": 0.5 * (1 + 1e-10)}) == []  # within 1e-9 relative
    assert run.differences(ours, {**ours, "rate": 0.5 * (1 + 1e-8)}) == [f"rate: ours 0.5, baseline {0.5 * (1 + 1e-8)!r}"]
    assert run.differences(ours, {**ours, "episodes": 10}) == ["episodes: ours 9, baseline 10"]
    assert run.differences(ours, {**ours, "p90": 0.0}) == ["p90: ours None, baseline 0.0"]  # null is not 0
    assert run.differences(ours, {**ours, "by": {"a": 1, "b": 3}}) == ["by.b: ours 2, baseline 3"]
    assert run.differences(ours, {**ours, "by": {"a": 1}}) == ["by.b: missing from the baseline"]
    assert run.differences({}, {"text": "x"}) == ["text: missing from our report"]


def test_every_page_view_names_datasets_that_exist_and_run_with_its_params(golden_files):
    wh, cfg = Warehouse(golden_files / "golden.duckdb"), config.load()
    day = date(2018, 3, 31)
    defaults = indicators.Selection(day, day, scope=EVERYTHING).params(cfg)
    for view, queries in page_views.PAGE_VIEWS.items():
        assert queries, view
        for dataset, params in queries:
            assert (QUERIES_DIR / f"{dataset}.sql").is_file(), (view, dataset)
            wh.query(dataset, **page_views.resolve(params, day, defaults))  # raises on a missing or wrong param


def test_page_view_days_are_relative_to_the_day_shown():
    params = page_views.resolve({**page_views.period(-6), "day": page_views.D(0), "grain": "week"}, date(2018, 3, 31), {"x": 1})
    assert params == {"x": 1, "from_day": date(2018, 3, 25), "to_day": date(2018, 3, 31), "day": date(2018, 3, 31), "grain": "week"}


def test_percentiles_interpolate_like_numpy():
    assert run.percentile([4.0, 1.0, 3.0, 2.0], 0.5) == 2.5
    assert run.percentile([1.0, 2.0, 3.0, 4.0, 5.0], 0.95) == pytest.approx(4.8)  # rank 3.8
    assert run.percentile([7.0], 0.95) == 7.0


def test_the_benchmark_runs_end_to_end_and_agrees_with_the_usual_way(tmp_path):
    result = cli("bench", "--scale", "0.001", "--runs", "1", "--work", str(tmp_path / "work"), "--out", str(tmp_path / "out"),
                 timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    table = (tmp_path / "out" / "0.001.md").read_text()
    assert result.stdout.strip() == table.strip()
    for row in ("| generate the scenario's files |", "| import the three files into a new warehouse |",
                "| import the contacts file again (all unchanged) |", "| derived stage_spans |", "| checkpoint |"):
        assert row in table
    for label in ("month (2018-01-01 to 2018-01-31)", "quarter (2018-01-01 to 2018-03-31)", "year (2018-01-01 to 2018-12-31)"):
        line = next(line for line in table.splitlines() if line.startswith(f"| {label} |"))
        assert line.endswith("| yes |"), line  # the same numbers both ways
    for view in page_views.PAGE_VIEWS:
        assert f"| {view} | {len(page_views.PAGE_VIEWS[view])} |" in table
    for target in ("page-view queries p95", "report for a month", "import ≥ 1 M rows/s", "faster than the usual way"):
        assert target in table
    raw = json.loads((tmp_path / "out" / "0.001.json").read_text())
    assert [p["differences"] for p in raw["reports"]] == [[], [], []]
    assert raw["import"]["output"]["rows_read"] == raw["total_rows"] > 0
    assert raw["reimport"]["output"]["rows_unchanged"] == raw["rows"]["contacts"]
    # The month has data on both sides, so the agreement means something.
    month = raw["reports"][0]["baseline"]
    assert month["episodes"] > 0 and month["delivered"] > 0 and month["backlog"] > 0 and month["cohort_p50"] is not None
    # The files are cached: asked again, they are not generated again; cut to one year, they hold only it.
    folder, generation = run.exports(0.001, raw["seed"], run.SCENARIO_YEARS, force=False, work=tmp_path / "work")
    assert generation is None and (folder / "requests.csv").stat().st_size > 0
    one_year, _ = run.exports(0.001, raw["seed"], (2018,), force=False, work=tmp_path / "work")
    years = pl.read_csv(one_year / "requests.csv", infer_schema=False)["submitted_at"].str.slice(0, 4).unique().to_list()
    assert years == ["2018"]
    assert 0 < run.file_rows(one_year)["request_events"] < raw["rows"]["request_events"]

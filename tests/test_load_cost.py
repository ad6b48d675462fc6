"""The load page made cheaper (issue 19) computes exactly what it computed before: on a small demo,
every frame of `load.page_view` equals the previous implementation's (tests/load_reference), value
for value and type for type, for a normal week, a crisis week, a period longer than the history and
the filters. `python -m benchmarks.load_page --compare` runs the same check on any warehouse."""

from dataclasses import replace
from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from oncedone import config, scenario
from oncedone.kpi import load
from oncedone.kpi.indicators import Selection
from oncedone.store import ingest
from oncedone.store.warehouse import Warehouse
from tests import load_reference as before
from oncedone.access import EVERYTHING


def _same(new: pl.DataFrame, old: pl.DataFrame) -> str | None:
    try:
        assert_frame_equal(new, old, check_exact=True)
    except AssertionError as err:
        return str(err).splitlines()[0]
    return None


def differences(wh, selection: Selection, cfg) -> dict[str, str]:
    """What differs between the page's frames now and before, by frame name (empty: nothing)."""
    view = load.page_view(wh, selection, cfg)
    old = before.measures(wh, selection, cfg)
    pairs = {name: (view[name], old[name]) for name in ("slots", "days", "period")}
    spread = before.agent_distribution(wh, selection, cfg)
    if spread.height or view["distribution"].height:
        pairs["distribution"] = (view["distribution"], spread)
    past = load.history(selection, cfg)
    pairs["team_slots"] = (load.team_slots(wh, past, cfg), before.team_slots(wh, past, cfg))
    old_history = before.history_view(wh, selection, cfg)
    pairs.update({f"history {k}": (v, old_history[k]) for k, v in view["history"].items()})
    return {name: said for name, (new, was) in pairs.items() if (said := _same(new, was))}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Warehouse:
    folder = tmp_path_factory.mktemp("load_cost")
    paths = scenario.generate(folder / "exports", scale=0.002, file_format="csv")
    assert ingest.ingest(folder / "demo.duckdb", list(paths.values())).exit_code == 0
    return Warehouse(folder / "demo.duckdb")


VIEWS = {
    "a normal week": Selection(date(2017, 10, 9), date(2017, 10, 15), scope=EVERYTHING),
    "a crisis week": Selection(date(2017, 12, 4), date(2017, 12, 10), scope=EVERYTHING),
    "90 days": Selection(date(2017, 10, 7), date(2018, 1, 4), scope=EVERYTHING),
    "longer than the history": Selection(date(2016, 12, 1), date(2018, 1, 31), scope=EVERYTHING),
    "the phone": Selection(date(2017, 12, 4), date(2017, 12, 10), channels=("phone",), scope=EVERYTHING),
    "mail and a title type in Paris": Selection(date(2017, 11, 1), date(2017, 11, 30), channels=("email", "webform"),
                                                title_types=("vehicle_registration",), departments=("75",), scope=EVERYTHING),
}


@pytest.mark.parametrize("name", VIEWS)
def test_the_page_computes_what_it_computed_before(demo, name):
    assert differences(demo, VIEWS[name], config.load()) == {}


def test_a_distribution_over_agents_is_unchanged_where_there_is_one(demo):
    cfg = config.load()
    two = replace(cfg, load=replace(cfg.load, min_agent_count=2))  # the small demo has few agents a half hour
    selection = VIEWS["a crisis week"]
    spread = load.agent_distribution(demo, selection, two)
    assert spread.height  # something to compare
    assert_frame_equal(spread, before.agent_distribution(demo, selection, two), check_exact=True)

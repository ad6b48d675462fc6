"""A breaking point needs enough data (issue 19): below [load] min_breaking_count contacts offered
(or episodes) over the history, the page says "not enough data" instead of a point drawn from
noise. On the demo the experts' team had about 1 300 contacts a year: 33 a bin of the curve, whose
share then moves by about 5 points by chance alone, the very fall the fit looks for."""

from dataclasses import replace

import numpy as np
import polars as pl
import pytest

from oncedone import config
from oncedone.kpi import load
from tests.test_load_golden import PERIOD, wh  # noqa: F401 (the golden warehouse)


def curve(contacts_per_point: int) -> pl.DataFrame:
    """20 days, each with one half hour at every load 1..10; answered 95 % up to 5, then 10 points less per unit."""
    loads = np.tile(np.arange(1, 11, dtype=float), 20)
    return pl.DataFrame({"day": pl.date_range(pl.date(2018, 1, 1), pl.date(2018, 1, 20), eager=True).to_numpy().repeat(10),
                         "load_per_agent": loads, "answered_rate": np.where(loads <= 5, 0.95, 0.95 - 0.1 * (loads - 5)),
                         "offered_count": np.full(200, contacts_per_point)})


def test_a_clear_fall_on_too_few_contacts_is_not_a_breaking_point():
    # 200 points of 49 contacts = 9 800 contacts, under the 10 000 of oncedone.toml.
    few = load._fit_enough("answered", curve(49), "answered_rate", "offered_count", config.load().load.min_breaking_count)
    assert few["answered_is_too_few"] is True and few["answered_weight_count"] == 9_800
    assert few["answered_breaking_load"] is None


def test_the_same_fall_on_enough_contacts_is_found():
    # 200 x 50 = 10 000 contacts: enough. The crossing is the golden one: 5 + (0.95 - 0.90) / (0.95 - 0.85) = 5.5.
    enough = load._fit_enough("answered", curve(50), "answered_rate", "offered_count", 10_000)
    assert enough["answered_is_too_few"] is False and enough["answered_weight_count"] == 10_000
    assert enough["answered_breaking_load"] == pytest.approx(5.5)


def test_the_bound_is_configuration(wh):  # noqa: F811
    cfg = config.load()
    teams = load.history_view(wh, PERIOD, cfg)["teams"]
    # The golden warehouse's phone team: P1-P7 offered, 7 contacts: too few for the default bound.
    phone = teams.filter(pl.col("team") == "N1 phone").row(0, named=True)
    assert (phone["answered_weight_count"], phone["answered_is_too_few"]) == (7, True)
    lower = replace(cfg, load=replace(cfg.load, min_breaking_count=5))
    phone = load.history_view(wh, PERIOD, lower)["teams"].filter(pl.col("team") == "N1 phone").row(0, named=True)
    # Enough now, but 2 days only (Nov 1 and 5): the fit needs 5 days to resample, so still no point.
    assert (phone["answered_is_too_few"], phone["answered_breaking_load"]) == (False, None)

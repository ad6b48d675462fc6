"""Chart builders: what a reader sees on the axes."""

from datetime import date, timedelta

import polars as pl

from oncedone import charts


def weekly(weeks: int) -> pl.DataFrame:
    mondays = [date(2018, 1, 1) + timedelta(weeks=n) for n in range(weeks)]
    return pl.DataFrame({"week_start_day": mondays, "submitted_count": [5] * weeks, "title_type": ["passport"] * weeks})


def test_a_long_period_ticks_each_month_once():
    figure = charts.stacked_bars_by_week(weekly(20), "week_start_day", "submitted_count", "title_type", "fr",
                                         period=(date(2018, 1, 1), date(2018, 5, 20)))
    # Plotly alone put a tick every two weeks, so each month label showed twice.
    assert (figure.layout.xaxis.dtick, figure.layout.xaxis.tickformat) == ("M1", "%m/%Y")


def test_a_short_period_ticks_each_monday():
    figure = charts.stacked_bars_by_week(weekly(4), "week_start_day", "submitted_count", "title_type", "en",
                                         period=(date(2018, 1, 1), date(2018, 1, 28)))
    assert figure.layout.xaxis.dtick == 7 * 24 * 3600 * 1000
    assert figure.layout.xaxis.tick0 == "2000-01-03"  # a Monday

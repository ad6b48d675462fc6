"""Chart builders: what a reader sees on the axes."""

from datetime import date, timedelta

import polars as pl
import pytest

from oncedone.app import charts


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


def test_stacked_bars_carry_raw_values_for_clicks_and_pale_the_unchosen():
    frame = pl.DataFrame({
        "title_type": ["passport", "passport", "vehicle_registration", "vehicle_registration"],
        "target_state": ["over", "within", "within", "over"],  # order of the catalogue colours, not this one
        "backlog_count": [1, 2, 3, 4],
    })
    figure = charts.stacked_bars(frame, "title_type", "backlog_count", "target_state", "fr",
                                 x_kind="title_type", chosen="vehicle_registration")
    assert [trace.name for trace in figure.data] == ["Dans le délai cible", "Au-delà du délai cible"]
    within = figure.data[0]
    assert list(within.x) == ["Passeport", "Immatriculation"] and list(within.y) == [2, 3]
    # A click says which title type and segment, whatever the language.
    assert [list(c) for c in within.customdata] == [["passport", "within"], ["vehicle_registration", "within"]]
    assert list(within.marker.opacity) == [charts.UNCHOSEN_OPACITY, 1.0]
    assert figure.layout.legend.traceorder == "normal"  # the legend reads as the catalogue, not the stack


def test_a_chosen_segment_stands_out_in_its_bar():
    frame = pl.DataFrame({"stage": ["submitted", "submitted"], "age_bucket": ["0-7", "8-15"], "backlog_count": [5, 6]})
    figure = charts.stacked_bars(frame, "stage", "backlog_count", "age_bucket", "en", x_kind="status",
                                 chosen="submitted", chosen_color="8-15")
    assert [list(t.marker.opacity) for t in figure.data] == [[charts.UNCHOSEN_OPACITY], [1.0]]


def test_horizontal_bars_list_the_first_on_top_and_grow_with_their_number():
    frame = pl.DataFrame({"department": ["75", "13", "2A"], "target_state": ["over"] * 3, "backlog_count": [9, 5, 1]})
    figure = charts.stacked_bars(frame, "department", "backlog_count", "target_state", "en", horizontal=True)
    assert list(figure.data[0].y) == ["75", "13", "2A"] and list(figure.data[0].x) == [9, 5, 1]
    assert figure.layout.yaxis.autorange == "reversed"
    taller = charts.stacked_bars(pl.concat([frame, frame.with_columns(pl.col("department") + "x")]),
                                 "department", "backlog_count", "target_state", "en", horizontal=True)
    assert taller.layout.height > figure.layout.height


def test_trend_panels_share_the_day_axis_and_format_counts_only_as_whole_numbers():
    frame = pl.DataFrame({
        "day": [date(2018, 1, 1), date(2018, 1, 2)],
        "backlog_count": [10, 12],
        "throughput_per_day": [0.5, 0.75],
    })
    figure = charts.trend_panels(frame, "day", [("Stock", ["backlog_count"]), ("Flux", ["throughput_per_day"])], "fr")
    assert [a.text for a in figure.layout.annotations] == ["Stock", "Flux"]
    assert figure.layout.yaxis.tickformat == ",d"
    assert figure.layout.yaxis2.tickformat == ",~g"  # 0.5 a day must not show as 0
    assert figure.layout.xaxis.matches == "x2"  # one day axis: zooming one panel zooms all


def test_grouped_bars_name_their_value_axis():
    frame = pl.DataFrame({"stage": ["submitted", "in_review"], "stage_days_p50": [1.5, 2.0], "stage_days_p90": [3.0, 4.0]})
    figure = charts.grouped_bars(frame, "stage", ["stage_days_p50", "stage_days_p90"], "en", x_kind="status", y_title="Days")
    assert [t.name for t in figure.data] == ["Median", "90th percentile"]
    assert list(figure.data[0].x) == ["Submitted", "In review"]
    assert figure.layout.yaxis.title.text == "Days"


def test_today_charts_print_percent_as_the_cards_do():
    from oncedone.i18n import NNBSP

    days = [date(2018, 1, 1) + timedelta(days=n) for n in range(3)]
    daily = pl.DataFrame({"day": days, "once_and_done_rate": [0.415, 0.5, 0.8], "once_and_done_rate_7d": [0.4, 0.5, 0.6],
                          "is_provisional": [False, False, False]})
    fr = charts.once_and_done_trend(daily, "fr", (days[0], days[-1]), 0.7)
    # "41,5 %" and "80 %" as on the cards, not d3's "41,5%" glued to the number.
    assert (fr.layout.yaxis.ticksuffix, fr.layout.yaxis.tickformat) == (f"{NNBSP}%", ",d")
    assert list(fr.data[0].y) == [41.5, 50.0, 80.0]
    assert fr.data[0].hovertemplate == f"%{{y:,.1f}}{NNBSP}%"
    en = charts.once_and_done_trend(daily, "en", (days[0], days[-1]), 0.7)
    assert en.layout.yaxis.ticksuffix == "%"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_plotly_toolbar_and_numbers_follow_the_language(lang):
    config = charts.plotly_config(lang)
    assert config["displaylogo"] is False
    if lang == "fr":
        assert config["locale"] == "fr"
        fr = config["locales"]["fr"]
        assert fr["dictionary"]["Reset axes"] == "Réinitialiser les axes"
        assert fr["dictionary"]["Download plot as a png"] == "Télécharger le graphique en PNG"
        assert (fr["format"]["decimal"], fr["format"]["thousands"]) == (",", "\u202f")
        assert fr["format"]["months"][0] == "janvier"
    else:
        assert config["locale"] == "en" and "locales" not in config

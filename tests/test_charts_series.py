"""Chart builders of the delivery and contacts pages: what a reader sees on the axes and in the legend."""

from datetime import date, timedelta

import polars as pl

from oncedone.app import charts
from oncedone.i18n import NNBSP

JANUARY = (date(2018, 1, 1), date(2018, 1, 31))
MONDAYS = [date(2018, 1, 1) + timedelta(weeks=n) for n in range(5)]


def weekly_rates() -> pl.DataFrame:
    return pl.DataFrame({
        "period_start_day": MONDAYS,
        "pickup_rate": [0.4, 0.64, None, 0.78, 0.77],  # a week without calls: a gap, not a zero
        "is_partial_period": [False, False, False, False, True],
    })


def test_rates_are_drawn_in_percent_the_languages_way():
    lines = [("pickup_rate", "Pickup", "#D55E00", "solid")]
    fr = charts.time_lines(weekly_rates(), "period_start_day", lines, "fr", "week", JANUARY)
    assert list(fr.data[0].y) == [40.0, 64.0, None, 78.0, 77.0]
    assert fr.layout.yaxis.ticksuffix == f"{NNBSP}%"
    assert fr.layout.separators == "," + NNBSP
    en = charts.time_lines(weekly_rates(), "period_start_day", lines, "en", "week", JANUARY)
    assert en.layout.yaxis.ticksuffix == "%"
    # The last week is cut by the period: its point is pale.
    assert list(en.data[0].marker.opacity) == [1.0, 1.0, 1.0, 1.0, charts.PARTIAL_OPACITY]


def test_time_axis_follows_the_grain():
    lines = [("pickup_rate", "Pickup", "#D55E00", "solid")]
    weekly = charts.time_lines(weekly_rates(), "period_start_day", lines, "fr", "week", JANUARY)
    assert (weekly.layout.xaxis.tickformat, weekly.layout.xaxis.tick0) == ("%d/%m/%Y", "2000-01-03")  # Mondays
    months = weekly_rates().with_columns(period_start_day=pl.Series([date(2018, m, 1) for m in range(1, 6)]))
    monthly = charts.time_lines(months, "period_start_day", lines, "en", "month", (date(2018, 1, 1), date(2018, 5, 31)))
    assert (monthly.layout.xaxis.tickformat, monthly.layout.xaxis.dtick) == ("%Y-%m", "M1")


def test_reference_lines_carry_their_label():
    lines = [("pickup_rate", "Pickup", "#D55E00", "solid")]
    fig = charts.time_lines(weekly_rates(), "period_start_day", lines, "en", "week", JANUARY, references=[(0.85, "Target 85%")])
    assert fig.layout.shapes[0].y0 == 85.0
    assert fig.layout.annotations[0].text == "Target 85%"


def test_channels_keep_their_colour_and_the_total_is_black():
    rows = pl.DataFrame({
        "period_start_day": MONDAYS[:2] * 2,
        "channel": ["chatbot", "chatbot", "phone", "phone"],
        "once_and_done_rate": [0.55, 0.6, 0.65, 0.7],
        "logged_resolved_rate": [0.8, 0.82, 0.72, 0.75],
    })
    total = pl.DataFrame({"period_start_day": MONDAYS[:2], "once_and_done_rate": [0.6, 0.65], "logged_resolved_rate": [0.76, 0.78]})
    fig = charts.group_lines(rows, "period_start_day", "once_and_done_rate", "channel", "fr", "week", JANUARY,
                             total=total, dotted="logged_resolved_rate")
    solid = [t for t in fig.data if t.line.dash == "solid"]
    # The palette's order (phone before chatbot), whatever the frame's order; the total last.
    assert [t.name for t in solid] == ["Téléphone", "Agent conversationnel", "Ensemble"]
    assert [t.line.color for t in solid] == ["#D55E00", "#CC79A7", charts.TOTAL_COLOUR]
    dotted = [t for t in fig.data if t.line.dash == "dot"]
    assert len(dotted) == 3 and not any(t.showlegend for t in dotted)  # one legend entry per channel
    assert dotted[1].line.color == "#CC79A7"


def test_stacked_bars_over_time_draw_cut_periods_pale_and_keep_the_stage_order():
    rows = pl.DataFrame({
        "period_start_day": [MONDAYS[0], MONDAYS[0], MONDAYS[4], MONDAYS[4]],
        "stage": ["in_review", "submitted", "in_review", "submitted"],
        "stage_days_p50": [1.0, 3.0, 1.5, 4.0],
        "is_partial_period": [False, False, True, True],
    })
    fig = charts.period_bars(rows, "period_start_day", "stage_days_p50", "stage", "en", "week", JANUARY,
                             partial="is_partial_period", kind="status")
    assert [t.name for t in fig.data] == ["Submitted", "In review"]
    assert list(fig.data[0].marker.opacity) == [1.0, charts.PARTIAL_OPACITY]
    assert fig.layout.legend.traceorder == "normal"  # the legend reads in the stages' order


def test_panels_share_one_value_axis():
    rows = pl.DataFrame({
        "period_start_day": MONDAYS[:2] * 2,
        "title_type": ["passport", "passport", "vehicle_registration", "vehicle_registration"],
        "stage": ["submitted"] * 4,
        "stage_days_p50": [2.0, 2.5, 24.0, 26.0],
    })
    fig = charts.period_bar_panels(rows, "period_start_day", "stage_days_p50", "stage", "title_type", "fr", "week",
                                   JANUARY, kind="status")
    assert [a.text for a in fig.layout.annotations] == ["Immatriculation", "Passeport"]  # the palette's order
    assert fig.layout.yaxis2.matches == "y"  # a short bar in one panel is short against the others too
    assert sum(t.showlegend for t in fig.data) == 1


def test_boxes_come_from_the_quantiles_with_the_target_beside():
    stats = pl.DataFrame({
        "title_type": ["passport", "vehicle_registration"],
        "target_days": [15, 7],
        "delivery_days_p10": [8.0, 27.0],
        "delivery_days_p25": [9.0, 28.0],
        "delivery_days_p50": [10.6, 29.1],
        "delivery_days_p75": [12.2, 32.0],
        "delivery_days_p90": [14.1, 37.9],
    })
    fig = charts.box_summary(stats, "title_type", "en", target="target_days")
    vehicle = fig.data[0]
    assert (vehicle.x[0], vehicle.q1[0], vehicle.median[0], vehicle.upperfence[0]) == ("Vehicle registration", 28.0, 29.1, 37.9)
    target = fig.data[-1]
    assert (list(target.x), list(target.y)) == (["Vehicle registration", "Passport"], [7, 15])


def test_the_load_grid_starts_on_monday_in_paris_hours():
    cells = pl.DataFrame({"weekday_number": [1, 7], "hour_number": [10, 3], "mean_contact_count": [12.5, 0.2]})
    fig = charts.weekly_heatmap(cells, "fr")
    heat = fig.data[0]
    assert list(heat.y)[:2] == ["lundi", "mardi"] and list(heat.x)[:3] == ["0", "1", "2"]
    assert heat.z[0][10] == 12.5 and heat.z[6][3] == 0.2 and heat.z[1][0] is None


def test_share_stacks_reach_a_hundred_percent():
    shares = pl.DataFrame({"title_type": ["passport"] * 2, "loops": ["0", "1"], "application_share_rate": [0.9, 0.1]})
    fig = charts.share_stacks(shares, "title_type", "application_share_rate", "loops", "en", x_kind="title_type")
    assert [t.name for t in fig.data] == ["No loop", "1 loop"]
    assert list(fig.data[0].x) == [90.0]
    assert fig.layout.xaxis.range == (0, 100.5)


def test_pale_bars_rest_on_too_few_cases():
    rows = pl.DataFrame({"age_bucket": ["0-7", "61+"], "inquiries_per_1000_backlog": [7.1, 62.5], "backlog_day_count": [132758, 16]})
    fig = charts.category_bars(rows, "age_bucket", "inquiries_per_1000_backlog", "fr", pale_below=("backlog_day_count", 100))
    assert list(fig.data[0].marker.opacity) == [1.0, charts.PARTIAL_OPACITY]

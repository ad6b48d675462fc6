"""Plotly figure builders: a DataFrame and column names in, a Figure out.

Labels, number and date formats follow the language (oncedone.i18n); a title type keeps its
colour whatever the filters, so a chart never recolours a series under the reader's eyes.
"""

from datetime import date, datetime, timedelta

import plotly.graph_objects as go
from plotly.subplots import make_subplots
import polars as pl

from oncedone import i18n

# One colour per enumerated value, stable across filters (colour-blind-safe Okabe-Ito hues).
COLOURS = {
    "title_type": {
        "vehicle_registration": "#0072B2",
        "driving_licence": "#E69F00",
        "id_card": "#009E73",
        "passport": "#CC79A7",
    },
}
FALLBACK_COLOURS = ("#56B4E9", "#D55E00", "#F0E442", "#999999", "#000000")
PARTIAL_OPACITY = 0.4
WEEK_MS = 7 * 24 * 3600 * 1000


def _layout(fig: go.Figure, lang: str, height: int) -> go.Figure:
    fig.update_layout(
        separators=i18n.plotly_separators(lang),
        height=height,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0, "title": None},
        hoverlabel={"namelength": -1},
    )
    return fig


def stacked_bars_by_week(
    df: pl.DataFrame,
    x: str,
    y: str,
    color: str,
    lang: str = i18n.DEFAULT_LANGUAGE,
    partial: str | None = None,
    period: tuple[date, date] | None = None,
    height: int = 340,
) -> go.Figure:
    """Weekly stacked bars of `y` per `x` (a week's Monday), one series per value of `color`.

    `partial`, a boolean column, draws the weeks it marks pale (a cut week is not a fall);
    `period` (first and last day) spans the axis over every week of it, empty ones included.
    """
    colours = COLOURS.get(color, {})
    present = df[color].unique().to_list() if df.height else []
    ordered = [v for v in colours if v in present] + sorted(v for v in present if v not in colours)
    fig = go.Figure()
    day_format = i18n.plotly_day_format(lang)
    colon = "\u00a0: " if lang == "fr" else ": "  # French puts a space before a colon
    for i, value in enumerate(ordered):
        rows = df.filter(pl.col(color) == value).sort(x)
        opacity = [PARTIAL_OPACITY if p else 1.0 for p in rows[partial].to_list()] if partial else None
        name = i18n.label(color, value, lang)
        fig.add_bar(
            x=rows[x].to_list(),
            y=rows[y].to_list(),
            name=name,
            marker={"color": colours.get(value, FALLBACK_COLOURS[i % len(FALLBACK_COLOURS)]), "opacity": opacity},
            width=WEEK_MS * 0.8,
            hovertemplate=f"{name}<br>{i18n.column_label(x, lang)}{colon}%{{x|{day_format}}}<br>"
            f"{i18n.column_label(y, lang)}{colon}%{{y:,d}}<extra></extra>",
        )
    fig.update_layout(barmode="stack", bargap=0.25, showlegend=True)  # even for one series: say what it is
    fig.update_xaxes(title=i18n.column_label(x, lang), tickformat=day_format, type="date")
    weeks = df[x].unique().to_list() if df.height else []
    if period:
        first, last = (d - timedelta(days=d.weekday()) for d in period)
        weeks = [first + timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]
        half = timedelta(days=3, hours=12)
        start, end = (datetime.combine(d, datetime.min.time()) for d in (first, last))
        fig.update_xaxes(range=[start - half, end + half])
    if 0 < len(weeks) <= 16:
        # Few weeks: one tick per week, on the Monday each bar stands for (Plotly's weekly ticks start on Sundays).
        fig.update_xaxes(tick0="2000-01-03", dtick=WEEK_MS)
    elif weeks:
        # Many weeks: tick months, one each (Plotly's own choice repeats a month every two weeks);
        # a full date there would pass for a bar's Monday. Beyond two years, every quarter.
        months = "M1" if len(weeks) <= 104 else "M3"
        fig.update_xaxes(tickformat=i18n.plotly_month_format(lang), tick0="2000-01-01", dtick=months)
    fig.update_yaxes(title=i18n.column_label(y, lang), tickformat=",d", rangemode="tozero")
    if df.height and df.group_by(x).agg(pl.col(y).sum())[y].max() < 10:
        fig.update_yaxes(dtick=1)  # small counts: whole ticks only, or ",d" would print 0, 0, 1, 1
    return _layout(fig, lang, height)


# The director's trends ---------------------------------------------------------------------------

TREND_COLOURS = {"main": "#0072B2", "second": "#D55E00", "faint": "#9DB9D3", "target": "#666666"}


def _day_axis(fig: go.Figure, lang: str, period: tuple[date, date], **where) -> None:
    """A day axis over the whole period, ticking months on long periods and days on short ones."""
    start, end = (datetime.combine(d, datetime.min.time()) for d in period)
    span = (period[1] - period[0]).days
    ticks = {"tickformat": i18n.plotly_month_format(lang), "dtick": "M1", "tick0": "2000-01-01"} if span > 62 else {
        "tickformat": i18n.plotly_day_format(lang)}
    fig.update_xaxes(type="date", range=[start - timedelta(hours=12), end + timedelta(hours=12)],
                     hoverformat=i18n.plotly_day_format(lang), **ticks, **where)


def _target_line(fig: go.Figure, value: float | None, text: str, **where) -> None:
    if value is not None:
        fig.add_hline(y=value, line={"dash": "dot", "color": TREND_COLOURS["target"], "width": 1},
                      annotation_text=text, annotation_position="top left", **where)


def once_and_done_trend(daily: pl.DataFrame, lang: str, period: tuple[date, date], target: float | None,
                        height: int = 300) -> go.Figure:
    """The daily once-and-done rate (faint) and its 7-day average (bold), provisional days shaded:
    their episodes may still get a repeat, so the rate there can only fall."""
    fig = go.Figure()
    fig.add_scatter(x=daily["day"].to_list(), y=daily["once_and_done_rate"].to_list(), mode="lines",
                    name=i18n.t("chart.once_and_done_daily", lang),
                    line={"color": TREND_COLOURS["faint"], "width": 1}, hovertemplate="%{y:.1%}")
    fig.add_scatter(x=daily["day"].to_list(), y=daily["once_and_done_rate_7d"].to_list(), mode="lines",
                    name=i18n.t("chart.once_and_done_7d", lang),
                    line={"color": TREND_COLOURS["main"], "width": 3}, hovertemplate="%{y:.1%}")
    provisional = daily.filter(pl.col("is_provisional"))["day"]
    if provisional.len():
        start = datetime.combine(provisional.min(), datetime.min.time()) - timedelta(hours=12)
        end = datetime.combine(period[1], datetime.min.time()) + timedelta(hours=12)
        fig.add_vrect(x0=start, x1=end, fillcolor="#cccccc", opacity=0.3, line_width=0,
                      annotation_text=i18n.t("chart.provisional", lang), annotation_position="top left")
    _target_line(fig, target, i18n.t("chart.target", lang))
    fig.update_yaxes(tickformat=".0%", rangemode="tozero", range=[0, 1])
    _day_axis(fig, lang, period)
    fig.update_layout(hovermode="x unified")
    return _layout(fig, lang, height)


def delivery_against_cohort(delivered: pl.DataFrame, cohorts: pl.DataFrame, lang: str, period: tuple[date, date],
                            target: float | None, height: int = 300) -> go.Figure:
    """p90 of the titles delivered in each period against the cohort estimate (in-flight included)
    for the applications submitted in it; a cohort not yet known shows its lower bound, hollow."""
    fig = go.Figure()
    fig.add_scatter(x=delivered["period_start_day"].to_list(), y=delivered["delivery_days_p90"].to_list(),
                    mode="lines+markers", name=i18n.t("chart.delivered_p90", lang),
                    line={"color": TREND_COLOURS["main"], "width": 2}, hovertemplate="%{y:,.1f}")
    known = cohorts.filter(pl.col("cohort_p90").is_not_null())
    fig.add_scatter(x=known["period_start_day"].to_list(), y=known["cohort_p90"].to_list(), mode="lines+markers",
                    name=i18n.t("chart.cohort_p90", lang),
                    line={"color": TREND_COLOURS["second"], "width": 3}, hovertemplate="%{y:,.1f}")
    unknown = cohorts.filter(pl.col("cohort_p90").is_null() & pl.col("max_followup_days").is_not_null())
    if unknown.height:
        fig.add_scatter(x=unknown["period_start_day"].to_list(), y=unknown["max_followup_days"].to_list(),
                        mode="markers", name=i18n.t("chart.cohort_at_least", lang),
                        marker={"symbol": "triangle-up-open", "size": 10, "color": TREND_COLOURS["second"]},
                        hovertemplate="≥ %{y:,.1f}")
    _target_line(fig, target, i18n.t("chart.target", lang))
    fig.update_yaxes(title=i18n.t("chart.days", lang), rangemode="tozero", tickformat=",d")
    _day_axis(fig, lang, period)
    fig.update_layout(hovermode="x unified")
    return _layout(fig, lang, height)


def backlog_and_flows(daily: pl.DataFrame, lang: str, period: tuple[date, date], height: int = 380) -> go.Figure:
    """The backlog (top) above the inflow and throughput a day (bottom, 7-day averages): the backlog
    grows exactly while the first line runs above the second."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08, row_heights=[0.55, 0.45])
    days = daily["day"].to_list()
    fig.add_scatter(x=days, y=daily["backlog"].to_list(), mode="lines", fill="tozeroy",
                    name=i18n.t("chart.backlog", lang), line={"color": TREND_COLOURS["main"], "width": 2},
                    hovertemplate="%{y:,d}", row=1, col=1)
    fig.add_scatter(x=days, y=daily["inflow_per_day"].to_list(), mode="lines",
                    name=i18n.t("chart.inflow_per_day", lang), line={"color": TREND_COLOURS["second"], "width": 2},
                    hovertemplate="%{y:,.0f}", row=2, col=1)
    fig.add_scatter(x=days, y=daily["throughput_per_day"].to_list(), mode="lines",
                    name=i18n.t("chart.throughput_per_day", lang),
                    line={"color": "#009E73", "width": 2, "dash": "dash"}, hovertemplate="%{y:,.0f}", row=2, col=1)
    fig.update_yaxes(title=i18n.t("chart.applications", lang), tickformat=",d", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title=i18n.t("chart.per_day", lang), tickformat=",d", rangemode="tozero", row=2, col=1)
    _day_axis(fig, lang, period, row=2, col=1)
    _day_axis(fig, lang, period, row=1, col=1)
    fig.update_layout(hovermode="x unified")
    return _layout(fig, lang, height)

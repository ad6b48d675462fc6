"""Figures of the load page: a team's rate against its load with the breaking point, its half hours
as a grid, its weeks. Teams only: no figure here has an agent on an axis."""

from datetime import date

import plotly.graph_objects as go
import polars as pl

from oncedone import i18n
from oncedone.app import charts
from oncedone.kpi.load import week_of

POINT_COLOUR = "#0072B2"
PERIOD_COLOUR = "#D55E00"
LIMIT_COLOUR = "#555555"


def against_load(points: pl.DataFrame, y: str, lang: str, period: tuple[date, date], fit: dict | None,
                 height: int = 340) -> go.Figure:
    """A rate (y) against the load per agent on duty, a point per half hour or day; the chosen
    period's points in a second colour; the breaking point as a line, its interval shaded."""
    fig = go.Figure()
    inside = (pl.col("day") >= period[0]) & (pl.col("day") <= period[1])
    for rows, colour, name in ((_gathered(points.filter(~inside), y), POINT_COLOUR, i18n.t("load.chart.history", lang)),
                               (_gathered(points.filter(inside), y), PERIOD_COLOUR, i18n.t("load.chart.period", lang))):
        fig.add_scatter(
            x=rows["load_per_agent"].to_list(), y=[v * 100 for v in rows[y].to_list()], mode="markers", name=name,
            marker={"color": colour, "size": [min(14.0, 4 + 1.5 * n**0.5) for n in rows["point_count"].to_list()],
                    "opacity": 0.45 if colour == POINT_COLOUR else 0.8},
            hovertemplate=f"{i18n.column_label('load_per_agent', lang)}{charts._say(lang)}%{{x:,.1f}}<br>"
                          f"{i18n.column_label(y, lang)}{charts._say(lang)}%{{y:,.0f}}{charts._percent(lang)}<extra></extra>",
        )
    if fit and fit.get("breaking_load") is not None:
        low, high = fit.get("breaking_load_low"), fit.get("breaking_load_high")
        if low is not None and high is not None and low == low and high == high:  # NaN when no resampling found one
            fig.add_vrect(x0=low, x1=high, fillcolor=LIMIT_COLOUR, opacity=0.12, line_width=0)
        fig.add_vline(x=fit["breaking_load"], line={"color": LIMIT_COLOUR, "dash": "dash", "width": 1.5},
                      annotation_text=i18n.t("load.chart.limit", lang, load=i18n.format_number(fit["breaking_load"], lang, 1)),
                      annotation_position="top right", annotation_bgcolor="rgba(255,255,255,0.85)")
    fig.update_xaxes(title=i18n.column_label("load_per_agent", lang), rangemode="tozero")
    charts._value_axis(fig, y, lang)
    return charts._layout(fig, lang, height)


def _gathered(points: pl.DataFrame, y: str) -> pl.DataFrame:
    """Points that fall on the same spot (a load to 0.1, a rate to the percent) drawn as one, larger:
    a year of half hours is thousands of points, too many for a browser to draw quickly."""
    return (points.drop_nulls(["load_per_agent", y])
            .group_by(pl.col("load_per_agent").round(1), pl.col(y).round(2))
            .agg(point_count=pl.len())
            .sort("load_per_agent", y))


def half_hours(slots: pl.DataFrame, z: str, lang: str, height: int = 360) -> go.Figure:
    """Days (rows, the first on top) by half hours (columns, only those with any contact), coloured by z."""
    rows = slots.drop_nulls(z) if slots.height else slots
    numbers = sorted(set(rows["slot_number"].to_list())) if rows.height else []
    days = sorted(set(rows["day"].to_list())) if rows.height else []
    cells = {(r["day"], r["slot_number"]): r[z] for r in rows.iter_rows(named=True)}
    scale = 100 if z.endswith("_rate") else 1
    grid = [[None if cells.get((d, s)) is None else cells[(d, s)] * scale for s in numbers] for d in days]
    fig = go.Figure(go.Heatmap(
        z=grid, x=[_slot_label(s) for s in numbers], y=[i18n.format_day(d, lang) for d in days],
        colorscale="Oranges", colorbar={"title": {"text": i18n.column_label(z, lang), "side": "right"}},
        hovertemplate=f"%{{y}} %{{x}}{charts._say(lang)}%{{z:,.1f}}{charts._percent(lang) if scale == 100 else ''}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="category", title=i18n.t("load.chart.half_hour", lang))
    return charts._layout(fig, lang, max(height, 40 + 22 * len(days)) if len(days) <= 31 else height)


def _slot_label(slot_number: int) -> str:
    return f"{slot_number // 2:02d}:{30 * (slot_number % 2):02d}"


def weeks(frame: pl.DataFrame, y: str, lang: str, period: tuple[date, date], colour: str = POINT_COLOUR,
          height: int = 300) -> go.Figure:
    """A weekly bar per Monday over the history, the weeks of the chosen period in a second colour."""
    fig = go.Figure()
    rows = frame.sort("week_day")
    in_period = [(d >= week_of(period[0])[0]) and (d <= period[1]) for d in rows["week_day"].to_list()]
    scale = 100 if y.endswith("_rate") else 1
    fig.add_bar(x=rows["week_day"].to_list(), y=[None if v is None else v * scale for v in rows[y].to_list()],
                marker={"color": [PERIOD_COLOUR if p else colour for p in in_period]}, name=i18n.column_label(y, lang),
                hovertemplate=f"%{{x|{i18n.plotly_day_format(lang)}}}{charts._say(lang)}{charts._hover_value(y, lang)}<extra></extra>")
    fig.update_layout(showlegend=False, bargap=0.15)
    fig.update_xaxes(type="date", tickformat=i18n.plotly_month_format(lang), dtick="M1", tick0="2000-01-01")
    charts._value_axis(fig, y, lang)
    if scale == 100:
        small = rows.height and (rows[y].max() or 0) < 0.05
        fig.update_yaxes(autorange=True, range=None, tickformat=",.1f" if small else ",d")  # 0.2 %, not "0 %"
    return charts._layout(fig, lang, height)


def distribution(frame: pl.DataFrame, lang: str, height: int = 280) -> go.Figure:
    """How many contacts an agent handled in a half hour: the share of agent-half-hours at each count."""
    total = frame["agent_slot_count"].sum() if frame.height else 0
    fig = go.Figure(go.Bar(
        x=frame["handled_count"].to_list(), y=[100 * v / total for v in frame["agent_slot_count"].to_list()] if total else [],
        marker={"color": POINT_COLOUR},
        hovertemplate=f"%{{x}}{charts._say(lang)}%{{y:,.1f}}{charts._percent(lang)}<extra></extra>",
    ))
    fig.update_xaxes(title=i18n.t("load.chart.handled_in_slot", lang), dtick=1)
    fig.update_yaxes(title=i18n.t("load.chart.agent_slot_share", lang), ticksuffix=charts._percent(lang), rangemode="tozero")
    return charts._layout(fig, lang, height)

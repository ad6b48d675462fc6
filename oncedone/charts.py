"""Plotly figure builders: a DataFrame and column names in, a Figure out.

Labels, number and date formats follow the language (oncedone.i18n); a title type keeps its
colour whatever the filters, so a chart never recolours a series under the reader's eyes.
"""

from datetime import date, datetime, timedelta

import plotly.graph_objects as go
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

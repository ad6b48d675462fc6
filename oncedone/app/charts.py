"""Plotly figure builders: a DataFrame and column names in, a Figure out.

Labels, number and date formats follow the language (oncedone.i18n); a title type keeps its
colour whatever the filters, so a chart never recolours a series under the reader's eyes.
"""

import html
from datetime import date, datetime, timedelta

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from oncedone import i18n

# One colour per enumerated value, stable across filters (colour-blind-safe Okabe-Ito hues).
COLOURS = {
    "title_type": {
        "vehicle_registration": "#0072B2",
        "driving_licence": "#E69F00",
        "id_card": "#009E73",
        "passport": "#CC79A7",
    },
    "channel": {"phone": "#D55E00", "email": "#56B4E9", "chatbot": "#CC79A7", "webform": "#009E73"},
    # Stages: the waits (before review, on the citizen) in warm hues, the work in cool ones.
    "status": {
        "submitted": "#D55E00",
        "incomplete": "#E69F00",
        "resubmitted": "#F0E442",
        "in_review": "#0072B2",
        "approved": "#56B4E9",
        "in_production": "#009E73",
        "shipped": "#CC79A7",
    },
    "reason": {
        "status_inquiry": "#D55E00",
        "technical_issue": "#E69F00",
        "correction": "#CC79A7",
        "documents": "#0072B2",
        "payment": "#56B4E9",
        "identity_fraud": "#000000",
        "other": "#666666",  # #999999 was too close to correction's pink under deuteranopia (CIE76 7)
    },
    "loops": {"0": "#009E73", "1": "#F0E442", "2": "#E69F00", "3+": "#D55E00"},
    # Within / over the title type's target: the same two colours on every backlog chart.
    "target_state": {"within": "#56B4E9", "over": "#D55E00"},
    # Age buckets: light to dark, the older the darker (readable without hue).
    "age_bucket": {"0-7": "#9ECAE1", "8-15": "#6BAED6", "16-30": "#4292C6", "31-60": "#2171B5", "61+": "#08306B"},
    # Series of the backlog trend and of the stage durations.
    "series": {
        "backlog_count": "#0072B2",
        "inflow_per_day": "#E69F00",
        "throughput_per_day": "#009E73",
        "days_to_clear": "#CC79A7",
        "stage_days_p50": "#56B4E9",
        "stage_days_p90": "#0072B2",
        "application_count": "#0072B2",
    },
}
TOTAL_COLOUR = "#000000"  # the line of every chosen value together
UNCHOSEN_OPACITY = 0.35  # the bars outside a drill-down choice, still visible and clickable
FALLBACK_COLOURS = ("#56B4E9", "#D55E00", "#F0E442", "#999999", "#000000")
PARTIAL_OPACITY = 0.4
WEEK_MS = 7 * 24 * 3600 * 1000


# Plotly's French locale (plotly.js ships it as a separate bundle that Streamlit does not load): the
# toolbar's words and the month and day names, given in the chart's own config.
PLOTLY_FR = {
    "dictionary": {
        "Autoscale": "Échelle automatique",
        "Box Select": "Sélection rectangulaire",
        "Click to enter Colorscale title": "Cliquez pour saisir le titre de l'échelle de couleurs",
        "Click to enter Component A title": "Cliquez pour saisir le titre du composant A",
        "Click to enter Component B title": "Cliquez pour saisir le titre du composant B",
        "Click to enter Component C title": "Cliquez pour saisir le titre du composant C",
        "Click to enter Plot title": "Cliquez pour saisir le titre du graphique",
        "Click to enter X axis title": "Cliquez pour saisir le titre de l'axe des X",
        "Click to enter Y axis title": "Cliquez pour saisir le titre de l'axe des Y",
        "Compare data on hover": "Comparer les données au survol",
        "Double-click on legend to isolate one trace": "Double-cliquez sur la légende pour isoler une série",
        "Double-click to zoom back out": "Double-cliquez pour revenir au zoom initial",
        "Download plot": "Télécharger le graphique",
        "Download plot as a png": "Télécharger le graphique en PNG",
        "Edit in Chart Studio": "Modifier dans Chart Studio",
        "IE only supports svg.  Changing format to svg.": "IE ne prend en charge que le SVG : format SVG choisi.",
        "Lasso Select": "Sélection au lasso",
        "Orbital rotation": "Rotation orbitale",
        "Pan": "Déplacer",
        "Produced with Plotly.js": "Réalisé avec Plotly.js",
        "Reset": "Réinitialiser",
        "Reset axes": "Réinitialiser les axes",
        "Reset camera to default": "Réinitialiser la caméra",
        "Reset camera to last save": "Revenir à la dernière caméra enregistrée",
        "Reset view": "Réinitialiser la vue",
        "Reset views": "Réinitialiser les vues",
        "Show closest data on hover": "Afficher la donnée la plus proche au survol",
        "Snapshot succeeded": "Capture réussie",
        "Sorry, there was a problem downloading your snapshot!": "Le téléchargement de la capture a échoué.",
        "Taking snapshot - this may take a few seconds": "Capture en cours, quelques secondes…",
        "Toggle Spike Lines": "Afficher ou masquer les lignes de repère",
        "Toggle show closest data on hover": "Afficher ou non la donnée la plus proche au survol",
        "Turntable rotation": "Rotation en plateau",
        "Zoom": "Zoom",
        "Zoom in": "Zoom avant",
        "Zoom out": "Zoom arrière",
        "close:": "fermeture :",
        "high:": "haut :",
        "low:": "bas :",
        "max:": "max. :",
        "mean:": "moyenne :",
        "median:": "médiane :",
        "min:": "min. :",
        "open:": "ouverture :",
        "q1:": "q1 :",
        "q3:": "q3 :",
        "trace": "série",
        "upper fence:": "borne haute :",
        "lower fence:": "borne basse :",
        "new text": "nouveau texte",
    },
    "format": {
        "days": ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
        "shortDays": ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
        "months": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                   "octobre", "novembre", "décembre"],
        "shortMonths": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
                        "nov.", "déc."],
        "date": "%d/%m/%Y",
        "decimal": ",",
        "thousands": " ",
    },
}


def plotly_config(lang: str) -> dict:
    """The `config` of every chart: no Plotly logo, and the toolbar and formats in the reader's language."""
    if lang == "fr":
        return {"displaylogo": False, "locale": "fr", "locales": {"fr": PLOTLY_FR}}
    return {"displaylogo": False, "locale": "en"}


def _layout(fig: go.Figure, lang: str, height: int) -> go.Figure:
    fig.update_layout(
        separators=i18n.plotly_separators(lang),
        height=height,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0, "title": None},
        hoverlabel={"namelength": -1},
    )
    return fig


EVENT_COLOUR = "#5A5A5A"  # a dark grey: read as context, never taken for a series
EVENT_LABEL_TURN = 0.55  # past this share of the period, a label goes on the left of its mark
EVENT_LEVELS = 4  # labels of close events stagger down over this many lines instead of overlapping
EVENT_CHAR_PX, EVENT_CHART_PX = 6.5, 480  # a label's character at 11 px, and the plot width of a half-screen chart


def with_events(fig: go.Figure, events: pl.DataFrame | None, lang: str, period: tuple[date, date] | None = None) -> go.Figure:
    """Every event of `period` (app/trend_events: event_day, label) as a labelled vertical mark at its
    day, across every panel; labels on the first panel, staggered, the whole event in their hover.
    The one place a trend chart draws events: each trend chart calls it."""
    if events is None or events.is_empty():
        return fig
    rows = events.sort("event_day", "label")
    if period is not None:
        rows = rows.filter(pl.col("event_day").is_between(*period))
    panels = {"row": "all", "col": "all"} if getattr(fig, "_grid_ref", None) else {}
    first = {"row": 1, "col": 1} if panels else {}
    day_format = "%d/%m/%Y" if lang == "fr" else "%Y-%m-%d"
    taken: list[list[tuple[float, float]]] = [[] for _ in range(EVENT_LEVELS)]  # label extents per line, in days
    for event in rows.iter_rows(named=True):
        at = datetime.combine(event["event_day"], datetime.min.time())
        label = html.escape(event_label(event["label"], lang), quote=False)  # Plotly reads tags: none of the user's
        fig.add_vline(x=at, line={"color": EVENT_COLOUR, "width": 1.5, "dash": "dashdot"}, layer="above", **panels)
        # A label reads rightwards from its mark, leftwards in the last part of the period (else the edge cuts it).
        span = (period[1] - period[0]).days if period is not None else 0
        offset = (event["event_day"] - period[0]).days if period is not None else 0
        late = span > 0 and offset > EVENT_LABEL_TURN * span
        # Its extent on the axis, for a chart half a wide screen wide: the first line where it meets no other.
        width = len(label) * EVENT_CHAR_PX / EVENT_CHART_PX * span
        extent = (offset - width, offset) if late else (offset, offset + width)
        level = next((n for n, line in enumerate(taken) if all(b < extent[0] or a > extent[1] for a, b in line)),
                     len(taken) - 1)
        taken[level].append(extent)
        fig.add_annotation(
            x=at, y=1 - 0.1 * level, xref="x", yref="y domain", text=label, showarrow=False,
            xanchor="right" if late else "left", yanchor="top", xshift=-3 if late else 3,
            font={"size": 11, "color": EVENT_COLOUR},
            bgcolor="rgba(255,255,255,0.8)", hovertext=f"{event['event_day'].strftime(day_format)} · {label}", **first,
        )
    return fig


def event_label(label: str, lang: str) -> str:
    """An event's label as drawn: the reference scenario's story in the reader's language, any other as typed."""
    return i18n.label("events.story", label, lang)


def stacked_bars_by_week(
    df: pl.DataFrame,
    x: str,
    y: str,
    color: str,
    lang: str = i18n.DEFAULT_LANGUAGE,
    partial: str | None = None,
    period: tuple[date, date] | None = None,
    height: int = 340,
    events: pl.DataFrame | None = None,
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
    return with_events(_layout(fig, lang, height), events, lang, period)


# Series over a period and breakdowns (delivery and contacts pages) ------------------------------

ONE_DAY = timedelta(days=1)


def _say(lang: str) -> str:
    """The colon of a hover line: French puts a no-break space before it."""
    return "\u00a0: " if lang == "fr" else ": "


def _colour(kind: str | None, value, index: int) -> str:
    return COLOURS.get(kind or "", {}).get(value, FALLBACK_COLOURS[index % len(FALLBACK_COLOURS)])


def _in_order(values: list, kind: str | None) -> list:
    """Values in their palette's order (a stable legend), the others after them, sorted."""
    palette = COLOURS.get(kind or "", {})
    return [v for v in palette if v in values] + sorted((v for v in values if v not in palette), key=str)


def _percent(lang: str) -> str:
    """The percent sign after a number: `50 %` in French (narrow no-break space), `50%` in English."""
    return "\u202f%" if lang == "fr" else "%"


def _scale(column: str) -> float:
    """Rates are drawn in percent (the axis then says `%` the language's way)."""
    return 100.0 if i18n.unit_column(column).endswith("_rate") else 1.0


def _number(column: str) -> str:
    """The d3 number format of a column's values on an axis and in a hover."""
    return ",d" if i18n.unit_column(column).endswith("_count") else ",.1f"


def _value_axis(fig: go.Figure, column: str, lang: str, title: str | None = None, **where) -> None:
    unit = i18n.unit_column(column)
    rate = unit.endswith("_rate")
    suffix = _percent(lang) if rate else ""
    fig.update_yaxes(
        title=title if title is not None else i18n.column_label(column, lang),
        tickformat=",d" if rate or unit.endswith("_count") else ",.0f",
        ticksuffix=suffix,
        rangemode="tozero",
        **where,
    )
    if rate:
        fig.update_yaxes(range=[0, 100.5], **where)


def _hover_value(column: str, lang: str) -> str:
    unit = i18n.unit_column(column)
    suffix = _percent(lang) if unit.endswith("_rate") else ""
    for end, word in (("_days", " " + i18n.t("unit.days", lang)), ("_hours", " h"), ("_minutes", " min")):
        if unit.endswith(end):
            suffix = word
    return f"%{{y:{_number(column)}}}{suffix}"


def _pale(rows: pl.DataFrame, partial: str | None) -> list[float] | None:
    """Marker opacities: pale for the periods the boolean column `partial` marks."""
    if not partial or partial not in rows.columns:
        return None
    return [PARTIAL_OPACITY if p else 1.0 for p in rows[partial].to_list()]


def _time_axis(fig: go.Figure, lang: str, grain: str, period: tuple[date, date], **where) -> str:
    """Date ticks for a series at `grain` over `period`; returns the d3 format of its hovers."""
    first, last = period
    if grain == "week":
        first, last = (d - timedelta(days=d.weekday()) for d in period)
        half = timedelta(days=3, hours=12)
    elif grain == "month":
        first, last = first.replace(day=1), last.replace(day=1)
        half = timedelta(days=15)
    else:
        half = timedelta(hours=12)
    start, end = (datetime.combine(d, datetime.min.time()) for d in (first, last))
    fig.update_xaxes(type="date", range=[start - half, end + half], **where)
    day_format, month_format = i18n.plotly_day_format(lang), i18n.plotly_month_format(lang)
    weeks = (last - first).days // 7 + 1
    if grain == "month" or (grain == "week" and weeks > 16):
        # A tick per month (per quarter beyond two years): a full date would pass for a point's day.
        fig.update_xaxes(tickformat=month_format, tick0="2000-01-01", dtick="M1" if weeks <= 104 else "M3", **where)
        return month_format if grain == "month" else day_format
    if grain == "week":
        fig.update_xaxes(tickformat=day_format, tick0="2000-01-03", dtick=WEEK_MS, **where)  # Mondays
    else:
        fig.update_xaxes(tickformat=day_format, **where)
    return day_format


def time_lines(
    df: pl.DataFrame,
    x: str,
    lines: list[tuple[str, str, str, str]],
    lang: str,
    grain: str,
    period: tuple[date, date],
    *,
    y_title: str | None = None,
    references: list[tuple[float, str]] = (),
    partial: str | None = "is_partial_period",
    height: int = 360,
    events: pl.DataFrame | None = None,
) -> go.Figure:
    """Lines over time from columns of one frame: `lines` holds (column, name, colour, dash).

    `references` draws thin horizontal lines (a target, a threshold) with their label; the points
    of the periods the `partial` column marks are pale. Values are formatted by the first
    column's suffix; a missing value leaves a gap, never a zero.
    """
    fig = go.Figure()
    rows = df.sort(x) if df.height else df
    column0 = lines[0][0]
    date_format = _time_axis(fig, lang, grain, period)
    pale = _pale(rows, partial)
    for column, name, colour, dash in lines:
        scale = _scale(column)
        values = [None if v is None else v * scale for v in rows[column].to_list()] if rows.height else []
        fig.add_scatter(
            x=rows[x].to_list() if rows.height else [],
            y=values,
            name=name,
            mode="lines+markers",
            line={"color": colour, "dash": dash, "width": 2.5 if dash == "solid" else 2},
            marker={"size": 6, "opacity": pale},
            hovertemplate=f"{name}<br>%{{x|{date_format}}}{_say(lang)}{_hover_value(column, lang)}<extra></extra>",
        )
    for value, label in references:
        fig.add_hline(
            y=value * _scale(column0), line={"color": "#555555", "width": 1, "dash": "dot"},
            annotation_text=label, annotation_position="top left", annotation_font={"size": 11, "color": "#555555"},
        )
    _value_axis(fig, column0, lang, y_title)
    return with_events(_layout(fig, lang, height), events, lang, period)


def group_lines(
    df: pl.DataFrame,
    x: str,
    y: str,
    group: str,
    lang: str,
    grain: str,
    period: tuple[date, date],
    *,
    total: pl.DataFrame | None = None,
    dotted: str | None = None,
    references: list[tuple[float, str]] = (),
    partial: str | None = "is_partial_period",
    height: int = 380,
    events: pl.DataFrame | None = None,
) -> go.Figure:
    """One line of `y` per value of `group` (stable colours), the `total` frame's line in black,
    and, with `dotted`, a second column drawn dotted in the same colour (a rate against another)."""
    fig = go.Figure()
    date_format = _time_axis(fig, lang, grain, period)
    groups = df[group].unique().to_list() if df.height else []
    series = [(value, i18n.label(group, value, lang), _colour(group, value, i), df.filter(pl.col(group) == value))
              for i, value in enumerate(_in_order(groups, group))]
    if total is not None and total.height:
        series.append((None, i18n.t("series.all", lang), TOTAL_COLOUR, total))
    for _, name, colour, rows in series:
        rows = rows.sort(x)
        for column, dash in ((y, "solid"), (dotted, "dot")):
            if column is None:
                continue
            shown = name if dash == "solid" else f"{name} ({i18n.column_label(column, lang).lower()})"
            fig.add_scatter(
                x=rows[x].to_list(),
                y=[None if v is None else v * _scale(column) for v in rows[column].to_list()],
                name=shown,
                legendgroup=name,
                showlegend=dash == "solid",
                mode="lines+markers",
                line={"color": colour, "dash": dash, "width": 3 if colour == TOTAL_COLOUR else 2},
                marker={"size": 6, "opacity": _pale(rows, partial)},
                hovertemplate=f"{shown}<br>%{{x|{date_format}}}{_say(lang)}{_hover_value(column, lang)}<extra></extra>",
            )
    for value, label in references:
        fig.add_hline(
            y=value * _scale(y), line={"color": "#555555", "width": 1, "dash": "dot"},
            annotation_text=label, annotation_position="bottom left", annotation_font={"size": 11, "color": "#555555"},
        )
    _value_axis(fig, y, lang)
    return with_events(_layout(fig, lang, height), events, lang, period)


def period_bars(
    df: pl.DataFrame,
    x: str,
    y: str,
    color: str,
    lang: str,
    grain: str,
    period: tuple[date, date],
    *,
    partial: str | None = None,
    kind: str | None = None,
    height: int = 360,
    events: pl.DataFrame | None = None,
) -> go.Figure:
    """Stacked bars of `y` per period start `x` at `grain`, one series per value of `color`;
    `partial`, a boolean column, draws the periods it marks pale (a cut week is not a fall);
    `kind` names the enumerated kind of `color` (labels, colours) when it is not its name."""
    fig = go.Figure()
    kind = kind or color
    date_format = _time_axis(fig, lang, grain, period)
    width = {"day": 0.8, "week": 7 * 0.8, "month": 30 * 0.8}[grain] * 24 * 3600 * 1000
    values = df[color].unique().to_list() if df.height else []
    for i, value in enumerate(_in_order(values, kind)):
        rows = df.filter(pl.col(color) == value).sort(x)
        name = i18n.label(kind, value, lang)
        fig.add_bar(
            x=rows[x].to_list(),
            y=[None if v is None else v * _scale(y) for v in rows[y].to_list()],
            name=name,
            width=width,
            marker={
                "color": _colour(kind, value, i),
                "opacity": [PARTIAL_OPACITY if p else 1.0 for p in rows[partial].to_list()] if partial else None,
            },
            hovertemplate=f"{name}<br>%{{x|{date_format}}}{_say(lang)}{_hover_value(y, lang)}<extra></extra>",
        )
    fig.update_layout(barmode="stack", bargap=0.2, showlegend=True, legend_traceorder="normal")
    _value_axis(fig, y, lang)
    if _scale(y) != 1.0:
        fig.update_yaxes(autorange=True, range=None)  # shares stack below 100 %: let the axis fit them
    return with_events(_layout(fig, lang, height), events, lang, period)


def period_bar_panels(
    df: pl.DataFrame,
    x: str,
    y: str,
    color: str,
    panel: str,
    lang: str,
    grain: str,
    period: tuple[date, date],
    *,
    kind: str | None = None,
    columns: int = 2,
    row_height: int = 250,
    events: pl.DataFrame | None = None,
) -> go.Figure:
    """`period_bars` in small multiples, one panel per value of `panel` (an enumerated kind, its
    palette's order), on one shared value axis so that the panels compare; one legend."""
    kind = kind or color
    panels = _in_order(df[panel].unique().to_list(), panel) if df.height else []
    columns = max(1, min(columns, len(panels)))
    rows = max(1, -(-len(panels) // columns))
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=[i18n.label(panel, p, lang) for p in panels],
                        vertical_spacing=0.35 / rows if rows > 1 else 0.1, horizontal_spacing=0.06)
    width = {"day": 0.8, "week": 7 * 0.8, "month": 30 * 0.8}[grain] * 24 * 3600 * 1000
    values = _in_order(df[color].unique().to_list(), kind) if df.height else []
    for n, p in enumerate(panels):
        where = {"row": n // columns + 1, "col": n % columns + 1}
        date_format = _time_axis(fig, lang, grain, period, **where)
        for i, value in enumerate(values):
            part = df.filter((pl.col(panel) == p) & (pl.col(color) == value)).sort(x)
            name = i18n.label(kind, value, lang)
            fig.add_bar(
                x=part[x].to_list(), y=part[y].to_list(), name=name, legendgroup=name, showlegend=n == 0, width=width,
                marker={"color": _colour(kind, value, i)},
                hovertemplate=f"{name}<br>%{{x|{date_format}}}{_say(lang)}{_hover_value(y, lang)}<extra></extra>",
                **where,
            )
        title = i18n.t("unit.days", lang) if i18n.unit_column(y).endswith("_days") else i18n.column_label(y, lang)
        _value_axis(fig, y, lang, title if where["col"] == 1 else "", **where)
    fig.update_yaxes(matches="y")
    fig.update_layout(barmode="stack", bargap=0.2, legend_traceorder="normal")
    fig = _layout(fig, lang, 90 + rows * row_height)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 70, "b": 10}, legend={"y": 1 + 40 / (rows * row_height)})
    fig.update_annotations(font_size=13)
    return with_events(fig, events, lang, period)


def category_stacks(
    df: pl.DataFrame,
    x: str,
    ys: list[str],
    color: str,
    lang: str,
    *,
    x_kind: str | None = None,
    kind: str | None = None,
    height: int = 360,
) -> go.Figure:
    """Bars per category `x` stacked by `color` (of enumerated `kind`, its name by default), one
    panel side by side per column of `ys` (the p50 and the p90 of the stages, say), one legend."""
    kind = kind or color
    fig = make_subplots(rows=1, cols=len(ys), subplot_titles=[i18n.column_label(c, lang) for c in ys],
                        horizontal_spacing=0.08)
    categories = df[x].unique(maintain_order=True).to_list() if df.height else []
    categories = _in_order(categories, x_kind) if x_kind else categories
    shown = [i18n.label(x_kind, c, lang) if x_kind else str(c) for c in categories]
    values = df[color].unique().to_list() if df.height else []
    for i, value in enumerate(_in_order(values, kind)):
        rows = dict(df.filter(pl.col(color) == value).select(x, pl.struct(ys)).iter_rows())
        name = i18n.label(kind, value, lang)
        for col, column in enumerate(ys, start=1):
            fig.add_bar(
                x=shown,
                y=[(rows.get(c) or {}).get(column) for c in categories],
                name=name,
                legendgroup=name,
                showlegend=col == 1,
                marker={"color": _colour(kind, value, i)},
                hovertemplate=f"%{{x}}<br>{name}{_say(lang)}{_hover_value(column, lang)}<extra></extra>",
                row=1, col=col,
            )
            _value_axis(fig, column, lang, i18n.t("unit.days", lang) if column.endswith(("_p50", "_p90")) else None,
                        row=1, col=col)
    fig.update_layout(barmode="stack", bargap=0.3, legend_traceorder="normal")
    fig.update_xaxes(type="category")
    fig = _layout(fig, lang, height)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 70, "b": 10}, legend={"y": 1.12})
    fig.update_annotations(font_size=13)
    return fig


def share_stacks(df: pl.DataFrame, x: str, y: str, color: str, lang: str, *, x_kind: str | None = None,
                 height: int = 300) -> go.Figure:
    """Horizontal bars of 100 % per category `x`, split by `color` (shares `y` in 0-1)."""
    fig = go.Figure()
    categories = _in_order(df[x].unique().to_list(), x_kind) if df.height else []
    shown = [i18n.label(x_kind, c, lang) if x_kind else str(c) for c in categories]
    values = df[color].unique().to_list() if df.height else []
    for i, value in enumerate(_in_order(values, color)):
        rows = dict(df.filter(pl.col(color) == value).select(x, y).iter_rows())
        name = i18n.label(color, value, lang)
        fig.add_bar(
            y=shown, x=[None if rows.get(c) is None else rows[c] * 100 for c in categories], name=name,
            orientation="h", marker={"color": _colour(color, value, i)},
            hovertemplate=f"%{{y}}<br>{name}{_say(lang)}%{{x:,.1f}}{_percent(lang)}<extra></extra>",
        )
    fig.update_layout(barmode="stack", bargap=0.3, legend_traceorder="normal")
    fig.update_xaxes(title=i18n.column_label(y, lang), range=[0, 100.5], dtick=25, ticksuffix=_percent(lang))
    fig.update_yaxes(type="category", autorange="reversed")
    return _layout(fig, lang, height)


def box_summary(
    df: pl.DataFrame, category: str, lang: str, *, target: str | None = None, height: int = 340
) -> go.Figure:
    """Boxes drawn from precomputed statistics (`delivery_days_p10`...`_p90` columns): box from
    p25 to p75, line at p50, whiskers at p10 and p90; a black dash at each category's `target`."""
    fig = go.Figure()
    rows = df.filter(pl.col(category).is_in(_in_order(df[category].to_list(), category))) if df.height else df
    order = _in_order(rows[category].to_list(), category) if rows.height else []
    unit = i18n.t("unit.days", lang)
    for i, value in enumerate(order):
        r = rows.filter(pl.col(category) == value).row(0, named=True)
        name = i18n.label(category, value, lang)
        fig.add_box(
            x=[name], q1=[r["delivery_days_p25"]], median=[r["delivery_days_p50"]], q3=[r["delivery_days_p75"]],
            lowerfence=[r["delivery_days_p10"]], upperfence=[r["delivery_days_p90"]], name=name,
            marker={"color": _colour(category, value, i)}, boxpoints=False, showlegend=False,
            hoverinfo="y",
        )
    if target and rows.height:
        names = [i18n.label(category, v, lang) for v in order]
        targets = [rows.filter(pl.col(category) == v)[target].item() for v in order]
        fig.add_scatter(
            x=names, y=targets, mode="markers", name=i18n.column_label(target, lang),
            marker={"symbol": "line-ew-open", "size": 46, "color": "#000000", "line": {"width": 3}},
            hovertemplate=f"%{{x}}<br>{i18n.column_label(target, lang)}{_say(lang)}%{{y}} {unit}<extra></extra>",
        )
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=[i18n.label(category, v, lang) for v in order])
    fig.update_yaxes(title=i18n.column_label("delivery_days", lang), rangemode="tozero", tickformat=",d",
                     hoverformat=",.1f")
    fig.update_layout(showlegend=bool(target))
    return _layout(fig, lang, height)


def category_bars(df: pl.DataFrame, x: str, y: str, lang: str, *, x_kind: str | None = None, colour: str = "#0072B2",
                  pale_below: tuple[str, float] | None = None, height: int = 300) -> go.Figure:
    """One bar of `y` per category `x` (labelled as the enumerated `x_kind` says), in the frame's
    order, the value written on it; `pale_below` (column, minimum) draws pale the bars resting on
    too few cases to be read."""
    scale = _scale(y)
    values = [None if v is None else v * scale for v in df[y].to_list()]
    opacity = [PARTIAL_OPACITY if (w or 0) < pale_below[1] else 1.0 for w in df[pale_below[0]].to_list()] if pale_below else None
    fig = go.Figure()
    fig.add_bar(
        x=[i18n.label(x_kind, v, lang) if x_kind else str(v) for v in df[x].to_list()], y=values,
        marker={"color": colour, "opacity": opacity},
        text=values, texttemplate=f"%{{y:{_number(y)}}}", textposition="outside", cliponaxis=False,
        hovertemplate=f"%{{x}}{_say(lang)}{_hover_value(y, lang)}<extra></extra>",
    )
    fig.update_xaxes(title=i18n.column_label(x, lang), type="category")
    _value_axis(fig, y, lang)
    fig.update_layout(showlegend=False)
    fig = _layout(fig, lang, height)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 30, "b": 10})  # room for the values above the bars
    return fig


def weekly_heatmap(df: pl.DataFrame, lang: str, *, z: str = "mean_contact_count", height: int = 330) -> go.Figure:
    """Weekdays (rows, Monday on top) by hours of the day (columns), coloured by `z`."""
    days = list(range(1, 8))
    hours = list(range(24))
    cells = {(r["weekday_number"], r["hour_number"]): r[z] for r in df.iter_rows(named=True)}
    grid = [[cells.get((d, h)) for h in hours] for d in days]
    names = [i18n.label("weekday", str(d), lang) for d in days]
    fig = go.Figure(go.Heatmap(
        z=grid, x=[str(h) for h in hours], y=names,
        colorscale="Blues", colorbar={"title": {"text": i18n.column_label(z, lang), "side": "right"}},
        hovertemplate=f"%{{y}} %{{x}}{_say(lang)}%{{z:,.1f}}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="category", title=i18n.column_label("hour_number", lang))
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
                        height: int = 300, events: pl.DataFrame | None = None) -> go.Figure:
    """The daily once-and-done rate (faint) and its 7-day average (bold), provisional days shaded:
    their episodes may still get a repeat, so the rate there can only fall."""
    fig = go.Figure()
    # In percent with the language's sign ("41,5 %"), as the cards say it: d3's "%" format glues it.
    hover = f"%{{y:,.1f}}{_percent(lang)}"
    for column, name, line in (
        ("once_and_done_rate", "chart.once_and_done_daily", {"color": TREND_COLOURS["faint"], "width": 1}),
        ("once_and_done_rate_7d", "chart.once_and_done_7d", {"color": TREND_COLOURS["main"], "width": 3}),
    ):
        fig.add_scatter(x=daily["day"].to_list(), y=[None if v is None else v * 100 for v in daily[column].to_list()],
                        mode="lines", name=i18n.t(name, lang), line=line, hovertemplate=hover)
    provisional = daily.filter(pl.col("is_provisional"))["day"]
    if provisional.len():
        start = datetime.combine(provisional.min(), datetime.min.time()) - timedelta(hours=12)
        end = datetime.combine(period[1], datetime.min.time()) + timedelta(hours=12)
        fig.add_vrect(x0=start, x1=end, fillcolor="#cccccc", opacity=0.3, line_width=0,
                      annotation_text=i18n.t("chart.provisional", lang), annotation_position="top left")
    _target_line(fig, None if target is None else target * 100, i18n.t("chart.target", lang))
    fig.update_yaxes(tickformat=",d", ticksuffix=_percent(lang), rangemode="tozero", range=[0, 100.5])
    _day_axis(fig, lang, period)
    fig.update_layout(hovermode="x unified")
    return with_events(_layout(fig, lang, height), events, lang, period)


def delivery_against_cohort(delivered: pl.DataFrame, cohorts: pl.DataFrame, lang: str, period: tuple[date, date],
                            target: float | None, height: int = 300, events: pl.DataFrame | None = None) -> go.Figure:
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
    return with_events(_layout(fig, lang, height), events, lang, period)


def backlog_and_flows(daily: pl.DataFrame, lang: str, period: tuple[date, date], height: int = 380,
                      events: pl.DataFrame | None = None) -> go.Figure:
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
    return with_events(_layout(fig, lang, height), events, lang, period)


def _colon(lang: str) -> str:
    return "\u00a0: " if lang == "fr" else ": "  # French puts a space before a colon


def _ordered(values: list, kind: str | None) -> list:
    """Values in the catalogue colours' order when they have one, else as they come."""
    colours = COLOURS.get(kind or "", {})
    return [v for v in colours if v in values] + [v for v in values if v not in colours]


def stacked_bars(
    df: pl.DataFrame,
    x: str,
    y: str,
    color: str,
    lang: str = i18n.DEFAULT_LANGUAGE,
    *,
    x_kind: str | None = None,
    horizontal: bool = False,
    chosen=None,
    chosen_color=None,
    height: int | None = None,
) -> go.Figure:
    """Bars of `y` per category `x` (in the frame's order), stacked by `color` (catalogue colours).

    Labels follow the language (`x_kind`, `color` name the enumerated kinds); each bar segment
    carries its raw `[x, color]` values as customdata, so a click says what was chosen whatever
    the language. `chosen`, an `x` value, leaves the other bars pale (and `chosen_color`, a
    `color` value, the other segments of the chosen bar). `horizontal` lists the
    categories top-down (the first on top), the chart as tall as they need by default.
    """
    categories = df[x].unique(maintain_order=True).to_list() if df.height else []
    labels = {c: i18n.label(x_kind, c, lang) if x_kind else str(c) for c in categories}
    colon = _colon(lang)
    fig = go.Figure()
    present = df[color].unique(maintain_order=True).to_list() if df.height else []
    for i, value in enumerate(_ordered(present, color)):
        rows = df.filter(pl.col(color) == value)
        counts = dict(zip(rows[x].to_list(), rows[y].to_list()))
        name = i18n.label(color, value, lang)
        shown = [labels[c] for c in categories]
        values = [counts.get(c, 0) for c in categories]
        picked = chosen_color is None or value == chosen_color
        opacity = [1.0 if chosen is None or (c == chosen and picked) else UNCHOSEN_OPACITY for c in categories]
        colour = COLOURS.get(color, {}).get(value, FALLBACK_COLOURS[i % len(FALLBACK_COLOURS)])
        where = "%{y}" if horizontal else "%{x}"
        count = "%{x:,d}" if horizontal else "%{y:,d}"
        fig.add_bar(
            x=values if horizontal else shown,
            y=shown if horizontal else values,
            orientation="h" if horizontal else "v",
            name=name,
            customdata=[[c, value] for c in categories],
            marker={"color": colour, "opacity": opacity},
            hovertemplate=f"{where}<br>{name}{colon}{count}<extra></extra>",
        )
    # Plotly lists a stack's legend top-down (last trace first): keep the catalogue's order instead.
    fig.update_layout(barmode="stack", bargap=0.3, showlegend=True, legend_traceorder="normal")
    count_axis = {"title": i18n.column_label(y, lang), "tickformat": ",d", "rangemode": "tozero"}
    category_axis = {"title": i18n.column_label(x, lang), "type": "category",
                     "categoryorder": "array", "categoryarray": [labels[c] for c in categories]}
    if horizontal:
        fig.update_xaxes(**count_axis)
        fig.update_yaxes(**category_axis, autorange="reversed")
    else:
        fig.update_xaxes(**category_axis)
        fig.update_yaxes(**count_axis)
    if df.height and df.group_by(x).agg(pl.col(y).sum())[y].max() < 10:
        (fig.update_xaxes if horizontal else fig.update_yaxes)(dtick=1)  # whole ticks only
    if height is None:
        height = 130 + 26 * len(categories) if horizontal else 320
    return _layout(fig, lang, height)


def trend_panels(
    df: pl.DataFrame,
    x: str,
    panels: list[tuple[str, list[str]]],
    lang: str = i18n.DEFAULT_LANGUAGE,
    height: int = 520,
    events: pl.DataFrame | None = None,
) -> go.Figure:
    """Daily lines in panels one above the other, sharing the day axis: each panel has a title
    and one or more columns (catalogue colours by column, labels by column name)."""
    fig = make_subplots(rows=len(panels), cols=1, shared_xaxes=True, vertical_spacing=0.1,
                        subplot_titles=[title for title, _ in panels])
    day_format = i18n.plotly_day_format(lang)
    colon = _colon(lang)
    for row, (_, columns) in enumerate(panels, start=1):
        for column in columns:
            name = i18n.column_label(column, lang)
            integer = column.endswith("_count")
            fig.add_scatter(
                x=df[x].to_list(), y=df[column].to_list(), name=name, mode="lines",
                line={"color": COLOURS["series"].get(column, FALLBACK_COLOURS[0]), "width": 2},
                hovertemplate=f"{name}<br>%{{x|{day_format}}}{colon}%{{y:,{'d' if integer else '.1f'}}}<extra></extra>",
                row=row, col=1,
            )
        counts = all(c.endswith("_count") for c in columns)
        fig.update_yaxes(rangemode="tozero", tickformat=",d" if counts else ",~g", row=row, col=1)
    fig.update_xaxes(tickformat=day_format, type="date")
    fig.update_layout(showlegend=True)
    fig = _layout(fig, lang, height)
    # The legend below the last panel: above, it would run into the first panel's title.
    fig.update_layout(margin={"l": 10, "r": 10, "t": 30, "b": 10},
                      legend={"orientation": "h", "yanchor": "top", "y": -0.08, "xanchor": "left", "x": 0})
    fig.update_annotations(font_size=13, x=0, xanchor="left")  # panel titles at the left, like headings
    period = (df[x].min(), df[x].max()) if df.height else None
    return with_events(fig, events, lang, period)


def grouped_bars(
    df: pl.DataFrame,
    x: str,
    ys: list[str],
    lang: str = i18n.DEFAULT_LANGUAGE,
    *,
    x_kind: str | None = None,
    y_title: str | None = None,
    height: int = 300,
) -> go.Figure:
    """Bars side by side per category `x` (in the frame's order), one series per column of `ys`,
    whole numbers for `_count` columns, one decimal otherwise; `y_title` names the value axis
    (else the first column's label)."""
    categories = df[x].to_list()
    shown = [i18n.label(x_kind, c, lang) if x_kind else str(c) for c in categories]
    colon = _colon(lang)
    fig = go.Figure()
    for column in ys:
        name = i18n.column_label(column, lang)
        number = ",d" if column.endswith("_count") else ",.1f"
        fig.add_bar(
            x=shown, y=df[column].to_list(), name=name,
            marker={"color": COLOURS["series"].get(column, FALLBACK_COLOURS[0])},
            hovertemplate=f"%{{x}}<br>{name}{colon}%{{y:{number}}}<extra></extra>",
        )
    counts = all(c.endswith("_count") for c in ys)
    fig.update_layout(barmode="group", bargap=0.25, showlegend=len(ys) > 1)
    fig.update_xaxes(title=i18n.column_label(x, lang), type="category")
    fig.update_yaxes(title=y_title or i18n.column_label(ys[0], lang), rangemode="tozero", tickformat=",d" if counts else None)
    if counts and df.height and max(df[c].max() for c in ys) < 10:
        fig.update_yaxes(dtick=1)  # small counts: whole ticks only
    return _layout(fig, lang, height)


# Text for screen readers (RGAA 4.1, criterion 1.3: an image that informs has a text alternative) --

SUMMARY_SERIES = 4  # the series a summary names, the others counted


def summary(fig: go.Figure, lang: str) -> str:
    """What a chart shows in one or two sentences a screen reader can read: its series and, for
    each, its last value and where it stands (a day on a time axis, a category otherwise)."""
    series = []
    heat = next((t for t in fig.data if t.type == "heatmap" and t.z is not None), None)
    if heat is not None:  # a grid: where it peaks
        z = [[v for v in row] for row in heat.z]
        value, i, j = max((v, i, j) for i, row in enumerate(z) for j, v in enumerate(row) if v is not None)
        return i18n.t("charts.summary_peak", lang, value=i18n.format_number(value, lang, 1),
                      at=f"{heat.y[i] if heat.y is not None else i}, {heat.x[j] if heat.x is not None else j}")
    for trace in fig.data:
        xs, ys = list(trace.x if trace.x is not None else []), list(trace.y if trace.y is not None else [])
        if getattr(trace, "orientation", None) == "h":
            xs, ys = ys, xs
        points = [(x, y) for x, y in zip(xs, ys) if y is not None and y == y]
        name = getattr(trace, "name", None)
        if not points or not name or (trace.showlegend is False and any(n == name for n, *_ in series)):
            continue
        x, y = points[-1]
        series.append((name, _said_x(x, lang), i18n.format_number(y, lang, 0 if float(y).is_integer() else 1)))
    if not series:
        return i18n.t("charts.summary_empty", lang)
    shown = [i18n.t("charts.summary_series", lang, name=n, value=v, at=x) for n, x, v in series[:SUMMARY_SERIES]]
    more = len(series) - SUMMARY_SERIES
    text = i18n.t("charts.summary", lang, count=len(series), series="; ".join(shown) if lang == "en" else " ; ".join(shown))
    return text + (" " + i18n.t("charts.summary_more", lang, count=more) if more > 0 else "")


def _said_x(x, lang: str) -> str:
    if isinstance(x, datetime):
        return i18n.format_day(x.date(), lang)
    if isinstance(x, date):
        return i18n.format_day(x, lang)
    text = str(x)
    return i18n.format_day(date.fromisoformat(text[:10]), lang) if len(text) >= 10 and text[4:5] == "-" and text[:4].isdigit() else text

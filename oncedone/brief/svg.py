"""The brief's trend charts as plain SVG: lines told apart by their dash and width as well as by
their colour, each named at its end, so that a page printed in black and white still reads.

Drawn here rather than through Plotly and kaleido: three small line charts do not need a browser
started for each brief (kaleido starts Chromium, about 6 s for two images on this machine).
"""

import html
from dataclasses import dataclass
from datetime import date, timedelta
from math import floor, log10

from oncedone import i18n

WIDTH, HEIGHT = 680, 210  # user units; the page scales the picture to its column
LEFT, RIGHT, TOP, BOTTOM = 52, 150, 14, 26  # the right margin holds the lines' names
INK, GREY, PALE = "#1a1a1a", "#6b6b6b", "#d9d9d9"
# The dashboard's hues (Okabe-Ito), dark enough to stay distinct from each other in grey.
BLUE, VERMILION, GREEN = "#0072B2", "#D55E00", "#009E73"


@dataclass(frozen=True)
class Line:
    """One series: its name, points (day, value or None), and how it is drawn."""

    name: str
    points: list[tuple[date, float | None]]
    colour: str = INK
    width: float = 2.0
    dash: str = ""  # an SVG dash array: "" solid, "6 3" dashed, "1.5 3" dotted
    marker: str = ""  # "circle", "square" or "" for none
    fill: bool = False  # shade the area under the line (a stock)


def chart(lines: list[Line], period: tuple[date, date], say_value, lang: str, *, target: float | None = None,
          target_name: str = "", say_target=None, floor_zero: bool = True, top: float | None = None,
          height: int = HEIGHT, shade_from: date | None = None, shade_name: str = "") -> str:
    """An SVG line chart over the days of `period`; `say_value` writes a tick's value (`say_target`
    the target's, when it needs its unit); days from `shade_from` on are shaded and named."""
    values = [v for line in lines for _, v in line.points if v is not None] + ([target] if target is not None else [])
    low = 0.0 if floor_zero or not values else min(values)
    high = top if top is not None else max(values, default=1.0)
    ticks = _ticks(low, high if high > low else low + 1)
    low, high = ticks[0], ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, height - TOP - BOTTOM
    first, last = period
    span = max((last - first).days, 1)

    def x(day: date) -> float:
        return LEFT + plot_w * (day - first).days / span

    def y(value: float) -> float:
        return TOP + plot_h * (1 - (value - low) / (high - low))

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" '
           f'font-family="DejaVu Sans, sans-serif" font-size="11" role="img">']
    for tick in ticks:
        out.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="{PALE}" stroke-width="0.7"/>')
        out.append(f'<text x="{LEFT - 5}" y="{y(tick) + 3.5:.1f}" text-anchor="end" fill="{GREY}">{_esc(say_value(tick))}</text>')
    for day in _month_starts(first, last):
        out.append(f'<line x1="{x(day):.1f}" x2="{x(day):.1f}" y1="{TOP + plot_h}" y2="{TOP + plot_h + 4}" stroke="{GREY}"/>')
        label = day.strftime("%m/%Y" if lang == "fr" else "%Y-%m")
        out.append(f'<text x="{x(day):.1f}" y="{TOP + plot_h + 16}" text-anchor="middle" fill="{GREY}">{label}</text>')
    out.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" stroke="{GREY}"/>')
    names = []
    if shade_from is not None and first <= shade_from <= last:
        x0 = x(shade_from) - plot_w / span / 2
        out.append(f'<rect x="{x0:.1f}" y="{TOP}" width="{LEFT + plot_w - x0:.1f}" height="{plot_h}" fill="#000" '
                   f'fill-opacity="0.08"/><text x="{x0 + 3:.1f}" y="{TOP + 10}" fill="{GREY}">{_esc(shade_name)}</text>')
    if target is not None and low <= target <= high:
        out.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(target):.1f}" y2="{y(target):.1f}" '
                   f'stroke="{INK}" stroke-width="1" stroke-dasharray="1.5 3"/>')
        names.append((y(target), f"{target_name} {(say_target or say_value)(target)}", INK))
    for line in lines:
        runs = [[(x(d), y(v)) for d, v in run] for run in _runs([p for p in line.points if first <= p[0] <= last])]
        for run in runs:
            path = " ".join(f"{'M' if i == 0 else 'L'}{px:.1f},{py:.1f}" for i, (px, py) in enumerate(run))
            if line.fill and len(run) > 1:
                base = y(low)
                out.append(f'<path d="{path} L{run[-1][0]:.1f},{base:.1f} L{run[0][0]:.1f},{base:.1f} Z" '
                           f'fill="{line.colour}" fill-opacity="0.12" stroke="none"/>')
            dash = f' stroke-dasharray="{line.dash}"' if line.dash else ""
            out.append(f'<path d="{path}" fill="none" stroke="{line.colour}" stroke-width="{line.width}"{dash} '
                       f'stroke-linejoin="round"/>')
            for px, py in run if line.marker else ():
                out.append(_marker(line.marker, px, py, line.colour))
        known = [(d, v) for d, v in line.points if v is not None and first <= d <= last]
        if known:
            names.append((y(known[-1][1]), line.name, line.colour))
    out.extend(_names(names, LEFT + plot_w + 6, TOP, TOP + plot_h))
    out.append("</svg>")
    return "".join(out)


def _runs(points: list[tuple[date, float | None]]) -> list[list[tuple[date, float]]]:
    """The unbroken stretches of a line: a day without a value breaks it, never drawn as zero."""
    runs, current = [], []
    for day, value in points:
        if value is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append((day, value))
    return [*runs, current] if current else runs


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6" fill="white" stroke="{colour}" stroke-width="1.5"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>'


def _names(names: list[tuple[float, str, str]], x: float, top: float, bottom: float) -> list[str]:
    """Each line's name beside its last point, pushed apart so that two names never overlap."""
    placed, gap = [], 13
    for y, text, colour in sorted(names):
        y = max(y, top + 4, (placed[-1][0] + gap) if placed else top + 4)
        placed.append((y, text, colour))
    overflow = placed[-1][0] - (bottom + 4) if placed else 0
    if overflow > 0:  # pushed past the bottom: move them all up
        placed = [(y - overflow, t, c) for y, t, c in placed]
    return [f'<text x="{x:.1f}" y="{y + 4:.1f}" fill="{colour}" font-weight="bold">{_esc(text)}</text>'
            for y, text, colour in placed]


def _ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round tick values from at most `low` to at least `high`."""
    raw = (high - low) / count
    magnitude = 10 ** floor(log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = floor(low / step) * step
    ticks = [start]
    while ticks[-1] < high - 1e-9:
        ticks.append(ticks[-1] + step)
    return ticks


def _month_starts(first: date, last: date) -> list[date]:
    day = date(first.year, first.month, 1)
    days = []
    while day <= last:
        if day >= first:
            days.append(day)
        day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return days


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def percent(lang: str):
    """Ticks of a rate drawn in percent: `60 %` / `60%`."""
    return lambda value: i18n.format_rate(value / 100, lang, 0)


def number(lang: str):
    """Ticks of a count or a duration: whole numbers, or as many decimals as a small step needs."""

    def say(value: float) -> str:
        decimals = next((d for d in (0, 1, 2) if abs(round(value, d) - value) < 1e-9), 2)
        return i18n.format_number(value, lang, decimals)

    return say

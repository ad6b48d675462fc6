"""A brief in words and pictures: the HTML of the mail, the same page as an A4 PDF (weasyprint),
and a plain-text part. Every string comes from the catalogue, every number is said as Today says it."""

import html
import re
from datetime import date

from oncedone import i18n
from oncedone.brief import svg
from oncedone.brief.content import Brief, link, scope_said
from oncedone.config import Config
from oncedone.kpi import director, emerging

LIGHT_CLASS = {"good": "good", "watch": "watch", "bad": "bad", None: "none"}

CSS = """
@page { size: A4; margin: 13mm 13mm 14mm 13mm;
        @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; color: #555; } }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 9.5pt; color: #1a1a1a; margin: 0; }
h1 { font-size: 16pt; margin: 0 0 2pt 0; }
h2 { font-size: 11.5pt; margin: 11pt 0 4pt 0; border-bottom: 1px solid #999; padding-bottom: 1pt; }
h3 { font-size: 9.5pt; margin: 7pt 0 2pt 0; }
p { margin: 2pt 0; }
.muted { color: #555; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 5pt; }
.card { border: 1px solid #888; border-radius: 4pt; padding: 4pt 5pt; break-inside: avoid; }
.card.secondary { border-style: dashed; }
.label { font-size: 8.5pt; font-weight: bold; }
.value { font-size: 14pt; font-weight: bold; margin: 1pt 0; }
.delta { font-size: 8.5pt; }
.delta.worse { color: #b00020; } .delta.better { color: #006b3c; }
.caption { font-size: 7.5pt; color: #444; }
.badge { display: inline-block; border-radius: 3pt; padding: 0 3pt; font-weight: bold; border: 1px solid; }
.badge.green { color: #006b3c; background: #e3f4ea; } .badge.orange { color: #8a4b00; background: #fdf0dd; }
.badge.red { color: #b00020; background: #fde4e7; } .badge.gray { color: #444; background: #eee; }
ul.attention { margin: 0; padding-left: 12pt; } ul.attention li { margin: 2pt 0; }
.chart { break-inside: avoid; margin-bottom: 4pt; }
.chart svg { width: 100%; height: auto; }
a { color: #0050a0; }
@media screen { body { margin: 12px; max-width: 860px; } }
"""


def markdown(text: str) -> str:
    """The catalogue's Streamlit markdown (`**bold**`, `:red-badge[...]`, `:orange[...]`) as HTML."""
    out = html.escape(text, quote=False)
    out = re.sub(r":(\w+)-badge\[(.+?)\]", r'<span class="badge \1">\2</span>', out)
    out = re.sub(r":(red|orange|green|gray|blue)\[(.+?)\]", r'<span class="\1">\2</span>', out)
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)


def plain(text: str) -> str:
    """The same markdown as plain text, for the mail's text part."""
    out = re.sub(r":\w+(?:-badge)?\[(.+?)\]", r"\1", text)
    return out.replace("**", "")


def cards(brief: Brief, cfg: Config, lang: str, headline: bool) -> list[dict]:
    """What each card of one row says: label, light, value, change (and whether it is bad news), caption."""
    chosen = [c for c in director.CARDS if c.headline == headline]
    values = brief.readings["day"]
    said = []
    for card in chosen:
        view = director.card_view(card, brief.readings, [], brief.selection, cfg, lang)
        light = director.light(card.key, values, brief.selection, cfg)
        worse = director.is_worse(card.key, director.delta(card.key, values, brief.readings["previous"]))
        said.append({"key": card.key, "label": i18n.t(f"today.card.{card.key}", lang), "light": light,
                     "light_said": i18n.t(f"today.light.{light or 'none'}", lang), "value": view["value"],
                     "delta": view["delta"], "worse": worse, "caption": view["caption"]})
    return said


def attention_lines(brief: Brief, cfg: Config, base_url: str, lang: str) -> list[tuple[str, str]]:
    """Each point of attention as (markdown text, the dashboard's URL explaining it), Today's order."""
    values = brief.readings["day"]
    lines = []
    for item in brief.attention:
        view = director.attention_view(item, values, brief.selection, cfg, lang)
        lines.append((view["text"], link(base_url, view["page"], brief.view, lang, **view["changes"])))
    found = brief.emerging
    for finding in found["contacts"][:5] + found["incomplete"]:
        view = emerging.finding_view(finding, brief.day, lang)
        lines.append((view["text"], link(base_url, view["page"], brief.view, lang, **view["changes"])))
    return lines


def charts(brief: Brief, cfg: Config, lang: str) -> list[tuple[str, str]]:
    """The three trends of Today as (title, SVG): once and done, delivery against cohort, backlog and flows."""
    period = (brief.view.from_day, brief.view.to_day)
    daily = brief.frames["daily"]
    days = daily["day"].to_list()

    def points(frame, day_column, column, scale=1.0):
        return [(d, None if v is None else v * scale) for d, v in zip(frame[day_column].to_list(), frame[column].to_list())]

    target = director.target("once_and_done_rate", brief.selection, cfg)
    once = svg.chart([
        svg.Line(i18n.t("chart.once_and_done_daily", lang), points(daily, "day", "once_and_done_rate", 100),
                 colour=svg.GREY, width=0.8),
        svg.Line(i18n.t("chart.once_and_done_7d", lang), points(daily, "day", "once_and_done_rate_7d", 100),
                 colour=svg.BLUE, width=2.6),
    ], period, svg.percent(lang), lang, target=None if target is None else target * 100,
        target_name=i18n.t("chart.target", lang), top=100, shade_from=_first_provisional(daily),
        shade_name=i18n.t("chart.provisional", lang))
    delivered, cohorts = brief.frames["delivered"], brief.frames["cohorts"]
    delay_target = director.target("delivery_days_p90", brief.selection, cfg)
    delay = svg.chart([
        svg.Line(i18n.t("brief.chart.delivered_p90", lang), points(delivered, "period_start_day", "delivery_days_p90"),
                 colour=svg.BLUE, width=2, marker="circle"),
        svg.Line(i18n.t("brief.chart.cohort_p90", lang), points(cohorts, "period_start_day", "cohort_p90"),
                 colour=svg.VERMILION, width=2.4, dash="7 3", marker="square"),
    ], period, svg.number(lang), lang, target=delay_target, target_name=i18n.t("chart.target", lang),
        say_target=lambda v: i18n.format_days(v, lang, 0))
    backlog = svg.chart([
        svg.Line(i18n.t("chart.backlog", lang), list(zip(days, daily["backlog"].to_list())), colour=svg.BLUE,
                 width=2.2, fill=True),
    ], period, svg.number(lang), lang, height=150)
    flows = svg.chart([
        svg.Line(i18n.t("brief.chart.inflow", lang), points(daily, "day", "inflow_per_day"), colour=svg.VERMILION, width=2),
        svg.Line(i18n.t("brief.chart.throughput", lang), points(daily, "day", "throughput_per_day"), colour=svg.GREEN,
                 width=2, dash="6 3"),
    ], period, svg.number(lang), lang, height=150)
    return [
        (i18n.t("today.trend.once_and_done", lang), once),
        (i18n.t("today.trend.delivery", lang), delay),
        (i18n.t("today.trend.backlog", lang), backlog + flows),
    ]


def _first_provisional(daily) -> date | None:
    """The first day whose episodes may still get a repeat: the rate there can only fall (shaded, as on Today)."""
    days = daily.filter(daily["is_provisional"])["day"]
    return days.min() if days.len() else None


def subject(brief: Brief, lang: str) -> str:
    return i18n.t("brief.subject", lang, day=i18n.format_day(brief.day, lang))


def _header(brief: Brief, cfg: Config, lang: str) -> list[str]:
    view, day = brief.view, brief.day
    freshness = brief.freshness
    return [
        f"<h1>{html.escape(i18n.t('brief.title', lang))}</h1>",
        "<p>" + markdown(i18n.t("today.subtitle", lang, day=i18n.format_day(day, lang),
                                 compared=director.say_weekday_day(director.compared_day(day), lang),
                                 start=i18n.format_day(view.from_day, lang), end=i18n.format_day(day, lang))) + "</p>",
        "<p>" + markdown(i18n.t("brief.scope", lang, scope=scope_said(brief.scope, cfg, lang))) + "</p>",
        "<p class=\"muted\">" + markdown(i18n.t("freshness.badge", lang,
                                                as_of=i18n.format_instant(freshness["as_of"], lang),
                                                imported=i18n.format_instant(freshness["last_import_at"], lang))) + "</p>",
    ]


def _cards_html(said: list[dict], secondary: bool) -> str:
    out = ['<div class="cards">']
    for card in said:
        delta = ""
        if card["delta"] is not None:
            tone = "worse" if card["worse"] else "better" if card["worse"] is False else ""
            arrow = "▼ " if card["delta"].startswith("-") else "▲ " if card["delta"].startswith("+") else ""
            delta = f'<div class="delta {tone}">{arrow}{html.escape(card["delta"])}</div>'
        out.append(f'<div class="card{" secondary" if secondary else ""}">'
                   f'<div class="label">{markdown(card["light_said"])} {html.escape(card["label"])}</div>'
                   f'<div class="value">{html.escape(card["value"])}</div>{delta}'
                   f'<div class="caption">{html.escape(card["caption"])}</div></div>')
    out.append("</div>")
    return "".join(out)


def page(brief: Brief, cfg: Config, base_url: str, lang: str, with_charts: bool = True) -> str:
    """The brief as one HTML document: the PDF's page, and the mail's body without the charts
    (mail readers seldom draw SVG: the body says the trends are in the PDF)."""
    day = brief.day
    parts = _header(brief, cfg, lang)
    dashboard = link(base_url, "today", brief.view, lang)
    parts.append(f'<p><a href="{html.escape(dashboard)}">{html.escape(i18n.t("brief.open", lang))}</a></p>')
    parts.append(f"<h2>{html.escape(i18n.t('today.headline', lang))}</h2>")
    parts.append(_cards_html(cards(brief, cfg, lang, headline=True), secondary=False))
    parts.append(f'<p class="caption">{markdown(i18n.t("brief.light_legend", lang, day=director.say_weekday_day(director.compared_day(day), lang)))}</p>')
    parts.append(f"<h2>{html.escape(i18n.t('today.attention', lang))}</h2>")
    lines = attention_lines(brief, cfg, base_url, lang)
    if lines:
        parts.append('<ul class="attention">' + "".join(
            f'<li>{markdown(text)} <a href="{html.escape(url)}">{html.escape(i18n.t("today.attention.link", lang))}</a></li>'
            for text, url in lines) + "</ul>")
    else:
        parts.append(f"<p>{markdown(i18n.t('today.attention_none', lang))}</p>")
    parts.append(f"<h2>{html.escape(i18n.t('today.secondary', lang))}</h2>")
    parts.append(_cards_html(cards(brief, cfg, lang, headline=False), secondary=True))
    parts.append(f"<h2>{html.escape(i18n.t('today.trends', lang))}</h2>")
    if with_charts:
        for title, picture in charts(brief, cfg, lang):
            parts.append(f'<div class="chart"><h3>{html.escape(title)}</h3>{picture}</div>')
        parts.append(f'<p class="caption">{html.escape(i18n.t("today.trend.delivery_note", lang))}</p>')
    else:
        parts.append(f"<p>{html.escape(i18n.t('brief.charts_in_pdf', lang))}</p>")
    title = html.escape(subject(brief, lang))
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{CSS}</style></head><body>{''.join(parts)}</body></html>")


def text(brief: Brief, cfg: Config, base_url: str, lang: str) -> str:
    """The mail's plain-text part: the cards' values, the points of attention and the link."""
    header = [re.sub(r"<[^>]+>", "", html.unescape(line)) for line in _header(brief, cfg, lang)]  # the same words
    lines = [*header, ""]
    for headline in (True, False):
        for card in cards(brief, cfg, lang, headline):
            change = f" ({card['delta']})" if card["delta"] else ""
            lines.append(f"{plain(card['light_said'])} {card['label']}{colon(lang)}{card['value']}{change}")
        lines.append("")
    lines.append(i18n.t("today.attention", lang))
    lines.extend(f"- {plain(t)}" for t, _ in attention_lines(brief, cfg, base_url, lang))
    lines.extend(["", link(base_url, "today", brief.view, lang)])
    return "\n".join(lines) + "\n"


def colon(lang: str) -> str:
    return "\u202f: " if lang == "fr" else ": "


def pdf(document: str) -> bytes:
    """The HTML page as an A4 PDF; weasyprint is imported here only (about 0.5 s)."""
    from weasyprint import HTML

    return HTML(string=document).write_pdf()


def file_name(day: date, lang: str) -> str:
    return i18n.t("brief.file_name", lang, day=day.isoformat())

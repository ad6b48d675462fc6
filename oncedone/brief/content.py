"""What one brief says: the numbers of Today for a day and a reader's scope, read through the
same engine functions as the dashboard (director, indicators, emerging), so that they agree."""

from dataclasses import dataclass, replace
from datetime import date, timedelta
from urllib.parse import urlencode

from oncedone import i18n
from oncedone.access import Scope
from oncedone.config import Config
from oncedone.kpi import director
from oncedone.kpi.indicators import Selection
from oncedone.store.warehouse import Warehouse

TREND_DAYS = 90  # the trends' span, as Today's default period (app/ui.py DEFAULT_PERIOD_DAYS)
EMERGING_SHOWN = 5  # as on Today: the worst rising segments; the contacts page lists them all


class BriefError(ValueError):
    """A brief that cannot be made: an empty warehouse, a day without data, a scope granting nothing."""


@dataclass(frozen=True)
class Brief:
    """Everything a brief shows, before it is put into words."""

    day: date
    view: Selection  # the dashboard's filters for the link: the trends' period, no filter (the whole scope)
    selection: Selection  # what the engine reads: the view within the reader's scope
    scope: Scope
    readings: dict
    frames: dict
    attention: list[dict]
    emerging: dict
    freshness: dict


def default_day(wh: Warehouse) -> date:
    """The day the dashboard opens on: the last complete working day of the data."""
    row = wh.query("freshness").row(0, named=True)
    if row["as_of_day"] is None:
        raise BriefError("the warehouse holds no data yet")
    return director.last_complete_day(row["as_of_day"], row["first_day"])


def scoped(view: Selection, scope: Scope) -> Selection:
    """The view within the reader's scope: the one place where the brief hands a scope to the engine
    (bound in SQL as `$scope_cells`, a union of grants as on the dashboard)."""
    if scope.is_empty:
        raise BriefError("the recipient's groups grant nothing: no brief, rather than someone else's numbers")
    return replace(view, scope=scope)


# The scope of a view made only for a link: the dashboard applies its reader's own scope; should
# the engine ever read such a view, an empty scope shows nothing.
LINK_ONLY = Scope(())


def gather(wh: Warehouse, day: date, scope: Scope, cfg: Config) -> Brief:
    """The brief's numbers for `day` and `scope`: Today's readings, trends, attention list and emerging demands."""
    freshness = wh.query("freshness").row(0, named=True)
    if freshness["as_of_day"] is None:
        raise BriefError("the warehouse holds no data yet")
    first = freshness["first_day"]
    if not first <= day <= freshness["as_of_day"]:
        raise BriefError(f"{day} is outside the data ({first} to {freshness['as_of_day']})")
    view = Selection(max(first, day - timedelta(days=TREND_DAYS - 1)), day, scope=LINK_ONLY)
    selection = scoped(view, scope)
    seen = director.morning(wh, day, selection, cfg)  # Today's reads, each dataset once
    return Brief(day, view, selection, scope, seen["readings"], seen["frames"], seen["attention"], seen["emerging"],
                 freshness)


def link(base_url: str, page: str, view: Selection, lang: str, **changes) -> str:
    """The dashboard's address of a page with the view's filters in the URL, as `ui.link` writes them."""
    params = {
        "from": view.from_day.isoformat(),
        "to": view.to_day.isoformat(),
        "title_type": list(view.title_types),
        "department": list(view.departments),
        "channel": list(view.channels),
        **changes,
    }
    if lang != i18n.DEFAULT_LANGUAGE:
        params["lang"] = lang
    query = urlencode({k: v for k, v in params.items() if v}, doseq=True)
    return f"{base_url.rstrip('/')}/{page}?{query}"


def scope_said(scope: Scope, cfg: Config, lang: str) -> str:
    """The scope in words: `tout le périmètre`, or `Passeport, Carte d'identité · département 75`."""
    if scope.is_national:
        return i18n.t("brief.scope_all", lang)
    parts = []
    for grant in scope.grants:
        titles = (i18n.t("brief.scope_every_title", lang) if grant.title_types is None
                  else ", ".join(i18n.label("title_type", t, lang) for t in grant.title_types))
        places = (i18n.t("brief.scope_every_department", lang) if grant.departments is None
                  else ", ".join(i18n.t("today.department", lang, code=d) for d in grant.departments))
        parts.append(f"{titles} · {places}")
    return " ; ".join(parts) if lang != "fr" else "\u202f; ".join(parts)


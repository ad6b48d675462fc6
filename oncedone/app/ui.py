"""The only Streamlit code outside the pages: the cached warehouse, datasets, language, the shared
filter bar bound to the URL, and small drawing helpers (cards, tables, messages).

URL binding: the query parameters are read once per session into `st.session_state` (the widget
keys), the widgets own the values from then on, and every run writes them back with
`st.query_params.update` — so a page can be shared or bookmarked with its filters and language.
"""

import html
import importlib
import logging
import os
import re
import tempfile
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import duckdb
import polars as pl
import streamlit as st

from oncedone import access, config, i18n
from oncedone.app import charts, exports, uploads
from oncedone.app.cache import CACHE
from oncedone.kpi import director, indicators
from oncedone.kpi.indicators import Selection
from oncedone.store import contract
from oncedone.store import warehouse as store_warehouse
from oncedone.store.warehouse import Warehouse, WarehouseError

REPO = Path(__file__).resolve().parents[2]
LOG = logging.getLogger("oncedone")
WAREHOUSE_ENV = "ONCEDONE_WAREHOUSE"
DEFAULT_WAREHOUSE = "data/warehouse.duckdb"
DEFAULT_PERIOD_DAYS = 90  # the trends' span, ending on the last complete day

LANG_KEY = "ui_lang"
FILTER_KEYS = {  # widget key -> URL query parameter
    "flt_from": "from",
    "flt_to": "to",
    "flt_title_types": "title_type",
    "flt_departments": "department",
    "flt_channels": "channel",
}
_URL_READ = "_filters_read_from_url"
_FILTERS = "_filters"
_WRITTEN = "_filters_written_to_url"
_PAGES = "_pages"  # url path -> st.Page of this session's navigation, for links between pages
SCOPE_KEY = "oncedone.scope"  # the reader's access.Scope, set by the login (issue 17)
_OUTSIDE_SCOPE = "_filters_outside_scope"  # URL values the reader's scope refused, said once


# The reader's scope ---------------------------------------------------------------------------


def current_scope() -> access.Scope:
    """The reader's scope, as the login set it; without one, everything only in the open mode, and
    otherwise the page stops (fail closed: a missing login never opens up)."""
    scope = st.session_state.get(SCOPE_KEY)
    if isinstance(scope, access.Scope):
        return scope
    if scope is None and config.load().access.mode == "open":
        return access.EVERYTHING
    st.error(i18n.t("scope.missing", lang()))
    st.stop()


def _scoped(value):
    """A Selection given to the engine, read under the session's scope whatever it carried."""
    return replace(value, scope=current_scope()) if isinstance(value, Selection) else value


# The warehouse and its datasets ---------------------------------------------------------------


def warehouse_path() -> Path:
    """$ONCEDONE_WAREHOUSE, else data/warehouse.duckdb; a relative path is taken from the repository."""
    path = Path(os.environ.get(WAREHOUSE_ENV) or DEFAULT_WAREHOUSE)
    return path if path.is_absolute() else REPO / path


@st.cache_resource(show_spinner=False)
def _warehouse(path: str) -> Warehouse:
    _clean_leftovers(path)  # once per server process: its start
    return Warehouse(path)


def _clean_leftovers(path: str) -> None:
    """Remove what killed imports left: work copies beside the warehouse, raw exports of uploads."""
    for removed in (*store_warehouse.clean_leftovers(path), *uploads.clean_leftovers()):
        LOG.warning("removed a leftover of an interrupted import: %s", removed)


def warehouse() -> Warehouse:
    """The process-wide Warehouse (thread-safe: a cursor per query) for the configured path."""
    return _warehouse(str(warehouse_path()))


@CACHE.memoize  # bounded by memory, not only by entries (app/cache.py)
def _cached_query(path: str, identity: tuple, name: str, params: tuple) -> pl.DataFrame:
    # `identity` changes when an import swaps the file, so a new import is never hidden by the cache.
    return indicators.query(_warehouse(path), name, **{k: list(v) if isinstance(v, tuple) else v for k, v in params})


def dataset(name: str, **params) -> pl.DataFrame:
    """The rows of `queries/<name>.sql` for these `$params` under the reader's scope (always the
    session's: part of the cache key); a friendly stop if the warehouse can't be read."""
    params = {**params, **current_scope().params()}
    wh = warehouse()
    with stopped_kindly():
        frozen = tuple(sorted((k, tuple(v) if isinstance(v, list | tuple) else v) for k, v in params.items()))
        return _cached_query(str(wh.path), wh.identity(), name, frozen)


@CACHE.memoize
def _cached_call(path: str, identity: tuple, function: str, args: tuple, scope: access.Scope):
    # `scope` is in the key even when no argument carries it: one reader's result never serves another.
    module, name = function.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)(_warehouse(path), *args, config.load())


def engine(function, *args):
    """`function(warehouse, *args, config)` from the engine, its selections under the reader's
    scope, cached per scope until the next import."""
    wh = warehouse()
    args = tuple(_scoped(a) for a in args)
    with stopped_kindly():
        return _cached_call(str(wh.path), wh.identity(), f"{function.__module__}.{function.__name__}", args,
                            current_scope())


def require_warehouse() -> None:
    """Stop the run with a friendly message when the warehouse is missing or cannot be read."""
    dataset("freshness")


@contextmanager
def stopped_kindly():
    """A warehouse that cannot be read, or a reader out of memory (too many computations at once),
    stops the run with a message in the reader's language, never a traceback."""
    try:
        yield
    except WarehouseError as err:
        warehouse_problem(err)
        st.stop()
    except duckdb.OutOfMemoryException as err:
        LOG.warning("a page ran out of memory: %s", err)
        st.warning(i18n.t("warehouse.busy", lang()))
        st.stop()


def warehouse_problem(err: Exception) -> None:
    """Say what is wrong with the warehouse and what to run, in the reader's language."""
    lg = lang()
    path = warehouse_path()
    if not path.exists():
        title = i18n.t("warehouse.missing.title", lg)
        body = i18n.t(
            "warehouse.missing.body",
            lg,
            path=path,
            demo=f"python -m oncedone demo --warehouse {path}",
            ingest=f"python -m oncedone ingest --warehouse {path} FILE…",
        )
    else:
        title = i18n.t("warehouse.unreadable.title", lg)
        body = i18n.t("warehouse.unreadable.body", lg, path=path, error=err)
    st.info(f"**{title}**\n\n{body}")


# Language ------------------------------------------------------------------------------------


def lang() -> str:
    """The reader's language: the switch's value, else `?lang=` in the URL, else French."""
    chosen = st.session_state.get(LANG_KEY) or st.query_params.get("lang")
    return chosen if chosen in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


def language_switch() -> str:
    """The FR/EN switch in the sidebar, bound to `?lang=` (absent for French); returns the language."""
    st.sidebar.segmented_control(
        i18n.t("lang.label", lang()),
        options=i18n.LANGUAGES,
        default=lang(),
        format_func=lambda code: i18n.t(f"lang.{code}", code),
        key=LANG_KEY,
        required=True,
    )
    chosen = lang()
    if chosen == i18n.DEFAULT_LANGUAGE:
        if "lang" in st.query_params:
            del st.query_params["lang"]
    elif st.query_params.get("lang") != chosen:
        st.query_params.update({"lang": chosen})
    return chosen


# The shared filter bar -------------------------------------------------------------------------


def _options() -> dict[str, list[str]]:
    """What the filter bar offers: only the title types and departments the reader's scope shows."""
    scope = current_scope()
    return {
        "flt_title_types": scope.title_types(config.load().title_types),
        "flt_departments": scope.departments(dataset("app/departments")["department"].to_list()),
        "flt_channels": list(contract.CHANNELS),
    }


def _bounds() -> tuple[date, date]:
    """The first and last days with data (today for an empty warehouse)."""
    row = dataset("freshness").row(0, named=True)
    last = row["as_of_day"] or date.today()
    return row["first_day"] or last, last


def _defaults(first: date, last: date) -> dict:
    day = director.last_complete_day(last, first)  # not the wall clock: the data's last full day
    return {
        "flt_from": max(first, day - timedelta(days=DEFAULT_PERIOD_DAYS - 1)),
        "flt_to": day,
        "flt_title_types": [],
        "flt_departments": [],
        "flt_channels": [],
    }


def _clamp(d: date, first: date, last: date) -> date:
    return min(max(d, first), last)


def trend_start(day: date, first: date) -> date:
    """The trends' default start for a day: the 90 days ending it, never before the first data."""
    return max(first, day - timedelta(days=DEFAULT_PERIOD_DAYS - 1))


def _read_url(defaults: dict, options: dict, first: date, last: date) -> None:
    """Seed the widget keys from the URL, once per session; invalid values fall back to defaults.
    A day without a start (`?to=` alone) gets the 90 days ending it, not the default start."""
    days = {}
    for key in ("flt_to", "flt_from"):
        try:
            days[key] = _clamp(date.fromisoformat(st.query_params.get(FILTER_KEYS[key], "")), first, last)
        except ValueError:
            days[key] = defaults[key] if key == "flt_to" else trend_start(days["flt_to"], first)
    for key, param in FILTER_KEYS.items():
        st.session_state[key] = days[key] if key in days else [
            v for v in st.query_params.get_all(param) if v in options[key]]
    # A scoped reader's link naming a title type or department outside the scope: said, never shown.
    # (A national reader's unknown values are mere typos, dropped quietly.)
    scope = current_scope()
    st.session_state[_OUTSIDE_SCOPE] = [] if scope.is_national else [
        (kind, v) for key, kind in (("flt_title_types", "title_type"), ("flt_departments", "department"))
        for v in st.query_params.get_all(FILTER_KEYS[key]) if v not in options[key]]


def _write_url(f: Selection) -> None:
    """Write the filters back to the URL, touching only the parameters that changed."""
    wanted = {
        "from": [f.from_day.isoformat()],
        "to": [f.to_day.isoformat()],
        "title_type": list(f.title_types),
        "department": list(f.departments),
        "channel": list(f.channels),
    }
    st.session_state[_WRITTEN] = {k: v for k, v in wanted.items() if v}
    changed = {k: v for k, v in wanted.items() if v and st.query_params.get_all(k) != v}
    if changed:
        st.query_params.update(changed)
    for k, v in wanted.items():
        if not v and k in st.query_params:
            del st.query_params[k]


def _linked_here() -> bool:
    """Whether a link between pages brought filters in the URL other than those this session wrote."""
    in_url = {p: st.query_params.get_all(p) for p in FILTER_KEYS.values() if p in st.query_params}
    return bool(in_url) and in_url != st.session_state.get(_WRITTEN)


def _reset(defaults: dict) -> None:
    for key, value in defaults.items():
        st.session_state[key] = value


def filter_bar(day_view: bool = False) -> Selection:
    """Draw the period, title type, department and channel filters in the sidebar; return them.
    In a `day_view` the period's end is the day shown and its start the trends' beginning."""
    lg = lang()
    first, last = _bounds()
    defaults, options = _defaults(first, last), _options()
    if not st.session_state.get(_URL_READ) or _linked_here():
        _read_url(defaults, options, first, last)
        st.session_state[_URL_READ] = True
    else:
        # A page without the bar drops the widget state: restore it from the last filters drawn.
        kept = st.session_state.get(_FILTERS)
        restored = _widget_values(kept) if kept else defaults
        for key, value in restored.items():
            if key not in st.session_state:
                st.session_state[key] = value
    for key in ("flt_from", "flt_to"):  # a new import may move the bounds
        st.session_state[key] = _clamp(st.session_state[key], first, last)
    for key in ("flt_title_types", "flt_departments"):  # kept choices a new scope no longer shows
        if any(v not in options[key] for v in st.session_state[key]):
            st.session_state[key] = [v for v in st.session_state[key] if v in options[key]]
    corrected = _follow_the_day(first) if day_view else None

    bar = st.sidebar
    bar.subheader(i18n.t("filters.header", lg))
    day_format = "DD/MM/YYYY" if lg == "fr" else "YYYY-MM-DD"
    # One above the other: side by side, the sidebar cuts the year off.
    labels = ("filters.trend_from", "filters.day") if day_view else ("filters.from", "filters.to")
    if day_view:  # the day first: it is what the page is about
        bar.date_input(i18n.t(labels[1], lg), key="flt_to", min_value=first, max_value=last, format=day_format)
    bar.date_input(i18n.t(labels[0], lg), key="flt_from", min_value=first, max_value=last, format=day_format)
    if not day_view:
        bar.date_input(i18n.t(labels[1], lg), key="flt_to", min_value=first, max_value=last, format=day_format)
    for key, kind, label in (
        ("flt_title_types", "title_type", "filters.title_types"),
        ("flt_departments", "department", "filters.departments"),
        ("flt_channels", "channel", "filters.channels"),
    ):
        bar.multiselect(
            i18n.t(label, lg),
            options=options[key],
            format_func=lambda v, kind=kind: i18n.label(kind, v, lg),
            key=key,
            placeholder=i18n.t("filters.all", lg),
            help=i18n.t("filters.channels_help", lg) if key == "flt_channels" else None,
            select_all=False,  # Streamlit's "Select all" cannot be translated (streamlit/streamlit#1353)
        )
    bar.button(i18n.t("filters.reset", lg), key="flt_reset", on_click=_reset, args=(defaults,))
    bar.caption(i18n.t("filters.data_range", lg, first=i18n.format_day(first, lg), last=i18n.format_day(last, lg)))

    start, end = st.session_state["flt_from"], st.session_state["flt_to"]
    if corrected:
        bar.warning(i18n.t("filters.start_corrected", lg, start=i18n.format_day(corrected, lg)))
    if start > end:  # a period page: the two dates were typed the wrong way round
        bar.warning(i18n.t("filters.swapped", lg))
        start, end = end, start
    refused = st.session_state.pop(_OUTSIDE_SCOPE, None)
    if refused:  # the URL's own text, in words when known, never read as Markdown
        said = ", ".join(plain(i18n.label(kind, v, lg)) for kind, v in refused)
        st.warning(i18n.t("filters.outside_scope", lg, values=said))
    chosen = Selection(
        start,
        end,
        tuple(st.session_state["flt_title_types"]),
        tuple(st.session_state["flt_departments"]),
        tuple(st.session_state["flt_channels"]),
        scope=current_scope(),
    )
    st.session_state[_FILTERS] = chosen
    _write_url(chosen)
    return chosen


def _follow_the_day(first: date) -> date | None:
    """In a day view, the day chosen is the day shown: the trends' start follows it, before the
    widgets are drawn. A new day keeps the trends' span; a start after the day, or on it (a one-day
    period from another page is no trend), becomes the 90 days ending the day. Returns the start
    when a start the reader chose after the day was corrected."""
    start, day = st.session_state["flt_from"], st.session_state["flt_to"]
    kept = st.session_state.get(_FILTERS)
    if kept is not None and day != kept.to_day and start == kept.from_day:
        span = kept.to_day - kept.from_day
        start = max(first, day - span) if span.days > 0 else trend_start(day, first)
    corrected = None
    if start > day:
        start = corrected = trend_start(day, first)
    elif start == day:
        start = trend_start(day, first)
    st.session_state["flt_from"] = start
    return corrected


def _widget_values(f: Selection) -> dict:
    return {
        "flt_from": f.from_day,
        "flt_to": f.to_day,
        "flt_title_types": list(f.title_types),
        "flt_departments": list(f.departments),
        "flt_channels": list(f.channels),
    }


def filters() -> Selection:
    """The filters the bar drew in this run (the entry file draws it before the page runs)."""
    chosen = st.session_state.get(_FILTERS)
    return chosen if chosen is not None else filter_bar()


def register_pages(pages: list) -> None:
    """Remember this run's pages, so that `link` can point at them."""
    st.session_state[_PAGES] = {page.url_path: page for page in pages}


# Streamlit draws a page link on one line and cuts what overflows: a lever's "see the detail" link
# lost its last day at the edge of its card. Its label wraps instead.
LINK_LABELS_WRAP = (
    "<style>[data-testid='stPageLink-NavLink'] span, [data-testid='stPageLink-NavLink'] p "
    "{white-space: normal; overflow: visible;}</style>"
)


def page_styles() -> None:
    """The few rules of presentation Streamlit has no option for, once per run."""
    st.html(LINK_LABELS_WRAP)


def link(url_path: str, label: str, selection: Selection, **changes) -> None:
    """A link to another page with the current filters, changed as given (`title_type=["passport"]`);
    plain text when that page is not in the navigation."""
    page = st.session_state.get(_PAGES, {}).get(url_path)
    if page is None:
        st.markdown(label)
        return
    params = {
        "from": selection.from_day.isoformat(),
        "to": selection.to_day.isoformat(),
        "title_type": list(selection.title_types),
        "department": list(selection.departments),
        "channel": list(selection.channels),
        **changes,
    }
    if lang() != i18n.DEFAULT_LANGUAGE:
        params["lang"] = lang()
    st.page_link(page, label=label, query_params={k: v for k, v in params.items() if v})



def selection_dataset(name: str, selection: Selection, **extra) -> pl.DataFrame:
    """A dataset for the chosen period and filters, with the same `$params` as the report's."""
    return dataset(name, **selection.params(config.load()), **extra)


@CACHE.memoize
def _cached_report(path: str, identity: tuple, selection: Selection) -> dict:
    return indicators.report(_warehouse(path), selection, config.load())


def report(selection: Selection) -> dict:
    """The report of kpis.md §6 for the selection under the reader's scope: a page's headline numbers are its values."""
    wh = warehouse()
    with stopped_kindly():
        return _cached_report(str(wh.path), wh.identity(), _scoped(selection))


def freshness_badge() -> None:
    """The data's as-of instant and the last import's time, at the foot of the sidebar."""
    lg = lang()
    row = dataset("freshness").row(0, named=True)
    if row["as_of"] is not None:
        st.sidebar.caption(i18n.t("freshness.badge", lg, as_of=i18n.format_instant(row["as_of"], lg),
                                  imported=i18n.format_instant(row["last_import_at"], lg)))


# Drawing helpers -----------------------------------------------------------------------------


CARD_WIDTH = 234  # pixels, 8 apart: four cards a row at 1440 px, three at 760, one on a phone; room for a light and a label
CARD_GAP = "xsmall"


def indicator_card(container, view: dict, border: bool = True) -> None:
    """A card of the director's view (see director.card_view): light and label, value, change since
    the same weekday a week before coloured by whether it is good news, sparkline, help, and a caption."""
    with container:
        st.metric(view["label"], view["value"], delta=view["delta"], delta_color=view["delta_color"],
                  delta_arrow=view["delta_arrow"], help=view["help"], border=border, chart_data=view["sparkline"] or None, chart_type="line")
        st.caption(view["caption"])


def attention_item(item: dict, values: dict, selection: Selection, cfg) -> None:
    """One line of the attention list: what is wrong, as a link to the page and filters explaining it."""
    view = director.attention_view(item, values, selection, cfg, lang())
    link(view["page"], view["text"], selection, **view["changes"])


def metric_card(container, column: str, value, help: str | None = None) -> None:
    """A bordered card: the column's label and its value, formatted as its suffix says."""
    lg = lang()
    container.metric(i18n.column_label(column, lg), i18n.format_value(column, value, lg), help=help, border=True)


def with_quarantine_details(rows: pl.DataFrame) -> pl.DataFrame:
    """Quarantined rows with their `detail` said in the reader's language."""
    lg = lang()
    said = pl.struct("reason", "column_name", "bad_value", "detail").map_elements(
        lambda r: i18n.quarantine_detail(r["reason"], r["column_name"], r["bad_value"], r["detail"], lg),
        return_dtype=pl.String,
    )
    return rows.with_columns(detail=said).drop("column_name", "bad_value")


def table(
    df: pl.DataFrame,
    key: str,
    enums: dict[str, str] | None = None,
    hide: tuple[str, ...] = (),
    labels: dict[str, str] | None = None,
    pinned: tuple[str, ...] = (),
    all_rows: bool = False,
) -> None:
    """A read-only table: labelled columns (`labels` overrides the catalogue's), enumerated values
    in words, numbers and instants (Paris time) formatted in the reader's language, and still
    sorted as numbers and instants. A wide table keeps its `pinned` columns in view while it
    scrolls sideways, and says so above it."""
    lg = lang()
    labels = labels or {}
    enums = enums or {}
    df = df.drop([c for c in hide if c in df.columns])
    shown = df.with_columns(
        pl.col(c).map_elements(lambda v, kind=kind: i18n.label(kind, v, lg), return_dtype=pl.String)
        for c, kind in enums.items()
        if c in df.columns  # a column a page chose to leave out
    )
    formats = {}
    for name, dtype in shown.schema.items():
        if isinstance(dtype, pl.Datetime):
            formats[name] = lambda v: i18n.format_instant(v, lg)
        elif isinstance(dtype, pl.Date):
            formats[name] = lambda v: i18n.format_day(v, lg)
        elif dtype.is_integer() and (name.endswith("_id") or name == "line_number"):
            formats[name] = lambda v: f"{v:.0f}"  # an id or a line number: no thousands separator
        elif dtype.is_integer():
            formats[name] = lambda v: i18n.format_number(v, lg)
        elif dtype.is_numeric():
            formats[name] = lambda v, name=name: i18n.format_value(name, float(v), lg)
        else:  # text: listed so that a missing value shows as a dash, not "None"
            formats[name] = str
    # A Styler carries display text beside the raw values: the grid shows ours, sorts by theirs.
    styled = shown.to_pandas().style.format(formats, na_rep=i18n.MISSING)
    config = {name: st.column_config.Column(labels.get(name) or i18n.column_label(name, lg), pinned=name in pinned or None)
              for name in shown.columns}
    if pinned:
        wide_cue(pinned, labels)
    # all_rows: tall enough for every row (35 px each and the header), no scrolling inside the table.
    height = 35 * (shown.height + 1) + 3 if all_rows else "auto"
    st.dataframe(styled, column_config=config, hide_index=True, key=key, height=height)


def wide_cue(pinned: tuple[str, ...], labels: dict[str, str] | None = None) -> None:
    """The cue above a table wider than the screen: it scrolls sideways, its first columns stay."""
    lg = lang()
    names = ", ".join((labels or {}).get(c) or i18n.column_label(c, lg) for c in pinned)
    st.caption(i18n.t("table.wide_cue", lg, columns=names))


def url_multiselect(container, label: str, options: list[str], key: str, param: str, kind: str) -> list[str]:
    """A multiselect whose choice lives in the URL (`?param=a&param=b`), so a view can be sent;
    values no longer offered (a file fixed since) are dropped."""
    lg = lang()
    if key not in st.session_state:
        st.session_state[key] = [v for v in st.query_params.get_all(param) if v in options]
    elif any(v not in options for v in st.session_state[key]):
        st.session_state[key] = [v for v in st.session_state[key] if v in options]
    chosen = container.multiselect(
        label, options=options, format_func=lambda v: i18n.label(kind, v, lg), key=key,
        placeholder=i18n.t("filters.all", lg),
    )
    if chosen and st.query_params.get_all(param) != chosen:
        st.query_params[param] = chosen
    elif not chosen and param in st.query_params:
        del st.query_params[param]
    return chosen


# Upload of export files (the data page) ---------------------------------------------------------

# The characters Markdown (and Streamlit's `$` maths, GFM's autolinks, HTML) gives a meaning to.
MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\](){}<>#|~!$:@&^=+])")


def plain(text: str) -> str:
    """A text from outside (a file's name, a header's column) shown as written inside Markdown:
    every character Markdown would act on escaped, so `[Session expirée](https:evil.example).csv`
    is no link."""
    return MARKDOWN_PUNCTUATION.sub(r"\\\1", text)

UPLOAD_JOB = "data_upload_job"  # the session's latest upload: running, then its result
UPLOAD_ROUND = "data_upload_round"  # a new uploader key after each import empties the widget


def upload_panel() -> None:
    """Choose export files, import them with the command line's import, follow it, see its result."""
    lg = lang()
    max_mb = st.get_option("server.maxUploadSize")
    st.caption(i18n.t("upload.caption", lg, max_mb=max_mb))
    upload_round = st.session_state.setdefault(UPLOAD_ROUND, 0)
    files = st.file_uploader(
        i18n.t("upload.files", lg), type=["csv", "parquet"], accept_multiple_files=True,
        key=f"data_upload_files_{upload_round}",
    ) or []
    problems = uploads.problems([(f.name, f.size) for f in files], max_mb * 2**20)
    if problems:
        lines = [i18n.t(f"upload.problem.{p.code}", lg, file=plain(p.file_name), size=i18n.format_number(p.size_mb, lg, 1), max_mb=max_mb)
                 for p in problems]
        st.error("\n".join([i18n.t("upload.refused", lg), *(f"- {line}" for line in lines)]))
    job = st.session_state.get(UPLOAD_JOB)
    running = job is not None and not job.done.is_set()
    if st.button(i18n.t("upload.button", lg), key="data_upload_button", type="primary",
                 disabled=not files or bool(problems) or running):
        from oncedone.app import auth  # the reader who imports (auth imports this module)

        job = uploads.start(warehouse_path(), [(f.name, f.getvalue()) for f in files], who=auth.identity())
        st.session_state[UPLOAD_JOB] = job
        st.session_state[UPLOAD_ROUND] = upload_round + 1
    if job is not None and not job.done.is_set():
        _follow(job)
    elif job is not None:
        _upload_result(job.result)


def _follow(job: uploads.Job) -> None:
    """Show each step of the running import; when it is done, run the page again on the new data."""
    lg = lang()
    with st.status(i18n.t("upload.running", lg, files=plain(", ".join(job.file_names))), expanded=True):
        shown = 0
        while True:
            finished = job.done.wait(timeout=0.25)
            for step, file in job.steps[shown:]:
                st.write(i18n.t(f"upload.step.{step}", lg, file=plain(file or "")))
            shown = len(job.steps)
            if finished:
                break
    st.rerun()


def _upload_result(result: uploads.Result) -> None:
    lg = lang()
    st.markdown(f"**{i18n.t('upload.result', lg)}**")
    if result.unusable is not None:
        err = result.unusable
        params = {k: plain(v) if k == "column" else v for k, v in err.params.items()}  # a header's own name
        sentence = i18n.unusable_file(plain(err.file_name), err.code, params, plain(str(err)), lg)
        st.error(i18n.t("upload.done.refused", lg, sentence=sentence))
        return
    if result.error_code is not None:
        st.error(i18n.t(f"upload.error.{result.error_code}", lg, memory_mb=config.load().upload_memory_mb))
        return
    if result.error is not None:
        st.error(i18n.t("upload.failed", lg, error=plain(result.error)))
        return
    outcome = result.outcome
    said = i18n.t(
        f"upload.done.{outcome.status}", lg, import_id=outcome.import_id,
        quarantined=i18n.format_number(outcome.rows_quarantined, lg),
        duration=i18n.format_seconds(result.duration_seconds, lg),
    )
    (st.success if outcome.status == "loaded" else st.warning)(said)
    st.markdown(i18n.t("upload.as_of", lg, as_of=i18n.format_instant(result.as_of, lg)))
    if outcome.rows_released:
        st.info(i18n.t("upload.released", lg, count=i18n.format_number(outcome.rows_released, lg)))
    table(uploads.file_rows(result), key="data_upload_file_rows", enums={"kind": "kind"}, pinned=("file_name",))
    rejections = uploads.rejection_rows(result)
    if rejections.height:
        st.markdown(f"**{i18n.t('upload.rejections', lg)}**")
        table(with_quarantine_details(rejections), key="data_upload_rejections", enums={"reason": "quarantine_reason"})


LAZY_ROWS = 20_000


def big_table(df: pl.DataFrame, key: str, enums: dict[str, str] | None = None, height: int | None = None,
              pinned: tuple[str, ...] = ()) -> None:
    """A read-only table for many rows (100 000 stay smooth): enumerated values in words and
    formats given to the grid per column, with no Python call per cell (`table`'s Styler
    formats each one); the rows go to the browser as Arrow, which virtualises them."""
    lg = lang()
    words = [_in_words(column, kind, lg) for column, kind in (enums or {}).items() if column in df.columns]
    shown = df.with_columns(words).with_columns(
        pl.col(pl.String).fill_null(i18n.MISSING)
    )
    day_format = "DD/MM/YYYY" if lg == "fr" else "YYYY-MM-DD"
    config = {}
    for name, dtype in shown.schema.items():
        label = i18n.column_label(name, lg)
        if isinstance(dtype, pl.Datetime):
            config[name] = st.column_config.DatetimeColumn(label, format=f"{day_format} HH:mm", timezone="Europe/Paris")
        elif isinstance(dtype, pl.Date):
            config[name] = st.column_config.DateColumn(label, format=day_format)
        elif dtype.is_integer():
            config[name] = st.column_config.NumberColumn(label, format="%d")
        elif dtype.is_numeric():
            config[name] = st.column_config.NumberColumn(label, format="%.1f")
        else:
            config[name] = st.column_config.TextColumn(label)
        if name in pinned:
            config[name]["pinned"] = True
    if pinned:
        wide_cue(pinned)
    # Past LAZY_ROWS the browser gets the rows it shows as it scrolls, not all of them at once.
    st.dataframe(shown.to_arrow(), column_config=config, hide_index=True, key=key, height=height or "auto",
                 placeholder=i18n.MISSING, lazy=shown.height > LAZY_ROWS)


def _in_words(column: str, kind: str, lg: str) -> pl.Expr:
    """An enumerated column's values replaced by their labels, at once for the whole column."""
    prefix = f"{kind}."
    labels = {key[len(prefix):]: text[lg] for key, text in i18n.CATALOGUE.items() if key.startswith(prefix)}
    return pl.col(column).replace(labels)


# Drill-down choices bound to the URL -----------------------------------------------------------


# A choice's widget holds "" for "everything" (a None option would show as an empty box).
NO_CHOICE = ""


def url_choices(keys: tuple[str, ...], snapshot: str) -> dict:
    """The values of widget `keys` that are also the URL's parameters of the same names: read
    from the URL the first time the page runs in a session or when a link brings other values,
    kept across a visit to another page."""
    flag = f"{snapshot}_read_from_url"
    in_url = {key: st.query_params[key] for key in keys if key in st.query_params}
    linked = bool(in_url) and in_url != {k: v for k, v in (st.session_state.get(snapshot) or {}).items() if v}
    if not st.session_state.get(flag) or linked:
        for key in keys:
            st.session_state[key] = st.query_params.get(key, NO_CHOICE)
        st.session_state[flag] = True
    else:
        kept = st.session_state.get(snapshot) or {}
        for key in keys:
            if key not in st.session_state:  # a page without these widgets dropped their state
                st.session_state[key] = kept.get(key, NO_CHOICE)
    return {key: st.session_state.get(key) or None for key in keys}


def keep_choices(values: dict, snapshot: str) -> None:
    """Set the choices the page settled on (None: everything), before their widgets are drawn;
    keep them for a later visit and write them to the URL."""
    for key, value in values.items():
        st.session_state[key] = value or NO_CHOICE
    st.session_state[snapshot] = {key: value or NO_CHOICE for key, value in values.items()}
    for key, value in values.items():
        if not value:
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get(key) != value:
            st.query_params[key] = value


def clear_keys(keys: tuple[str, ...]) -> None:
    """A widget callback: forget the choices under these keys (a clear button, a new title type)."""
    for key in keys:
        st.session_state[key] = NO_CHOICE


def on_pick(chart_key: str, assign: dict[str, int | None]):
    """A chart's on_select callback: the clicked bar's customdata values go into session-state
    keys (`assign`: key -> index in customdata; None clears the key)."""

    def picked() -> None:
        points = st.session_state[chart_key].selection.points
        if not points:
            return  # a click on the background clears the chart's selection: keep the drill
        data = points[0].get("customdata") or []
        for key, index in assign.items():
            st.session_state[key] = NO_CHOICE if index is None else data[index]

    return picked


def clickable_chart(figure, key: str, assign: dict[str, int | None]) -> None:
    """A Plotly chart whose bars drill in when clicked (see `on_pick`)."""
    chart(figure, key=key, on_select=on_pick(key, assign), selection_mode="points", width="stretch")


# A text only screen readers get: kept in the page's flow, outside what the eye sees.
SCREEN_READER_ONLY = ("position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;"
                      "clip:rect(0,0,0,0);white-space:nowrap;border:0")


def chart(figure, key: str, where=None, config: dict | None = None, **kwargs):
    """A Plotly chart, and after it what it shows in words for a screen reader (its series and
    their last values): every chart of the pages is drawn here."""
    where = where or st
    event = where.plotly_chart(figure, key=key, config=config or charts.plotly_config(lang()), **kwargs)
    said = html.escape(charts.summary(figure, lang()))
    where.markdown(f'<p style="{SCREEN_READER_ONLY}" data-testid="chart-summary">{said}</p>', unsafe_allow_html=True)
    return event


def choice_box(container, label: str, options, key: str, everything: str, kind: str, **kwargs) -> None:
    """A selectbox for one drill-down choice: "everything" first, then the values in words."""
    lg = lang()
    container.selectbox(
        label, [NO_CHOICE, *options], key=key,
        format_func=lambda v: everything if v == NO_CHOICE else i18n.label(kind, v, lg), **kwargs,
    )


CARD_MIN_WIDTH = 200  # pixels: wide enough for "Part au-delà du délai cible" and "plus de 120 jours"


def card_grid(columns: int = 4):
    """A grid of bordered cards that puts fewer a row when the page narrows, instead of cutting them."""
    return st.grid(columns, min_column_width=CARD_MIN_WIDTH)


def pair(min_width: int = 440):
    """Two cells side by side that stack when the page is too narrow for both (a phone, a half screen)."""
    grid = st.grid(2, min_column_width=min_width, gap="medium")
    return grid.cell(), grid.cell()


# Public-service conventions (issue 21) ----------------------------------------------------------


def working_time_cards(r: dict, working) -> None:
    """The mail commitment in working days and the working-hours delays, with what working time means."""
    lg = lang()
    day_hours = working.day_seconds / 3600
    cards = card_grid()  # wraps as the other cards do: no label cut on a narrow screen
    # The label says the commitment itself: "answered within 2 working days".
    cards.metric(i18n.t("conventions.within_target_label", lg, days=working.mail_target_working_days),
                 i18n.format_value("mail_answered_within_target_rate", r["mail_answered_within_target_rate"], lg),
                 border=True, help=i18n.t("conventions.within_target_help", lg, days=working.mail_target_working_days,
                                          hours=i18n.format_number(working.mail_target_working_days * day_hours, lg)))
    for column in ("mail_response_working_hours_p50", "mail_response_working_hours_p90"):
        metric_card(cards, column, r[column], help=i18n.t("conventions.working_hours_help", lg))
    st.caption(i18n.t("conventions.working_time_caption", lg, opens=working.opens.strftime("%H:%M"),
                      closes=working.closes.strftime("%H:%M"), day_hours=i18n.format_number(day_hours, lg)))


def trend_events(selection: Selection) -> pl.DataFrame:
    """The events drawn on the trends of a selection: in its period, and kept by its title-type and channel filters."""
    return dataset("app/trend_events", from_day=selection.from_day, to_day=selection.to_day,
                   title_types=list(selection.title_types), channels=list(selection.channels))


EVENTS_RESULT = "data_events_result"  # the latest save or import of events, shown after the rerun


def events_panel() -> None:
    """The events drawn on the trends: edited in a table, or imported from a CSV file, checked by the
    quarantine's rules; the rows refused are listed with their line and reason."""
    from oncedone import events  # writes the warehouse: only this panel needs it

    lg = lang()
    cfg = config.load()
    st.caption(i18n.t("events.caption", lg, max_chars=events.MAX_LABEL_CHARS))
    stored = dataset("app/trend_events_all")
    shown = stored.with_columns(
        pl.col("label").map_elements(lambda v: charts.event_label(v, lg), return_dtype=pl.String).alias("drawn_label"))
    edited = st.data_editor(
        shown.to_pandas(), key="data_events_editor", num_rows="dynamic", hide_index=True,
        column_order=["event_day", "label", "drawn_label", "title_type", "channel"],
        column_config={
            "event_day": st.column_config.DateColumn(i18n.column_label("event_day", lg), required=True,
                                                     format="DD/MM/YYYY" if lg == "fr" else "YYYY-MM-DD"),
            "label": st.column_config.TextColumn(i18n.column_label("event_label", lg), required=True,
                                                 max_chars=events.MAX_LABEL_CHARS),
            "drawn_label": st.column_config.TextColumn(i18n.column_label("drawn_label", lg), disabled=True),
            "title_type": st.column_config.SelectboxColumn(i18n.column_label("title_type", lg), options=cfg.title_types),
            "channel": st.column_config.SelectboxColumn(i18n.column_label("channel", lg), options=list(contract.CHANNELS)),
        },
    )
    left, right = st.columns(2)
    if left.button(i18n.t("events.save", lg), key="data_events_save"):
        rows = [{k: (None if v != v else v) for k, v in r.items()}  # pandas gives NaN for an empty cell
                for r in edited.drop(columns=["drawn_label"]).to_dict("records")]
        st.session_state[EVENTS_RESULT] = events.save_table(warehouse_path(), rows, cfg)
        st.rerun()
    upload = right.file_uploader(i18n.t("events.file", lg), type=["csv"], key="data_events_file")
    if upload is not None and right.button(i18n.t("events.import", lg), key="data_events_import"):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(upload.name).name
            path.write_bytes(upload.getvalue())
            try:
                st.session_state[EVENTS_RESULT] = events.import_file(warehouse_path(), path, cfg)
            except events.EventsFileError as err:
                st.session_state[EVENTS_RESULT] = err
        st.rerun()
    _events_result(st.session_state.get(EVENTS_RESULT), lg)


def _events_result(result, lg: str) -> None:
    from oncedone import events

    if result is None:
        return
    if isinstance(result, events.EventsFileError):
        st.error(i18n.t(f"events.unusable.{result.code}", lg, file=plain(result.file_name), **result.params))
        return
    refused = sum(result.rejected.values())
    said = i18n.t("events.done", lg, loaded=i18n.format_number(result.loaded, lg), refused=i18n.format_number(refused, lg))
    (st.warning if refused else st.success)(said)
    if refused:
        table(dataset("app/trend_event_rejects"), key="data_events_rejects", enums={"reason": "quarantine_reason"},
              labels={"row_json": i18n.t("events.original", lg)})


def publication_panel(selection: Selection) -> None:
    """The indicators by department and month of the selection, to take away; for publication
    (the default), every count under k masked with the cells that would give it back."""
    from oncedone.kpi import publication

    lg = lang()
    cfg = config.load()
    k = cfg.publication_min_count
    st.caption(i18n.t("publication.caption", lg, k_minus=k - 1, start=i18n.format_day(selection.from_day, lg),
                      end=i18n.format_day(selection.to_day, lg)))
    public = st.toggle(i18n.t("publication.toggle", lg), value=True, key="data_publication",
                       help=i18n.t("publication.toggle_help", lg, k=k))
    rows = selection_dataset("indicators/department_month", selection)
    if rows.is_empty():
        st.info(i18n.t("publication.empty", lg))
        return
    table = publication.department_month(rows, k if public else None)
    masked = int(sum((table[c] == publication.MASKED).sum() for c in table.columns[2:]))
    if public:
        st.caption(i18n.t("publication.masked", lg, count=i18n.format_number(masked, lg)))
    name = f"indicators_department_month_{selection.from_day}_{selection.to_day}{'_publication' if public else ''}"
    files = st.container(horizontal=True)
    from oncedone.app.auth import exported  # the audit trail's row of each download

    files.download_button(i18n.t("backlog.download_csv", lg),
                          data=exported(f"{name}.csv", table.height, lambda: exports.publication_csv(table, None, lg)),
                          file_name=f"{name}.csv", mime="text/csv", key="data_publication_csv", on_click="ignore")
    files.download_button(i18n.t("backlog.download_xlsx", lg),
                          data=exported(f"{name}.xlsx", table.height, lambda: exports.publication_xlsx(table, None, lg)),
                          file_name=f"{name}.xlsx", key="data_publication_xlsx", on_click="ignore",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

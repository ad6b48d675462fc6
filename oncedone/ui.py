"""The only Streamlit code outside the pages: the cached warehouse, datasets, language, the shared
filter bar bound to the URL, and small drawing helpers (cards, tables, messages).

URL binding: the query parameters are read once per session into `st.session_state` (the widget
keys), the widgets own the values from then on, and every run writes them back with
`st.query_params.update` — so a page can be shared or bookmarked with its filters and language.
"""

import importlib
import os
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import streamlit as st

from oncedone import config, contract, director, i18n
from oncedone.indicators import Selection
from oncedone.warehouse import Warehouse, WarehouseError

REPO = Path(__file__).resolve().parent.parent
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


# The warehouse and its datasets ---------------------------------------------------------------


def warehouse_path() -> Path:
    """$ONCEDONE_WAREHOUSE, else data/warehouse.duckdb; a relative path is taken from the repository."""
    path = Path(os.environ.get(WAREHOUSE_ENV) or DEFAULT_WAREHOUSE)
    return path if path.is_absolute() else REPO / path


@st.cache_resource(show_spinner=False)
def _warehouse(path: str) -> Warehouse:
    return Warehouse(path)


def warehouse() -> Warehouse:
    """The process-wide Warehouse (thread-safe: a cursor per query) for the configured path."""
    return _warehouse(str(warehouse_path()))


@st.cache_data(ttl=600, max_entries=256, show_spinner=False)
def _cached_query(path: str, identity: tuple, name: str, params: tuple) -> pl.DataFrame:
    # `identity` changes when an import swaps the file, so a new import is never hidden by the cache.
    return _warehouse(path).query(name, **{k: list(v) if isinstance(v, tuple) else v for k, v in params})


def dataset(name: str, **params) -> pl.DataFrame:
    """The rows of `queries/<name>.sql` for these `$params`; a friendly stop if the warehouse can't be read."""
    wh = warehouse()
    try:
        frozen = tuple(sorted((k, tuple(v) if isinstance(v, list | tuple) else v) for k, v in params.items()))
        return _cached_query(str(wh.path), wh.identity(), name, frozen)
    except WarehouseError as err:
        warehouse_problem(err)
        st.stop()


@st.cache_data(ttl=600, max_entries=64, show_spinner=False)
def _cached_call(path: str, identity: tuple, function: str, args: tuple):
    module, name = function.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)(_warehouse(path), *args, config.load())


def engine(function, *args):
    """`function(warehouse, *args, config)` from the engine, cached until the next import."""
    wh = warehouse()
    try:
        return _cached_call(str(wh.path), wh.identity(), f"{function.__module__}.{function.__name__}", args)
    except WarehouseError as err:
        warehouse_problem(err)
        st.stop()


def require_warehouse() -> None:
    """Stop the run with a friendly message when the warehouse is missing or cannot be read."""
    dataset("freshness")


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
    return {
        "flt_title_types": config.load().title_types,
        "flt_departments": dataset("app/departments")["department"].to_list(),
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


def _read_url(defaults: dict, options: dict, first: date, last: date) -> None:
    """Seed the widget keys from the URL, once per session; invalid values fall back to defaults."""
    for key, param in FILTER_KEYS.items():
        if key in ("flt_from", "flt_to"):
            try:
                value = _clamp(date.fromisoformat(st.query_params.get(param, "")), first, last)
            except ValueError:
                value = defaults[key]
        else:
            value = [v for v in st.query_params.get_all(param) if v in options[key]]
        st.session_state[key] = value


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
        )
    bar.button(i18n.t("filters.reset", lg), key="flt_reset", on_click=_reset, args=(defaults,))
    bar.caption(i18n.t("filters.data_range", lg, first=i18n.format_day(first, lg), last=i18n.format_day(last, lg)))

    start, end = st.session_state["flt_from"], st.session_state["flt_to"]
    if start > end:
        bar.warning(i18n.t("filters.swapped", lg))
        start, end = end, start
    chosen = Selection(
        start,
        end,
        tuple(st.session_state["flt_title_types"]),
        tuple(st.session_state["flt_departments"]),
        tuple(st.session_state["flt_channels"]),
    )
    st.session_state[_FILTERS] = chosen
    _write_url(chosen)
    return chosen


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


def freshness_badge() -> None:
    """The data's as-of instant and the last import's time, at the foot of the sidebar."""
    lg = lang()
    row = dataset("freshness").row(0, named=True)
    if row["as_of"] is not None:
        st.sidebar.caption(i18n.t("freshness.badge", lg, as_of=i18n.format_instant(row["as_of"], lg),
                                  imported=i18n.format_instant(row["last_import_at"], lg)))


# Drawing helpers -----------------------------------------------------------------------------


def indicator_card(container, view: dict, border: bool = True) -> None:
    """A card of the director's view (see director.card_view): light and label, value, change since
    the previous 7 days coloured by whether it is good news, sparkline, help, and a caption."""
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


def table(df: pl.DataFrame, key: str, enums: dict[str, str] | None = None, hide: tuple[str, ...] = ()) -> None:
    """A read-only table: labelled columns, enumerated values in words, numbers and instants
    (Paris time) formatted in the reader's language, and still sorted as numbers and instants."""
    lg = lang()
    enums = enums or {}
    df = df.drop([c for c in hide if c in df.columns])
    shown = df.with_columns(
        pl.col(c).map_elements(lambda v, kind=kind: i18n.label(kind, v, lg), return_dtype=pl.String)
        for c, kind in enums.items()
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
    # A Styler carries display text beside the raw values: the grid shows ours, sorts by theirs.
    styled = shown.to_pandas().style.format(formats, na_rep=i18n.MISSING)
    labels = {name: st.column_config.Column(i18n.column_label(name, lg)) for name in shown.columns}
    st.dataframe(styled, column_config=labels, hide_index=True, key=key)

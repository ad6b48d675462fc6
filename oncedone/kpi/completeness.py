"""How complete the data behind the indicators is, and which indicators each gap weakens.

No Streamlit: the data page shows `measures()` and `missing_days()`; the director's page can put
`badges()` on its cards. Each function takes the rows of the `app/completeness` and
`app/channel_coverage` datasets for the chosen selection (see those SQL files).
"""

import polars as pl

from oncedone import i18n
from oncedone.config import Config
from oncedone.kpi.indicators import Selection
from oncedone.store.warehouse import Warehouse

# A share at or above this is worth a badge on the director's cards (one row in a hundred).
BADGE_MIN_RATE = 0.01

MEASURES = ("without_citizen", "unmatched_request", "without_department", "missing_channel_days")

# The report's indicator names (kpis.md §6) that each measure weakens, for the badges.
WEAKENS = {
    "without_citizen": ("once_and_done_rate",),
    "unmatched_request": ("contacts",),
    "without_department": ("backlog",),
    # A contact missing from the exports can hide a repeat, and is missing from every contact count.
    "missing_channel_days": ("once_and_done_rate", "contacts", "failure_demand_rate"),
}
# The secondary indicators read one channel or two: only their gaps weaken them.
WEAKENED_BY_CHANNEL = {
    "phone": ("pickup_rate",),
    "email": ("mail_response_hours_p50", "mail_response_hours_p90"),
    "webform": ("mail_response_hours_p50", "mail_response_hours_p90"),
}


def measures(row: dict, coverage: pl.DataFrame) -> pl.DataFrame:
    """One row per measure of completeness: how many rows (or channel-days) lack something, out of
    how many, and the share; `measure` is a code the catalogue labels (`completeness_measure.*`)."""
    missing = int((coverage["contact_count"] == 0).sum()) if coverage.height else 0
    counts = [
        ("without_citizen", row["without_citizen_count"], row["contacts_count"]),
        ("unmatched_request", row["unmatched_request_count"], row["contacts_count"]),
        ("without_department", row["without_department_count"], row["applications_count"]),
        ("missing_channel_days", missing, coverage.height),
    ]
    return pl.DataFrame(
        {
            "measure": [m for m, _, _ in counts],
            "affected_count": [a for _, a, _ in counts],
            "population_count": [p for _, _, p in counts],
            "share_rate": [a / p if p else None for _, a, p in counts],
            "weakens": [m for m, _, _ in counts],  # labelled by `completeness_weakens.*`
        },
        schema={
            "measure": pl.String,
            "affected_count": pl.Int64,
            "population_count": pl.Int64,
            "share_rate": pl.Float64,
            "weakens": pl.String,
        },
    )


def missing_days(coverage: pl.DataFrame) -> pl.DataFrame:
    """One row per channel with at least one expected day without a contact: how many such days
    out of the expected ones, and the days themselves (sorted)."""
    empty = {"channel": pl.String, "missing_day_count": pl.Int64, "expected_day_count": pl.Int64, "missing_days": pl.List(pl.Date)}
    if coverage.is_empty():
        return pl.DataFrame(schema=empty)
    per_channel = coverage.group_by("channel").agg(
        missing_day_count=(pl.col("contact_count") == 0).sum().cast(pl.Int64),
        expected_day_count=pl.len().cast(pl.Int64),
        missing_days=pl.col("day").filter(pl.col("contact_count") == 0).sort(),
    )
    return per_channel.filter(pl.col("missing_day_count") > 0).sort("channel").select(list(empty))


def missing_days_shown(coverage: pl.DataFrame, lang: str) -> pl.DataFrame:
    """`missing_days()` for a table: the days written out as the reader writes them."""
    gaps = missing_days(coverage)
    listed = pl.Series("missing_days", [day_list(days.to_list(), lang) for days in gaps["missing_days"]], pl.String)
    return gaps.with_columns(listed)


def badges(row: dict, coverage: pl.DataFrame, lang: str, min_rate: float = BADGE_MIN_RATE) -> dict[str, str]:
    """Short warnings for the director's cards, keyed by the report's indicator names
    (`once_and_done_rate`, `contacts`, `failure_demand_rate`, `pickup_rate`,
    `mail_response_hours_p50`, `mail_response_hours_p90`, `backlog`); a card without a key
    needs none. Several warnings for one card are joined by " · "."""
    found: dict[str, list[str]] = {}

    def add(indicators, text: str) -> None:
        for name in indicators:
            found.setdefault(name, []).append(text)

    for measure in ("without_citizen", "unmatched_request", "without_department"):
        rate = row[f"{measure}_rate"]
        if rate is not None and rate >= min_rate:
            add(WEAKENS[measure], i18n.t(f"completeness.badge.{measure}", lang, rate=i18n.format_rate(rate, lang)))
    for gap in missing_days(coverage).iter_rows(named=True):
        text = i18n.t(
            "completeness.badge.missing_days",
            lang,
            channel=i18n.label("channel", gap["channel"], lang),
            days=i18n.format_days(gap["missing_day_count"], lang, decimals=0),
        )
        add(WEAKENS["missing_channel_days"] + WEAKENED_BY_CHANNEL.get(gap["channel"], ()), text)
    return {name: " · ".join(texts) for name, texts in found.items()}


def card_badges(wh: Warehouse, selection: Selection, lang: str, cfg: Config) -> dict[str, str]:
    """`badges()` for a selection, read from the warehouse: for a page, through the cache,
    `ui.engine(completeness.card_badges, selection, lang)`."""
    params = selection.params(cfg)
    row = wh.query("app/completeness", **params).row(0, named=True)
    return badges(row, wh.query("app/channel_coverage", **params), lang)


def day_list(days: list, lang: str, at_most: int = 10) -> str:
    """Days as the reader writes them, the first `at_most` and how many more."""
    shown = ", ".join(i18n.format_day(d, lang) for d in days[:at_most])
    more = len(days) - at_most
    return shown + (i18n.t("completeness.and_more", lang, count=i18n.format_number(more, lang)) if more > 0 else "")

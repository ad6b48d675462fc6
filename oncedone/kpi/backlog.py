"""The team lead's backlog: the drill-down (title type, then stage and age bucket), the breakdowns
of the applications open at a day, the rework rate, and the name of an export of the applications behind a
selection (the files themselves: app/exports.py). No Streamlit here: the page asks, this module answers, the tests read it directly.

Every count comes from `backlog/open_at_day` rows (title type x stage x age bucket x department x
submission channel), the report's backlog one level finer, so every breakdown adds up to the report.
"""

from dataclasses import dataclass
from datetime import date

import polars as pl

from oncedone import i18n
from oncedone.config import Config
from oncedone.kpi.indicators import AGE_BUCKETS, LOOP_BUCKETS, OPEN_STAGES, Selection, ratio

# The drill-down's URL parameters and what each one chooses.
DRILL_PARAMS = {"bl_title": "title_type", "bl_stage": "stage", "bl_age": "age_bucket"}
TARGET_STATES = ("within", "over")
TOP_DEPARTMENTS = 15  # the departments drawn: the largest backlogs
MAX_ROWS = 250_000  # the applications shown and exported at most (the oldest), to keep a browser alive
# The applications table as shown and exported: its columns in order, and the enumerated ones.
TABLE_COLUMNS = (
    "request_id", "title_type", "department", "submission_channel", "submitted_at", "stage",
    "stage_days", "age_days", "past_target_days", "contact_count", "last_contact_day",
)
TABLE_ENUMS = {"title_type": "title_type", "submission_channel": "submission_channel", "stage": "status"}


@dataclass(frozen=True)
class Drill:
    """Where the team lead has drilled: a title type, then a stage and an age bucket (None = all)."""

    title_type: str | None = None
    stage: str | None = None
    age_bucket: str | None = None

    def title_types(self, selection: Selection) -> list[str]:
        """The title types the datasets take: the drilled one, else the filter bar's."""
        return [self.title_type] if self.title_type else list(selection.title_types)

    def stages(self) -> list[str]:
        return [self.stage] if self.stage else []

    def age_buckets(self) -> list[str]:
        return [self.age_bucket] if self.age_bucket else []

    def params(self) -> dict[str, str]:
        """The URL parameters of this drill (only those chosen)."""
        values = {"bl_title": self.title_type, "bl_stage": self.stage, "bl_age": self.age_bucket}
        return {k: v for k, v in values.items() if v}


def valid_drill(title_type, stage, age_bucket, selection: Selection, cfg: Config) -> Drill:
    """A drill from raw values (the URL, a click): unknown values, a title type outside the filter
    bar's, and a stage or age bucket without a title type are dropped."""
    allowed = selection.shown_title_types(cfg)
    if title_type not in allowed:
        return Drill()
    return Drill(
        title_type,
        stage if stage in OPEN_STAGES else None,
        age_bucket if age_bucket in AGE_BUCKETS else None,
    )


def chosen(rows: pl.DataFrame, drill: Drill) -> pl.DataFrame:
    """The `open_at_day` rows inside the drill."""
    for column, value in (("title_type", drill.title_type), ("stage", drill.stage), ("age_bucket", drill.age_bucket)):
        if value:
            rows = rows.filter(pl.col(column) == value)
    return rows


def totals(rows: pl.DataFrame) -> dict:
    """Backlog, over target and the share over target of some `open_at_day` rows."""
    backlog = int(rows["backlog_count"].sum()) if rows.height else 0
    over = int(rows["over_target_count"].sum()) if rows.height else 0
    return {"backlog_count": backlog, "over_target_count": over, "over_target_rate": ratio(over, backlog)}


def _by(rows: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    return rows.group_by(keys).agg(pl.col("backlog_count").sum(), pl.col("over_target_count").sum())


def _within_and_over(grouped: pl.DataFrame, key: str) -> pl.DataFrame:
    """One row per (key, target_state): the backlog within its target, and over it."""
    return pl.concat([
        grouped.select(key, pl.lit("within").alias("target_state"),
                       (pl.col("backlog_count") - pl.col("over_target_count")).alias("backlog_count")),
        grouped.select(key, pl.lit("over").alias("target_state"), pl.col("over_target_count").alias("backlog_count")),
    ])


def by_title_type(rows: pl.DataFrame, title_types: list[str]) -> pl.DataFrame:
    """The backlog per title type (every one given, in that order), split within / over target."""
    grid = pl.DataFrame({"title_type": title_types}, schema={"title_type": pl.String})
    grouped = grid.join(_by(rows, ["title_type"]), on="title_type", how="left").fill_null(0)
    order = {t: i for i, t in enumerate(title_types)}
    return _within_and_over(grouped, "title_type").sort(
        pl.col("title_type").replace_strict(order, return_dtype=pl.Int32),
        pl.col("target_state").replace_strict({s: i for i, s in enumerate(TARGET_STATES)}, return_dtype=pl.Int32),
    )


def by_stage_and_age(rows: pl.DataFrame) -> pl.DataFrame:
    """The backlog per (stage, age bucket), every open stage and bucket present, in their order."""
    grid = pl.DataFrame({"stage": list(OPEN_STAGES)}).join(pl.DataFrame({"age_bucket": list(AGE_BUCKETS)}), how="cross")
    grouped = grid.join(_by(rows, ["stage", "age_bucket"]), on=["stage", "age_bucket"], how="left")
    return grouped.fill_null(0).select("stage", "age_bucket", "backlog_count", "over_target_count")


def breakdown(rows: pl.DataFrame, key: str, limit: int | None = None, missing: str | None = None) -> pl.DataFrame:
    """The backlog per `key` (department or submission channel), the largest first, at most
    `limit` rows, split within / over target; with each key's over-target rate. A missing key
    (a department not given) is named `missing` when given."""
    grouped = _by(rows, [key]).sort(["backlog_count", key], descending=[True, False], nulls_last=True)
    if missing is not None:
        grouped = grouped.with_columns(pl.col(key).fill_null(missing))
    if limit:
        grouped = grouped.head(limit)
    split = _within_and_over(grouped, key)
    rates = grouped.select(key, (pl.col("over_target_count") / pl.col("backlog_count")).alias("over_target_rate"))
    order = grouped.with_row_index("rank").select(key, "rank")
    return split.join(rates, on=key, how="left", nulls_equal=True).join(order, on=key, how="left", nulls_equal=True).sort(
        "rank", pl.col("target_state") == "over"
    ).drop("rank")


def describe(drill: Drill, selection: Selection, lang: str) -> str:
    """The drill-down said in words: `Vehicle registration · In review · 16–30 days`."""
    parts = [", ".join(i18n.label("title_type", t, lang) for t in drill.title_types(selection))]
    if drill.stage:
        parts.append(i18n.label("status", drill.stage, lang))
    if drill.age_bucket:
        parts.append(i18n.label("age_bucket", drill.age_bucket, lang))
    return " · ".join(p for p in parts if p) or i18n.t("backlog.everything", lang)


def rework(rows: pl.DataFrame) -> dict:
    """From `indicators/rework_by_title_type` rows (the delivery page's dataset: applications
    delivered or rejected in the period, kpis.md §3), over every title type given: how many
    finished, how many were sent back `incomplete` at least once, and their share (the rework
    rate; null when none finished)."""
    finished = int(rows["finished_count"].sum()) if rows.height else 0
    reworked = finished - (int(rows["no_loop_count"].sum()) if rows.height else 0)
    return {"finished_count": finished, "reworked_count": reworked, "rework_rate": ratio(reworked, finished)}


def rework_loops(rows: pl.DataFrame) -> pl.DataFrame:
    """The same rows summed over title types: how many applications went through `incomplete`
    0, 1, 2, or 3 times or more (`loops`, as the delivery page says it)."""
    return pl.DataFrame({
        "loops": list(LOOP_BUCKETS),
        "application_count": [int(rows[column].sum()) if rows.height else 0 for column in LOOP_BUCKETS.values()],
    })


# The applications behind a selection, and their export ---------------------------------------


def params(selection: Selection, drill: Drill, cfg: Config, **extra) -> dict:
    """The `$params` of the backlog datasets: the filter bar's, with the drilled title type."""
    return {**selection.params(cfg), "title_types": drill.title_types(selection), **extra}


def applications_params(day: date, selection: Selection, drill: Drill, cfg: Config) -> dict:
    """The `$params` of `backlog/applications_at_day` for a day, the filter bar and a drill."""
    return params(selection, drill, cfg, day=day, stages=drill.stages(), age_buckets=drill.age_buckets(), max_rows=MAX_ROWS)


def export_name(day: date, selection: Selection, drill: Drill, extension: str) -> str:
    """A file name that says what is in the file: the day, then every filter and drill choice,
    e.g. `backlog_2018-01-15_vehicle_registration_stage-in_review_age-16-30.csv`."""
    parts = ["backlog", day.isoformat()]
    titles = drill.title_types(selection)
    if titles:
        parts.append("+".join(titles))
    for prefix, values in (
        ("stage", drill.stages()),
        ("age", drill.age_buckets()),
        ("dept", list(selection.departments)),
        ("channel", list(selection.channels)),
    ):
        if values:
            parts.append(f"{prefix}-{'+'.join(values)}")
    return "_".join(parts) + f".{extension}"

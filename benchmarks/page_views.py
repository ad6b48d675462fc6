"""The queries behind each page view, as the benchmark times them.

PAGE_VIEWS maps a page view's name to the datasets it runs, in order: (dataset, params), where the
dataset is a file of queries/ (without .sql) and params are the ones that differ from the shared
filter bar's defaults (no filters, window W from oncedone.toml). Dates are given relative to the
day D the view shows (the filter bar's last day): `D(0)` is D, `D(-6)` six days before. A view's
time is the time to run all of its datasets once, uncached (the dashboard's cache is cold the first
time a reader picks a day or a filter).

To add a page, add an entry that lists what its view file asks for (`ui.selection_dataset`,
`ui.dataset`, and the engine functions it calls), with the page's default choices (no drill-down,
no extra filter); `report_queries` lists what one `indicators.report` runs. The benchmark runs a
view's datasets one after the other (a page that reads some side by side is faster by at most the
number of cores) and prints each view's p50 and p95, and its slowest query's.
"""

from dataclasses import dataclass
from datetime import date, timedelta

PERIOD_DAYS = 90  # the filter bar's default period ends on D and spans 90 days (ui.DEFAULT_PERIOD_DAYS)


@dataclass(frozen=True)
class D:
    """A day relative to the view's day D, resolved when the view runs."""

    offset: int = 0

    def on(self, day: date) -> date:
        return day + timedelta(days=self.offset)


def period(first: int, last: int = 0) -> dict:
    """The params of a selection from D + first to D + last."""
    return {"from_day": D(first), "to_day": D(last)}


EMERGING_BEFORE_DAYS = 28 + 28  # emerging.LOOKBACK_DAYS + 7 x the baseline weeks of oncedone.toml


def report_queries(first: int, last: int) -> list[tuple[str, dict]]:
    """What `indicators.report` runs for the period D + first .. D + last (backlog at its last day)."""
    return [
        ("freshness", {}),
        ("indicators/contacts_by_day", period(first, last)),
        ("indicators/episodes_by_day", period(first, last)),
        ("indicators/delivery_by_period", {**period(first, last), "grain": "period"}),
        ("indicators/cohort_delivery_by_period", {**period(first, last), "grain": "period"}),
        ("indicators/right_first_time_by_day", period(first, last)),
        ("indicators/backlog_at_day", {**period(first, last), "day": D(last)}),
        ("indicators/throughput_at_day", {**period(first, last), "day": D(last)}),
        ("indicators/mail_response_by_period", {**period(first, last), "grain": "period"}),
        # Emerging demand (oncedone/kpi/emerging.py): the period, its lookback and the baseline weeks before.
        ("load/contact_segments_by_day", period(first - EMERGING_BEFORE_DAYS, last)),
        ("load/incomplete_by_day", period(first - EMERGING_BEFORE_DAYS, last)),
    ]


def _today() -> list[tuple[str, dict]]:
    """views/today.py through director.morning, whose reads are shared (director.SharedReads): the
    daily series over the period (6 days ahead for the rolling week); then the day and the same
    weekday a week before, whose by-day counts and one-day quantiles are filtered from those reads,
    so that each runs only its cohort, its backlog and its 4-week cohort; a year before (52 weeks)
    in full, less the emerging demands (no card shows them); the weekly quantiles; the attention
    list; the emerging detector's days for the week to the day; the cards' completeness badges."""
    lead = -(PERIOD_DAYS - 1) - 6
    daily = [
        ("indicators/contacts_by_day", period(lead)),
        ("indicators/episodes_by_day", period(lead)),
        ("indicators/flows_by_day", period(lead)),
        ("indicators/right_first_time_by_day", period(lead)),
        ("indicators/delivery_by_period", {**period(lead), "grain": "day"}),
        ("indicators/mail_response_by_period", {**period(lead), "grain": "day"}),
    ]
    emerging_days = [  # the week to the day, its lookback and baseline (emerging.recent)
        ("load/contact_segments_by_day", period(-6 - EMERGING_BEFORE_DAYS)),
        ("load/incomplete_by_day", period(-6 - EMERGING_BEFORE_DAYS)),
    ]

    def filtered_reading(at: int) -> list[tuple[str, dict]]:
        """What a reading at D + at runs that the shared reads do not hold."""
        return [
            ("indicators/cohort_delivery_by_period", {**period(at, at), "grain": "period"}),
            ("indicators/backlog_at_day", {**period(at, at), "day": D(at)}),
            ("indicators/throughput_at_day", {**period(at, at), "day": D(at)}),
            ("indicators/delivery_by_period", {**period(at - 27, at), "grain": "period"}),
            ("indicators/cohort_delivery_by_period", {**period(at - 27, at), "grain": "period"}),
        ]

    weekly = [
        (name, {**period(-(PERIOD_DAYS - 1)), "grain": "week"})
        for name in ("indicators/delivery_by_period", "indicators/cohort_delivery_by_period", "indicators/mail_response_by_period")
    ]
    year_report = [(name, params) for name, params in report_queries(-364, -364) if name.startswith("indicators/")]
    return [
        ("freshness", {}),  # the page's own, before it computes anything
        *daily,
        ("freshness", {}),
        *filtered_reading(0),
        *filtered_reading(-7),
        *[q for i, q in enumerate(year_report) if q not in year_report[:i]],  # a dataset asked twice runs once
        ("indicators/delivery_by_period", {**period(-391, -364), "grain": "period"}),
        ("indicators/cohort_delivery_by_period", {**period(-391, -364), "grain": "period"}),
        *weekly,
        ("indicators/backlog_segments_at_day", {**period(-(PERIOD_DAYS - 1)), "day": D(0), "before_day": D(-7)}),
        *emerging_days,
        ("app/completeness", period(0)),
        ("app/channel_coverage", period(0)),
    ]


DRILLED = {"title_types": ["vehicle_registration"]}  # the backlog's click on a title type (benchmarks/backlog_steps.py's)
WEEKS = {**period(-(PERIOD_DAYS - 1)), "grain": "week"}  # a 90-day period reads by week (indicators.grain_for)

PAGE_VIEWS: dict[str, list[tuple[str, dict]]] = {
    # Every page: the filter bar's bounds and department list (ui.filter_bar).
    "filter bar": [("freshness", {}), ("app/departments", {})],
    "today (director)": _today(),
    # views/backlog.py with no drill-down chosen: the stage durations and rework wait for a title type.
    "backlog": [
        ("backlog/open_at_day", {**period(-(PERIOD_DAYS - 1)), "day": D(0)}),
        ("backlog/trend_by_day", period(-(PERIOD_DAYS - 1))),
        ("backlog/applications_at_day", {**period(-(PERIOD_DAYS - 1)), "day": D(0), "stages": [], "age_buckets": [],
                                         "max_rows": 250_000}),
    ],
    # The same page after a click on a title type's bar (backlog.Drill(title_type), as the page asks).
    "backlog, a title type clicked": [
        ("backlog/open_at_day", {**period(-(PERIOD_DAYS - 1)), "day": D(0)}),
        ("backlog/trend_by_day", {**period(-(PERIOD_DAYS - 1)), **DRILLED}),
        ("backlog/applications_at_day", {**period(-(PERIOD_DAYS - 1)), **DRILLED, "day": D(0), "stages": [],
                                         "age_buckets": [], "max_rows": 250_000}),
        ("backlog/stage_durations", {**period(-(PERIOD_DAYS - 1)), **DRILLED}),
        ("indicators/rework_by_title_type", {**period(-(PERIOD_DAYS - 1)), **DRILLED}),
    ],
    "delivery": [
        ("indicators/delivery_distribution_by_title_type", period(-(PERIOD_DAYS - 1))),
        ("indicators/within_target_by_department", period(-(PERIOD_DAYS - 1))),
        ("indicators/delivery_by_period", WEEKS),
        ("indicators/cohort_delivery_by_period", WEEKS),
        ("freshness", {}),
        ("indicators/cohort_table_by_week", period(-(PERIOD_DAYS - 1))),
        ("indicators/stage_days_by_period", {**period(-(PERIOD_DAYS - 1)), "grain": "period"}),
        ("indicators/stage_days_by_period", WEEKS),
        ("indicators/right_first_time_by_day", period(-(PERIOD_DAYS - 1))),
        ("indicators/rework_by_title_type", period(-(PERIOD_DAYS - 1))),
    ],
    "contacts": [
        ("indicators/episodes_by_day", period(-(PERIOD_DAYS - 1))),
        ("indicators/repeat_paths", period(-(PERIOD_DAYS - 1))),
        ("indicators/contacts_by_day", period(-(PERIOD_DAYS - 1))),
        ("indicators/status_inquiries_by_age", period(-(PERIOD_DAYS - 1))),
        ("indicators/contacts_by_hour", period(-(PERIOD_DAYS - 1))),
        ("indicators/mail_response_by_period", WEEKS),
        ("indicators/handle_time_by_channel", period(-(PERIOD_DAYS - 1))),
    ],
    # views/load.py through load.page_view: the offers of the year behind the breaking point and the
    # rhythm (which hold the period's), what the agents handled in its half hours, the period's
    # handled contacts at every grain and spread over agents, and the year's episodes.
    # `python -m benchmarks.load_page` times the whole view, its Polars and fits included.
    "load": [
        ("load/offered_by_slot", period(-363)),
        ("load/handled_by_slot", period(-363)),
        ("load/handled_by_grain", period(-(PERIOD_DAYS - 1))),
        ("load/agent_slot_counts", period(-(PERIOD_DAYS - 1))),
        ("load/episodes_by_team_day", period(-363)),
    ],
    "data": [
        ("freshness", {}),
        ("app/completeness", period(-(PERIOD_DAYS - 1))),
        ("app/channel_coverage", period(-(PERIOD_DAYS - 1))),
        ("app/import_history", {"max_imports": 50}),
    ],
    # views/quarantine.py with no filter chosen.
    "quarantine": [
        ("app/quarantine_facets", {}),
        ("app/quarantine_rows", {"file_names": [], "kinds": [], "reasons": [], "max_rows": 1000}),
    ],
}


def resolve(params: dict, day: date, defaults: dict) -> dict:
    """A view's params at day D, over the filter bar's defaults."""
    return {**defaults, **{k: v.on(day) if isinstance(v, D) else v for k, v in params.items()}}

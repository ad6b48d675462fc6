"""Kaplan-Meier in Polars, finishing `indicators/cohort_delivery_by_period`.

SQL groups the cohort's follow-up times; the running sums and products over them are window
functions that DuckDB 2.0 takes about 0.15 s each for 400 000 times (a 90-day period at scale
0.1), where Polars' cumulative sum and product take milliseconds.
"""

import polars as pl

# 1e-9 absorbs the rounding of the product, so that S = 0.5 exactly counts as reached.
REACHED = 1e-9

COHORT_SCHEMA = {
    "period_start_day": pl.Date,
    "cohort_count": pl.Int64,
    "cohort_delivered_count": pl.Int64,
    "cohort_p50": pl.Float64,
    "cohort_p90": pl.Float64,
    "max_followup_days": pl.Float64,
}


def _first_time_below(survival: float) -> pl.Expr:
    """The smallest observed delivery time at which the estimate S(t) has fallen to `survival`."""
    reached = (pl.col("delivered_count") > 0) & (pl.col("survival_rate") <= survival + REACHED)
    return pl.col("followup_days").filter(reached).min()


def cohort_delivery(times: pl.DataFrame) -> pl.DataFrame:
    """From one row per (period_start_day, followup_days) with delivered_count and leaving_count
    (applications delivered, and leaving the risk set, at that follow-up time): one row per
    period with the cohort's size, its delivered count, the Kaplan-Meier p50 and p90 of its
    delivery time (null while the estimate has not fallen that low) and its longest follow-up."""
    if times.is_empty():
        return pl.DataFrame(schema=COHORT_SCHEMA)
    # Sorted by time alone (4x cheaper than by period and time): each period's rows keep that order.
    by_time = times.sort("followup_days").with_columns(
        # At risk at t: every application followed for t or longer (censored at t included).
        at_risk_count=pl.col("leaving_count").cum_sum(reverse=True).over("period_start_day"),
    ).with_columns(
        survival_rate=(1 - pl.col("delivered_count") / pl.col("at_risk_count")).cum_prod().over("period_start_day"),
    )
    return (
        by_time.group_by("period_start_day")
        .agg(
            cohort_count=pl.col("leaving_count").sum().cast(pl.Int64),
            cohort_delivered_count=pl.col("delivered_count").sum().cast(pl.Int64),
            cohort_p50=_first_time_below(0.5),
            cohort_p90=_first_time_below(0.1),
            max_followup_days=pl.col("followup_days").max(),
        )
        .sort("period_start_day")
        .cast(COHORT_SCHEMA)
    )

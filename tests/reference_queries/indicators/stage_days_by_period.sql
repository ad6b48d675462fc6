-- stage_days_by_period: where the days go, from submission to delivery. One row per (period of
-- delivery: a day, week, month, or the whole selection with $grain = 'period'; title type; stage)
-- for the applications whose first `delivered` event falls in the period: the days each spent in
-- the stage (the sum of its spans there, see stage_spans; 0 when it never entered it), their p50,
-- p90 and mean over those applications. The stages' means add up to the mean delivery time; the
-- quantiles do not add up.
-- Stages: submitted, incomplete, resubmitted, in_review, approved, in_production, shipped; a span
-- ends at the next event, the last one at delivery (computed at import: delivered_stage_days).
-- Params: $from_day, $to_day, $grain, $title_types, $departments (empty = all).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
with per_application as (
    select
        period_start(delivered_day, $grain, $from_day) as period_start_day,
        title_type,
        submitted_days as submitted,
        incomplete_days as incomplete,
        resubmitted_days as resubmitted,
        in_review_days as in_review,
        approved_days as approved,
        in_production_days as in_production,
        shipped_days as shipped
    from delivered_stage_days
    where delivered_day between $from_day and $to_day
        and is_chosen(title_type, $title_types)
        and is_chosen(department, $departments)
        and in_scope($scope_cells, title_type, department)
),

grid as (
    unpivot per_application
    on submitted, incomplete, resubmitted, in_review, approved, in_production, shipped
    into name stage value stage_days
)

select
    period_start_day,
    title_type,
    stage,
    count(*) as delivered_count,
    quantile_cont(stage_days, 0.5) as stage_days_p50,
    quantile_cont(stage_days, 0.9) as stage_days_p90,
    avg(stage_days) as stage_days_mean
from grid
group by
    period_start_day,
    title_type,
    stage
order by
    period_start_day,
    title_type,
    status_rank(stage)

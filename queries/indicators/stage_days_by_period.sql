-- stage_days_by_period: where the days go, from submission to delivery. One row per (period of
-- delivery: a day, week, month, or the whole selection with $grain = 'period'; title type; stage)
-- for the applications whose first `delivered` event falls in the period: the days each spent in
-- the stage (the sum of its spans there, see stage_spans; 0 when it never entered it), their p50,
-- p90 and mean over those applications. The stages' means add up to the mean delivery time; the
-- quantiles do not add up.
-- Stages: submitted, incomplete, resubmitted, in_review, approved, in_production, shipped; a span
-- ends at the next event, the last one at delivery.
-- Params: $from_day, $to_day, $grain, $title_types, $departments (empty = all).
with delivered as (
    select
        request_id,
        title_type,
        delivered_at,
        period_start(delivered_day, $grain, $from_day) as period_start_day
    from application_facts
    where delivered_day between $from_day and $to_day
        and is_chosen(title_type, $title_types)
        and is_chosen(department, $departments)
),

per_application as (
    -- One row per application, the days of each stage side by side (epoch differences: the
    -- subtraction of two instants is much slower).
    select
        delivered.request_id,
        any_value(delivered.period_start_day) as period_start_day,
        any_value(delivered.title_type) as title_type,
        coalesce(sum(epoch(least(spans.left_at, delivered.delivered_at)) - epoch(spans.entered_at)) filter (where spans.stage = 'submitted'), 0) / 86400 as submitted,
        coalesce(sum(epoch(least(spans.left_at, delivered.delivered_at)) - epoch(spans.entered_at)) filter (where spans.stage = 'incomplete'), 0) / 86400 as incomplete,
        coalesce(sum(epoch(least(spans.left_at, delivered.delivered_at)) - epoch(spans.entered_at)) filter (where spans.stage = 'resubmitted'), 0) / 86400 as resubmitted,
        coalesce(sum(epoch(least(spans.left_at, delivered.delivered_at)) - epoch(spans.entered_at)) filter (where spans.stage = 'in_review'), 0) / 86400 as in_review,
        coalesce(sum(epoch(least(spans.left_at, delivered.delivered_at)) - epoch(spans.entered_at)) filter (where spans.stage = 'approved'), 0) / 86400 as approved,
        coalesce(sum(epoch(least(spans.left_at, delivered.delivered_at)) - epoch(spans.entered_at)) filter (where spans.stage = 'in_production'), 0) / 86400 as in_production,
        coalesce(sum(epoch(least(spans.left_at, delivered.delivered_at)) - epoch(spans.entered_at)) filter (where spans.stage = 'shipped'), 0) / 86400 as shipped
    from delivered
    left join stage_spans as spans
        on spans.request_id = delivered.request_id
        and spans.entered_at < delivered.delivered_at
        -- A delivered application's spans all end by its delivery: skips the later blocks.
        and spans.left_at <= paris_day_end($to_day)
    group by delivered.request_id
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

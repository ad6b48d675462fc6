-- delivered_stage_days: one row per delivered application, the days it spent in each stage from
-- submission to its first `delivered` event (the sum of its stage_spans there, cut at delivery;
-- 0 for a stage it never entered). Final once delivered, so computed at import: the delivery
-- page's "where the days go" then reads a few columns instead of every span of the period.
-- Sorted by delivery day, so a period skips the blocks delivered outside it.
-- Keyed by request_id, recomputed over dirty_requests: an import recomputes the applications it
-- touched (a full rebuild: every application).
create or replace table delivered_stage_days as
with delivered as (
    select
        request_id,
        title_type,
        department,
        delivered_at,
        delivered_day
    from application_facts
    semi join dirty_requests
        on dirty_requests.request_id = application_facts.request_id
    where delivered_at is not null
),

per_application as (
    -- Epoch differences: subtracting two instants is several times slower.
    select
        spans.request_id,
        sum(epoch(least(spans.left_at, delivered.delivered_at)) - epoch(spans.entered_at)) filter (where spans.stage = 'submitted') / 86400 as submitted,
        sum(epoch(least(spans.left_at, delivered.delivered_at)) - epoch(spans.entered_at)) filter (where spans.stage = 'incomplete') / 86400 as incomplete,
        sum(epoch(least(spans.left_at, delivered.delivered_at)) - epoch(spans.entered_at)) filter (where spans.stage = 'resubmitted') / 86400 as resubmitted,
        sum(epoch(least(spans.left_at, delivered.delivered_at)) - epoch(spans.entered_at)) filter (where spans.stage = 'in_review') / 86400 as in_review,
        sum(epoch(least(spans.left_at, delivered.delivered_at)) - epoch(spans.entered_at)) filter (where spans.stage = 'approved') / 86400 as approved,
        sum(epoch(least(spans.left_at, delivered.delivered_at)) - epoch(spans.entered_at)) filter (where spans.stage = 'in_production') / 86400 as in_production,
        sum(epoch(least(spans.left_at, delivered.delivered_at)) - epoch(spans.entered_at)) filter (where spans.stage = 'shipped') / 86400 as shipped
    from stage_spans as spans
    join delivered
        on delivered.request_id = spans.request_id
    where spans.entered_at < delivered.delivered_at
    group by spans.request_id
)

select
    delivered.request_id,
    delivered.title_type,
    delivered.department,
    delivered.delivered_day,
    coalesce(per_application.submitted, 0) as submitted_days,
    coalesce(per_application.incomplete, 0) as incomplete_days,
    coalesce(per_application.resubmitted, 0) as resubmitted_days,
    coalesce(per_application.in_review, 0) as in_review_days,
    coalesce(per_application.approved, 0) as approved_days,
    coalesce(per_application.in_production, 0) as in_production_days,
    coalesce(per_application.shipped, 0) as shipped_days
from delivered
left join per_application
    on per_application.request_id = delivered.request_id
order by delivered.delivered_day;

-- application_facts: one row per application, with what the indicators need of its history:
-- submission, first delivery, terminal status and time, incomplete loops, stage entry times.
-- Keyed by request_id, recomputed over dirty_requests: an import recomputes the applications it
-- touched, each over its whole history (a full rebuild: every application).
create or replace table application_facts as
with events as (
    select
        request_id,
        status,
        occurred_at,
        status_rank(status) as status_rank
    from request_events
    semi join dirty_requests
        on dirty_requests.request_id = request_events.request_id
),

histories as (
    select
        request_id,
        min(occurred_at) filter (where status = 'delivered') as delivered_at,
        -- The first terminal event; two at one instant: the earlier in the contract's order
        -- (one integer key, time then rank: cheaper to compare than a struct).
        arg_min(status, epoch_us(occurred_at) * 16 + status_rank) filter (where status in ('delivered', 'rejected', 'cancelled')) as terminal_status,
        min(occurred_at) filter (where status in ('delivered', 'rejected', 'cancelled')) as terminal_at,
        count(*) filter (where status = 'incomplete') as incomplete_count,
        min(occurred_at) filter (where status = 'in_review') as in_review_at,
        min(occurred_at) filter (where status = 'approved') as approved_at,
        min(occurred_at) filter (where status = 'in_production') as in_production_at,
        min(occurred_at) filter (where status = 'shipped') as shipped_at,
        max(occurred_at) as last_event_at,
        count(*) as event_count
    from events
    group by request_id
)

select
    requests.request_id,
    requests.title_type,
    requests.department,
    requests.submission_channel,
    requests.citizen_id,
    requests.submitted_at,
    paris_day(requests.submitted_at) as submitted_day,
    histories.delivered_at,
    paris_day(histories.delivered_at) as delivered_day,
    epoch(histories.delivered_at - requests.submitted_at) / 86400 as delivery_days,
    histories.terminal_status,
    histories.terminal_at,
    paris_day(histories.terminal_at) as terminal_day,
    coalesce(histories.incomplete_count, 0) as incomplete_count,
    histories.in_review_at,
    histories.approved_at,
    histories.in_production_at,
    histories.shipped_at,
    histories.last_event_at,
    coalesce(histories.event_count, 0) as event_count
from requests
semi join dirty_requests
    on dirty_requests.request_id = requests.request_id
left join histories
    on histories.request_id = requests.request_id;

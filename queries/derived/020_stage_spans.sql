-- stage_spans: one row per non-terminal stage an application passed through, [entered_at, left_at).
-- The stage just before an instant t ("at the end of day D") is the span with
-- entered_at < t and (left_at is null or left_at >= t): the latest event strictly before t.
-- Events at one instant are ordered by the contract's status order, so the later status wins
-- (the earlier one gets an empty span, left out). Before any event an application is `submitted`.
-- Terminal stages are left out: an application open at D is in none (see application_facts).
-- Sorted by left_at, so a query at day D skips the blocks of spans that ended before it.
-- Rebuilt when an import changes: requests, request_events.
create or replace table stage_spans as
with steps as (
    select request_id, 'submitted' as stage, submitted_at as entered_at, 0 as status_rank
    from requests
    union all
    select request_id, status, occurred_at, status_rank(status)
    from request_events
),

spans as (
    select
        request_id,
        stage,
        entered_at,
        -- Ordered by one integer key, time then rank: a cheaper sort than by the pair.
        lead(entered_at) over (partition by request_id order by epoch_us(entered_at) * 16 + status_rank) as left_at
    from steps
)

select *
from spans
where stage not in ('delivered', 'rejected', 'cancelled')
    and (left_at is null or left_at > entered_at)
order by left_at nulls last;

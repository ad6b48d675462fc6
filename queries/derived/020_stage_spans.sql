-- stage_spans: one row per stage an application passed through, [entered_at, left_at).
-- The stage just before an instant t ("at the end of day D") is the span with
-- entered_at < t and (left_at is null or left_at >= t): the latest event strictly before t.
-- Events at one instant are ordered by the contract's status order, so the later status wins
-- (the earlier one gets an empty span). Before any event an application is `submitted`.
create or replace table stage_spans as
with steps as (
    select request_id, 'submitted' as stage, submitted_at as entered_at, 0 as status_rank
    from requests
    union all
    select request_id, status, occurred_at, status_rank(status)
    from request_events
)

select
    request_id,
    stage,
    entered_at,
    lead(entered_at) over (partition by request_id order by entered_at, status_rank) as left_at
from steps;

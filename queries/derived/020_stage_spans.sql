-- stage_spans: one row per non-terminal stage an application passed through, [entered_at, left_at).
-- The stage just before an instant t ("at the end of day D") is the span with
-- entered_at < t and (left_at is null or left_at >= t): the latest event strictly before t.
-- Events at one instant are ordered by the contract's status order, so the later status wins
-- (the earlier one gets an empty span, left out). Before any event an application is `submitted`.
-- Terminal stages are left out: an application open at D is in none (see application_facts).
-- Each span carries what the backlog filters and shows of its application (title type,
-- department, submission channel, submission, first terminal event), so the backlog at a day and
-- the stage durations read this table alone.
-- Sorted by left_at, so a query at day D skips the blocks of spans that ended before it.
-- Keyed by request_id, recomputed over dirty_requests: an import recomputes the spans of the
-- applications it touched, each over its whole history (a full rebuild: every application).
create or replace table stage_spans as
with steps as (
    select request_id, 'submitted' as stage, submitted_at as entered_at, 0 as status_rank
    from requests
    semi join dirty_requests
        on dirty_requests.request_id = requests.request_id
    union all
    select request_id, status, occurred_at, status_rank(status)
    from request_events
    semi join dirty_requests
        on dirty_requests.request_id = request_events.request_id
),

spans as (
    select
        request_id,
        stage,
        entered_at,
        -- Ordered by one integer key, time then rank: a cheaper sort than by the pair.
        lead(entered_at) over (partition by request_id order by epoch_us(entered_at) * 16 + status_rank) as left_at
    from steps
),

facts as (
    -- Only the dirty applications' facts: a join with the whole table would hash all of it.
    select request_id, title_type, department, submission_channel, submitted_at, submitted_day, terminal_at
    from application_facts
    semi join dirty_requests
        on dirty_requests.request_id = application_facts.request_id
)

select
    spans.request_id,
    spans.stage,
    spans.entered_at,
    spans.left_at,
    facts.title_type,
    facts.department,
    facts.submission_channel,
    facts.submitted_at,
    facts.submitted_day,
    facts.terminal_at
from spans
join facts
    on facts.request_id = spans.request_id
where spans.stage not in ('delivered', 'rejected', 'cancelled')
    and (spans.left_at is null or spans.left_at > spans.entered_at)
order by spans.left_at nulls last;

-- open_applications_at(day): one row per application open at the end of `day` (kpis.md §4):
-- submitted before the end of the day, no terminal event before it, with the stage it is in then
-- (the stage_spans span covering that instant) and its age in whole days (day - submission day).
-- The one definition behind indicators/backlog_at_day and the backlog page's datasets; here
-- rather than in schema/ because DuckDB checks a table macro's table when it is created.
create or replace macro open_applications_at(day) as table
select
    request_id,
    title_type,
    department,
    submission_channel,
    submitted_at,
    day - submitted_day as age_days,
    stage,
    entered_at as stage_entered_at
from stage_spans
where (left_at is null or left_at >= paris_day_end(day))
    and entered_at < paris_day_end(day)
    and submitted_at < paris_day_end(day)
    and (terminal_at is null or terminal_at >= paris_day_end(day));


-- One row per data row of a request_events file: typed, with its first problem (NULL if none).
-- Reads the registered frame `incoming` and the stored requests (this import's already merged).
-- Creates the temporary table `checked`.
create or replace temporary table checked as
with typed as (
    select
        line_number,
        to_json({'request_id': request_id, 'status': status, 'occurred_at': occurred_at}) as row_json,
        clean_text(request_id) as request_id,
        enum_text(status) as status,
        clean_text(occurred_at) as occurred_at_text,
        parse_instant(occurred_at) as occurred_at
    from incoming
),

problems as (
    select
        typed.*,
        list_filter([
            case when typed.request_id is null then {'reason': 'missing_value', 'detail': 'request_id is empty'} end,
            case when status is null then {'reason': 'missing_value', 'detail': 'status is empty'} end,
            case when occurred_at_text is null then {'reason': 'missing_value', 'detail': 'occurred_at is empty'} end,
            case when occurred_at_text is not null and occurred_at is null
                then {'reason': 'bad_timestamp', 'detail': format('occurred_at "{}" is not a timestamp', occurred_at_text)} end,
            case when status is not null and status_rank(status) is null
                then {'reason': 'unknown_value', 'detail': format('status "{}" is not a status of the data contract', status)} end,
            case when typed.request_id is not null and stored.request_id is null
                then {'reason': 'unknown_request', 'detail': format('request_id "{}" is not a known application (import it, then this file again)', typed.request_id)} end,
            case when occurred_at < stored.submitted_at
                then {'reason': 'before_submission', 'detail': format('occurred_at {} is before the application''s submitted_at {}', occurred_at_text, strftime(timezone('Europe/Paris', stored.submitted_at), '%Y-%m-%d %H:%M:%S'))} end
        ], lambda p: p is not null)[1] as problem
    from typed
    left join requests as stored
        on stored.request_id = typed.request_id
)

select
    line_number,
    request_id as record_key,
    problem.reason as rejection_reason,
    problem.detail as rejection_detail,
    row_json,
    -- The same (request_id, status, occurred_at) twice is one event.
    problem is null and row_number() over (partition by request_id, status, occurred_at order by line_number) > 1 as is_repeat,
    request_id,
    status,
    occurred_at
from problems;

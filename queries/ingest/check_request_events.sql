-- One row per data row of a request_events file: typed, with its first problem (NULL if none).
-- Reads the registered frame `incoming` and the stored requests (this import's already merged).
-- Params: $latest_at (the latest plausible instant); $part of $part_count: only the rows whose
-- request id hashes to this part, joined to the stored requests of the same part, so that their
-- hash table fits the writer's memory (ingest._check_events; one part: every row, no hash).
-- Creates the temporary table `checked` (its first part; the others are inserted into it).
create or replace temporary table checked as
with typed as (
    select
        line_number,
        clean_text(request_id) as request_id,
        enum_text(status) as status,
        clean_text(occurred_at) as occurred_at_text,
        parse_instant(occurred_at) as occurred_at
    from incoming
    where $part_count = 1 or hash(clean_text(request_id)) % $part_count = $part
),

problems as (
    select
        typed.*,
        -- The first problem found; a CASE evaluates its messages only for the rows that fail.
        case
            when typed.request_id is null then {'reason': 'missing_value', 'detail': 'request_id is empty', 'column': 'request_id', 'value': null}
            when status is null then {'reason': 'missing_value', 'detail': 'status is empty', 'column': 'status', 'value': null}
            when occurred_at_text is null then {'reason': 'missing_value', 'detail': 'occurred_at is empty', 'column': 'occurred_at', 'value': null}
            when is_longer_than(typed.request_id, 64)
                then {'reason': 'too_long', 'detail': format('request_id "{}" is longer than 64 characters', quoted_value(typed.request_id)), 'column': 'request_id', 'value': quoted_value(typed.request_id)}
            when occurred_at is null
                then {'reason': 'bad_timestamp', 'detail': format('occurred_at "{}" is not a timestamp', quoted_value(occurred_at_text)), 'column': 'occurred_at', 'value': quoted_value(occurred_at_text)}
            when is_implausible_instant(occurred_at, $latest_at)
                then {'reason': 'implausible_instant', 'detail': format('occurred_at {} is before 2000 or after the day of the import', occurred_at_text), 'column': 'occurred_at', 'value': occurred_at_text}
            when status_rank(status) is null
                then {'reason': 'unknown_value', 'detail': format('status "{}" is not a status of the data contract', quoted_value(status)), 'column': 'status', 'value': quoted_value(status)}
            when stored.request_id is null
                then {'reason': 'unknown_request', 'detail': format('request_id "{}" is not a known application (import it, then this file again)', typed.request_id), 'column': 'request_id', 'value': typed.request_id}
            when occurred_at < stored.submitted_at
                then {'reason': 'before_submission', 'detail': format('occurred_at {} is before the application''s submitted_at {}', occurred_at_text, strftime(timezone('Europe/Paris', stored.submitted_at), '%Y-%m-%d %H:%M:%S')), 'column': 'occurred_at', 'value': occurred_at_text}
        end as problem
    from typed
    left join (
        select request_id, submitted_at
        from requests
        where $part_count = 1 or hash(request_id) % $part_count = $part
    ) as stored
        on stored.request_id = typed.request_id
)

select
    line_number,
    request_id as record_key,
    problem.reason as rejection_reason,
    problem.detail as rejection_detail,
    problem.column as rejection_column,
    problem.value as rejection_value,
    request_id,
    status,
    occurred_at
from problems;

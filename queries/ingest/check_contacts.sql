-- One row per data row of a contacts file: typed, with its first problem (NULL if none).
-- Reads the registered frames `incoming` and `other_files` (this file's ids that another file of
-- the import gives differently). Params: $latest_at (the latest plausible instant).
-- Creates the temporary table `checked`.
create or replace temporary table checked as
with typed as (
    select
        line_number,
        clean_text(contact_id) as contact_id,
        enum_text(channel) as channel,
        clean_text(received_at) as received_at_text,
        parse_instant(received_at) as received_at,
        clean_text(answered_at) as answered_at_text,
        parse_instant(answered_at) as answered_at,
        enum_text(outcome) as outcome,
        enum_text(reason) as reason,
        clean_text(citizen_id) as citizen_id,
        clean_text(request_id) as request_id,
        clean_text(team) as team,
        clean_text(agent_id) as agent_id,
        clean_text(handle_seconds) as handle_seconds_text,
        plain_integer(clean_text(handle_seconds)) as handle_seconds,
        clean_text(csat) as csat_text,
        plain_integer(clean_text(csat))::integer as csat
    from incoming
),

-- The same id twice in one file with different content: which one is right? Neither loads.
-- Versions are counted only for the ids given more than once (few, usually none).
repeated as (
    select contact_id
    from typed
    group by contact_id
    having count(*) > 1
),

conflicts as (
    select
        typed.contact_id,
        count(distinct (channel, received_at, answered_at, outcome, reason, citizen_id, request_id,
                        team, agent_id, handle_seconds, csat)) as version_count
    from typed
    semi join repeated
        on repeated.contact_id = typed.contact_id
    group by typed.contact_id
    having version_count > 1
),

problems as (
    select
        typed.*,
        -- The first problem found; a CASE evaluates its messages only for the rows that fail.
        case
            when typed.contact_id is null then {'reason': 'missing_value', 'detail': 'contact_id is empty', 'column': 'contact_id', 'value': null}
            when channel is null then {'reason': 'missing_value', 'detail': 'channel is empty', 'column': 'channel', 'value': null}
            when received_at_text is null then {'reason': 'missing_value', 'detail': 'received_at is empty', 'column': 'received_at', 'value': null}
            when outcome is null then {'reason': 'missing_value', 'detail': 'outcome is empty', 'column': 'outcome', 'value': null}
            when reason is null then {'reason': 'missing_value', 'detail': 'reason is empty', 'column': 'reason', 'value': null}
            when is_longer_than(typed.contact_id, 64)
                then {'reason': 'too_long', 'detail': format('contact_id "{}" is longer than 64 characters', quoted_value(typed.contact_id)), 'column': 'contact_id', 'value': quoted_value(typed.contact_id)}
            when is_longer_than(citizen_id, 64)
                then {'reason': 'too_long', 'detail': format('citizen_id "{}" is longer than 64 characters', quoted_value(citizen_id)), 'column': 'citizen_id', 'value': quoted_value(citizen_id)}
            when is_longer_than(request_id, 64)
                then {'reason': 'too_long', 'detail': format('request_id "{}" is longer than 64 characters', quoted_value(request_id)), 'column': 'request_id', 'value': quoted_value(request_id)}
            when is_longer_than(agent_id, 64)
                then {'reason': 'too_long', 'detail': format('agent_id "{}" is longer than 64 characters', quoted_value(agent_id)), 'column': 'agent_id', 'value': quoted_value(agent_id)}
            when is_longer_than(team, 200)
                then {'reason': 'too_long', 'detail': format('team "{}" is longer than 200 characters', quoted_value(team)), 'column': 'team', 'value': quoted_value(team)}
            when received_at is null
                then {'reason': 'bad_timestamp', 'detail': format('received_at "{}" is not a timestamp', quoted_value(received_at_text)), 'column': 'received_at', 'value': quoted_value(received_at_text)}
            when answered_at_text is not null and answered_at is null
                then {'reason': 'bad_timestamp', 'detail': format('answered_at "{}" is not a timestamp', quoted_value(answered_at_text)), 'column': 'answered_at', 'value': quoted_value(answered_at_text)}
            when is_implausible_instant(received_at, $latest_at)
                then {'reason': 'implausible_instant', 'detail': format('received_at {} is before 2000 or after the day of the import', received_at_text), 'column': 'received_at', 'value': received_at_text}
            when is_implausible_instant(answered_at, $latest_at)
                then {'reason': 'implausible_instant', 'detail': format('answered_at {} is before 2000 or after the day of the import', answered_at_text), 'column': 'answered_at', 'value': answered_at_text}
            when channel not in ('phone', 'email', 'chatbot', 'webform')
                then {'reason': 'unknown_value', 'detail': format('channel "{}" is not phone, email, chatbot or webform', quoted_value(channel)), 'column': 'channel', 'value': quoted_value(channel)}
            when outcome not in ('resolved', 'escalated', 'transferred', 'callback', 'abandoned', 'pending')
                then {'reason': 'unknown_value', 'detail': format('outcome "{}" is not an outcome of the data contract', quoted_value(outcome)), 'column': 'outcome', 'value': quoted_value(outcome)}
            when reason not in ('status_inquiry', 'documents', 'technical_issue', 'payment', 'correction', 'identity_fraud', 'other')
                then {'reason': 'unknown_value', 'detail': format('reason "{}" is not a reason of the data contract', quoted_value(reason)), 'column': 'reason', 'value': quoted_value(reason)}
            when handle_seconds_text is not null and (handle_seconds is null or handle_seconds not between 0 and 86400)
                then {'reason': 'bad_number', 'detail': format('handle_seconds "{}" is not a whole number of seconds from 0 to 86400', quoted_value(handle_seconds_text)), 'column': 'handle_seconds', 'value': quoted_value(handle_seconds_text)}
            when csat_text is not null and (csat is null or csat not between 1 and 5)
                then {'reason': 'csat_out_of_range', 'detail': format('csat "{}" is not a whole number from 1 to 5', quoted_value(csat_text)), 'column': 'csat', 'value': quoted_value(csat_text)}
            when answered_at < received_at
                then {'reason': 'answered_before_received', 'detail': format('answered_at {} is before received_at {}', answered_at_text, received_at_text), 'column': 'answered_at', 'value': answered_at_text}
            when conflicts.contact_id is not null
                then {'reason': 'conflicting_duplicate', 'detail': format('contact_id "{}" appears {} different ways in this file', typed.contact_id, conflicts.version_count), 'column': 'contact_id', 'value': typed.contact_id}
            when other_files.record_key is not null
                then {'reason': 'conflicting_files', 'detail': format('contact_id \"{}\" appears differently in {} of this import', typed.contact_id, other_files.file_name), 'column': 'contact_id', 'value': typed.contact_id}
        end as problem
    from typed
    left join conflicts
        on conflicts.contact_id = typed.contact_id
    left join other_files
        on other_files.record_key = typed.contact_id
)

select
    line_number,
    contact_id as record_key,
    problem.reason as rejection_reason,
    problem.detail as rejection_detail,
    problem.column as rejection_column,
    problem.value as rejection_value,
    contact_id,
    channel,
    received_at,
    answered_at,
    outcome,
    reason,
    citizen_id,
    request_id,
    team,
    agent_id,
    handle_seconds,
    csat
from problems;

-- One row per data row of a requests file: its values typed, and its first problem (NULL if none).
-- Reads the registered frames `incoming` (canonical columns as text, line_number) and `other_files`
-- (this file's ids that another file of the import gives differently). Params: $title_types (the
-- configured list), $latest_at (the latest plausible instant). Creates the temporary table `checked`.
create or replace temporary table checked as
with typed as (
    select
        line_number,
        clean_text(request_id) as request_id,
        enum_text(title_type) as title_type,
        clean_text(submitted_at) as submitted_at_text,
        parse_instant(submitted_at) as submitted_at,
        department_code(department) as department,
        enum_text(submission_channel) as submission_channel,
        clean_text(citizen_id) as citizen_id
    from incoming
),

-- The same id twice in one file with different content: which one is right? Neither loads.
-- Versions are counted only for the ids given more than once (few, usually none).
repeated as (
    select request_id
    from typed
    group by request_id
    having count(*) > 1
),

conflicts as (
    select
        typed.request_id,
        count(distinct (title_type, submitted_at, department, submission_channel, citizen_id)) as version_count
    from typed
    semi join repeated
        on repeated.request_id = typed.request_id
    group by typed.request_id
    having version_count > 1
),

problems as (
    select
        typed.*,
        -- The first problem found; a CASE evaluates its messages only for the rows that fail.
        case
            when typed.request_id is null then {'reason': 'missing_value', 'detail': 'request_id is empty', 'column': 'request_id', 'value': null}
            when title_type is null then {'reason': 'missing_value', 'detail': 'title_type is empty', 'column': 'title_type', 'value': null}
            when submitted_at_text is null then {'reason': 'missing_value', 'detail': 'submitted_at is empty', 'column': 'submitted_at', 'value': null}
            when is_longer_than(typed.request_id, 64)
                then {'reason': 'too_long', 'detail': format('request_id "{}" is longer than 64 characters', quoted_value(typed.request_id)), 'column': 'request_id', 'value': quoted_value(typed.request_id)}
            when is_longer_than(citizen_id, 64)
                then {'reason': 'too_long', 'detail': format('citizen_id "{}" is longer than 64 characters', quoted_value(citizen_id)), 'column': 'citizen_id', 'value': quoted_value(citizen_id)}
            when submitted_at is null
                then {'reason': 'bad_timestamp', 'detail': format('submitted_at "{}" is not a timestamp', quoted_value(submitted_at_text)), 'column': 'submitted_at', 'value': quoted_value(submitted_at_text)}
            when is_implausible_instant(submitted_at, $latest_at)
                then {'reason': 'implausible_instant', 'detail': format('submitted_at {} is before 2000 or after the day of the import', submitted_at_text), 'column': 'submitted_at', 'value': submitted_at_text}
            when not list_contains($title_types, title_type)
                then {'reason': 'unknown_value', 'detail': format('title_type "{}" is not one of {}', quoted_value(title_type), array_to_string($title_types, ', ')), 'column': 'title_type', 'value': quoted_value(title_type)}
            when not is_department_code(department)
                then {'reason': 'unknown_value', 'detail': format('department "{}" is not a French department code', quoted_value(department)), 'column': 'department', 'value': quoted_value(department)}
            when submission_channel not in ('online', 'assisted', 'professional')
                then {'reason': 'unknown_value', 'detail': format('submission_channel "{}" is not online, assisted or professional', quoted_value(submission_channel)), 'column': 'submission_channel', 'value': quoted_value(submission_channel)}
            when conflicts.request_id is not null
                then {'reason': 'conflicting_duplicate', 'detail': format('request_id "{}" appears {} different ways in this file', typed.request_id, conflicts.version_count), 'column': 'request_id', 'value': typed.request_id}
            when other_files.record_key is not null
                then {'reason': 'conflicting_files', 'detail': format('request_id \"{}\" appears differently in {} of this import', typed.request_id, other_files.file_name), 'column': 'request_id', 'value': typed.request_id}
        end as problem
    from typed
    left join conflicts
        on conflicts.request_id = typed.request_id
    left join other_files
        on other_files.record_key = typed.request_id
)

select
    line_number,
    request_id as record_key,
    problem.reason as rejection_reason,
    problem.detail as rejection_detail,
    problem.column as rejection_column,
    problem.value as rejection_value,
    request_id,
    title_type,
    submitted_at,
    department,
    submission_channel,
    citizen_id
from problems;

-- One row per data row of a requests file: its values typed, and its first problem (NULL if none).
-- Reads the registered frame `incoming` (canonical columns as text, line_number).
-- Params: $title_types (the configured list). Creates the temporary table `checked`.
create or replace temporary table checked as
with typed as (
    select
        line_number,
        to_json({
            'request_id': request_id, 'title_type': title_type, 'submitted_at': submitted_at,
            'department': department, 'submission_channel': submission_channel, 'citizen_id': citizen_id
        }) as row_json,
        clean_text(request_id) as request_id,
        enum_text(title_type) as title_type,
        clean_text(submitted_at) as submitted_at_text,
        parse_instant(submitted_at) as submitted_at,
        department_code(department) as department,
        enum_text(submission_channel) as submission_channel,
        clean_text(citizen_id) as citizen_id
    from incoming
),

problems as (
    select
        *,
        list_filter([
            case when request_id is null then {'reason': 'missing_value', 'detail': 'request_id is empty'} end,
            case when title_type is null then {'reason': 'missing_value', 'detail': 'title_type is empty'} end,
            case when submitted_at_text is null then {'reason': 'missing_value', 'detail': 'submitted_at is empty'} end,
            case when submitted_at_text is not null and submitted_at is null
                then {'reason': 'bad_timestamp', 'detail': format('submitted_at "{}" is not a timestamp', submitted_at_text)} end,
            case when not list_contains($title_types, title_type)
                then {'reason': 'unknown_value', 'detail': format('title_type "{}" is not one of {}', title_type, array_to_string($title_types, ', '))} end,
            case when not is_department_code(department)
                then {'reason': 'unknown_value', 'detail': format('department "{}" is not a French department code', department)} end,
            case when submission_channel not in ('online', 'assisted', 'professional')
                then {'reason': 'unknown_value', 'detail': format('submission_channel "{}" is not online, assisted or professional', submission_channel)} end
        ], lambda p: p is not null)[1] as problem
    from typed
),

-- The same id twice in one file: identical copies count once, differing ones are all refused.
versions as (
    select
        *,
        count(distinct (title_type, submitted_at, department, submission_channel, citizen_id))
            over (partition by request_id) as version_count,
        row_number() over (partition by request_id order by line_number) as copy_number
    from problems
)

select
    line_number,
    request_id as record_key,
    coalesce(problem.reason, case when version_count > 1 then 'conflicting_duplicate' end) as rejection_reason,
    coalesce(problem.detail, case when version_count > 1
        then format('request_id "{}" appears {} ways in this file', request_id, version_count) end) as rejection_detail,
    row_json,
    copy_number > 1 and problem is null and version_count = 1 as is_repeat,
    request_id,
    title_type,
    submitted_at,
    department,
    submission_channel,
    citizen_id
from versions;

-- The ids that two files of one import give differently (the registered frame `shared_rows`: the
-- rows of the ids found in more than one file of a kind, as text, with file_name): one row per
-- (id, file) of such an id, naming the other files. Values are compared typed, as the check
-- types them, so one instant written two ways is one version. Params: $kind.
with versions as (
    select
        clean_text(record_key) as record_key,
        file_name,
        case $kind
            when 'requests' then to_json([
                enum_text(title_type), parse_instant(submitted_at)::varchar, department_code(department),
                enum_text(submission_channel), clean_text(citizen_id)])
            else to_json([
                enum_text(channel), parse_instant(received_at)::varchar, parse_instant(answered_at)::varchar,
                enum_text(outcome), enum_text(reason), clean_text(citizen_id), clean_text(request_id),
                clean_text(team), clean_text(agent_id), plain_integer(clean_text(handle_seconds))::varchar,
                plain_integer(clean_text(csat))::varchar])
        end as version
    from shared_rows
),

conflicting as (
    select record_key
    from versions
    group by record_key
    having count(distinct file_name) > 1 and count(distinct version) > 1
)

select
    versions.record_key,
    versions.file_name,
    (select string_agg(distinct other.file_name, ', ' order by other.file_name)
     from versions as other
     where other.record_key = versions.record_key and other.file_name <> versions.file_name) as other_file_names
from versions
semi join conflicting
    on conflicting.record_key = versions.record_key
group by versions.record_key, versions.file_name

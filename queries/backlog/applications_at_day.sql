-- backlog/applications_at_day: one row per application open at the end of day $day (as in
-- indicators/backlog_at_day.sql), oldest submission first, at most $max_rows:
-- its stage and whole days in it (D - the Paris day it entered the stage), age (D - submission
-- day), days past its title type's target (null while within it), and the contacts about it
-- received before the end of D (of the chosen contact channels) with the last one's day.
-- Read from the stays open at $day (derived/070_stage_stays.sql), not from every span.
-- Params: $day, $title_types, $departments, $channels, $stages, $age_buckets (empty = all),
--         $target_title_types, $target_days, $max_rows.
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
with chosen as (
    select
        *,
        $day - stage_entered_day as stage_days,
        age_bucket(age_days) as age_bucket,
        map($target_title_types, $target_days)[title_type] as target_days
    from open_stays_at($day)
    where is_chosen(title_type, $title_types)
        and is_chosen(department, $departments)
        and in_scope($scope_cells, title_type, department)
        and is_chosen(stage, $stages)
        and is_chosen(age_bucket(age_days), $age_buckets)
    order by submitted_at, request_id
    limit $max_rows
),

contacts_so_far as (
    select
        contact_facts.request_id,
        count(*) as contact_count,
        max(contact_facts.received_day) as last_contact_day
    from contact_facts
    semi join chosen
        on chosen.request_id = contact_facts.request_id
    where contact_facts.received_at < paris_day_end($day)
        and is_chosen(contact_facts.channel, $channels)
        and in_scope($scope_cells, contact_facts.title_type, contact_facts.department)
    group by contact_facts.request_id
)

select
    chosen.request_id,
    chosen.title_type,
    chosen.department,
    chosen.submission_channel,
    chosen.submitted_at,
    chosen.stage,
    chosen.stage_days,
    chosen.age_days,
    chosen.age_bucket,
    case when chosen.age_days > chosen.target_days then chosen.age_days - chosen.target_days end as past_target_days,
    coalesce(contacts_so_far.contact_count, 0) as contact_count,
    contacts_so_far.last_contact_day
from chosen
left join contacts_so_far
    on contacts_so_far.request_id = chosen.request_id
order by chosen.submitted_at, chosen.request_id

-- backlog/applications_at_day: one row per application open at the end of day $day (as in
-- indicators/backlog_at_day.sql), oldest submission first, at most $max_rows:
-- its stage and whole days in it (D - the Paris day it entered the stage), age (D - submission
-- day), days past its title type's target (null while within it), and the contacts about it
-- received before the end of D (of the chosen contact channels) with the last one's day.
-- Params: $day, $title_types, $departments, $channels, $stages, $age_buckets (empty = all),
--         $target_title_types, $target_days, $max_rows.
with open_applications as (
    select
        request_id,
        title_type,
        department,
        submission_channel,
        submitted_at,
        $day - submitted_day as age_days,
        map($target_title_types, $target_days)[title_type] as target_days
    from application_facts
    where submitted_at < paris_day_end($day)
        and (terminal_at is null or terminal_at >= paris_day_end($day))
        and is_chosen(title_type, $title_types)
        and is_chosen(department, $departments)
),

stages as (
    select
        request_id,
        stage,
        entered_at
    from stage_spans
    where entered_at < paris_day_end($day)
        and (left_at is null or left_at >= paris_day_end($day))
        and is_chosen(stage, $stages)
),

chosen as (
    select
        open_applications.*,
        stages.stage,
        $day - paris_day(stages.entered_at) as stage_days,
        case
            when age_days <= 7 then '0-7'
            when age_days <= 15 then '8-15'
            when age_days <= 30 then '16-30'
            when age_days <= 60 then '31-60'
            else '61+'
        end as age_bucket
    from open_applications
    join stages
        on stages.request_id = open_applications.request_id
    where is_chosen(age_bucket, $age_buckets)
    order by open_applications.submitted_at, open_applications.request_id
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

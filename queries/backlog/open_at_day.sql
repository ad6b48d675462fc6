-- backlog/open_at_day: one row per (title_type, stage, age_bucket, department, submission_channel)
-- of the applications open at the end of day $day, with the same definitions as
-- indicators/backlog_at_day.sql (kpis.md §4), one level finer: summed over department and
-- submission channel, the counts are backlog_at_day's. The page draws every breakdown from it.
-- Params: $day, $title_types, $departments (empty = all), $target_title_types, $target_days.
with open_applications as (
    select
        request_id,
        title_type,
        department,
        submission_channel,
        $day - submitted_day as age_days
    from application_facts
    where submitted_at < paris_day_end($day)
        and (terminal_at is null or terminal_at >= paris_day_end($day))
        and is_chosen(title_type, $title_types)
        and is_chosen(department, $departments)
),

stages as (
    select
        request_id,
        stage
    from stage_spans
    where entered_at < paris_day_end($day)
        and (left_at is null or left_at >= paris_day_end($day))
)

select
    open_applications.title_type,
    stages.stage,
    case
        when age_days <= 7 then '0-7'
        when age_days <= 15 then '8-15'
        when age_days <= 30 then '16-30'
        when age_days <= 60 then '31-60'
        else '61+'
    end as age_bucket,
    open_applications.department,
    open_applications.submission_channel,
    count(*) as backlog_count,
    count(*) filter (where age_days > map($target_title_types, $target_days)[open_applications.title_type]) as over_target_count
from open_applications
join stages
    on stages.request_id = open_applications.request_id
group by all
order by all

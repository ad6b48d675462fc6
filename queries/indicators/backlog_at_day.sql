-- backlog_at_day: one row per (title_type, stage, age_bucket) of the applications open at the
-- end of day $day (kpis.md §4): submitted before the end of D, no terminal event before it.
-- Stage: the latest event before the end of D (ties: the later status, see stage_spans).
-- Age in whole days: D - submission day. Counts add up across rows.
-- Params: $day, $title_types, $departments (empty = all), $target_title_types, $target_days.
with open_applications as (
    select
        request_id,
        title_type,
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
    count(*) as backlog_count,
    count(*) filter (where age_days > map($target_title_types, $target_days)[open_applications.title_type]) as over_target_count
from open_applications
join stages
    on stages.request_id = open_applications.request_id
group by all
order by all

-- backlog/open_at_day: one row per (title_type, stage, age_bucket, department, submission_channel)
-- of the applications open at the end of day $day, with the same definitions as
-- indicators/backlog_at_day.sql (kpis.md §4), one level finer: summed over department and
-- submission channel, the counts are backlog_at_day's. The page draws every breakdown from it.
-- Read from the stays open at $day (derived/070_stage_stays.sql), not from every span.
-- Params: $day, $title_types, $departments (empty = all), $target_title_types, $target_days.
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
select
    title_type,
    stage,
    age_bucket(age_days) as age_bucket,
    department,
    submission_channel,
    count(*) as backlog_count,
    count(*) filter (where age_days > map($target_title_types, $target_days)[title_type]) as over_target_count
from open_stays_at($day)
where is_chosen(title_type, $title_types)
    and is_chosen(department, $departments)
    and in_scope($scope_cells, title_type, department)
group by all
order by all

-- backlog_at_day: one row per (title_type, stage, age_bucket) of the applications open at the
-- end of day $day (kpis.md §4): submitted before the end of D, no terminal event before it.
-- Stage: the latest event before the end of D (ties: the later status, see stage_spans).
-- Age in whole days: D - submission day. Counts add up across rows.
-- Read from the stays open at $day (derived/070_stage_stays.sql), not from every span.
-- Params: $day, $title_types, $departments (empty = all), $target_title_types, $target_days.
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
select
    title_type,
    stage,
    age_bucket(age_days) as age_bucket,
    count(*) as backlog_count,
    count(*) filter (where age_days > map($target_title_types, $target_days)[title_type]) as over_target_count
from open_stays_at($day)
where is_chosen(title_type, $title_types)
    and is_chosen(department, $departments)
    and in_scope($scope_cells, title_type, department)
group by all
order by all

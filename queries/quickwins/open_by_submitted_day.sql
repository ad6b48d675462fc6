-- open_by_submitted_day: one row per (title_type, submitted_day) of the applications open at the
-- end of $day (kpis.md §4, read from the stays open then): the queue the projection starts from,
-- oldest first, with its ages.
-- Params: $day, $title_types, $departments (empty = all).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
select
    title_type,
    $day::date - age_days::integer as submitted_day,
    count(*) as backlog_count
from open_stays_at($day)
where is_chosen(title_type, $title_types)
    and is_chosen(department, $departments)
    and in_scope($scope_cells, title_type, department)
group by all
order by title_type, submitted_day

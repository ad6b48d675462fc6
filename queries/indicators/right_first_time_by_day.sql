-- right_first_time_by_day: one row per (terminal_day, title_type) of the applications whose
-- terminal event, delivered or rejected, falls in the period (kpis.md §3; cancelled ones left
-- out), and how many were delivered without ever going through `incomplete`. Counts add up.
-- Adds up the days of derived/060_daily_finished.sql, not the applications.
-- Params: $from_day, $to_day, $title_types, $departments (empty = all).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
select
    day as terminal_day,
    title_type,
    sum(finished_count)::bigint as finished_count,
    sum(right_first_time_count)::bigint as right_first_time_count
from daily_finished
where day between $from_day and $to_day
    and is_chosen(title_type, $title_types)
    and is_chosen(department, $departments)
    and in_scope($scope_cells, title_type, department)
group by all
order by all

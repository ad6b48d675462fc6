-- throughput_at_day: one row, the applications that reached their terminal event in the 7 days
-- ending on $day (D-6 to D), per day (kpis.md §4).
-- Summed from daily_flows (terminal events by day, title type and department): seven days of it,
-- not every application.
-- Params: $day, $title_types, $departments (empty = all).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
select
    coalesce(sum(terminal_count), 0)::bigint as terminal_count_7_days,
    coalesce(sum(terminal_count), 0)::bigint / 7 as throughput_per_day
from daily_flows
where day between $day - 6 and $day
    and is_chosen(title_type, $title_types)
    and is_chosen(department, $departments)
    and in_scope($scope_cells, title_type, department)

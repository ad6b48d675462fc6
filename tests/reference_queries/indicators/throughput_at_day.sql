-- throughput_at_day: one row, the applications that reached their terminal event in the 7 days
-- ending on $day (D-6 to D), per day (kpis.md §4).
-- Params: $day, $title_types, $departments (empty = all).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
select
    count(*) as terminal_count_7_days,
    count(*) / 7 as throughput_per_day
from application_facts
where terminal_day between $day - 6 and $day
    and is_chosen(title_type, $title_types)
    and is_chosen(department, $departments)
    and in_scope($scope_cells, title_type, department)

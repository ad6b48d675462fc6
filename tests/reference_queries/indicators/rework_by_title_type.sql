-- rework_by_title_type: one row per title type of the applications whose terminal event,
-- delivered or rejected, falls in the period (the population of right first time, kpis.md §3;
-- cancelled ones left out): how many, how many were delivered right first time, and how many went
-- through `incomplete` (documents asked again: one rework loop each time) 0, 1, 2, or 3 times or
-- more; loop_count is the loops in all. The loop counts add up to finished_count.
-- Params: $from_day, $to_day, $title_types, $departments (empty = all).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
select
    title_type,
    count(*) as finished_count,
    count(*) filter (where terminal_status = 'delivered' and incomplete_count = 0) as right_first_time_count,
    count(*) filter (where incomplete_count = 0) as no_loop_count,
    count(*) filter (where incomplete_count = 1) as one_loop_count,
    count(*) filter (where incomplete_count = 2) as two_loops_count,
    count(*) filter (where incomplete_count >= 3) as three_loops_or_more_count,
    sum(incomplete_count)::bigint as loop_count,
    count(*) filter (where incomplete_count > 0) / count(*) as reworked_rate
from application_facts
where terminal_day between $from_day and $to_day
    and terminal_status in ('delivered', 'rejected')
    and is_chosen(title_type, $title_types)
    and is_chosen(department, $departments)
    and in_scope($scope_cells, title_type, department)
group by title_type
order by title_type

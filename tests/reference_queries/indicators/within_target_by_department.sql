-- within_target_by_department: one row per department of the applications whose first
-- `delivered` event falls in the period (kpis.md §2, by delivery day): how many, how many within
-- the target delay of their title type, that share, and their p50 and p90 delivery days. An
-- application without a department has a NULL department. Worst share first, then most delivered.
-- Params: $from_day, $to_day, $title_types, $departments (empty = all),
--         $target_title_types and $target_days (parallel lists).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
select
    department,
    count(*) as delivered_count,
    count(*) filter (where delivery_days <= map($target_title_types, $target_days)[title_type]) as within_target_count,
    within_target_count / count(*) as within_target_rate,
    quantile_cont(delivery_days, 0.5) as delivery_days_p50,
    quantile_cont(delivery_days, 0.9) as delivery_days_p90
from application_facts
where delivered_day between $from_day and $to_day
    and is_chosen(title_type, $title_types)
    and is_chosen(department, $departments)
    and in_scope($scope_cells, title_type, department)
group by department
order by
    within_target_rate,
    delivered_count desc,
    department nulls last

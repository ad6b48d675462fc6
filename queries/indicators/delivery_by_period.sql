-- delivery_by_period: one row per period (a day, week, month of delivery, or the whole selection
-- with $grain = 'period') of the applications whose first `delivered` event falls in the
-- selection (kpis.md §2, by delivery day): how many, their p50, p90 and mean delivery days, and
-- how many within the target delay of their title type. No row when nothing was delivered.
-- Params: $from_day, $to_day, $grain ('day', 'week', 'month' or 'period'), $title_types,
--         $departments (empty = all), $target_title_types and $target_days (parallel lists).
-- Reads the narrow rows of derived/061_deliveries.sql (sorted by day): the quantiles stay exact.
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
select
    period_start(delivered_day, $grain, $from_day) as period_start_day,
    count(*) as delivered_count,
    count(*) filter (where delivery_days <= map($target_title_types, $target_days)[title_type]) as within_target_count,
    quantile_cont(delivery_days, 0.5) as delivery_days_p50,
    quantile_cont(delivery_days, 0.9) as delivery_days_p90,
    avg(delivery_days) as delivery_days_mean
from deliveries
where delivered_day between $from_day and $to_day
    and is_chosen(title_type, $title_types)
    and is_chosen(department, $departments)
    and in_scope($scope_cells, title_type, department)
group by all
order by all

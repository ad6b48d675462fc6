-- delivery_distribution_by_title_type: one row per title type of the applications whose first
-- `delivered` event falls in the period (kpis.md §2, by delivery day): how many, how many within
-- the target delay of the type, the target itself, and the distribution of their delivery days
-- (min, p10, p25, p50, p75, p90, max, mean; continuous quantiles). No row for a type with none.
-- Params: $from_day, $to_day, $title_types, $departments (empty = all),
--         $target_title_types and $target_days (parallel lists).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
with delivered as (
    select
        title_type,
        delivery_days,
        map($target_title_types, $target_days)[title_type] as target_days
    from application_facts
    where delivered_day between $from_day and $to_day
        and is_chosen(title_type, $title_types)
        and is_chosen(department, $departments)
        and in_scope($scope_cells, title_type, department)
)

select
    title_type,
    any_value(target_days) as target_days,
    count(*) as delivered_count,
    count(*) filter (where delivery_days <= target_days) as within_target_count,
    count(*) filter (where delivery_days <= target_days) / count(*) as within_target_rate,
    min(delivery_days) as delivery_days_min,
    quantile_cont(delivery_days, 0.1) as delivery_days_p10,
    quantile_cont(delivery_days, 0.25) as delivery_days_p25,
    quantile_cont(delivery_days, 0.5) as delivery_days_p50,
    quantile_cont(delivery_days, 0.75) as delivery_days_p75,
    quantile_cont(delivery_days, 0.9) as delivery_days_p90,
    max(delivery_days) as delivery_days_max,
    avg(delivery_days) as delivery_days_mean
from delivered
group by title_type
order by title_type

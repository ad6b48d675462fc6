-- delivery_summary: one row, the end-to-end delivery time of the applications whose first
-- `delivered` event falls in the period (kpis.md §2, by delivery day). NULLs when none.
-- Params: $from_day, $to_day, $title_types, $departments (empty = all),
--         $target_title_types and $target_days (parallel lists: the target delay of each type).
select
    count(*) as delivered_count,
    quantile_cont(delivery_days, 0.5) as delivery_days_p50,
    quantile_cont(delivery_days, 0.9) as delivery_days_p90,
    avg(delivery_days) as delivery_days_mean,
    count(*) filter (where delivery_days <= map($target_title_types, $target_days)[title_type]) as within_target_count
from application_facts
where delivered_day between $from_day and $to_day
    and is_chosen(title_type, $title_types)
    and is_chosen(department, $departments)

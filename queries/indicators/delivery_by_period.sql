-- delivery_by_period: one row per (period_start_day, title_type) of the applications delivered
-- in the selection (kpis.md §2, by delivery day), a period being a day, week (from Monday) or
-- month of delivery. Quantiles are per row; counts and sums add up across rows.
-- Params: $from_day, $to_day, $grain ('day', 'week' or 'month'), $title_types,
--         $departments (empty = all), $target_title_types, $target_days.
select
    date_trunc($grain, delivered_day)::date as period_start_day,
    title_type,
    count(*) as delivered_count,
    count(*) filter (where delivery_days <= map($target_title_types, $target_days)[title_type]) as within_target_count,
    sum(delivery_days) as delivery_days_sum,
    quantile_cont(delivery_days, 0.5) as delivery_days_p50,
    quantile_cont(delivery_days, 0.9) as delivery_days_p90
from application_facts
where delivered_day between $from_day and $to_day
    and is_chosen(title_type, $title_types)
    and is_chosen(department, $departments)
group by all
order by all

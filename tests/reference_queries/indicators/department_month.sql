-- department_month: one row per (department, month) of the selection, the counts a publication by
-- department and month is made of: applications submitted, delivered, delivered within the
-- target delay of their title type (kpis.md §2), and the backlog at the month's last day (or the
-- selection's, when it ends earlier) with how much of it is older than its target (§4).
-- department is null for the applications without one. Every (department, month) pair with an
-- application of the department in the selection is present, 0 where nothing happened.
-- Params: $from_day, $to_day, $title_types, $departments (empty = all), $target_title_types, $target_days.
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
with months as (
    select
        month_start::date as month_start_day,
        least(last_day(month_start)::date, $to_day::date) as month_end_day
    from range(date_trunc('month', $from_day::date), $to_day::date + 1, interval 1 month) as t(month_start)
),

chosen as (
    select
        department,
        title_type,
        submitted_at,
        submitted_day,
        delivered_day,
        delivery_days,
        terminal_at,
        map($target_title_types, $target_days)[title_type] as target_days
    from application_facts
    where is_chosen(title_type, $title_types)
        and is_chosen(department, $departments)
        and in_scope($scope_cells, title_type, department)
        and submitted_day <= $to_day
),

flows as (
    select
        department,
        month_start_day,
        count(*) filter (where submitted_day between $from_day and month_end_day and submitted_day >= month_start_day) as submitted_count,
        count(*) filter (where delivered_day between greatest($from_day, month_start_day) and month_end_day) as delivered_count,
        count(*) filter (where delivered_day between greatest($from_day, month_start_day) and month_end_day
                         and delivery_days <= target_days) as delivered_within_target_count,
        -- Open at the end of the month's last day: submitted before it, no terminal event before it.
        count(*) filter (where submitted_at < paris_day_end(month_end_day)
                         and (terminal_at is null or terminal_at >= paris_day_end(month_end_day))) as backlog_count,
        count(*) filter (where submitted_at < paris_day_end(month_end_day)
                         and (terminal_at is null or terminal_at >= paris_day_end(month_end_day))
                         and month_end_day - submitted_day > target_days) as backlog_over_target_count
    from chosen
    cross join months
    group by all
)

select *
from flows
where submitted_count + delivered_count + backlog_count > 0
    or department in (select department from flows group by 1 having sum(submitted_count + delivered_count + backlog_count) > 0)
order by department nulls last, month_start_day

-- backlog/trend_by_day: one row per day of the period [$from_day, $to_day], summed over the chosen
-- title types and departments: inflow, terminal events, backlog at the end of the day (as in
-- indicators/flows_by_day.sql), and the 7-day means that make days to clear (kpis.md §4):
-- throughput_per_day = terminal events in D-6..D / 7 (as indicators/throughput_at_day.sql),
-- days_to_clear = backlog / throughput (null when no terminal event in those 7 days).
-- Params: $from_day, $to_day, $title_types, $departments (empty = all).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
with selected as (
    select
        day,
        sum(inflow_count) as inflow_count,
        sum(terminal_count) as terminal_count
    from daily_flows
    where is_chosen(title_type, $title_types)
        and is_chosen(department, $departments)
        and in_scope($scope_cells, title_type, department)
    group by day
),

calendar as (
    -- Six days before the period, so that its first day has a full 7-day window.
    select unnest(generate_series($from_day::date - 6, $to_day::date, interval 1 day))::date as day
),

daily as (
    select
        calendar.day,
        coalesce(selected.inflow_count, 0)::bigint as inflow_count,
        coalesce(selected.terminal_count, 0)::bigint as terminal_count
    from calendar
    left join selected
        on selected.day = calendar.day
),

opening as (
    -- What was open when the calendar began: everything before it, in minus out.
    select coalesce(sum(inflow_count) - sum(terminal_count), 0)::bigint as open_before_count
    from selected
    where day < $from_day::date - 6
),

series as (
    select
        daily.day,
        daily.inflow_count,
        daily.terminal_count,
        (opening.open_before_count + sum(daily.inflow_count - daily.terminal_count) over running)::bigint as backlog_count,
        sum(daily.inflow_count) over last_7_days / 7 as inflow_per_day,
        sum(daily.terminal_count) over last_7_days / 7 as throughput_per_day
    from daily, opening
    window
        running as (order by daily.day rows between unbounded preceding and current row),
        last_7_days as (order by daily.day rows between 6 preceding and current row)
)

select
    day,
    inflow_count,
    terminal_count,
    backlog_count,
    inflow_per_day,
    throughput_per_day,
    backlog_count / nullif(throughput_per_day, 0) as days_to_clear
from series
where day >= $from_day
order by day

-- flows_by_day: one row per (day, title_type) of the period: applications submitted (inflow),
-- reaching their terminal event, delivered, and open at the end of the day (kpis.md §4).
-- Open at D = submitted on or before D (a Paris day) minus terminal on or before D, counted over
-- the whole history. Days without any movement still appear, so a chart has no holes.
-- Params: $from_day, $to_day, $title_types, $departments (empty = all),
--         $target_title_types (the configured title types, for the calendar).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
with selected as (
    select *
    from daily_flows
    where is_chosen(title_type, $title_types)
        and is_chosen(department, $departments)
        and in_scope($scope_cells, title_type, department)
),

calendar as (
    select
        days.day,
        types.title_type
    from (select unnest(generate_series($from_day::date, $to_day::date, interval 1 day))::date as day) as days
    cross join (select unnest($target_title_types) as title_type) as types
    where is_chosen(types.title_type, $title_types)
        and title_type_in_scope($scope_cells, types.title_type)
),

daily as (
    select
        calendar.day,
        calendar.title_type,
        coalesce(sum(selected.inflow_count), 0)::bigint as inflow_count,
        coalesce(sum(selected.terminal_count), 0)::bigint as terminal_count,
        coalesce(sum(selected.delivered_count), 0)::bigint as delivered_count
    from calendar
    left join selected
        on selected.day = calendar.day
        and selected.title_type = calendar.title_type
    group by all
),

opening as (
    -- What was open when the period began: everything before it, in minus out.
    select
        title_type,
        (sum(inflow_count) - sum(terminal_count))::bigint as open_before_count
    from selected
    where day < $from_day
    group by title_type
)

select
    daily.day,
    daily.title_type,
    daily.inflow_count,
    daily.terminal_count,
    daily.delivered_count,
    daily.inflow_count - daily.terminal_count as net_flow_count,
    (coalesce(opening.open_before_count, 0)
        + sum(daily.inflow_count - daily.terminal_count) over (
            partition by daily.title_type
            order by daily.day
            rows between unbounded preceding and current row
        ))::bigint as backlog_count
from daily
left join opening
    on opening.title_type = daily.title_type
order by daily.day, daily.title_type

-- flows_by_day: one row per (day, title_type) of the period: applications submitted (inflow),
-- reaching their terminal event, delivered, and open at the end of the day (kpis.md §4).
-- Open at D = submitted on or before D (a Paris day) minus terminal on or before D, counted over
-- the whole history. Days without any movement still appear, so a chart has no holes.
-- Params: $from_day, $to_day, $title_types, $departments (empty = all).
with selected as (
    select
        title_type,
        submitted_day,
        terminal_day,
        delivered_day
    from application_facts
    where list_contains($title_types, title_type)
        and (len($departments) = 0 or list_contains($departments, department))
),

movements as (
    select title_type, submitted_day as day, 1 as inflow_count, 0 as terminal_count, 0 as delivered_count
    from selected
    union all
    select title_type, terminal_day, 0, 1, 0
    from selected
    where terminal_day is not null
    union all
    select title_type, delivered_day, 0, 0, 1
    from selected
    where delivered_day is not null
),

calendar as (
    select
        days.day,
        types.title_type
    from (select unnest(generate_series($from_day::date, $to_day::date, interval 1 day))::date as day) as days
    cross join (select unnest($title_types) as title_type) as types
),

daily as (
    select
        calendar.day,
        calendar.title_type,
        coalesce(sum(movements.inflow_count), 0)::bigint as inflow_count,
        coalesce(sum(movements.terminal_count), 0)::bigint as terminal_count,
        coalesce(sum(movements.delivered_count), 0)::bigint as delivered_count
    from calendar
    left join movements
        on movements.day = calendar.day
        and movements.title_type = calendar.title_type
    group by all
),

opening as (
    -- What was open when the period began: everything before it, in minus out.
    select
        title_type,
        (sum(inflow_count) - sum(terminal_count))::bigint as open_before_count
    from movements
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
    coalesce(opening.open_before_count, 0)
        + sum(daily.inflow_count - daily.terminal_count) over (
            partition by daily.title_type
            order by daily.day
            rows between unbounded preceding and current row
        )::bigint as backlog_count
from daily
left join opening
    on opening.title_type = daily.title_type
order by daily.day, daily.title_type

-- daily_flows: one row per (day, title_type, department) with movement: applications submitted,
-- reaching their terminal event, and delivered that Europe/Paris day. Backlog series follow by
-- cumulative sums (open at D = submitted on or before D - terminal on or before D).
-- Keyed by day, recomputed over dirty_days: an import recomputes the days its applications moved
-- from or to (see dirty/days.sql; a full rebuild: every day).
create or replace table daily_flows as
with movements as (
    select title_type, department, submitted_day as day, 1 as inflow_count, 0 as terminal_count, 0 as delivered_count
    from application_facts
    union all
    select title_type, department, terminal_day, 0, 1, 0
    from application_facts
    where terminal_day is not null
    union all
    select title_type, department, delivered_day, 0, 0, 1
    from application_facts
    where delivered_day is not null
)

select
    day,
    title_type,
    department,
    sum(inflow_count)::bigint as inflow_count,
    sum(terminal_count)::bigint as terminal_count,
    sum(delivered_count)::bigint as delivered_count
from movements
semi join dirty_days
    on dirty_days.day = movements.day
group by all;

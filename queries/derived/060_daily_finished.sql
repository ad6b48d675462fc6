-- daily_finished: one row per (day, title_type, department) with applications whose first
-- terminal event, delivered or rejected, falls that Europe/Paris day (kpis.md §3; cancelled ones
-- left out), and how many of them were delivered without ever going through `incomplete`.
-- The right-first-time rate of any period then adds up days instead of scanning applications.
-- Keyed by day, recomputed over dirty_days: an import recomputes the days its applications
-- reach or leave (dirty/days.sql holds their terminal days before and after; a full rebuild: every day).
create or replace table daily_finished as
select
    terminal_day as day,
    title_type,
    department,
    count(*)::bigint as finished_count,
    count(*) filter (where terminal_status = 'delivered' and incomplete_count = 0)::bigint as right_first_time_count
from application_facts
semi join dirty_days
    on dirty_days.day = application_facts.terminal_day
where terminal_status in ('delivered', 'rejected')
group by all
order by day;

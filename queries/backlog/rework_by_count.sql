-- backlog/rework_by_count: one row per number of `incomplete` events (0, 1, 2...), over the
-- applications whose terminal event falls in the period (their loops are over, so the count is
-- final): how many applications were sent back that many times. Rework rate = the share with 1 or more.
-- Params: $from_day, $to_day, $title_types, $departments (empty = all).
select
    incomplete_count,
    count(*) as application_count
from application_facts
where terminal_day between $from_day and $to_day
    and is_chosen(title_type, $title_types)
    and is_chosen(department, $departments)
group by incomplete_count
order by incomplete_count

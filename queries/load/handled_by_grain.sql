-- load/handled_by_grain: what each team's agents handled in the period, per channel, day and half
-- hour (Europe/Paris) and over every coarser grain: channel null for the team's every channel,
-- slot_number null for the whole day, day null too for the whole period. The contacts an agent
-- answered then (handled_count), the distinct pseudonymous agents who did (agents_on_duty, never
-- who they are), their handling seconds and its p50/p90: none of these but the sums can be added
-- up from a finer grain. Rows only where an agent handled something.
-- Params: $from_day, $to_day, $title_types, $departments, $channels (empty = all).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
select
    team,
    channel,
    answered_day as day,
    answered_slot as slot_number,
    count(*) as handled_count,
    count(distinct agent_id) as agents_on_duty,
    sum(handle_seconds)::double as handle_seconds,
    quantile_cont(handle_seconds, 0.5) as handle_seconds_p50,
    quantile_cont(handle_seconds, 0.9) as handle_seconds_p90
from contact_slots
-- Answered in these days, however long after it came (kpis.md §7): contact_slots is in received
-- order, and its answered days' min and max per row group skip the months long answered.
where answered_day between $from_day and $to_day
    and agent_id is not null
    and is_chosen(channel, $channels)
    and is_chosen(title_type, $title_types)
    and is_chosen(department, $departments)
    and in_scope($scope_cells, title_type, department)
group by grouping sets ((team, channel, day, slot_number), (team, day, slot_number), (team, channel, day), (team, day),
                        (team, channel), (team))

-- load/handled_by_slot: what each team's agents handled in each half hour (Europe/Paris) of the
-- days read, all channels together: the contacts an agent answered then (handled_count), the
-- distinct pseudonymous agents who did (agents_on_duty, never who they are) and their handling
-- seconds. The history behind the breaking point and the rhythm; a distinct count cannot be added
-- up, so the period's own grains come from load/handled_by_grain.
-- Params: $from_day, $to_day, $title_types, $departments, $channels (empty = all).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
select
    team,
    answered_day as day,
    answered_slot as slot_number,
    count(*) as handled_count,
    count(distinct agent_id) as agents_on_duty,
    sum(handle_seconds)::double as handle_seconds
from contact_slots
-- Answered in these days, however long after it came (kpis.md §7): contact_slots is in received
-- order, and its answered days' min and max per row group skip the months long answered.
where answered_day between $from_day and $to_day
    and agent_id is not null
    and is_chosen(channel, $channels)
    and is_chosen(title_type, $title_types)
    and is_chosen(department, $departments)
    and in_scope($scope_cells, title_type, department)
group by all

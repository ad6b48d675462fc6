-- load/offered_by_slot: the contacts offered to each team, per channel, day and half hour
-- (slot_number 0-47, Europe/Paris) of the days read (kpis.md §7, load): received then
-- (offered_count), and how many of them got an answer, at any time later (answered_count). The
-- engine adds them up per team, day and period. Contacts without a team are not in contact_slots.
-- Params: $from_day, $to_day, $title_types, $departments, $channels (empty = all).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
select
    team,
    channel,
    received_day as day,
    received_slot as slot_number,
    count(*) as offered_count,
    count(answered_day) as answered_count
from contact_slots
where received_day between $from_day and $to_day
    and is_chosen(channel, $channels)
    and is_chosen(title_type, $title_types)
    and is_chosen(department, $departments)
    and in_scope($scope_cells, title_type, department)
group by all

-- load/served_slots: the national load per team, channel (null: every channel of the team), day
-- and half hour of the days read, from load_slots: what load/offered_by_slot and
-- load/handled_by_slot give with no filter, without grouping the year's contacts again.
-- Params: $from_day, $to_day.
-- $scope_cells: the reader's scope (schema/017_in_scope.sql): the rows are the whole nation's, the
-- rows of no application, so only a national scope reads any.
select
    team,
    channel,
    day,
    slot_number,
    offered_count,
    answered_count,
    handled_count,
    agents_on_duty,
    handle_seconds
from load_slots
where day between $from_day and $to_day
    and in_scope($scope_cells, null, null)

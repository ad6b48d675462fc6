-- load/contact_segments_by_day: the contacts of each day by reason, title type, channel and
-- department, the finest segments of emerging demand (the detector adds them up into coarser
-- ones). One row per combination with contacts; title_type and department null for a contact
-- linked to no application (or to one without a department).
-- Adds up the days of derived/063_daily_contacts.sql (over its teams), not the contacts.
-- Params: $from_day, $to_day, $title_types, $departments, $channels (empty = all).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
select
    day,
    reason,
    title_type,
    channel,
    department,
    sum(contact_count)::bigint as contact_count
from daily_contacts
where day between $from_day and $to_day
    and is_chosen(channel, $channels)
    and is_chosen(title_type, $title_types)
    and is_chosen(department, $departments)
    and in_scope($scope_cells, title_type, department)
group by all
order by day, reason, title_type, channel, department

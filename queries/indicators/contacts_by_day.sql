-- contacts_by_day: one row per (received_day, channel, reason, team) of the contacts received in
-- the period (kpis.md §5), with counts that add up across rows.
-- Adds up the days of derived/063_daily_contacts.sql, not the contacts.
-- Params: $from_day, $to_day, $title_types, $departments, $channels (empty = all),
--         $failure_reasons.
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
select
    day as received_day,
    channel,
    reason,
    team,
    sum(contact_count)::bigint as contact_count,
    sum(unlinked_count)::bigint as unlinked_count,
    coalesce(sum(contact_count) filter (where list_contains($failure_reasons, reason)), 0)::bigint as failure_demand_count,
    sum(answered_count)::bigint as answered_count,
    sum(abandoned_count)::bigint as abandoned_count,
    sum(csat_count)::bigint as csat_count,
    sum(csat_sum)::bigint as csat_sum
from daily_contacts
where day between $from_day and $to_day
    and is_chosen(channel, $channels)
    and is_chosen(title_type, $title_types)
    and is_chosen(department, $departments)
    and in_scope($scope_cells, title_type, department)
group by all
order by all

-- contacts_by_day: one row per (received_day, channel, reason, team) of the contacts received in
-- the period (kpis.md §5), with counts that add up across rows.
-- Params: $from_day, $to_day, $title_types, $departments, $channels (empty = all),
--         $failure_reasons.
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
select
    received_day,
    channel,
    reason,
    team,
    count(*) as contact_count,
    count(*) filter (where citizen_id is null) as unlinked_count,
    count(*) filter (where list_contains($failure_reasons, reason)) as failure_demand_count,
    count(*) filter (where answered_at is not null) as answered_count,
    count(*) filter (where outcome = 'abandoned') as abandoned_count,
    count(csat) as csat_count,
    coalesce(sum(csat), 0)::bigint as csat_sum
from contact_facts
where received_day between $from_day and $to_day
    and is_chosen(channel, $channels)
    and is_chosen(title_type, $title_types)
    and is_chosen(department, $departments)
    and in_scope($scope_cells, title_type, department)
group by all
order by all

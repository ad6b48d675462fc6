-- handle_time_by_channel: one row per channel of the contacts received in the period that carry a
-- handle time (talk or handling time, secondary, kpis.md §5): how many, and their p50, p90 and
-- mean handle time in minutes. No row for a channel without any.
-- Params: $from_day, $to_day, $title_types, $departments, $channels (empty = all).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
select
    channel,
    count(*) as handled_count,
    quantile_cont(handle_seconds / 60, 0.5) as handle_minutes_p50,
    quantile_cont(handle_seconds / 60, 0.9) as handle_minutes_p90,
    avg(handle_seconds / 60) as handle_minutes_mean
from contact_facts
where received_day between $from_day and $to_day
    and handle_seconds is not null
    and is_chosen(channel, $channels)
    and is_chosen(title_type, $title_types)
    and is_chosen(department, $departments)
    and in_scope($scope_cells, title_type, department)
group by channel
order by list_position(['phone', 'email', 'chatbot', 'webform'], channel)

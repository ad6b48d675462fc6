-- load/episodes_by_team_day: the demand episodes whose first contact falls on each day, per team of
-- that first contact, and how many were once and done: the same episodes and the same once and
-- done as indicators/episodes_by_day (kpis.md §1; keep the two alike), without its breakdown by
-- channel and reason, which the load page's fit against the day's load does not need.
-- Params: $from_day, $to_day, $window_days, $title_types, $departments, $channels (empty = all).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
select
    received_day as episode_day,
    team,
    count(*) as episode_count,
    -- Alone in its episode (the next contact, if any, opens another) and resolved.
    count(*) filter (
        where (gap_after_seconds is null or gap_after_seconds > $window_days * 86400) and outcome = 'resolved'
    ) as once_and_done_count
from contact_facts
where citizen_id is not null
    and received_day between $from_day and $to_day
    -- A gap of exactly W stays in the episode.
    and (gap_before_seconds is null or gap_before_seconds > $window_days * 86400)
    and is_chosen(channel, $channels)
    and is_chosen(title_type, $title_types)
    and is_chosen(department, $departments)
    and in_scope($scope_cells, title_type, department)
group by all

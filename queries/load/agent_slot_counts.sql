-- load/agent_slot_counts: how many of a team's agents handled how many contacts in one half hour,
-- for the distribution over agents (never an agent's name or rank). One row per team, day, half
-- hour (Europe/Paris) and number of contacts an agent answered then: agent_count of its agents did
-- so. The page shows a slot's distribution only when it covers enough agents.
-- Params: $from_day, $to_day, $title_types, $departments, $channels (empty = all).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
with per_agent as (
    select
        team,
        answered_day as day,
        answered_slot as slot_number,
        agent_id,
        count(*) as handled_count
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
)

select
    team,
    day,
    slot_number,
    handled_count,
    count(*) as agent_count
from per_agent
group by all
order by team, day, slot_number, handled_count

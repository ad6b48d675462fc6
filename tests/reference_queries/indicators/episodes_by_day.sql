-- episodes_by_day: one row per (episode_day, channel, team, reason) of the demand episodes whose
-- first contact falls in the period (kpis.md §1), the breakdown being that first contact's.
-- Episodes are built from every contact of every channel over the whole history: an episode is
-- its opening contact (see contact_facts), so it is selected whole, by its first contact's
-- channel, and by its subject's application for the title-type and department filters.
-- Counts add up across rows; logged_resolved_count counts the episodes whose first contact was
-- logged resolved, once and done or not.
-- Params: $from_day, $to_day, $window_days, $title_types, $departments (empty = all),
--         $channels (empty = all).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
with data_end as (
    select data_as_of() as as_of
),

opening_contacts as (
    select
        *,
        $window_days * 86400 as window_seconds
    from contact_facts
    where citizen_id is not null
        and received_day between $from_day and $to_day
        -- A gap of exactly W stays in the episode.
        and (gap_before_seconds is null or gap_before_seconds > $window_days * 86400)
        and is_chosen(channel, $channels)
        and is_chosen(title_type, $title_types)
        and is_chosen(department, $departments)
        and in_scope($scope_cells, title_type, department)
)

select
    received_day as episode_day,
    channel,
    team,
    reason,
    count(*) as episode_count,
    -- Alone in its episode (the next contact, if any, opens another) and resolved.
    count(*) filter (
        where (gap_after_seconds is null or gap_after_seconds > window_seconds) and outcome = 'resolved'
    ) as once_and_done_count,
    -- The first contact logged resolved, whatever followed (the chatbot's view of its episodes).
    count(*) filter (where outcome = 'resolved') as logged_resolved_count,
    -- The subject's last episode, its last contact less than W (W x 24 hours) before as_of.
    count(*) filter (
        where coalesce(max_later_gap_seconds, 0) <= window_seconds
            and subject_last_received_at > data_end.as_of - to_hours(24 * $window_days)
    ) as provisional_count
from opening_contacts
cross join data_end
group by all
order by all

-- repeat_paths: how demand episodes travel across channels. One row per path, the channels of an
-- episode's first three contacts in order, joined by '>' ('chatbot>phone'; '>…' is added when the
-- episode holds more than three contacts), for the episodes whose first contact falls in the
-- period (kpis.md §1), selected as in episodes_by_day: by the first contact's channel and by the
-- subject's application. Per path: how many episodes, their share of all those episodes, how many
-- contacts they held, how many opened with a contact logged `resolved` (on a path of two contacts
-- or more: a false containment, the citizen came back; on a path of one, once and done) and
-- that as a share of the path's episodes, and how many were once and done.
-- Most frequent first.
-- Params: $from_day, $to_day, $window_days, $title_types, $departments, $channels (empty = all).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
with openings as (
    -- The first contact of each episode of the period (a gap of exactly W stays in the episode).
    select
        citizen_id,
        subject,
        received_at,
        contact_id,
        outcome
    from contact_facts
    where citizen_id is not null
        and received_day between $from_day and $to_day
        and (gap_before_seconds is null or gap_before_seconds > $window_days * 86400)
        and is_chosen(channel, $channels)
        and is_chosen(title_type, $title_types)
        and is_chosen(department, $departments)
        and in_scope($scope_cells, title_type, department)
),

subjects as (
    select distinct
        citizen_id,
        subject
    from openings
),

members as (
    -- Every contact of those subjects from the period on, each given the opening contact before
    -- it: the latest opening of its subject at or before it (none for contacts continuing an
    -- episode opened before the period).
    select
        contacts.citizen_id,
        contacts.subject,
        contacts.channel,
        contacts.received_at,
        contacts.contact_id,
        max(case when coalesce(contacts.gap_before_seconds > $window_days * 86400, true)
            then (contacts.received_at, contacts.contact_id) end) over subject_history as opening
    from contact_facts as contacts
    semi join subjects
        on subjects.citizen_id = contacts.citizen_id
        and subjects.subject = contacts.subject
    where contacts.received_day >= $from_day
        and in_scope($scope_cells, contacts.title_type, contacts.department)
    window subject_history as (
        partition by contacts.citizen_id, contacts.subject
        order by contacts.received_at, contacts.contact_id
        rows between unbounded preceding and current row
    )
),

positions as (
    -- The rank of each contact in its episode (an ordered list aggregate is much slower).
    select
        *,
        row_number() over (partition by citizen_id, subject, opening order by received_at, contact_id) as position
    from members
),

episodes as (
    select
        any_value(openings.outcome) as first_outcome,
        count(*) as contact_count,
        [
            any_value(positions.channel) filter (where positions.position = 1),
            any_value(positions.channel) filter (where positions.position = 2),
            any_value(positions.channel) filter (where positions.position = 3)
        ] as channels
    from openings
    join positions
        on positions.citizen_id = openings.citizen_id
        and positions.subject = openings.subject
        and positions.opening = (openings.received_at, openings.contact_id)
    group by openings.citizen_id, openings.subject, openings.received_at, openings.contact_id
)

select
    array_to_string(list_filter(channels, lambda c: c is not null), '>') || case when contact_count > 3 then '>…' else '' end as channel_path,
    count(*) as episode_count,
    count(*) / sum(count(*)) over () as episode_share_rate,
    sum(contact_count)::bigint as contact_count,
    count(*) filter (where first_outcome = 'resolved') as logged_resolved_count,
    count(*) filter (where first_outcome = 'resolved') / count(*) as logged_resolved_rate,
    count(*) filter (where contact_count = 1 and first_outcome = 'resolved') as once_and_done_count
from episodes
group by channel_path
order by
    episode_count desc,
    channel_path

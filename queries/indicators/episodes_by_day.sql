-- episodes_by_day: one row per (episode_day, channel, team, reason) of the demand episodes whose
-- first contact falls in the period (kpis.md §1), the breakdown being that first contact's.
-- Episodes are built from every contact of every channel over the whole history, then selected
-- whole: by their first contact's channel, and by their subject's application for the
-- title-type and department filters. Counts add up across rows.
-- Params: $from_day, $to_day, $window_days, $title_types, $departments (empty = all),
--         $by_application (true when a title-type or department filter is set), $channels.
with data_end as (
    select greatest(
        (select max(submitted_at) from requests),
        (select max(occurred_at) from request_events),
        (select max(received_at) from contacts)
    ) as as_of
),

linked_contacts as (
    select
        *,
        -- A gap of exactly W stays in the episode.
        gap_before_seconds is null or gap_before_seconds > $window_days * 86400 as opens_episode
    from contact_facts
    where citizen_id is not null
),

numbered as (
    select
        *,
        sum(opens_episode::integer) over (
            partition by citizen_id, subject
            order by received_at, contact_id
            rows between unbounded preceding and current row
        ) as episode_number
    from linked_contacts
),

episodes as (
    select
        citizen_id,
        subject,
        episode_number,
        count(*) as contact_count,
        min(received_at) as first_received_at,
        max(received_at) as last_received_at,
        first(channel order by received_at, contact_id) as channel,
        first(team order by received_at, contact_id) as team,
        first(reason order by received_at, contact_id) as reason,
        first(outcome order by received_at, contact_id) as first_outcome,
        -- The subject's application (the same for every contact of a request subject).
        any_value(title_type) as title_type,
        any_value(department) as department
    from numbered
    group by citizen_id, subject, episode_number
)

select
    paris_day(episodes.first_received_at) as episode_day,
    episodes.channel,
    episodes.team,
    episodes.reason,
    count(*) as episode_count,
    count(*) filter (where episodes.contact_count = 1 and episodes.first_outcome = 'resolved') as once_and_done_count,
    -- Its last contact less than W (W x 24 hours) before as_of: a repeat may still come.
    count(*) filter (where episodes.last_received_at > data_end.as_of - to_hours(24 * $window_days)) as provisional_count,
    sum(episodes.contact_count)::bigint as contact_count
from episodes
cross join data_end
where paris_day(episodes.first_received_at) between $from_day and $to_day
    and list_contains($channels, episodes.channel)
    and (
        not $by_application
        or (list_contains($title_types, episodes.title_type)
            and (len($departments) = 0 or list_contains($departments, episodes.department)))
    )
group by all
order by all

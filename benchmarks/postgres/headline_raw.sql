-- The headline indicators (kpis.md §1, §2 by delivery day, §4 by title type) for one period,
-- straight from the raw tables and their indexes: one JSON object.
-- psql variables: from_day, to_day (YYYY-MM-DD), start_at and end_at (the Europe/Paris midnights
-- starting from_day and the day after to_day: the period's instants, for index ranges), window_days (W).
with data_end as (
    select greatest(
        (select max(submitted_at) from requests),
        (select max(occurred_at) from request_events),
        (select max(received_at) from contacts)
    ) as as_of
),

-- Episodes over the whole history: a contact opens one when it comes more than W after the
-- previous contact of its citizen on its subject (exactly W stays in the episode).
linked as (
    select
        citizen_id,
        coalesce('request:' || request_id, 'reason:' || reason) as subject,
        contact_id,
        received_at,
        outcome
    from contacts
    where citizen_id is not null
),

gaps as (
    select
        *,
        extract(epoch from received_at - lag(received_at) over subject_order) as gap_before_s
    from linked
    window subject_order as (partition by citizen_id, subject order by received_at, contact_id)
),

numbered as (
    select
        gaps.*,
        sum((gap_before_s is null or gap_before_s > :window_days * 86400)::int) over (
            partition by citizen_id, subject order by received_at, contact_id
        ) as episode_number
    from gaps
),

episodes as (
    select
        min(received_at) as first_at,
        max(received_at) as last_at,
        count(*) as contact_count,
        min(outcome) as any_outcome
    from numbered
    group by citizen_id, subject, episode_number
),

-- W x 24 hours, not W calendar days: timestamptz minus '7 days' would follow the clock change.
episode_counts as (
    select
        count(*) as episodes,
        count(*) filter (where contact_count = 1 and any_outcome = 'resolved') as once_and_done_episodes,
        count(*) filter (
            where last_at > data_end.as_of - make_interval(secs => :window_days * 86400)
        ) as provisional_episodes
    from episodes
    cross join data_end
    where first_at >= :'start_at'::timestamptz
        and first_at < :'end_at'::timestamptz
),

unlinked as (
    select count(*) as unlinked_contacts
    from contacts
    where received_at >= :'start_at'::timestamptz
        and received_at < :'end_at'::timestamptz
        and citizen_id is null
),

-- Delivery: the `delivered` events of the period that are their application's first.
delivered as (
    select
        extract(epoch from request_events.occurred_at - requests.submitted_at)::float8 / 86400
            as delivery_days
    from request_events
    join requests using (request_id)
    where request_events.status = 'delivered'
        and request_events.occurred_at >= :'start_at'::timestamptz
        and request_events.occurred_at < :'end_at'::timestamptz
        and not exists (
            select 1
            from request_events as earlier
            where earlier.request_id = request_events.request_id
                and earlier.status = 'delivered'
                and earlier.occurred_at < request_events.occurred_at
        )
),

delivery as (
    select
        count(*) as delivered,
        percentile_cont(0.5) within group (order by delivery_days) as delivery_days_p50,
        percentile_cont(0.9) within group (order by delivery_days) as delivery_days_p90
    from delivered
),

-- Backlog at the period's last day: submitted before its end, no terminal event before it.
open_by_title_type as (
    select requests.title_type, count(*) as open_count
    from requests
    where requests.submitted_at < :'end_at'::timestamptz
        and not exists (
            select 1
            from request_events
            where request_events.request_id = requests.request_id
                and request_events.status in ('delivered', 'rejected', 'cancelled')
                and request_events.occurred_at < :'end_at'::timestamptz
        )
    group by requests.title_type
)

select json_build_object(
    'episodes', episodes,
    'once_and_done_episodes', once_and_done_episodes,
    'once_and_done_rate', once_and_done_episodes::float8 / nullif(episodes, 0),
    'provisional_episodes', provisional_episodes,
    'unlinked_contacts', unlinked_contacts,
    'delivered', delivered,
    'delivery_days_p50', delivery_days_p50,
    'delivery_days_p90', delivery_days_p90,
    'backlog', (select coalesce(sum(open_count), 0) from open_by_title_type),
    'backlog_by_title_type', (
        select coalesce(json_object_agg(title_type, open_count), '{}') from open_by_title_type
    )
)
from episode_counts
cross join unlinked
cross join delivery;

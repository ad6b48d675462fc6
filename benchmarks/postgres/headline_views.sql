-- The headline indicators of headline_raw.sql, read from the materialized views (views.sql):
-- one JSON object. psql variables: as in headline_raw.sql (window_days: the W the views were built for).
with data_end as (
    select greatest(
        (select max(submitted_at) from requests),
        (select max(occurred_at) from request_events),
        (select max(received_at) from contacts)
    ) as as_of
),

-- W x 24 hours, not W calendar days: timestamptz minus '7 days' would follow the clock change.
episode_counts as (
    select
        count(*) as episodes,
        count(*) filter (where is_once_and_done) as once_and_done_episodes,
        count(*) filter (
            where last_at > data_end.as_of - make_interval(secs => :window_days * 86400)
        ) as provisional_episodes
    from demand_episodes
    cross join data_end
    where episode_day between :'from_day'::date and :'to_day'::date
),

unlinked as (
    select count(*) as unlinked_contacts
    from contacts
    where received_at >= :'start_at'::timestamptz
        and received_at < :'end_at'::timestamptz
        and citizen_id is null
),

delivery as (
    select
        count(*) as delivered,
        percentile_cont(0.5) within group (order by delivery_days) as delivery_days_p50,
        percentile_cont(0.9) within group (order by delivery_days) as delivery_days_p90
    from application_facts
    where delivered_day between :'from_day'::date and :'to_day'::date
),

-- The backlog stays as it was after the last day of data.
open_by_title_type as (
    select title_type, open_count
    from backlog_by_day
    where day = (select max(day) from backlog_by_day where day <= :'to_day'::date)
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

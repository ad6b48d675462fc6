-- The materialized views a data team adds for the headline indicators, refreshed after each
-- load, with their indexes. psql variable: window_days (W): the episodes are built for the
-- configured window, as a dashboard's nightly job would.

-- One row per application: its first delivery and its first terminal event.
create materialized view application_facts as
with histories as (
    select
        request_id,
        min(occurred_at) filter (where status = 'delivered') as delivered_at,
        min(occurred_at) as terminal_at
    from request_events
    where status in ('delivered', 'rejected', 'cancelled')
    group by request_id
)

select
    requests.request_id,
    requests.title_type,
    requests.submitted_at,
    (requests.submitted_at at time zone 'Europe/Paris')::date as submitted_day,
    histories.delivered_at,
    (histories.delivered_at at time zone 'Europe/Paris')::date as delivered_day,
    extract(epoch from histories.delivered_at - requests.submitted_at)::float8 / 86400 as delivery_days,
    histories.terminal_at,
    (histories.terminal_at at time zone 'Europe/Paris')::date as terminal_day
from requests
left join histories using (request_id);

-- A period's deliveries are an index-only range scan.
create index application_facts_delivered on application_facts (delivered_day) include (delivery_days)
    where delivered_day is not null;

-- One row per demand episode (kpis.md §1) for the window W, by its first contact's day.
create materialized view demand_episodes as
with gaps as (
    select
        citizen_id,
        coalesce('request:' || request_id, 'reason:' || reason) as subject,
        contact_id,
        received_at,
        outcome,
        extract(epoch from received_at - lag(received_at) over subject_order) as gap_before_s
    from contacts
    where citizen_id is not null
    window subject_order as (
        partition by citizen_id, coalesce('request:' || request_id, 'reason:' || reason)
        order by received_at, contact_id
    )
),

numbered as (
    select
        *,
        -- A gap of exactly W stays in the episode.
        sum((gap_before_s is null or gap_before_s > :window_days * 86400)::int) over (
            partition by citizen_id, subject order by received_at, contact_id
        ) as episode_number
    from gaps
)

select
    (min(received_at) at time zone 'Europe/Paris')::date as episode_day,
    max(received_at) as last_at,
    count(*) = 1 and min(outcome) = 'resolved' as is_once_and_done
from numbered
group by citizen_id, subject, episode_number;

create index demand_episodes_day on demand_episodes (episode_day) include (is_once_and_done, last_at);

-- The backlog by title type at the end of every day: submissions to date minus terminal events
-- to date (an event never precedes its application's submission: the import quarantines it).
create materialized view backlog_by_day as
with days as (
    select generate_series(
        min(submitted_day), max(greatest(submitted_day, terminal_day)), interval '1 day'
    )::date as day
    from application_facts
),

title_types as (
    select distinct title_type from application_facts
),

inflow as (
    select submitted_day as day, title_type, count(*) as submitted_count
    from application_facts
    group by 1, 2
),

outflow as (
    select terminal_day as day, title_type, count(*) as terminal_count
    from application_facts
    where terminal_day is not null
    group by 1, 2
)

select
    days.day,
    title_types.title_type,
    sum(coalesce(inflow.submitted_count, 0) - coalesce(outflow.terminal_count, 0)) over (
        partition by title_types.title_type order by days.day
    )::bigint as open_count
from days
cross join title_types
left join inflow using (day, title_type)
left join outflow using (day, title_type);

create unique index backlog_by_day_key on backlog_by_day (day, title_type);

-- load_slots: one row per team, channel, Europe/Paris day and half hour (slot_number 0-47) of the
-- load page's national view, unfiltered (issue 19): the contacts offered then (received then:
-- offered_count, and answered_count of them got an answer at any time later) and handled then
-- (answered then: handled_count, the distinct agents who did, agents_on_duty, and their
-- handle_seconds). channel null: the team's every channel, whose distinct agents cannot be added
-- up from the channels'. The page reads a year of these instead of grouping a year of contacts;
-- a filtered or scoped view still reads contact_slots. A contact counts on the day it was
-- answered however long after it came (kpis.md §7).
-- Keyed by day, recomputed over dirty_days: an import recomputes the received and answered days
-- of the contacts it touched, before and after (dirty/days.sql; a full rebuild: every day).
create or replace table load_slots as
with offered as (
    select
        team,
        channel,
        received_day as day,
        received_slot as slot_number,
        count(*)::bigint as offered_count,
        count(answered_day)::bigint as answered_count
    from contact_slots
    semi join dirty_days
        on dirty_days.day = contact_slots.received_day
    group by grouping sets ((team, channel, received_day, received_slot), (team, received_day, received_slot))
),

handled as (
    select
        team,
        channel,
        answered_day as day,
        answered_slot as slot_number,
        count(*)::bigint as handled_count,
        count(distinct agent_id)::bigint as agents_on_duty,
        sum(handle_seconds)::double as handle_seconds
    from contact_slots
    semi join dirty_days
        on dirty_days.day = contact_slots.answered_day
    where agent_id is not null
        and answered_day is not null  -- an agent named on a contact never answered handled nothing
    group by grouping sets ((team, channel, answered_day, answered_slot), (team, answered_day, answered_slot))
)

select
    team,
    channel,
    day,
    slot_number,
    coalesce(sum(offered_count), 0)::bigint as offered_count,
    coalesce(sum(answered_count), 0)::bigint as answered_count,
    coalesce(sum(handled_count), 0)::bigint as handled_count,
    coalesce(sum(agents_on_duty), 0)::bigint as agents_on_duty,
    coalesce(sum(handle_seconds), 0)::double as handle_seconds
from (select * from offered union all by name select * from handled)
group by all
order by day;

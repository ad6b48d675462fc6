-- load/slot_activity: everything the load page counts, read once per view and at the finest grain
-- it needs (kpis.md §7, load); the engine adds it up per team, channel, day and period in Polars,
-- and never shows an agent. Half hours (slot_number 0-47) and days are Europe/Paris. Two kinds of row:
-- - offered (agent_id null): per team, channel, day and half hour, the contacts received then
--   (offered_count) and how many of them got an answer, at any time later (answered_count);
-- - handled (agent_id set): per team, channel, day, half hour and pseudonymous agent, the contacts
--   that agent answered then (handled_count) and their handling seconds. A mail answered in the
--   period may have been received weeks before it: is_received_for_period says whether it was
--   received at most 60 days before $period_from_day (the period's measures count only those; the
--   history behind the breaking point counts back from its own first day).
-- Contacts without a team are not in contact_slots.
-- Params: $from_day, $to_day (the days read), $period_from_day, $title_types, $departments,
-- $channels (empty = all).
select
    team,
    channel,
    received_day as day,
    received_slot as slot_number,
    null::varchar as agent_id,
    true as is_received_for_period,
    count(*) as offered_count,
    count(answered_day) as answered_count,
    0::bigint as handled_count,
    0::double as handle_seconds
from contact_slots
where received_day between $from_day and $to_day
    and is_chosen(channel, $channels)
    and is_chosen(title_type, $title_types)
    and is_chosen(department, $departments)
group by all

union all

select
    team,
    channel,
    answered_day,
    answered_slot,
    agent_id,
    received_day >= $period_from_day::date - 60,
    0,
    0,
    count(*),
    sum(handle_seconds)::double
from contact_slots
where received_day between $from_day::date - 60 and $to_day
    and answered_day between $from_day and $to_day
    and agent_id is not null
    and is_chosen(channel, $channels)
    and is_chosen(title_type, $title_types)
    and is_chosen(department, $departments)
group by all

-- load/handle_quantiles: the handle time p50/p90 of the contacts an agent answered in the period,
-- per team, channel, day and half hour (Europe/Paris), and over each coarser grain: channel null
-- for the team's every channel, slot_number null for the whole day, day null too for the period.
-- A quantile needs the contacts themselves, so it cannot be added up from load/slot_activity.
-- The contacts are those load/slot_activity counts as handled for the period.
-- Params: $from_day, $to_day, $title_types, $departments, $channels (empty = all).
select
    team,
    channel,
    answered_day as day,
    answered_slot as slot_number,
    quantile_cont(handle_seconds, 0.5) as handle_seconds_p50,
    quantile_cont(handle_seconds, 0.9) as handle_seconds_p90
from contact_slots
where received_day between $from_day::date - 60 and $to_day
    and answered_day between $from_day and $to_day
    and agent_id is not null
    and is_chosen(channel, $channels)
    and is_chosen(title_type, $title_types)
    and is_chosen(department, $departments)
group by grouping sets ((team, channel, day, slot_number), (team, day, slot_number), (team, channel, day), (team, day),
                        (team, channel), (team))

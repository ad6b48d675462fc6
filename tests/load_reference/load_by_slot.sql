-- load/load_by_slot: the contact centre's capacity against its demand (kpis.md §7, load). One row
-- per team, channel, day and half hour (slot_number 0-47, Europe/Paris) of the period with any
-- contact offered or handled; channel null: the team's every channel; slot_number null: the whole
-- day; day null too: the whole period. Offered: contacts received then (answered_count of them got an answer, at any time later);
-- handled: contacts an agent answered then, whenever received. agents_on_duty = the distinct
-- pseudonymous agents who answered then (never who they are); handle_seconds their handling time,
-- p50/p90 over the contacts answered then. Contacts without a team are left out.
-- Params: $from_day, $to_day, $title_types, $departments, $channels (empty = all),
-- $office_open_minute, $office_close_minute (minutes after midnight).
with chosen as (
    select
        team,
        channel,
        received_slot,
        received_day,
        answered_day,
        answered_slot,
        agent_id,
        handle_seconds
    from contact_slots
    -- A mail answered in the period may have been received weeks before it.
    where received_day between $from_day::date - 60 and $to_day
        and is_chosen(channel, $channels)
        and is_chosen(title_type, $title_types)
        and is_chosen(department, $departments)
),

offered as (
    select
        team,
        channel,
        received_day as day,
        received_slot as slot_number,
        count(*) as offered_count,
        count(answered_day) as answered_count
    from chosen
    where received_day between $from_day and $to_day
    group by grouping sets ((team, channel, day, slot_number), (team, day, slot_number), (team, channel, day), (team, day), (team, channel), (team))
),

handled as (
    select
        team,
        channel,
        answered_day as day,
        answered_slot as slot_number,
        count(*) as handled_count,
        count(distinct agent_id) as agents_on_duty,
        sum(handle_seconds)::double as handle_seconds,
        quantile_cont(handle_seconds, 0.5) as handle_seconds_p50,
        quantile_cont(handle_seconds, 0.9) as handle_seconds_p90
    from chosen
    where answered_day is not null
        and agent_id is not null
        and answered_day between $from_day and $to_day
    group by grouping sets ((team, channel, day, slot_number), (team, day, slot_number), (team, channel, day), (team, day), (team, channel), (team))
),

joined as (
    select
        coalesce(offered.team, handled.team) as team,
        coalesce(offered.channel, handled.channel) as channel,
        coalesce(offered.day, handled.day) as day,
        coalesce(offered.slot_number, handled.slot_number) as slot_number,
        coalesce(offered.offered_count, 0) as offered_count,
        coalesce(offered.answered_count, 0) as answered_count,
        coalesce(handled.handled_count, 0) as handled_count,
        coalesce(handled.agents_on_duty, 0) as agents_on_duty,
        coalesce(handled.handle_seconds, 0) as handle_seconds,
        handled.handle_seconds_p50,
        handled.handle_seconds_p90
    from offered
    full join handled
        on handled.team = offered.team
        and handled.channel is not distinct from offered.channel
        and handled.day is not distinct from offered.day
        and handled.slot_number is not distinct from offered.slot_number
),

-- Monday to Friday, not a French public holiday: asked once per day, not per row.
working_days as (
    select
        day,
        isodow(day) <= 5 and not is_public_holiday(day) as is_working_day
    from (select distinct day from joined where day is not null)
)

select
    joined.*,
    coalesce(working_days.is_working_day and joined.slot_number is not null
             and is_office_half_hour(joined.slot_number, $office_open_minute, $office_close_minute), false) as is_office_slot
from joined
left join working_days
    on working_days.day = joined.day
order by team, channel nulls first, day nulls first, slot_number nulls first

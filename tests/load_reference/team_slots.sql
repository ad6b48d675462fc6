-- load/team_slots: the history behind a team's breaking point and rhythm, lighter than
-- load_by_slot (no channel, no whole day, no handle-time quantiles). One row per team, day and
-- half hour (Europe/Paris) with any contact offered or handled: offered (received then) and
-- answered of them, handled (answered then by an agent), the distinct agents who did, their
-- handling seconds, and whether the half hour is in the office hours of a working day.
-- Params: $from_day, $to_day, $title_types, $departments, $channels (empty = all),
-- $office_open_minute, $office_close_minute (minutes after midnight).
with chosen as (
    select
        team,
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
        received_day as day,
        received_slot as slot_number,
        count(*) as offered_count,
        count(answered_day) as answered_count
    from chosen
    where received_day between $from_day and $to_day
    group by all
),

handled as (
    select
        team,
        answered_day as day,
        answered_slot as slot_number,
        count(*) as handled_count,
        count(distinct agent_id) as agents_on_duty,
        sum(handle_seconds)::double as handle_seconds
    from chosen
    where answered_day is not null
        and agent_id is not null
        and answered_day between $from_day and $to_day
    group by all
),

joined as (
    select
        coalesce(offered.team, handled.team) as team,
        coalesce(offered.day, handled.day) as day,
        coalesce(offered.slot_number, handled.slot_number) as slot_number,
        coalesce(offered.offered_count, 0) as offered_count,
        coalesce(offered.answered_count, 0) as answered_count,
        coalesce(handled.handled_count, 0) as handled_count,
        coalesce(handled.agents_on_duty, 0) as agents_on_duty,
        coalesce(handled.handle_seconds, 0) as handle_seconds
    from offered
    full join handled
        on handled.team = offered.team
        and handled.day = offered.day
        and handled.slot_number = offered.slot_number
),

-- Monday to Friday, not a French public holiday: asked once per day, not per row.
working_days as (
    select
        day,
        isodow(day) <= 5 and not is_public_holiday(day) as is_working_day
    from (select distinct day from joined)
)

select
    joined.*,
    working_days.is_working_day
        and is_office_half_hour(joined.slot_number, $office_open_minute, $office_close_minute) as is_office_slot
from joined
join working_days
    on working_days.day = joined.day
order by team, day, slot_number

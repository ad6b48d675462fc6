-- mail_response_by_period: one row per period (a day, week, month of receipt, or the whole
-- selection with $grain = 'period'): the response time of the email and web-form contacts
-- received in it that were answered (kpis.md §5, secondary), in calendar hours and in working
-- hours (§7: the part of the wait inside the office hours of working days, Paris wall clock),
-- and how many were answered within $mail_target_working_days working days. No row when none.
-- Params: $from_day, $to_day, $grain, $title_types, $departments, $channels (empty = all),
--         $office_opens_seconds, $office_day_seconds (Paris seconds after midnight, and a working
--         day's length), $closed_days (the weekdays not worked), $mail_target_working_days.
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
with mails as (
    select
        received_day,
        received_at,
        answered_at,
        timezone('Europe/Paris', received_at) as received_local,
        timezone('Europe/Paris', answered_at) as answered_local
    from contact_facts
    where received_day between $from_day and $to_day
        and channel in ('email', 'webform')
        and answered_at is not null
        and is_chosen(channel, $channels)
        and is_chosen(title_type, $title_types)
        and is_chosen(department, $departments)
        and in_scope($scope_cells, title_type, department)
),

-- Each day from the first receipt to the last answer, with the working days before it: the
-- working seconds up to an instant are then one lookup, whatever the wait.
days as (
    select
        day::date as day,
        isodow(day) <= 5 and not list_contains($closed_days::date[], day::date) as is_working
    from range(
        (select min(received_local)::date from mails)::timestamp,
        (select max(answered_local)::date from mails)::timestamp + interval 1 day,
        interval 1 day
    ) as t(day)
),

calendar as (
    select
        day,
        is_working,
        coalesce(sum(is_working::int) over (order by day rows between unbounded preceding and 1 preceding), 0)
            as working_days_before
    from days
),

waits as (
    select
        mails.received_day,
        (epoch(answered_at) - epoch(received_at)) / 3600 as response_hours,
        -- Working seconds since the calendar's first day, at each end: whole working days before,
        -- plus the part of the day's office hours already gone when the day is worked.
        (answered.working_days_before * $office_day_seconds + answered.is_working::int * least(greatest(
            epoch(answered_local - answered_local::date::timestamp) - $office_opens_seconds, 0), $office_day_seconds))
        - (received.working_days_before * $office_day_seconds + received.is_working::int * least(greatest(
            epoch(received_local - received_local::date::timestamp) - $office_opens_seconds, 0), $office_day_seconds))
            as working_seconds
    from mails
    join calendar as received
        on received.day = mails.received_local::date
    join calendar as answered
        on answered.day = mails.answered_local::date
)

select
    period_start(received_day, $grain, $from_day) as period_start_day,
    count(*) as answered_mail_count,
    quantile_cont(response_hours, 0.5) as mail_response_hours_p50,
    quantile_cont(response_hours, 0.9) as mail_response_hours_p90,
    quantile_cont(working_seconds / 3600, 0.5) as mail_response_working_hours_p50,
    quantile_cont(working_seconds / 3600, 0.9) as mail_response_working_hours_p90,
    quantile_cont(working_seconds / $office_day_seconds, 0.5) as mail_response_working_days_p50,
    count(*) filter (where working_seconds <= $mail_target_working_days * $office_day_seconds)
        as answered_within_target_count
from waits
group by all
order by all

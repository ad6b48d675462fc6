-- mail_response_by_period: one row per period (a day, week, month of receipt, or the whole
-- selection with $grain = 'period'): the response time in hours of the email and web-form
-- contacts received in it that were answered (kpis.md §5, secondary). No row when none.
-- Params: $from_day, $to_day, $grain, $title_types, $departments, $channels (empty = all).
select
    period_start(received_day, $grain, $from_day) as period_start_day,
    count(*) as answered_mail_count,
    quantile_cont((epoch(answered_at) - epoch(received_at)) / 3600, 0.5) as mail_response_hours_p50,
    quantile_cont((epoch(answered_at) - epoch(received_at)) / 3600, 0.9) as mail_response_hours_p90
from contact_facts
where received_day between $from_day and $to_day
    and channel in ('email', 'webform')
    and answered_at is not null
    and is_chosen(channel, $channels)
    and is_chosen(title_type, $title_types)
    and is_chosen(department, $departments)
group by all
order by all

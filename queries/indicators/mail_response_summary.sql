-- mail_response_summary: one row, the response time in hours of the email and web-form contacts
-- received in the period that were answered (kpis.md §5, secondary). NULLs when there are none.
-- Params: $from_day, $to_day, $title_types, $departments, $channels (empty = all).
with answered_mail as (
    select epoch(answered_at - received_at) / 3600 as response_hours
    from contact_facts
    where received_day between $from_day and $to_day
        and channel in ('email', 'webform')
        and answered_at is not null
        and is_chosen(channel, $channels)
        and is_chosen(title_type, $title_types)
        and is_chosen(department, $departments)
)

select
    count(*) as answered_mail_count,
    quantile_cont(response_hours, 0.5) as mail_response_hours_p50,
    quantile_cont(response_hours, 0.9) as mail_response_hours_p90
from answered_mail

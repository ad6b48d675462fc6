-- trend_events_all: every recorded event, in day order, as the data page edits them. No params.
select
    event_day,
    label,
    title_type,
    channel
from trend_events
order by event_day, label

-- trend_events: one row per event drawn on the trends of a period, in day order: those whose day
-- is in [$from_day, $to_day] and whose title type and channel (when they have one) the filters keep.
-- Params: $from_day, $to_day, $title_types, $channels (empty = all).
select
    event_day,
    label,
    title_type,
    channel
from trend_events
where event_day between $from_day and $to_day
    and (title_type is null or is_chosen(title_type, $title_types))
    and (channel is null or is_chosen(channel, $channels))
order by event_day, label

-- channel_coverage: one row per (channel, day) of the period on which the channel usually has
-- contacts, with how many it got: a day at 0 is a likely gap in the exports, not a closed day.
-- A channel is expected from its first contact in the warehouse (a channel that did not exist
-- yet is not missing) to as_of's day (a channel that stopped sending is). It usually has contacts
-- on a weekday when it got some on at least half of that weekday's dates over that span (a phone
-- line closed at weekends is not missing on Saturdays). France's public holidays are never
-- expected (a line closed on 1 May is not a gap) and do not count in that share.
-- Params: $from_day, $to_day (dates, inclusive Europe/Paris days), $channels (empty = all).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
with as_of as (
    select paris_day(data_as_of()) as as_of_day
),

channel_days as (
    select
        channel,
        day,
        sum(contact_count)::bigint as contact_count
    from daily_contacts  -- its days add up (derived/063): a day's row per channel, not every contact of history
    where is_chosen(channel, $channels)
        and in_scope($scope_cells, title_type, department)
    group by all
),

calendar as (
    select
        channel,
        unnest(generate_series(min(day)::timestamp, any_value(as_of.as_of_day)::timestamp, interval 1 day))::date as day
    from channel_days, as_of
    group by channel
),

with_counts as (
    select
        calendar.channel,
        calendar.day,
        isodow(calendar.day) as weekday,
        coalesce(channel_days.contact_count, 0) as contact_count
    from calendar
    left join channel_days
        on channel_days.channel = calendar.channel
        and channel_days.day = calendar.day
    where not is_public_holiday(calendar.day)
),

usual_weekdays as (
    select
        channel,
        weekday
    from with_counts
    group by all
    having count(*) filter (where contact_count > 0) >= 0.5 * count(*)
)

select
    with_counts.channel,
    with_counts.day,
    with_counts.contact_count
from with_counts
semi join usual_weekdays
    on usual_weekdays.channel = with_counts.channel
    and usual_weekdays.weekday = with_counts.weekday
where with_counts.day between $from_day and $to_day
order by
    with_counts.channel,
    with_counts.day

-- contacts_by_hour: the load. One row per (weekday, hour of the day), Europe/Paris time, every one
-- of the 7 x 24 present: the contacts received in the period in that hour, and their mean per such
-- weekday of the period (contact_count / how many times that weekday occurs in the period).
-- weekday_number: 1 = Monday ... 7 = Sunday; hour_number: 0-23.
-- Params: $from_day, $to_day, $title_types, $departments, $channels (empty = all).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
with days as (
    select isodow(day) as weekday_number, count(*) as weekday_count
    from (select unnest(generate_series($from_day::date, $to_day::date, interval 1 day))::date as day)
    group by all
),

slots as (
    select
        weekdays.weekday_number,
        hours.hour_number
    from range(1, 8) as weekdays(weekday_number)
    cross join range(0, 24) as hours(hour_number)
),

received as (
    select
        isodow(timezone('Europe/Paris', received_at)) as weekday_number,
        hour(timezone('Europe/Paris', received_at)) as hour_number,
        count(*) as contact_count
    from contact_facts
    where received_day between $from_day and $to_day
        and is_chosen(channel, $channels)
        and is_chosen(title_type, $title_types)
        and is_chosen(department, $departments)
        and in_scope($scope_cells, title_type, department)
    group by all
)

select
    slots.weekday_number,
    slots.hour_number,
    coalesce(received.contact_count, 0) as contact_count,
    coalesce(received.contact_count, 0) / days.weekday_count as mean_contact_count
from slots
left join received
    on received.weekday_number = slots.weekday_number
    and received.hour_number = slots.hour_number
left join days
    on days.weekday_number = slots.weekday_number
order by
    slots.weekday_number,
    slots.hour_number

-- false_containment: one row per channel of the episodes' first contacts in the period (kpis.md
-- §1): how many first contacts were logged resolved, how many of those were followed by another
-- contact within W all the same (a false containment), the repeat contacts they brought and the
-- handle time of those repeats, and the false containments in each half of the period (the trend).
-- Episodes are selected whole, as in episodes_by_day: by the first contact's channel, by their
-- application for the title-type and department filters. Repeats after the period still count:
-- the first contact caused them.
-- Params: $from_day, $to_day, $window_days, $title_types, $departments, $channels (empty = all).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
with halves as (
    select $from_day::date + ((($to_day::date - $from_day::date) + 1) // 2)::int as second_half_day
),

in_reach as (
    select
        *,
        gap_before_seconds is null or gap_before_seconds > $window_days * 86400 as is_opening
    from contact_facts
    where citizen_id is not null
        and received_day >= $from_day
        -- A subject's contacts share its application: scoping them keeps or drops whole episodes.
        and in_scope($scope_cells, title_type, department)
),

numbered as (
    -- Episode 0 of a subject: the end of an episode opened before the period, left out.
    select
        *,
        sum(is_opening::int) over (
            partition by citizen_id, subject
            order by received_at, contact_id
            rows between unbounded preceding and current row
        ) as episode_number
    from in_reach
),

episodes as (
    select
        min(received_day) as episode_day,
        any_value(channel) filter (where is_opening) as first_channel,
        any_value(outcome) filter (where is_opening) as first_outcome,
        any_value(title_type) as title_type,
        any_value(department) as department,
        count(*) as contact_count,
        coalesce(sum(handle_seconds) filter (where not is_opening), 0) as repeat_handle_seconds
    from numbered
    where episode_number > 0
    group by citizen_id, subject, episode_number
)

select
    first_channel as channel,
    count(*) filter (where first_outcome = 'resolved') as logged_resolved_count,
    count(*) filter (where first_outcome = 'resolved' and contact_count >= 2) as false_containment_count,
    count(*) filter (where first_outcome = 'resolved' and contact_count >= 2
        and episode_day < halves.second_half_day) as first_half_count,
    count(*) filter (where first_outcome = 'resolved' and contact_count >= 2
        and episode_day >= halves.second_half_day) as second_half_count,
    coalesce(sum(contact_count - 1) filter (where first_outcome = 'resolved'), 0)::bigint as repeat_contact_count,
    coalesce(sum(repeat_handle_seconds) filter (where first_outcome = 'resolved'), 0)::bigint as repeat_handle_seconds_sum
from episodes
cross join halves
where episode_day between $from_day and $to_day
    and is_chosen(first_channel, $channels)
    and is_chosen(title_type, $title_types)
    and is_chosen(department, $departments)
group by all
order by false_containment_count desc, channel

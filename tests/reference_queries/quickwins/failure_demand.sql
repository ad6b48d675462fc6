-- failure_demand: one row per (reason, title_type) of the failure-demand contacts of the period
-- (kpis.md §5; title_type null: contacts about no known application). The lever's size: contacts,
-- their handle time, the same counted in each half of the period (its trend), and the episodes
-- that would have been once and done without the contacts of that reason: episodes opened in the
-- period with two or more contacts, where the contacts of other reasons come to exactly one,
-- logged resolved (kpis.md §1: the episode is that contact alone then).
-- Contacts are chosen by their own channel; episodes, whole, by their first contact's (as in
-- episodes_by_day), both by their application for the title-type and department filters.
-- Params: $from_day, $to_day, $window_days, $failure_reasons, $title_types, $departments,
--         $channels (empty = all).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
with halves as (
    select $from_day::date + ((($to_day::date - $from_day::date) + 1) // 2)::int as second_half_day
),

contacts_of_period as (
    select
        reason,
        title_type,
        count(*) as contact_count,
        count(*) filter (where received_day < halves.second_half_day) as first_half_count,
        count(*) filter (where received_day >= halves.second_half_day) as second_half_count,
        coalesce(sum(handle_seconds), 0)::bigint as handle_seconds_sum,
        0 as would_be_once_count
    from contact_facts
    cross join halves
    where received_day between $from_day and $to_day
        and list_contains($failure_reasons, reason)
        and is_chosen(channel, $channels)
        and is_chosen(title_type, $title_types)
        and is_chosen(department, $departments)
        and in_scope($scope_cells, title_type, department)
    group by all
),

in_reach as (
    -- An episode opened in the period has every contact on or after its first day.
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
        citizen_id,
        subject,
        episode_number,
        min(received_day) as episode_day,
        any_value(channel) filter (where is_opening) as first_channel,
        any_value(title_type) as title_type,
        any_value(department) as department,
        count(*) as contact_count,
        count(*) filter (where outcome = 'resolved') as resolved_count
    from numbered
    where episode_number > 0
    group by all
),

episode_reasons as (
    select
        citizen_id,
        subject,
        episode_number,
        reason,
        count(*) as reason_count,
        count(*) filter (where outcome = 'resolved') as reason_resolved_count
    from numbered
    where episode_number > 0
        and list_contains($failure_reasons, reason)
    group by all
),

would_be_once as (
    select
        episode_reasons.reason,
        episodes.title_type,
        0 as contact_count,
        0 as first_half_count,
        0 as second_half_count,
        0 as handle_seconds_sum,
        count(*) as would_be_once_count
    from episode_reasons
    join episodes
        using (citizen_id, subject, episode_number)
    where episodes.episode_day between $from_day and $to_day
        and is_chosen(episodes.first_channel, $channels)
        and is_chosen(episodes.title_type, $title_types)
        and is_chosen(episodes.department, $departments)
        and episodes.contact_count >= 2
        and episodes.contact_count - episode_reasons.reason_count = 1
        and episodes.resolved_count - episode_reasons.reason_resolved_count = 1
    group by all
),

combined as (
    select * from contacts_of_period
    union all
    select * from would_be_once
)

select
    reason,
    title_type,
    sum(contact_count)::bigint as contact_count,
    sum(first_half_count)::bigint as first_half_count,
    sum(second_half_count)::bigint as second_half_count,
    sum(handle_seconds_sum)::bigint as handle_seconds_sum,
    sum(would_be_once_count)::bigint as would_be_once_count
from combined
group by all
order by contact_count desc, reason, title_type

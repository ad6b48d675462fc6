-- incomplete_loops: one row per title_type of the rework loops that began in the period (an
-- `incomplete` span entered then, see stage_spans): how many, in each half of the period (the
-- trend), the median days a loop adds (from the request for documents until the resubmitted file
-- leaves the queue again for instruction; loops not yet through it are left out of the median), the `documents` contacts about the
-- application from the loop's start to W days after its end (as_of while it is open) and their
-- handle time; and, over the applications delivered in the period, the delivery p90 as it is and
-- as it would be with half the loops gone (the p90 over each delivery counted twice: once as it
-- was, once without its days in `incomplete` and `resubmitted`; an even mix, as if every other
-- loop had not happened).
-- Params: $from_day, $to_day, $window_days, $title_types, $departments, $channels (empty = all;
--         channels choose the documents contacts only).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
with halves as (
    select $from_day::date + ((($to_day::date - $from_day::date) + 1) // 2)::int as second_half_day
),

data_end as (
    select data_as_of() as as_of
),

loops as (
    select
        spans.request_id,
        spans.title_type,
        spans.entered_at,
        spans.left_at,
        paris_day(spans.entered_at) as loop_day,
        -- The file came back, and then waited again for instruction: the loop lasts until it left
        -- the `resubmitted` span that followed (a second pass through the queue).
        back.left_at as back_left_at
    from stage_spans as spans
    left join stage_spans as back
        on back.request_id = spans.request_id
        and back.stage = 'resubmitted'
        and back.entered_at = spans.left_at
        and back.entered_at >= paris_day_end($from_day::date - 1)
        and in_scope($scope_cells, back.title_type, back.department)
    where spans.stage = 'incomplete'
        -- Bounds on the instant itself, not paris_day() of each row: the scans skip the months
        -- before the period (a loop's return and its documents contacts come after its start).
        and spans.entered_at >= paris_day_end($from_day::date - 1)
        and spans.entered_at < paris_day_end($to_day::date)
        and is_chosen(spans.title_type, $title_types)
        and is_chosen(spans.department, $departments)
        and in_scope($scope_cells, spans.title_type, spans.department)
),

loop_counts as (
    select
        title_type,
        count(*) as loop_count,
        count(*) filter (where loop_day < halves.second_half_day) as first_half_count,
        count(*) filter (where loop_day >= halves.second_half_day) as second_half_count,
        median(epoch(back_left_at - entered_at) / 86400) as loop_days_p50
    from loops
    cross join halves
    group by all
),

documents as (
    select distinct
        loops.title_type,
        contacts.contact_id,
        contacts.handle_seconds
    from loops
    cross join data_end
    join contact_facts as contacts
        on contacts.request_id = loops.request_id
        and contacts.reason = 'documents'
        and contacts.received_at >= loops.entered_at
        and contacts.received_at <= coalesce(loops.left_at, data_end.as_of) + to_hours(24 * $window_days)
    where contacts.received_at >= paris_day_end($from_day::date - 1)
        and is_chosen(contacts.channel, $channels)
        and in_scope($scope_cells, contacts.title_type, contacts.department)
),

document_counts as (
    select
        title_type,
        count(*) as documents_contact_count,
        coalesce(sum(handle_seconds), 0)::bigint as documents_handle_seconds_sum
    from documents
    group by all
),

delivered as (
    select
        title_type,
        incomplete_days + resubmitted_days as loop_days,
        submitted_days + incomplete_days + resubmitted_days + in_review_days + approved_days
            + in_production_days + shipped_days as delivery_days
    from delivered_stage_days
    where delivered_day between $from_day and $to_day
        and is_chosen(title_type, $title_types)
        and is_chosen(department, $departments)
        and in_scope($scope_cells, title_type, department)
),

delivery as (
    select
        title_type,
        count(*) as delivered_count,
        count(*) filter (where loop_days > 0) as delivered_with_loop_count,
        quantile_cont(delivery_days, 0.9) as delivery_days_p90
    from delivered
    group by all
),

half_the_loops as (
    select
        title_type,
        quantile_cont(delivery_days, 0.9) as halved_loops_p90
    from (
        select title_type, delivery_days from delivered
        union all
        select title_type, delivery_days - loop_days from delivered
    )
    group by all
)

select
    coalesce(loop_counts.title_type, delivery.title_type) as title_type,
    coalesce(loop_counts.loop_count, 0) as loop_count,
    coalesce(loop_counts.first_half_count, 0) as first_half_count,
    coalesce(loop_counts.second_half_count, 0) as second_half_count,
    loop_counts.loop_days_p50,
    coalesce(document_counts.documents_contact_count, 0) as documents_contact_count,
    coalesce(document_counts.documents_handle_seconds_sum, 0) as documents_handle_seconds_sum,
    coalesce(delivery.delivered_count, 0) as delivered_count,
    coalesce(delivery.delivered_with_loop_count, 0) as delivered_with_loop_count,
    delivery.delivery_days_p90,
    half_the_loops.halved_loops_p90
from loop_counts
full join delivery
    on delivery.title_type = loop_counts.title_type
left join document_counts
    on document_counts.title_type = coalesce(loop_counts.title_type, delivery.title_type)
left join half_the_loops
    on half_the_loops.title_type = coalesce(loop_counts.title_type, delivery.title_type)
order by loop_count desc, title_type

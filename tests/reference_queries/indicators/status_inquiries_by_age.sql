-- status_inquiries_by_age: the link between delay and calls. One row per age bucket of waiting
-- applications (0-7, 8-15, 16-30, 31-60, 61+ whole days since the day of submission, as in
-- backlog_at_day), over the days D of the period:
--   status_inquiry_count: contacts received on D with reason status_inquiry, linked to an
--     application waiting at the contact's instant (submitted strictly before it, its terminal
--     event, if any, strictly after it), whose age on D falls in the bucket;
--   backlog_day_count: application-days: for each D, the applications open at the end of D whose
--     age at D falls in the bucket, summed over the days of the period;
--   inquiries_per_1000_backlog = 1000 x status_inquiry_count / backlog_day_count: status-inquiry
--     contacts a day per 1 000 applications waiting at that age (NULL when none waited at it).
-- Every bucket has a row. Title type and department choose the applications; channel, the contacts.
-- Params: $from_day, $to_day, $title_types, $departments, $channels (empty = all).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
with buckets as (
    select *
    from (values
        (1, '0-7', 0, 7),
        (2, '8-15', 8, 15),
        (3, '16-30', 16, 30),
        (4, '31-60', 31, 60),
        (5, '61+', 61, null)
    ) as b(bucket_rank, age_bucket, first_age, last_age)
),

waiting as (
    -- The applications open at the end of some day of the period: first and last such day.
    select
        request_id,
        submitted_day,
        greatest(submitted_day, $from_day::date) as first_open_day,
        least(coalesce(terminal_day - 1, $to_day::date), $to_day::date) as last_open_day
    from application_facts
    where submitted_day <= $to_day
        and (terminal_day is null or terminal_day > $from_day)
        and is_chosen(title_type, $title_types)
        and is_chosen(department, $departments)
        and in_scope($scope_cells, title_type, department)
),

backlog_days as (
    select
        buckets.age_bucket,
        sum(greatest(
            0,
            datediff('day',
                greatest(waiting.first_open_day, waiting.submitted_day + buckets.first_age),
                least(waiting.last_open_day, coalesce(waiting.submitted_day + buckets.last_age, waiting.last_open_day))
            ) + 1
        ))::bigint as backlog_day_count
    from waiting
    cross join buckets
    group by buckets.age_bucket
),

inquiries as (
    select
        contact_facts.received_day - application_facts.submitted_day as age_days
    from contact_facts
    join application_facts
        on application_facts.request_id = contact_facts.request_id
    where contact_facts.received_day between $from_day and $to_day
        and contact_facts.reason = 'status_inquiry'
        and is_chosen(contact_facts.channel, $channels)
        and in_scope($scope_cells, contact_facts.title_type, contact_facts.department)
        and is_chosen(application_facts.title_type, $title_types)
        and is_chosen(application_facts.department, $departments)
        and in_scope($scope_cells, application_facts.title_type, application_facts.department)
        and application_facts.submitted_at < contact_facts.received_at
        and (application_facts.terminal_at is null or application_facts.terminal_at > contact_facts.received_at)
),

inquiry_counts as (
    select
        buckets.age_bucket,
        count(inquiries.age_days) as status_inquiry_count
    from buckets
    left join inquiries
        on inquiries.age_days >= buckets.first_age
        and (buckets.last_age is null or inquiries.age_days <= buckets.last_age)
    group by buckets.age_bucket
)

select
    buckets.age_bucket,
    inquiry_counts.status_inquiry_count,
    coalesce(backlog_days.backlog_day_count, 0) as backlog_day_count,
    1000 * inquiry_counts.status_inquiry_count / nullif(backlog_days.backlog_day_count, 0) as inquiries_per_1000_backlog
from buckets
join inquiry_counts
    on inquiry_counts.age_bucket = buckets.age_bucket
left join backlog_days
    on backlog_days.age_bucket = buckets.age_bucket
order by buckets.bucket_rank

-- warehouse_summary: one row of counts for a period and filters, and the data's as_of.
-- Params: $from_day, $to_day (dates, inclusive Europe/Paris days);
--         $title_types, $departments, $channels (lists; an empty list means no filter).
-- title_type and department restrict applications, and contacts to those linked to an
-- application that passes; channel restricts contacts only (kpis.md, shared terms).
with chosen_applications as (
    select *
    from application_facts
    where is_chosen(title_type, $title_types)
        and is_chosen(department, $departments)
),

chosen_contacts as (
    select *
    from contact_facts
    where is_chosen(title_type, $title_types)
        and is_chosen(department, $departments)
        and is_chosen(channel, $channels)
),

as_of as (
    -- The latest timestamp in the warehouse, whatever the filters.
    select data_as_of() as as_of
),

application_counts as (
    select
        count(*) filter (where submitted_day between $from_day and $to_day) as submitted_count,
        count(*) filter (where delivered_day between $from_day and $to_day) as delivered_count,
        -- Open at the period's last day: submitted before its end, no terminal event before it.
        count(*) filter (
            where submitted_at < paris_day_end($to_day)
                and (terminal_at is null or terminal_at >= paris_day_end($to_day))
        ) as open_count
    from chosen_applications
),

contact_counts as (
    select count(*) as contacts_count
    from chosen_contacts
    where received_day between $from_day and $to_day
)

select
    application_counts.submitted_count,
    application_counts.delivered_count,
    application_counts.open_count,
    contact_counts.contacts_count,
    as_of.as_of
from application_counts, contact_counts, as_of

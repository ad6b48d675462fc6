-- completeness: one row saying how complete the data behind the period's indicators is:
--   contacts received in the period without a citizen (outside once-and-done, kpis.md §1);
--   contacts naming an application the warehouse does not know (a title-type or department
--   filter cannot see them);
--   applications submitted in the period without a department (no department view sees them).
-- Rates are over the period's contacts or applications (NULL when there are none).
-- The channel filter applies to contacts; the title-type and department filters do not apply:
-- they would hide exactly the rows whose link or department is missing. The reader's scope does
-- apply: those rows are national demand, counted for a national reader only (in_scope).
-- Params: $from_day, $to_day (dates, inclusive Europe/Paris days), $channels (empty = all).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
with period_contacts as (
    select
        citizen_id,
        request_id,
        is_linked_request
    from contact_facts
    where received_day between $from_day and $to_day
        and is_chosen(channel, $channels)
        and in_scope($scope_cells, title_type, department)
),

period_applications as (
    select department
    from application_facts
    where submitted_day between $from_day and $to_day
        and in_scope($scope_cells, title_type, department)
),

counts as (
    select
        (select count(*) from period_contacts) as contacts_count,
        (select count(*) from period_contacts where citizen_id is null) as without_citizen_count,
        (select count(*) from period_contacts where request_id is not null and not is_linked_request) as unmatched_request_count,
        (select count(*) from period_applications) as applications_count,
        (select count(*) from period_applications where department is null) as without_department_count
)

select
    contacts_count,
    without_citizen_count,
    without_citizen_count / nullif(contacts_count, 0) as without_citizen_rate,
    unmatched_request_count,
    unmatched_request_count / nullif(contacts_count, 0) as unmatched_request_rate,
    applications_count,
    without_department_count,
    without_department_count / nullif(applications_count, 0) as without_department_rate
from counts

-- freshness: one row saying how far the warehouse reaches and how recent it is, for the report,
-- the filter bar's default period and the data page: as_of (latest timestamp in the warehouse),
-- the first and last Europe/Paris days with data, the last import, and row counts. No params.
with first_instants as (
    select min(submitted_at) as first_at from requests
    union all
    select min(occurred_at) from request_events
    union all
    select min(received_at) from contacts
),

last_import as (
    select
        max(import_id) as last_import_id,
        max(finished_at) as last_import_at
    from import_log
)

select
    data_as_of() as as_of,
    paris_day(min(first_instants.first_at)) as first_day,
    paris_day(data_as_of()) as as_of_day,
    any_value(last_import.last_import_at) as last_import_at,
    any_value(last_import.last_import_id) as last_import_id,
    (select count(*) from requests) as requests_count,
    (select count(*) from request_events) as request_events_count,
    (select count(*) from contacts) as contacts_count,
    (select count(*) from quarantine) as quarantined_count
from first_instants, last_import

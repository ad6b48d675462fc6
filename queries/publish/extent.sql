-- The extent of the import's inputs, for readers, who do not get those tables (schema 015):
-- their first and latest instants (as_of, kpis.md) and their row counts. Run by every import.
-- No params.
create or replace table warehouse_extent as
with instants as (
    select min(submitted_at) as first_at, max(submitted_at) as last_at from requests
    union all
    select min(occurred_at), max(occurred_at) from request_events
    union all
    select min(received_at), max(received_at) from contacts
)

select
    min(first_at) as first_at,
    max(last_at) as as_of,
    (select count(*) from requests) as requests_count,
    (select count(*) from request_events) as request_events_count,
    (select count(*) from contacts) as contacts_count
from instants;

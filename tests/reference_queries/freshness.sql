-- freshness: one row saying how far the warehouse reaches and how recent it is, for the report,
-- the filter bar's default period and the data page: as_of (latest timestamp in the warehouse),
-- the first and last Europe/Paris days with data, the last import, and row counts. No params.
with last_import as (
    select
        max(import_id) as last_import_id,
        max(finished_at) as last_import_at
    from import_log
)

select
    data_as_of() as as_of,
    paris_day(warehouse_extent.first_at) as first_day,
    paris_day(data_as_of()) as as_of_day,
    last_import.last_import_at,
    last_import.last_import_id,
    warehouse_extent.requests_count,
    warehouse_extent.request_events_count,
    warehouse_extent.contacts_count,
    (select count(*) from quarantine) as quarantined_count
from warehouse_extent, last_import

-- freshness: one row saying how much the warehouse holds and how recent it is.
-- as_of is the latest timestamp in the data (kpis.md); last_import_at when it was last fed.
-- Params: none.
select
    (select count(*) from requests) as request_count,
    (select count(*) from request_events) as event_count,
    (select count(*) from contacts) as contact_count,
    (select count(*) from quarantine) as quarantined_count,
    data_as_of() as as_of,
    (select max(finished_at) from import_log) as last_import_at

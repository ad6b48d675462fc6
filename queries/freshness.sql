-- freshness: one row saying how much the warehouse holds and how recent it is.
-- as_of is the latest timestamp in the data (kpis.md); last_import_at when it was last fed.
-- Params: none.
select
    (select count(*) from requests) as request_count,
    (select count(*) from request_events) as event_count,
    (select count(*) from contacts) as contact_count,
    (select count(*) from quarantine) as quarantined_count,
    greatest(
        (select max(submitted_at) from requests),
        (select max(occurred_at) from request_events),
        (select max(received_at) from contacts)
    ) as as_of,
    (select max(finished_at) from import_log) as last_import_at

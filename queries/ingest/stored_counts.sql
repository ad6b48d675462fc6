-- One row: how many rows each base table holds (an empty table takes an import's rows without a
-- merge, see ingest/append_*.sql). No params.
select
    (select count(*) from requests) as requests,
    (select count(*) from request_events) as request_events,
    (select count(*) from contacts) as contacts

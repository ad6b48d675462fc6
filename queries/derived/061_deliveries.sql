-- deliveries: one narrow row per delivered application, its Europe/Paris delivery day and its
-- exact delivery time in days (kpis.md §2): quantiles are never read from a rollup, so a period's
-- p50 and p90 read these rows only, sorted by day so that Parquet row groups outside it are skipped.
-- Keyed by request_id, recomputed over dirty_requests: an import recomputes the applications it
-- touched (a full rebuild: every application).
create or replace table deliveries as
select
    delivered_day,
    title_type,
    department,
    request_id,
    delivery_days
from application_facts
semi join dirty_requests
    on dirty_requests.request_id = application_facts.request_id
where delivered_day is not null
order by delivered_day;

-- A full rebuild: every application, contact and day is dirty. The days run from the earliest
-- instant stored to the latest, which covers every submission, terminal and delivery day (days
-- without movement give no daily_flows row). No params.
create or replace temporary table dirty_requests as
select request_id
from requests;

create or replace temporary table dirty_contacts as
select contact_id
from contacts;

create or replace temporary table dirty_days as
with stored as (
    select
        least((select min(submitted_at) from requests), (select min(occurred_at) from request_events)) as first_at,
        greatest((select max(submitted_at) from requests), (select max(occurred_at) from request_events)) as last_at
)

select unnest(generate_series(paris_day(first_at), paris_day(last_at), interval 1 day))::date as day
from stored
where first_at is not null;

-- The days the touched applications and contacts move on in application_facts and contact_facts as
-- they stand: run before they are recomputed (the days they leave: a changed submission, a new first
-- terminal event or a corrected received_at moves a day) and again after (the days they reach), so
-- that a table keyed by day (daily_flows, a rollup of contacts) is recomputed on both. A contact's
-- episode is counted on its subject's first contact's day: every contact of a touched subject is
-- itself dirty (dirty/contacts.sql), so its day is here too. No params.
insert into dirty_days
select distinct day
from (
    select unnest([submitted_day, terminal_day, delivered_day]) as day
    from application_facts
    semi join dirty_requests
        on dirty_requests.request_id = application_facts.request_id
    union all
    -- A contact is offered on its received day and handled on its answered day (load_slots).
    select unnest([received_day, paris_day(answered_at)])
    from contact_facts
    semi join dirty_contacts
        on dirty_contacts.contact_id = contact_facts.contact_id
)
where day is not null;

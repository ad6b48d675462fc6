-- The days the touched applications move on in application_facts as it stands: run before the
-- applications are recomputed (the days they leave: a changed submission or a new first terminal
-- event moves a day) and again after (the days they reach). No params.
insert into dirty_days
select distinct day
from (
    select unnest([submitted_day, terminal_day, delivered_day]) as day
    from application_facts
    semi join dirty_requests
        on dirty_requests.request_id = application_facts.request_id
)
where day is not null;

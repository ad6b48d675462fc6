-- The applications a request_events merge touched: those that gained an event (an event is never
-- changed in place: a corrected one is another event). Reads `changes` (merge_request_events.sql).
-- No params.
insert into dirty_requests
select distinct request_id
from changes
where change = 'new';

-- The applications a requests merge touched: new ones and changed ones (a changed submission,
-- title type or department moves its facts, spans, flows and linked contacts). Reads `changes`
-- (merge_requests.sql). No params.
insert into dirty_requests
select request_id
from changes
where change <> 'unchanged';

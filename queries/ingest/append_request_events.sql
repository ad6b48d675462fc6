-- The first import of request_events: the table is empty and no two valid rows of `checked` are
-- the same event, so they go straight in, with nothing to compare (merge_request_events.sql does
-- the general case). Params: $import_id. Leaves `change_counts`, like the merge.
insert into request_events
select
    request_id,
    status,
    occurred_at,
    $import_id
from checked
where rejection_reason is null;

create or replace temporary table change_counts as
select
    'new' as change,
    count(*) as row_count
from request_events;

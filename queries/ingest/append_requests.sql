-- The first import of requests: the table is empty and no two valid rows of `checked` are the
-- same record, so they go straight in, with nothing to compare or replace (merge_requests.sql
-- does the general case). Params: $import_id. Leaves `change_counts`, like the merge.
insert into requests
select
    request_id,
    title_type,
    submitted_at,
    department,
    submission_channel,
    citizen_id,
    $import_id
from checked
where rejection_reason is null;

create or replace temporary table change_counts as
select
    'new' as change,
    count(*) as row_count
from requests;

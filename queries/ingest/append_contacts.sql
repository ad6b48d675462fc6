-- The first import of contacts: the table is empty and no two valid rows of `checked` are the
-- same record, so they go straight in, with nothing to compare or replace (merge_contacts.sql
-- does the general case). Params: $import_id. Leaves `change_counts`, like the merge.
insert into contacts
select
    contact_id,
    channel,
    received_at,
    answered_at,
    outcome,
    reason,
    citizen_id,
    request_id,
    team,
    agent_id,
    handle_seconds,
    csat,
    $import_id
from checked
where rejection_reason is null;

create or replace temporary table change_counts as
select
    'new' as change,
    count(*) as row_count
from contacts;

-- Merge the valid rows of `checked` into requests: new ids added, changed ones replaced.
-- Params: $import_id. Leaves the temporary tables `changes` (one row per valid id, its change)
-- and `change_counts` (rows per change).
create or replace temporary table changes as
with valid as (
    -- Identical copies of a row in one file are one record.
    select distinct
        request_id,
        title_type,
        submitted_at,
        department,
        submission_channel,
        citizen_id
    from checked
    where rejection_reason is null
)

select
    incoming.*,
    case
        when stored.request_id is null then 'new'
        when (stored.title_type, stored.submitted_at, stored.department, stored.submission_channel, stored.citizen_id)
            is not distinct from
            (incoming.title_type, incoming.submitted_at, incoming.department, incoming.submission_channel, incoming.citizen_id)
            then 'unchanged'
        else 'updated'
    end as change
from valid as incoming
left join requests as stored
    on stored.request_id = incoming.request_id;

delete from requests
where request_id in (select request_id from changes where change = 'updated');

insert into requests
select
    request_id,
    title_type,
    submitted_at,
    department,
    submission_channel,
    citizen_id,
    $import_id
from changes
where change <> 'unchanged';

create or replace temporary table change_counts as
select
    change,
    count(*) as row_count
from changes
group by change;

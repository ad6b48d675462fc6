-- Merge the valid rows of `checked` into request_events: an event is its (request_id, status,
-- occurred_at), so a known one is unchanged. Params: $import_id. Leaves `changes` and `change_counts`.
create or replace temporary table changes as
with valid as (
    -- Identical copies of a row in one file are one record.
    select distinct
        request_id,
        status,
        occurred_at
    from checked
    where rejection_reason is null
)

select
    incoming.*,
    case when stored.request_id is null then 'new' else 'unchanged' end as change
from valid as incoming
left join request_events as stored
    on stored.request_id = incoming.request_id
    and stored.status = incoming.status
    and stored.occurred_at = incoming.occurred_at;

insert into request_events
select
    request_id,
    status,
    occurred_at,
    $import_id
from changes
where change = 'new';

create or replace temporary table change_counts as
select
    change,
    count(*) as row_count
from changes
group by change;

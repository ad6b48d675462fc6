-- Merge the valid rows of `checked` into request_events: an event is its (request_id, status,
-- occurred_at), so a known one is unchanged. Params: $import_id. Leaves `changes`.
create or replace temporary table changes as
select
    incoming.*,
    case when stored.request_id is null then 'new' else 'unchanged' end as change
from checked as incoming
left join request_events as stored
    on stored.request_id = incoming.request_id
    and stored.status = incoming.status
    and stored.occurred_at = incoming.occurred_at
where incoming.rejection_reason is null
    and not incoming.is_repeat;

insert into request_events
select
    request_id,
    status,
    occurred_at,
    $import_id
from changes
where change = 'new';

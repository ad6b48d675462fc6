-- Merge the valid rows of `checked` into contacts: new ids added, changed ones replaced (a pending
-- contact later resolved). Params: $import_id. Leaves `changes` (with the stored citizen,
-- application and reason of a changed contact: its subject before the merge) and `change_counts`.
create or replace temporary table changes as
with valid as (
    -- Identical copies of a row in one file are one record.
    select distinct
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
        csat
    from checked
    where rejection_reason is null
)

select
    incoming.*,
    case
        when stored.contact_id is null then 'new'
        when (stored.channel, stored.received_at, stored.answered_at, stored.outcome, stored.reason, stored.citizen_id,
              stored.request_id, stored.team, stored.agent_id, stored.handle_seconds, stored.csat)
            is not distinct from
            (incoming.channel, incoming.received_at, incoming.answered_at, incoming.outcome, incoming.reason, incoming.citizen_id,
             incoming.request_id, incoming.team, incoming.agent_id, incoming.handle_seconds, incoming.csat)
            then 'unchanged'
        else 'updated'
    end as change,
    stored.citizen_id as stored_citizen_id,
    stored.request_id as stored_request_id,
    stored.reason as stored_reason
from valid as incoming
left join contacts as stored
    on stored.contact_id = incoming.contact_id;

delete from contacts
where contact_id in (select contact_id from changes where change = 'updated');

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
from changes
where change <> 'unchanged';

create or replace temporary table change_counts as
select
    change,
    count(*) as row_count
from changes
group by change;

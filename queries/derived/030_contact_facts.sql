-- contact_facts: one row per contact, with its Paris day, the application it links to (for the
-- title-type and department filters) and the gaps to the citizen's previous and next contact on the
-- same subject, from which demand episodes follow for any window W (a new episode when the gap
-- before is NULL or more than W). Rebuilt after every import.
create or replace table contact_facts as
with subjects as (
    select
        contacts.*,
        -- Subject: the application when the contact names one, else its reason.
        case when request_id is not null then 'request:' || request_id else 'reason:' || reason end as subject
    from contacts
)

select
    subjects.contact_id,
    subjects.channel,
    subjects.received_at,
    paris_day(subjects.received_at) as received_day,
    subjects.answered_at,
    subjects.outcome,
    subjects.reason,
    subjects.citizen_id,
    subjects.request_id,
    subjects.team,
    subjects.agent_id,
    subjects.handle_seconds,
    subjects.csat,
    subjects.subject,
    requests.title_type,
    requests.department,
    requests.request_id is not null as is_linked_request,
    case when subjects.citizen_id is not null then epoch(subjects.received_at - lag(subjects.received_at) over subject_history) end
        as gap_before_seconds,
    case when subjects.citizen_id is not null then epoch(lead(subjects.received_at) over subject_history - subjects.received_at) end
        as gap_after_seconds
from subjects
left join requests
    on requests.request_id = subjects.request_id
window subject_history as (
    partition by subjects.citizen_id, subjects.subject
    order by subjects.received_at, subjects.contact_id
);

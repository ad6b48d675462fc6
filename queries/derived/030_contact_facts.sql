-- contact_facts: one row per contact, with its Paris day, the application it links to (for the
-- title-type and department filters), and what demand episodes need for any window W, so that
-- no query has to rebuild them (kpis.md §1). For a citizen's contacts on one subject, in order:
--   gap_before_seconds      since the previous contact: the contact opens an episode when NULL or > W;
--   gap_after_seconds       to the next one: an opening contact is alone when NULL or > W;
--   max_later_gap_seconds   the largest gap after it: when <= W (or NULL) no later contact opens
--                           an episode, so this contact's episode is the subject's last;
--   subject_last_received_at  the subject's latest contact: the last episode is provisional when
--                           that contact is less than W before as_of.
-- All NULL for contacts without a citizen.
-- Keyed by contact_id, recomputed over dirty_contacts: an import recomputes every contact of the
-- subjects it touched, each subject over its whole history, and the contacts of the applications
-- it touched (see dirty/contacts.sql; a full rebuild: every contact).
create or replace table contact_facts as
with subjects as (
    select
        contacts.*,
        -- Subject: the application when the contact names one, else its reason.
        contact_subject(request_id, reason) as subject
    from contacts
    semi join dirty_contacts
        on dirty_contacts.contact_id = contacts.contact_id
),

gaps as (
    select
        subjects.*,
        epoch(received_at - lag(received_at) over subject_history) as gap_before_seconds,
        epoch(lead(received_at) over subject_history - received_at) as gap_after_seconds,
        max(received_at) over (partition by citizen_id, subject) as subject_last_received_at
    from subjects
    where citizen_id is not null
    window subject_history as (partition by citizen_id, subject order by received_at, contact_id)
),

linked_requests as (
    -- Only the applications these contacts name: a join with the whole table would hash all of it.
    select request_id, title_type, department
    from requests
    semi join subjects
        on subjects.request_id = requests.request_id
),

later_gaps as (
    select
        contact_id,
        gap_before_seconds,
        gap_after_seconds,
        subject_last_received_at,
        max(gap_before_seconds) over (
            partition by citizen_id, subject
            order by received_at, contact_id
            rows between 1 following and unbounded following
        ) as max_later_gap_seconds
    from gaps
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
    linked_requests.title_type,
    linked_requests.department,
    linked_requests.request_id is not null as is_linked_request,
    later_gaps.gap_before_seconds,
    later_gaps.gap_after_seconds,
    later_gaps.max_later_gap_seconds,
    later_gaps.subject_last_received_at
from subjects
left join later_gaps
    on later_gaps.contact_id = subjects.contact_id
left join linked_requests
    on linked_requests.request_id = subjects.request_id;

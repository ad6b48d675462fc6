-- The contacts and subjects a contacts merge touched: each new or changed contact and its
-- subject, and for a changed one the subject it had before the merge (its citizen, application
-- or reason may have changed: both subjects' episodes move). Reads `changes`
-- (merge_contacts.sql), which kept the stored values. No params.
insert into dirty_contacts
select contact_id
from changes
where change <> 'unchanged';

insert into dirty_subjects
select
    citizen_id,
    contact_subject(request_id, reason) as subject
from changes
where change <> 'unchanged'
    and citizen_id is not null
union
select
    stored_citizen_id,
    contact_subject(stored_request_id, stored_reason)
from changes
where change = 'updated'
    and stored_citizen_id is not null;

-- Complete dirty_contacts before contact_facts is recomputed: the contacts linked to a touched
-- application (their title type, department and link follow it), then every contact of every
-- touched subject, so that each subject's gaps are computed over its whole history. No params.
insert into dirty_subjects
select
    citizen_id,
    contact_subject(request_id, reason) as subject
from contacts
semi join dirty_requests
    on dirty_requests.request_id = contacts.request_id
where contacts.citizen_id is not null;

insert into dirty_contacts
select contact_id
from contacts
semi join dirty_requests
    on dirty_requests.request_id = contacts.request_id;

insert into dirty_contacts
select contact_id
from contacts
semi join dirty_subjects
    on dirty_subjects.citizen_id = contacts.citizen_id
    and dirty_subjects.subject = contact_subject(contacts.request_id, contacts.reason);

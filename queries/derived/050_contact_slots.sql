-- contact_slots: one row per contact a team handled or was offered, with the Europe/Paris half
-- hours the load page counts it in (issue 19): received_slot of its received_day (offered then),
-- answered_day and answered_slot (handled then, by agent_id; null when never answered). Computed
-- once at import, so that no page converts a year of instants to Paris time on every view.
-- title_type and department follow its application, for the filters, as in contact_facts.
-- Keyed by contact_id, recomputed over dirty_contacts: an import recomputes the contacts it
-- touched and those of the applications it touched (a full rebuild: every contact).
create or replace table contact_slots as
select
    contact_id,
    team,
    channel,
    title_type,
    department,
    received_day,
    paris_slot(received_at) as received_slot,
    paris_day(answered_at) as answered_day,
    paris_slot(answered_at) as answered_slot,
    agent_id,
    handle_seconds
from contact_facts
semi join dirty_contacts
    on dirty_contacts.contact_id = contact_facts.contact_id
where team is not null
order by received_day;

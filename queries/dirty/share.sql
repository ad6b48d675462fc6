-- How much of the warehouse an import touched, before dirty_contacts is completed: one row of
-- distinct dirty applications and contacts, and how many are stored. No params.
select
    (select count(distinct request_id) from dirty_requests) as dirty_request_count,
    (select count(*) from requests) as request_count,
    (select count(distinct contact_id) from dirty_contacts) as dirty_contact_count,
    (select count(*) from contacts) as contact_count

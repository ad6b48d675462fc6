-- Loaded contacts of `changes` that name an application the warehouse does not know.
select count(*) as unmatched_count
from changes
anti join requests
    on requests.request_id = changes.request_id
where changes.request_id is not null

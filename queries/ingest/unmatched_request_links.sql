-- Valid contacts of `checked` that name an application the warehouse does not know (identical
-- copies of a contact in the file count once).
select count(distinct checked.contact_id) as unmatched_count
from checked
anti join requests
    on requests.request_id = checked.request_id
where checked.rejection_reason is null
    and checked.request_id is not null

-- recent: the latest rows of the audit trail, latest first, and how many there are in all
-- (total_count, to say when the list is cut).
-- Params: $max_rows (integer: how many rows to return).
select
    recorded_at,
    action,
    subject,
    email,
    page,
    detail,
    row_count,
    count(*) over () as total_count
from audit_log
order by recorded_at desc
limit $max_rows;

-- quarantine_by_reason: one row per (kind of file, reason) of the quarantined rows: how many rows,
-- from how many files, and the latest import that rejected one. Most frequent first. No params.
select
    kind,
    reason,
    count(*) as row_count,
    count(distinct file_name) as file_count,
    max(import_id) as last_import_id
from quarantine
group by all
order by
    row_count desc,
    kind,
    reason
